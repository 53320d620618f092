import type { EventResolvers, SeatMapResolvers, TicketTypeResolvers } from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';
import { noColumns } from '../modules/seat/packed-layout.ts';
import { emptyAvailability } from '../modules/seat/seat-queries.ts';

// catalog owns Event and decides whether it exists or is visible; seating only adds its seats to a reference
// (an event without seating reads as no ticket types, zero seats, version 0). No statement per reference:
// each field below loads for every event of the request at once.
export const Event: EventResolvers = {
  __resolveReference: ({ id }) => eventRef(id),
  ticketTypes: (event, _args, ctx) => ctx.loaders.ticketTypes.load(event.id),
  availability: async (event, _args, ctx) => (await ctx.loaders.availability.load(event.id)).total,
  seatMap: (event, _args, ctx) => ctx.loaders.seatMap.load(event.id),
  resaleListings: (event, _args, ctx) => ctx.loaders.resaleListings.load(event.id),
};

export const SeatMap: SeatMapResolvers = {
  seats: (map, _args, ctx) => ctx.loaders.seats.load(map.eventId),
  statusCodes: (map, _args, ctx) => ctx.loaders.statusCodes.load(map.eventId),
  // `map.version` was read before the history: the answer reaches at least it, or is null. Positions come from
  // the layout at the revision read with the map; a seat it does not know (another layout) means reload.
  changesSince: async (map, { version }, ctx) => {
    const changes = await ctx.seating.seatHistory.since(map.eventId, version, map.version);
    if (!changes) return null;
    if (changes.seatIds.length === 0) return { ...changes, seatIndexes: [] };
    const { positions } = await ctx.seating.packedLayouts.load(ctx.em, map.eventId, map.layoutRevision);
    const seatIndexes = changes.seatIds.map((id) => positions.get(id) ?? -1);
    return seatIndexes.includes(-1) ? null : { ...changes, seatIndexes };
  },
  layout: (map, _args, ctx) =>
    map.layoutRevision === 0
      ? { eventId: map.eventId, revision: 0, seatCount: 0, seats: EMPTY_LAYOUT, positions: new Map() }
      : ctx.seating.packedLayouts.load(ctx.em, map.eventId, map.layoutRevision),
};

const EMPTY_LAYOUT = JSON.stringify(noColumns());

export const TicketType: TicketTypeResolvers = {
  availability: async (type, _args, ctx) =>
    (await ctx.loaders.availability.load(type.eventId)).byType.get(type.id) ?? emptyAvailability(),
};
