import {
  AppError,
  badInput,
  ErrorCode,
  isUuid,
  notFound,
  recordAudit,
  requireAdmin,
  requireUser,
} from '@tiketi/kit';
import type { MutationResolvers } from '../__generated__/resolvers.ts';
import { roomId } from '../modules/event/event-ref.ts';
import type { WaitingLine } from '../modules/line/waiting-line.ts';

/** A buyer still waiting or shopping rejoins (a reload) without a new proof of work. */
async function inRoom(line: WaitingLine, eventId: string, userId: string): Promise<boolean> {
  const ticket = await line.ticket(eventId, userId);
  return ticket !== null && (ticket.state === 'WAITING' || ticket.state === 'ADMITTED');
}

// Buyers' mutations need a signed-in caller (UNAUTHENTICATED otherwise); admin mutations check the role first
// (FORBIDDEN), before any input is looked at.
export const Mutation: MutationResolvers = {
  joinQueue: async (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) throw notFound('Event');
    const { line, settings, notifier, proofOfWork } = ctx.queue;
    if (proofOfWork.enabled && !(await inRoom(line, eventId, userId))) {
      await proofOfWork.redeem(args.proof, 'join', eventId, userId);
    }
    let result = await line.join(eventId, userId);
    if (result.outcome === 'missing') {
      // No live copy of the event in Redis (first join, or Redis lost its data): rebuild it from Postgres.
      await settings.sync(ctx.em, eventId);
      result = await line.join(eventId, userId);
    }
    switch (result.outcome) {
      case 'missing':
      case 'hidden':
        throw notFound('Event');
      case 'closed':
        throw new AppError(ErrorCode.SALE_NOT_OPEN, 'The sale for this event is over.');
      default:
        if (result.moved > 0) notifier.moved(eventId);
        return result.ticket;
    }
  },

  leaveQueue: async (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) return false;
    const { was, moved } = await ctx.queue.line.leave(eventId, userId);
    if (moved > 0) ctx.queue.notifier.moved(eventId);
    return was !== null;
  },

  queueHeartbeat: async (_root, args, ctx) => {
    const { userId } = requireUser(ctx);
    const eventId = roomId(args.eventId);
    const ticket = eventId ? await ctx.queue.line.heartbeat(eventId, userId) : null;
    if (!ticket) throw notFound('Your waiting-room ticket');
    return ticket;
  },

  configureQueue: async (_root, { input, ...args }, ctx) => {
    const admin = requireAdmin(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) throw notFound('Event');
    await ctx.queue.settings.configure(ctx.em, admin.userId, eventId, input);
    ctx.queue.notifier.moved(eventId);
    const [status] = await ctx.queue.line.statuses([eventId]);
    if (!status) throw new Error(`no queue status for ${eventId}`);
    return status;
  },

  forceAdmit: async (_root, args, ctx) => {
    const admin = requireAdmin(ctx);
    const eventId = roomId(args.eventId);
    if (!eventId) throw notFound('Event');
    if (!isUuid(args.userId)) throw badInput('userId must be the id of a user.', 'userId');
    // Buyers are known by auth's ids, in lower case: the admitted slot must be theirs whatever the spelling.
    const userId = args.userId.toLowerCase();
    const { line, settings, notifier } = ctx.queue;
    const { visible } = await settings.sync(ctx.em, eventId);
    if (!visible) throw notFound('Event');
    const result = await ctx.em.transactional(async (tx) => {
      const admitted = await line.forceAdmit(eventId, userId);
      await recordAudit(tx, 'queue', admin.userId, {
        action: 'queue.force_admit',
        target: { type: 'event', id: eventId },
        details: { userId, alreadyAdmitted: !admitted.forced },
      });
      return admitted;
    });
    if (result.moved > 0) notifier.moved(eventId);
    return result.ticket;
  },
};
