import { notFound, requireAdmin, requireUser } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { roomId } from '../modules/event/event-ref.ts';

export const Query: QueryResolvers = {
  myQueueTicket: (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) return null;
    return ctx.queue.line.ticket(eventId, userId);
  },
  queueStats: async (_root, args, ctx) => {
    requireAdmin(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) throw notFound('Event');
    const [status] = await ctx.queue.line.statuses([eventId]);
    if (!status) throw new Error(`no queue status for ${eventId}`);
    return status;
  },
};
