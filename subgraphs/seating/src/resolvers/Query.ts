import { isUuid, notFound, requireAdmin, requireUser } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';

export const Query: QueryResolvers = {
  myReservations: (_root, args, ctx) =>
    ctx.seating.reservations.list(ctx.em, { userId: requireUser(ctx).userId }, args),
  // Another buyer's reservation is NOT_FOUND, exactly like a missing one: ids reveal nothing.
  reservation: (_root, { id }, ctx) => ctx.seating.reservations.findVisible(ctx.em, requireUser(ctx), id),
  seatHold: (_root, { id }, ctx) => ctx.seating.holds.findLive(ctx.em, requireUser(ctx).userId, id),
  seatLayouts: (_root, _args, ctx) => {
    requireAdmin(ctx);
    return ctx.seating.layouts.list(ctx.em);
  },
  seatLayout: (_root, { id }, ctx) => {
    requireAdmin(ctx);
    return ctx.seating.layouts.get(ctx.em, id);
  },
  eventReservations: (_root, { eventId, status, first, after }, ctx) => {
    requireAdmin(ctx);
    if (!isUuid(eventId)) throw notFound('Event');
    return ctx.seating.reservations.list(ctx.em, { eventId, status }, { first, after });
  },
};
