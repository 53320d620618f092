import type { PaymentResolvers } from '../__generated__/resolvers.ts';
import type { Context } from '../context.ts';
import type { Payment as PaymentRow } from '../modules/payment/payment.entity.ts';
import { APPROVED_STATUSES } from '../modules/toss/toss-api.ts';

async function pendingRefundAmount(p: PaymentRow, ctx: Context): Promise<number> {
  const pending = await ctx.loaders.pendingRefunds.load(p.id);
  if (pending.some((r) => r.amount == null)) return p.balanceAmount;
  return Math.min(
    p.balanceAmount,
    pending.reduce((sum, r) => sum + (r.amount ?? 0), 0),
  );
}

export const Payment: PaymentResolvers = {
  refundedAmount: (p) => p.amount - p.balanceAmount,
  reservation: (p) => ({ id: p.reservationId }),
  pendingRefundAmount: (p, _args, ctx) => pendingRefundAmount(p, ctx),
  refundStatus: async (p, _args, ctx) => {
    if (p.status === 'CANCELED') return 'REFUNDED';
    if (!APPROVED_STATUSES.has(p.status)) return 'NONE';
    // Decided but not yet confirmed by Toss: a refund request is waiting, or seating has cancelled the
    // reservation and its event is on its way to payment (which then refunds what is left).
    if (ctx.cancelledReservations.has(p.reservationId) || (await pendingRefundAmount(p, ctx)) > 0)
      return 'PENDING';
    return p.status === 'PARTIAL_CANCELED' ? 'PARTIAL' : 'NONE';
  },
  cancels: (p) =>
    p.cancels.map((c) => ({ amount: c.amount, reason: c.reason, canceledAt: new Date(c.canceledAt) })),
  failure: (p) => (p.failureCode ? { code: p.failureCode, message: p.failureMessage ?? '' } : null),
};
