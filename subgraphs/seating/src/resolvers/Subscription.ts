import { isUuid, notFound, runSql, sql } from '@tiketi/kit';
import type { SubscriptionResolvers } from '../__generated__/resolvers.ts';
import type { SeatChangeBatch } from '../modules/seat/seat-view.ts';
import { seatChannel } from '../modules/seat/seat-view.ts';

export const Subscription: SubscriptionResolvers = {
  seatChanged: {
    // Public, like the seat map itself. The iterator is returned once Redis confirmed the subscription, so
    // no change committed after that is missed by this subscriber.
    subscribe: async (_root, { eventId }, ctx) => {
      if (!isUuid(eventId)) throw notFound('Event');
      const known = await runSql(ctx.em, sql`select 1 from seating.events where event_id = ${eventId}`);
      if (known.length === 0) throw notFound('Event');
      return ctx.seating.pubsub.subscribe(seatChannel(eventId));
    },
    resolve: (batch: SeatChangeBatch) => batch,
  },
};
