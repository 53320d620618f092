import { isUuid, signCheckoutToken } from '@tiketi/kit';
import type {
  ReservationResolvers,
  SeatChangeResolvers,
  SeatHoldResolvers,
} from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';
import { signTicket } from '../modules/reservation/ticket-code.ts';

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
  qrCode: async (r, _args, ctx) => {
    if (r.status !== 'CONFIRMED' || !r.confirmedAt) return null;
    const [event, seats] = await Promise.all([
      ctx.loaders.events.load(r.eventId),
      ctx.loaders.reservationSeats.load(r),
    ]);
    return signTicket(ctx.seating.tickets.signingSecret, {
      r: r.id,
      e: r.eventId,
      u: r.userId,
      t: event?.title ?? '',
      at: event?.startsAt ?? '',
      s: seats.map((s) => s.label),
      iat: r.confirmedAt.toISOString(),
    });
  },
};

export const SeatHold: SeatHoldResolvers = {
  event: (hold) => eventRef(hold.eventId),
};

export const SeatChange: SeatChangeResolvers = {
  event: (batch) => eventRef(batch.eventId),
};
