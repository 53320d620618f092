import { type BaseContext, keyLoader, type ProofOfWork } from '@tiketi/kit';
import type { QueueStatusView } from './modules/line/views.ts';
import type { WaitingLine } from './modules/line/waiting-line.ts';
import type { LineNotifier, TicketFeed } from './modules/live/line-feed.ts';
import type { Settings } from './modules/settings/settings.repository.ts';

export type Loaders = ReturnType<typeof createLoaders>;

/** The service's domain objects, built once at start-up. */
export interface Queue {
  /** The live line in Redis. */
  line: WaitingLine;
  /** Settings and event knowledge in Postgres, synced to Redis. */
  settings: Settings;
  /** Tells subscribers (on every replica) that an event's line moved. */
  notifier: LineNotifier;
  /** Subscriptions' live tickets. */
  feed: TicketFeed;
  /** The challenge a buyer solves before joining (issue 16). */
  proofOfWork: ProofOfWork;
}

export type Context = BaseContext<Loaders> & { queue: Queue };

/** Per-request loaders: `Event.queue` over a page of events costs one pipelined Redis round trip. */
export function createLoaders(queue: Queue) {
  return {
    status: keyLoader<QueueStatusView>(async (eventIds) => {
      const statuses = await queue.line.statuses(eventIds);
      return statuses.map((s): [string, QueueStatusView] => [s.eventId, s]);
    }),
  };
}
