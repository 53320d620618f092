import type { PaymentResolvers } from '../__generated__/resolvers.ts';

export const Payment: PaymentResolvers = {
  refundedAmount: (p) => p.amount - p.balanceAmount,
  reservation: (p) => ({ id: p.reservationId }),
  pendingRefundAmount: async (p, _args, ctx) => {
    const pending = await ctx.loaders.pendingRefunds.load(p.id);
    if (pending.some((r) => r.amount == null)) return p.balanceAmount;
    return Math.min(
      p.balanceAmount,
      pending.reduce((sum, r) => sum + (r.amount ?? 0), 0),
    );
  },
  cancels: (p) =>
    p.cancels.map((c) => ({ amount: c.amount, reason: c.reason, canceledAt: new Date(c.canceledAt) })),
  failure: (p) => (p.failureCode ? { code: p.failureCode, message: p.failureMessage ?? '' } : null),
};
