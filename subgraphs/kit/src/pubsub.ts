import { RedisPubSub } from 'graphql-redis-subscriptions';
import { Redis } from 'ioredis';
import type { Logger } from './logger.ts';

/**
 * Live messages between replicas (seat changes, queue positions) over Redis pub/sub. Not durable: a message
 * published while nobody listens, or while Redis is down, is gone. Use it for display only; the record lives in
 * Postgres, and cross-service facts go through the outbox (events/).
 *
 * Two connections, as Redis requires: a connection in subscriber mode can run no other command. Every channel
 * carries the deployment's `REDIS_PREFIX` (ioredis' `keyPrefix` does not apply to channels), so test runs and
 * deployments sharing a Redis never hear each other.
 */
export interface PubSub<TopicMap extends Record<string, unknown> = Record<string, unknown>> {
  /** Resolves once Redis took the message; rejects when Redis is unreachable (callers decide whether to care). */
  publish<K extends keyof TopicMap & string>(channel: K, payload: TopicMap[K]): Promise<void>;
  /**
   * Resolves once Redis confirmed the subscription, so nothing published after that is missed. Leave the loop
   * (or call `return()`) to unsubscribe.
   */
  subscribe<K extends keyof TopicMap & string>(channel: K): Promise<AsyncIterableIterator<TopicMap[K]>>;
  /** Quits both connections. Dispose graphql-ws servers first (NOTES.md: shutdown order). */
  close(): Promise<void>;
}

export interface PubSubOptions {
  url: string;
  /** Prefixed to every channel name. */
  prefix: string;
  log?: Logger;
  /**
   * Pending messages per subscription before the oldest are dropped: a consumer that stops reading must not
   * grow the process without bound.
   * @default 10000
   */
  maxQueue?: number;
}

export function createPubSub<TopicMap extends Record<string, unknown> = Record<string, unknown>>(
  options: PubSubOptions,
): PubSub<TopicMap> {
  const connect = (role: string) => {
    const redis = new Redis(options.url, {
      // A publish after a commit must not wait long for a Redis that is down: the change is already recorded,
      // only its live display is lost, and clients recover by refetching on a version gap.
      maxRetriesPerRequest: 1,
      lazyConnect: false,
    });
    redis.on('error', (err) => options.log?.warn({ err: err.message, role }, 'pub/sub redis error'));
    return redis;
  };
  const engine = new RedisPubSub({ publisher: connect('publisher'), subscriber: connect('subscriber') });
  const maxQueue = options.maxQueue ?? 10_000;
  const channelName = (channel: string) => `${options.prefix}${channel}`;
  let closed = false;
  /** Open subscriptions, ended on close() so no consumer waits forever on a dead connection. */
  const open = new Set<() => void>();

  return {
    publish: (channel, payload) => engine.publish(channelName(channel), payload),

    async subscribe<K extends keyof TopicMap & string>(channel: K) {
      type Payload = TopicMap[K];
      const queue: Payload[] = [];
      const waiting: ((result: IteratorResult<Payload>) => void)[] = [];
      let state: { phase: 'open'; id: number } | { phase: 'done' } = { phase: 'done' };
      const id = await engine.subscribe<Payload>(channelName(channel), (message) => {
        const next = waiting.shift();
        if (next) return next({ value: message, done: false });
        queue.push(message);
        if (queue.length > maxQueue) queue.shift();
      });
      state = { phase: 'open', id };
      const finish = (): IteratorResult<Payload> => {
        open.delete(finish);
        if (state.phase === 'open') {
          // After close() the subscriber connection is gone; unsubscribing would only throw.
          if (!closed) engine.unsubscribe(state.id);
          state = { phase: 'done' };
        }
        queue.length = 0;
        for (const resolve of waiting.splice(0)) resolve({ value: undefined, done: true });
        return { value: undefined, done: true };
      };
      open.add(finish);
      const iterator: AsyncIterableIterator<Payload> = {
        next() {
          if (state.phase === 'done') return Promise.resolve({ value: undefined, done: true });
          if (queue.length > 0) return Promise.resolve({ value: queue.shift() as Payload, done: false });
          return new Promise((resolve) => waiting.push(resolve));
        },
        return: () => Promise.resolve(finish()),
        throw: (err) => {
          finish();
          return Promise.reject(err);
        },
        [Symbol.asyncIterator]() {
          return iterator;
        },
      };
      return iterator;
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const finish of [...open]) finish();
      // QUIT waits for Redis; while Redis is unreachable it would wait forever, so give it a second.
      const quit = engine.close().then(
        () => true,
        () => false,
      );
      const done = await Promise.race([
        quit,
        new Promise<false>((r) => setTimeout(() => r(false), 1_000).unref()),
      ]);
      if (!done) {
        engine.getPublisher().disconnect();
        engine.getSubscriber().disconnect();
      }
    },
  };
}

/**
 * The pub/sub channel seating publishes an event's committed seat changes on, and the prefix every listener
 * matches: seating's subscriptions and the router's response cache agree on it here.
 */
export const SEAT_CHANGED_CHANNEL_PREFIX = 'seating.seat-changed.';
export const seatChannel = (eventId: string) => `${SEAT_CHANGED_CHANNEL_PREFIX}${eventId}`;
