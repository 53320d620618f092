import { unauthenticated } from '@tiketi/kit/errors';
import type { RunningService } from '@tiketi/kit/service';
import type { TestInfra } from '@tiketi/kit/testing';
import { parse } from 'graphql';
import { startSubgraph, type TestContext } from './subgraphs.ts';

/**
 * Two subgraphs with subscriptions, served over graphql-ws by the kit (router assertion in `connection_init`,
 * as the real ones): `seating` with the shared `seatChanged`, whose `SeatChange.show` is resolved by the
 * `catalog` test subgraph, and `queue` with the personal `queuePosition`, refused to anonymous callers like the
 * real queue does. Their events come from an in-memory feed the test publishes to, so a test can count what
 * reached each subgraph.
 */
export const liveSeatingSdl = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    seatingAlive: Boolean!
  }

  type Subscription {
    seatChanged(eventId: ID!): SeatChange!
  }

  type SeatChange {
    eventId: ID!
    version: Int!
    seats: [Seat!]!
    show: Show!
  }

  type Seat {
    id: ID!
    status: String!
  }

  type Show @key(fields: "id", resolvable: false) {
    id: ID!
  }
`);

export const liveQueueSdl = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    queueAlive: Boolean!
  }

  type Subscription {
    "personal: the caller's own place"
    queuePosition(eventId: ID!): QueueTicket!
  }

  type QueueTicket {
    eventId: ID!
    userId: ID!
    position: Int!
  }
`);

export interface SeatChangeEvent {
  eventId: string;
  version: number;
  seats: { id: string; status: string }[];
  showId: string;
}

/** A tiny in-memory pub/sub: one set of listeners per topic. */
class Feed {
  readonly #topics = new Map<string, Set<(value: unknown) => void>>();
  /** Subscriptions started per topic (what reached the subgraph). */
  readonly subscribes = new Map<string, number>();

  listeners(topic: string): number {
    return this.#topics.get(topic)?.size ?? 0;
  }

  publish(topic: string, value: unknown): void {
    for (const listener of this.#topics.get(topic) ?? []) listener(value);
  }

  iterator(topic: string): AsyncIterableIterator<unknown> {
    this.subscribes.set(topic, (this.subscribes.get(topic) ?? 0) + 1);
    const queue: unknown[] = [];
    const waiting: ((result: IteratorResult<unknown>) => void)[] = [];
    const listeners = this.#topics.get(topic) ?? new Set();
    this.#topics.set(topic, listeners);
    const listener = (value: unknown) => {
      const wake = waiting.shift();
      if (wake) wake({ value, done: false });
      else queue.push(value);
    };
    listeners.add(listener);
    const finish = (): IteratorResult<unknown> => {
      listeners.delete(listener);
      for (const wake of waiting.splice(0)) wake({ value: undefined, done: true });
      return { value: undefined, done: true };
    };
    const iterator: AsyncIterableIterator<unknown> = {
      next: () =>
        queue.length > 0
          ? Promise.resolve({ value: queue.shift(), done: false })
          : new Promise((resolve) => waiting.push(resolve)),
      return: () => Promise.resolve(finish()),
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }
}

export const seatTopic = (eventId: string) => `seat:${eventId}`;
export const queueTopic = (eventId: string, userId: string) => `queue:${eventId}:${userId}`;

export async function startLiveSubgraphs(infra: TestInfra) {
  const feed = new Feed();
  const seatingResolvers = {
    Query: { seatingAlive: () => true },
    Subscription: {
      seatChanged: {
        subscribe: (_: unknown, { eventId }: { eventId: string }) => feed.iterator(seatTopic(eventId)),
        resolve: (event: SeatChangeEvent) => event,
      },
    },
    SeatChange: { show: (event: SeatChangeEvent) => ({ __typename: 'Show', id: event.showId }) },
  };
  const queueResolvers = {
    Query: { queueAlive: () => true },
    Subscription: {
      queuePosition: {
        subscribe: (_: unknown, { eventId }: { eventId: string }, ctx: TestContext) => {
          if (!ctx.identity) throw unauthenticated('Sign in to see your place in the queue.');
          return feed.iterator(queueTopic(eventId, ctx.identity.userId));
        },
        resolve: (ticket: unknown) => ticket,
      },
    },
  };
  const startSeating = (port?: number) =>
    startSubgraph(infra, 'seating', liveSeatingSdl, seatingResolvers, {
      subscriptions: true,
      ...(port ? { port } : {}),
    });
  let seating: RunningService = await startSeating();
  const queue = await startSubgraph(infra, 'queue', liveQueueSdl, queueResolvers, { subscriptions: true });

  return {
    feed,
    get seating() {
      return seating;
    },
    queue,
    /** Stops the seating subgraph and starts it again on the same port after `downMs`. */
    async restartSeating(downMs = 0) {
      const { port } = seating;
      await seating.stop();
      await new Promise((r) => setTimeout(r, downMs));
      seating = await startSeating(port);
    },
    async stop() {
      await Promise.all([seating.stop(), queue.stop()]);
    },
  };
}

export type LiveSubgraphs = Awaited<ReturnType<typeof startLiveSubgraphs>>;

export { closed, handshake, until, watch } from './ws.ts';
