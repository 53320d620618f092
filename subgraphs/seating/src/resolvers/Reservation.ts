import { isUuid, signCheckoutToken } from '@tiketi/kit';
import type {
  ReservationResolvers,
  SeatChangeResolvers,
  SeatHoldResolvers,
} from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';

export const Reservation: ReservationResolvers = {
  // payment's `Payment.reservation`: the buyer's own (or, for admins, any); anyone else gets null, as for an id
  // that does not exist. One statement for every reference of a request.
  __resolveReference: async ({ id }, ctx) => {
    if (!ctx.identity || !isUuid(id)) return null;
    const reservation = await ctx.loaders.reservation.load(id);
    if (!reservation) return null;
    return reservation.userId === ctx.identity.userId || ctx.identity.role === 'ADMIN' ? reservation : null;
  },
  event: (r) => eventRef(r.eventId),
  seats: (r, _args, ctx) => ctx.loaders.reservationSeats.load(r),
  user: (r) => ({ __typename: 'User', id: r.userId }),
  expiresAt: (r) => (r.status === 'PENDING' ? r.expiresAt : null),
  // Only the buyer pays: an admin reading the reservation gets no token.
  checkoutToken: async (r, _args, ctx) => {
    if (r.status !== 'PENDING' || ctx.identity?.userId !== r.userId) return null;
    if (r.expiresAt.getTime() <= Date.now()) return null;
    const [event, seats] = await Promise.all([
      ctx.loaders.events.load(r.eventId),
      ctx.loaders.reservationSeats.load(r),
    ]);
    return signCheckoutToken(ctx.seating.checkoutTokenSecret, {
      reservationId: r.id,
      userId: r.userId,
      eventId: r.eventId,
      eventTitle: event?.title ?? '',
      amount: r.totalAmount,
      currency: 'KRW',
      seatCount: seats.length,
      issuedAt: r.createdAt,
      expiresAt: r.expiresAt,
    });
  },
  // The contract's one QR per order (issue 17): the rotating QR of the buyer's first still-valid ticket. The old
  // HMAC code of the whole order verified forever, even after a refund; this one is refused once revoked.
  qrCode: async (r, _args, ctx) => {
    if (r.status !== 'CONFIRMED' || ctx.identity?.userId !== r.userId) return null;
    const tickets = await ctx.loaders.reservationTickets.load(r.id);
    const mine = tickets.find((t) => t.state === 'VALID' && t.holderId === r.userId);
    return mine ? ctx.seating.tickets.qrPayload(mine, Date.now()) : null;
  },
  // Every ticket ever issued for the order's seats; someone else's (a transfer's recipient's) reads without secrets.
  tickets: (r, _args, ctx) => ctx.loaders.reservationTickets.load(r.id),
};

export const SeatHold: SeatHoldResolvers = {
  event: (hold) => eventRef(hold.eventId),
};

export const SeatChange: SeatChangeResolvers = {
  event: (batch) => eventRef(batch.eventId),
};
