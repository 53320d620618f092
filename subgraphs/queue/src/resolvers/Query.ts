import { isUuid, notFound, requireAdmin, requireUser } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';

export const Query: QueryResolvers = {
  myQueueTicket: (_root, { eventId }, ctx) => {
    const { userId } = requireUser(ctx);
    if (!isUuid(eventId)) return null;
    return ctx.queue.line.ticket(eventId, userId);
  },
  queueStats: async (_root, { eventId }, ctx) => {
    requireAdmin(ctx);
    if (!isUuid(eventId)) throw notFound('Event');
    const [status] = await ctx.queue.line.statuses([eventId]);
    if (!status) throw new Error(`no queue status for ${eventId}`);
    return status;
  },
};
