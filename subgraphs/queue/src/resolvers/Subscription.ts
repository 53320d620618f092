import { AppError, ErrorCode, notFound, requireUser } from '@tiketi/kit';
import type { SubscriptionResolvers } from '../__generated__/resolvers.ts';
import { roomId } from '../modules/event/event-ref.ts';
import type { QueueTicketView } from '../modules/line/views.ts';

export const Subscription: SubscriptionResolvers = {
  queuePosition: {
    // The buyer's own ticket only: the identity comes from the router's assertion on the connection.
    subscribe: async (_root, args, ctx) => {
      const { userId } = requireUser(ctx);
      const eventId = roomId(args.eventId);
      if (!eventId) throw notFound('Event');
      const tickets = await ctx.queue.feed.watch(eventId, userId);
      if (!tickets) {
        throw new AppError(ErrorCode.NOT_FOUND, "You are not in this event's waiting room: join it first.");
      }
      return tickets;
    },
    resolve: (ticket: QueueTicketView) => ticket,
  },
};
