import type { EventResolvers } from '../__generated__/resolvers.ts';
import { eventRef } from '../modules/event/event-ref.ts';

// catalog owns Event and decides whether it exists or is visible; queue adds the room's public state to a
// reference. An event queue knows nothing of reads as a room that is off and empty.
export const Event: EventResolvers = {
  __resolveReference: ({ id }) => eventRef(id),
  queue: async (event, _args, ctx) => {
    const status = await ctx.loaders.status.load(event.id);
    if (!status) throw new Error(`no queue status for ${event.id}`);
    return status;
  },
};
