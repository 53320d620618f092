import { requireAdmin, requireUser } from '@tiketi/kit';
import type { MutationResolvers } from '../__generated__/resolvers.ts';

export const Mutation: MutationResolvers = {
  preparePayment: (_root, { reservationId, checkoutToken }, ctx) =>
    ctx.payments.prepare(requireUser(ctx), reservationId, checkoutToken),
  confirmPayment: (_root, { input }, ctx) => ctx.payments.confirm(requireUser(ctx), input),
  // Admins only, checked here on the server: a buyer gets FORBIDDEN (buyers cancel through cancelReservation).
  refundPayment: (_root, { paymentId, amount, reason, seatIds }, ctx) =>
    ctx.refunds.refundByAdmin(requireAdmin(ctx), {
      paymentId,
      amount: amount ?? null,
      reason,
      seatIds: seatIds ?? null,
    }),
};
