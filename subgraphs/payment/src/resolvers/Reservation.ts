import { isUuid } from '@tiketi/kit';
import type { ReservationResolvers } from '../__generated__/resolvers.ts';

export const Reservation: ReservationResolvers = {
  // seating owns reservations and decides who may reach one; payment only adds its payment.
  __resolveReference: ({ id, status }) => ({ id, status }),
  // A second check all the same: the payment shows to its buyer and to admins only.
  payment: async ({ id, status }, _args, ctx) => {
    if (!ctx.identity || !isUuid(id)) return null;
    const payment = await ctx.loaders.latestPaymentOfReservation.load(id);
    if (!payment || (payment.userId !== ctx.identity.userId && ctx.identity.role !== 'ADMIN')) return null;
    // Seating cancelled it; payment's refund follows its event (refundStatus answers PENDING meanwhile).
    if (status === 'CANCELLED') ctx.cancelledReservations.add(id);
    return payment;
  },
};
