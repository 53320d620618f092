import { badInput, isUuid, notFound, requireAdmin, requireUser } from '@tiketi/kit';
import type {
  EventStaffMemberResolvers,
  MutationResolvers,
  QueryResolvers,
  TicketResolvers,
  TicketTransferResolvers,
  UserResolvers,
} from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';

// Tickets after the sale (issue 17). A ticket's secrets (credential, code secret, QR) go to its holder only,
// and only while it is VALID; admins read tickets but never their secrets.
export const Ticket: TicketResolvers = {
  event: (t) => eventRef(t.eventId),
  // The order's seats as sold (one statement for every ticket of a request); a ticket's seat is always one.
  seat: async (t, _args, ctx) => {
    const seats = await ctx.loaders.reservationSeats.load({ id: t.reservationId, eventId: t.eventId });
    const seat = seats.find((s) => s.id === t.seatId);
    if (!seat) throw new Error(`ticket ${t.id}: seat ${t.seatId} is not one of its order's`);
    return seat;
  },
  holder: (t) => ({ __typename: 'User', id: t.holderId }),
  credential: (t, _args, ctx) => (isHolderOfValid(t, ctx) ? ctx.seating.tickets.credential(t) : null),
  codeSecret: (t, _args, ctx) => (isHolderOfValid(t, ctx) ? ctx.seating.tickets.codeSecretText(t) : null),
  qrPayload: (t, _args, ctx) =>
    isHolderOfValid(t, ctx) ? ctx.seating.tickets.qrPayload(t, Date.now()) : null,
  pendingTransfer: async (t, _args, ctx) =>
    ctx.identity?.userId === t.holderId || ctx.identity?.role === 'ADMIN'
      ? ctx.loaders.openTransfer.load(t.id)
      : null,
  resaleListing: (t, _args, ctx) =>
    ctx.identity?.userId === t.holderId || ctx.identity?.role === 'ADMIN'
      ? ctx.loaders.ticketListing.load(t.id)
      : null,
};

const isHolderOfValid = (
  t: { holderId: string; state: string },
  ctx: { identity: { userId: string } | null },
): boolean => t.state === 'VALID' && ctx.identity?.userId === t.holderId;

export const TicketTransfer: TicketTransferResolvers = {
  event: (t) => eventRef(t.eventId),
  // The recipient's new ticket, for the recipient (and the sender sees that it was accepted, not the ticket).
  newTicket: async (t, _args, ctx) => {
    if (!t.newTicketId) return null;
    const ticket = await ctx.loaders.ticket.load(t.newTicketId);
    return ticket && (ticket.holderId === ctx.identity?.userId || ctx.identity?.role === 'ADMIN')
      ? ticket
      : null;
  },
};

export const EventStaffMember: EventStaffMemberResolvers = {
  user: (s) => ({ __typename: 'User', id: s.userId }),
};

// `me { tickets }`: auth resolves `me`, the router asks seating for the user's tickets by reference. Only the
// user themself (or an admin) reads them.
export const User: UserResolvers = {
  __resolveReference: (ref) => ref,
  tickets: (user, _args, ctx) =>
    ctx.identity && (ctx.identity.userId === user.id || ctx.identity.role === 'ADMIN')
      ? ctx.seating.tickets.byHolder(ctx.em, user.id)
      : [],
  // `email` comes from auth through the router (`@requires`), never from the client.
  incomingTicketTransfers: (user, _args, ctx) =>
    ctx.identity?.userId === user.id && user.email
      ? ctx.seating.tickets.incomingFor(ctx.em, user.id, user.email)
      : [],
};

export const TicketQuery: Pick<QueryResolvers, 'ticket' | 'ticketPolicy' | 'scannerKit' | 'eventStaff'> = {
  ticket: (_root, { id }, ctx) => ctx.seating.tickets.findVisible(ctx.em, requireUser(ctx), id),
  ticketPolicy: (_root, { eventId }, ctx) => {
    requireUser(ctx);
    return ctx.seating.tickets.policy(ctx.em, eventId);
  },
  scannerKit: async (_root, { eventId, since }, ctx) => {
    await ctx.seating.door.requireStaff(ctx.em, ctx.identity, eventId);
    return ctx.seating.door.scannerKit(ctx.em, eventId, since);
  },
  eventStaff: (_root, { eventId }, ctx) => {
    requireAdmin(ctx);
    return ctx.seating.door.staff(ctx.em, eventId);
  },
};

export const TicketMutation: Pick<
  MutationResolvers,
  | 'offerTicketTransfer'
  | 'cancelTicketTransfer'
  | 'acceptTicketTransfer'
  | 'declineTicketTransfer'
  | 'checkIn'
  | 'syncCheckIns'
  | 'grantEventStaff'
  | 'revokeEventStaff'
  | 'setTicketPolicy'
> = {
  offerTicketTransfer: (_root, { ticketId, toEmail }, ctx) =>
    ctx.seating.tickets.offerTransfer(ctx.em, requireUser(ctx).userId, ticketId, toEmail),
  cancelTicketTransfer: (_root, { transferId }, ctx) =>
    ctx.seating.tickets.cancelTransfer(ctx.em, requireUser(ctx).userId, transferId),
  acceptTicketTransfer: (_root, { transferId }, ctx) =>
    ctx.seating.tickets.acceptTransfer(ctx.em, requireUser(ctx).userId, transferId),
  declineTicketTransfer: (_root, { transferId }, ctx) =>
    ctx.seating.tickets.declineTransfer(ctx.em, requireUser(ctx).userId, transferId),

  checkIn: async (_root, { eventId, payload, deviceId }, ctx) => {
    const staff = await ctx.seating.door.requireStaff(ctx.em, ctx.identity, eventId);
    if (payload.length > 4_000) throw badInput('That is not a ticket QR.', 'payload');
    return ctx.seating.door.checkIn(ctx.em, staff.userId, eventId, payload, deviceId);
  },
  syncCheckIns: async (_root, { eventId, deviceId, scans }, ctx) => {
    const staff = await ctx.seating.door.requireStaff(ctx.em, ctx.identity, eventId);
    return ctx.seating.door.syncCheckIns(
      ctx.em,
      staff.userId,
      eventId,
      deviceId,
      scans.map((s) => ({ payload: s.payload.slice(0, 4_000), scannedAt: s.scannedAt })),
    );
  },

  grantEventStaff: (_root, { eventId, userId }, ctx) =>
    ctx.seating.door.grantStaff(ctx.em, requireAdmin(ctx).userId, eventId, userId),
  revokeEventStaff: (_root, { eventId, userId }, ctx) =>
    ctx.seating.door.revokeStaff(ctx.em, requireAdmin(ctx).userId, eventId, userId),
  setTicketPolicy: (_root, { eventId, ...rules }, ctx) => {
    const admin = requireAdmin(ctx);
    if (!isUuid(eventId)) throw notFound('Event');
    return ctx.seating.tickets.setPolicy(ctx.em, admin.userId, eventId, rules);
  },
};
