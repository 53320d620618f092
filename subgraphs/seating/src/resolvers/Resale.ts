import { requireUser } from '@tiketi/kit';
import type { MutationResolvers, ResaleListingResolvers } from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';
import type { ListingView } from '../modules/ticket/resale.ts';

// Face-value resale (issue 17). Anyone signed in or not sees open listings (seat, price); what the seller paid,
// the fee and the refund are the seller's (and admins') business.
const isSeller = (l: ListingView, ctx: { identity: { userId: string; role: string } | null }) =>
  ctx.identity?.userId === l.sellerId || ctx.identity?.role === 'ADMIN';

export const ResaleListing: ResaleListingResolvers = {
  event: (l) => eventRef(l.eventId),
  seat: async (l, _args, ctx) => {
    const seats = await ctx.loaders.reservationSeats.load({ id: l.reservationId, eventId: l.eventId });
    const seat = seats.find((s) => s.id === l.seatId);
    if (!seat) throw new Error(`listing ${l.id}: seat ${l.seatId} is not one of its order's`);
    return seat;
  },
  inCheckout: (l) => l.status === 'LISTED' && l.claimed,
  ticketId: (l, _args, ctx) => (isSeller(l, ctx) ? l.ticketId : null),
  faceAmount: (l, _args, ctx) => (isSeller(l, ctx) ? l.faceAmount : null),
  feeAmount: (l, _args, ctx) => (isSeller(l, ctx) ? l.feeAmount : null),
  refundAmount: (l, _args, ctx) => (isSeller(l, ctx) ? l.price - l.feeAmount : null),
};

export const ResaleMutation: Pick<
  MutationResolvers,
  'listTicketForResale' | 'cancelResaleListing' | 'holdResaleListing'
> = {
  listTicketForResale: (_root, { ticketId, price }, ctx) =>
    ctx.seating.resales.list(ctx.em, requireUser(ctx).userId, ticketId, price),
  cancelResaleListing: (_root, { listingId }, ctx) =>
    ctx.seating.resales.cancel(ctx.em, requireUser(ctx).userId, listingId),
  // Through the event's waiting room like any hold (admission-gate.ts), its slot given back on failure.
  holdResaleListing: async (_root, { listingId, admissionPass }, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = await ctx.seating.resales.eventOf(ctx.em, listingId);
    const admitted = await ctx.seating.admission.admit(userId, eventId, admissionPass);
    try {
      return await ctx.seating.resales.hold(ctx.em, userId, listingId);
    } catch (err) {
      await admitted.giveBack();
      throw err;
    }
  },
};
