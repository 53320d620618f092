import { badInput, notFound, requireAdmin, requireUser } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { roomId } from '../modules/event/event-ref.ts';

/** A crowded room asks more of each newcomer: twice the work at 10,000 waiting, at most four times. */
export const roomLoad = (waiting: number) => Math.min(4, 1 + waiting / 10_000);

export const Query: QueryResolvers = {
  myQueueTicket: (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) return null;
    return ctx.queue.line.ticket(eventId, userId);
  },
  joinChallenge: async (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) throw notFound('Event');
    if (args.deviceId != null && (args.deviceId.length === 0 || args.deviceId.length > 128)) {
      throw badInput('deviceId must be 1 to 128 characters.', 'deviceId');
    }
    const { line, proofOfWork } = ctx.queue;
    if (!proofOfWork.enabled) return null;
    const [status] = await line.statuses([eventId]);
    return proofOfWork.issue(
      'join',
      eventId,
      { userId, clientIp: ctx.clientIp, deviceId: args.deviceId },
      roomLoad(status?.waiting ?? 0),
    );
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
