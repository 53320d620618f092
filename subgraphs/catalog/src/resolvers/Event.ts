import type { EventResolvers } from '../__generated__/resolvers.ts';
import { effectiveStatus } from '../modules/event/event-status.ts';
import { isUuid } from '../modules/validation.ts';
import { isAdmin } from './access.ts';

export const Event: EventResolvers = {
  // Other subgraphs reference events in lists (reservations, seat changes): the loader batches every
  // reference of a request into one statement. Deleted events still resolve here, so what was bought stays
  // readable; drafts only for admins.
  __resolveReference: async ({ id }, ctx) => {
    if (!isUuid(id)) return null;
    const event = await ctx.loaders.event.load(id);
    if (!event || (event.status === 'DRAFT' && !isAdmin(ctx))) return null;
    return event;
  },
  status: (event, _args, ctx) => effectiveStatus(event, ctx.now),
  artists: (event, _args, ctx) => ctx.loaders.artistsByEvent.load(event.id),
  venue: async (event, _args, ctx) => {
    const venue = await ctx.loaders.venue.load(event.venueId);
    // The foreign key makes this unreachable; if it ever happens it is our bug, not the client's.
    if (!venue) throw new Error(`venue ${event.venueId} of event ${event.id} is missing`);
    return venue;
  },
};
