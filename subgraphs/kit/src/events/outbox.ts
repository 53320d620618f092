import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from '../logger.ts';
import type { Orm } from '../orm.ts';
import { whenConnected } from '../redis.ts';
import type { DomainEvent, Topic } from './types.ts';

/**
 * Transactional outbox → Redis Streams → idempotent consumers.
 *
 * - Producers call `recordEvent(em, …)` inside the transaction that changes their state: the event exists if
 *   and only if the change committed.
 * - A relay in every producer replica moves unpublished rows to the stream `events:<topic>` (`XADD`), then
 *   marks them published. Replicas share the work with `FOR UPDATE SKIP LOCKED`. A crash between `XADD` and the
 *   mark re-publishes the row later: delivery is at least once, never at most once.
 * - Consumers read with a consumer group (`XREADGROUP`), run the handler and record the event id in their own
 *   inbox table in one transaction (a redelivered event finds its id there and is skipped), then `XACK`. An
 *   event whose consumer died before acking is claimed by another consumer after `claimIdleMs`.
 */

const streamKey = (topic: string) => `events:${topic}`;

/** SQL for a service's migration: its outbox (as producer) and inbox (as consumer), in its own schema. */
export function outboxTablesSql(schema: string): string[] {
  return [
    `create table if not exists "${schema}"."outbox" (
      "id" bigserial primary key,
      "topic" text not null,
      "key" text not null,
      "payload" jsonb not null,
      "occurred_at" timestamptz not null default now(),
      "published_at" timestamptz null
    )`,
    `create index if not exists "outbox_unpublished_idx" on "${schema}"."outbox" ("id") where "published_at" is null`,
    `create table if not exists "${schema}"."inbox" (
      "event_id" text primary key,
      "topic" text not null,
      "processed_at" timestamptz not null default now()
    )`,
  ];
}

/** Records a domain event in the caller's transaction (pass the transactional EntityManager). */
export async function recordEvent(
  em: EntityManager,
  schema: string,
  event: { topic: Topic; key: string; payload: unknown },
): Promise<void> {
  await em
    .getConnection()
    .execute(
      `insert into "${schema}"."outbox" ("topic", "key", "payload") values (?, ?, ?::jsonb)`,
      [event.topic, event.key, JSON.stringify(event.payload)],
      'run',
      em.getTransactionContext(),
    );
}

export interface RelayOptions {
  orm: Orm;
  redis: Redis;
  schema: string;
  /** Prefix of event ids, so ids are unique across services. */
  service: string;
  log: Logger;
  /** How often to look for unpublished events. @default 50 */
  intervalMs?: number;
  /** Events moved per round. @default 200 */
  batchSize?: number;
  /** Approximate number of events a stream keeps. @default 100000 */
  maxStreamLength?: number;
}

export interface Relay {
  /** Publishes what is pending now; resolves with the number of events moved. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

export function startRelay(options: RelayOptions): Relay {
  const { orm, redis, schema, service, log } = options;
  const batchSize = options.batchSize ?? 200;
  const maxLen = options.maxStreamLength ?? 100_000;
  let state: { phase: 'running'; timer?: NodeJS.Timeout } | { phase: 'stopped' } = { phase: 'running' };
  let round: Promise<number> = Promise.resolve(0);

  // The idle check runs outside a transaction: polling an idle outbox costs one cheap statement.
  const pending = async () =>
    (
      await orm.orm.em
        .fork()
        .getConnection()
        .execute<{ pending: boolean }[]>(
          `select exists (select 1 from "${schema}"."outbox" where "published_at" is null) as "pending"`,
        )
    )[0]?.pending === true;

  const publishBatch = async (): Promise<number> =>
    orm.orm.em.fork().transactional(async (em) => {
      const rows = await em
        .getConnection()
        .execute<{ id: string; topic: string; key: string; payload: unknown; occurred_at: Date }[]>(
          `select "id", "topic", "key", "payload", "occurred_at" from "${schema}"."outbox"
         where "published_at" is null order by "id" limit ? for update skip locked`,
          [batchSize],
          'all',
          em.getTransactionContext(),
        );
      if (rows.length === 0) return 0;
      const pipeline = redis.pipeline();
      for (const row of rows) {
        const event: DomainEvent = {
          id: `${service}:${row.id}`,
          topic: row.topic as Topic,
          key: row.key,
          payload: row.payload,
          occurredAt: new Date(row.occurred_at).toISOString(),
        };
        pipeline.xadd(
          streamKey(row.topic),
          'MAXLEN',
          '~',
          String(maxLen),
          '*',
          'event',
          JSON.stringify(event),
        );
      }
      const results = await pipeline.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
      await em.getConnection().execute(
        `update "${schema}"."outbox" set "published_at" = now() where "id" = any(?::bigint[])`,
        // A Postgres array literal: knex would expand a JS array into a list of placeholders.
        [`{${rows.map((r) => r.id).join(',')}}`],
        'run',
        em.getTransactionContext(),
      );
      return rows.length;
    });

  const flush = () => {
    // One round at a time per relay; rounds of other replicas run concurrently and skip our locked rows.
    round = round.then(async () => {
      let moved = 0;
      if (!(await pending())) return 0;
      for (;;) {
        const n = await publishBatch();
        moved += n;
        if (n < batchSize) return moved;
      }
    });
    return round;
  };

  const tick = async () => {
    if (state.phase !== 'running') return;
    try {
      await flush();
    } catch (err) {
      // Redis or Postgres unavailable: the rows stay unpublished and the next round retries them.
      log.warn({ err: (err as Error).message }, 'outbox relay round failed; will retry');
      round = Promise.resolve(0);
    }
    if (state.phase === 'running') state.timer = setTimeout(tick, options.intervalMs ?? 50);
  };
  state.timer = setTimeout(tick, 0);

  return {
    flush,
    async stop() {
      if (state.phase === 'running' && state.timer) clearTimeout(state.timer);
      state = { phase: 'stopped' };
      await round.catch(() => 0);
    },
  };
}

export interface ConsumerOptions {
  orm: Orm;
  /** A command connection; the consumer duplicates it for its blocking reads. */
  redis: Redis;
  /** The consuming service's schema (its inbox lives there). */
  schema: string;
  /** Consumer group: one per consuming service; replicas of the service share it. */
  group: string;
  topics: Topic[];
  log: Logger;
  /** Runs inside a transaction that also records the event id; throw to have the event retried. */
  handle(em: EntityManager, event: DomainEvent): Promise<void>;
  /** Re-deliver an event left unacknowledged this long (its consumer died or failed). @default 15000 */
  claimIdleMs?: number;
  /** Longest blocking read; bounds how long `stop()` waits. @default 1000 */
  blockMs?: number;
  /**
   * Aggregates (event `key`s) handled at the same time; each takes a database connection while it runs.
   * @default 4
   */
  concurrency?: number;
}

export interface Consumer {
  /** Resolves once every event currently in the streams has been handled (for tests and start-up). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export function startConsumer(options: ConsumerOptions): Consumer {
  const { orm, schema, group, topics, log } = options;
  // No offline queue: while Redis is unreachable a read fails at once (the loop retries), and `stop()` never
  // waits on commands queued for a connection that may not come back.
  const reader = options.redis.duplicate({ enableOfflineQueue: false });
  reader.on('error', (err) => log.warn({ err: err.message }, 'event consumer redis error'));
  const consumerName = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const keys = topics.map(streamKey);
  let state: { phase: 'running' } | { phase: 'stopping' } = { phase: 'running' };

  const ensureGroups = async () => {
    for (const key of keys) {
      try {
        // From the start of the stream: a new consumer (or a new service) catches up on retained history.
        await reader.xgroup('CREATE', key, group, '0', 'MKSTREAM');
      } catch (err) {
        if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
      }
    }
  };

  /** One message read from a stream; `event` is null when it cannot be read (it is dropped). */
  interface Delivery {
    stream: string;
    id: string;
    event: DomainEvent | null;
  }
  const parse = (stream: string, id: string, fields: string[]): Delivery => {
    try {
      return { stream, id, event: JSON.parse(fields[fields.indexOf('event') + 1] ?? '') as DomainEvent };
    } catch {
      log.error({ stream, id }, 'unreadable event dropped');
      return { stream, id, event: null };
    }
  };

  /** Handles one event in its own transaction with its inbox row; false when it must be delivered again. */
  const handleOne = async ({ event }: Delivery): Promise<boolean> => {
    if (!event) return true;
    try {
      await orm.orm.em.fork().transactional(async (em) => {
        const inserted = await em
          .getConnection()
          .execute<{ event_id: string }[]>(
            `insert into "${schema}"."inbox" ("event_id", "topic") values (?, ?) on conflict do nothing returning "event_id"`,
            [event.id, event.topic],
            'all',
            em.getTransactionContext(),
          );
        if (inserted.length === 0) return; // already handled: a redelivery
        await options.handle(em, event);
      });
      return true;
    } catch (err) {
      // Not acknowledged: it stays pending and is claimed again after claimIdleMs.
      log.error({ err: (err as Error).message, event: event.id, topic: event.topic }, 'event handler failed');
      return false;
    }
  };

  /**
   * Events about one aggregate (`key`) are handled in the order read; different aggregates side by side, up to
   * `concurrency` at a time. One at a time in all made every event wait for the round trips of all before it:
   * under load a reservation reached payment seconds after seating made it. A failed event stops its
   * aggregate's lane (what follows stays pending and comes back after it, in order); acknowledgements go in
   * one XACK per stream.
   */
  const concurrency = options.concurrency ?? 4;
  const handleAll = async (deliveries: Delivery[]) => {
    const lanes = new Map<string, Delivery[]>();
    for (const delivery of deliveries) {
      const key = delivery.event?.key ?? delivery.id;
      const lane = lanes.get(key);
      if (lane) lane.push(delivery);
      else lanes.set(key, [delivery]);
    }
    const queue = [...lanes.values()];
    const done: Delivery[] = [];
    const worker = async () => {
      for (let lane = queue.shift(); lane; lane = queue.shift()) {
        for (const delivery of lane) {
          if (!(await handleOne(delivery))) break;
          done.push(delivery);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
    for (const stream of new Set(done.map((d) => d.stream))) {
      await reader.xack(stream, group, ...done.filter((d) => d.stream === stream).map((d) => d.id));
    }
  };
  type Entries = [string, [string, string[]][]][];
  let groupsReady!: () => void;
  const ready = new Promise<void>((resolve) => {
    groupsReady = resolve;
  });
  const loop = (async () => {
    while (state.phase === 'running') {
      try {
        await whenConnected(reader);
        await ensureGroups();
        groupsReady();
        break;
      } catch (err) {
        log.warn({ err: (err as Error).message }, 'event consumer cannot reach redis; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    let lastClaim = 0;
    while (state.phase === 'running') {
      try {
        if (Date.now() - lastClaim > (options.claimIdleMs ?? 15_000) / 3) {
          lastClaim = Date.now();
          for (const key of keys) {
            const [, claimed] = (await reader.xautoclaim(
              key,
              group,
              consumerName,
              options.claimIdleMs ?? 15_000,
              '0',
              'COUNT',
              100,
            )) as [string, [string, string[]][]];
            await handleAll(
              claimed.filter(([, fields]) => fields).map(([id, fields]) => parse(key, id, fields)),
            );
          }
        }
        const res = (await reader.xreadgroup(
          'GROUP',
          group,
          consumerName,
          'COUNT',
          100,
          'BLOCK',
          options.blockMs ?? 1000,
          'STREAMS',
          ...keys,
          ...keys.map(() => '>'),
        )) as Entries | null;
        if (!res) {
          continue;
        }
        await handleAll(
          res.flatMap(([key, entries]) => {
            // ioredis returns keys with the connection's keyPrefix; strip it back to ours.
            const streamName = keys.find((k) => key.endsWith(k)) ?? key;
            return entries.map(([id, fields]) => parse(streamName, id, fields));
          }),
        );
      } catch (err) {
        if (state.phase !== 'running') break;
        log.warn({ err: (err as Error).message }, 'event consumer read failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  return {
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      await Promise.race([ready, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
      for (;;) {
        let outstanding = 0;
        for (const key of keys) {
          const groups = (await options.redis.xinfo('GROUPS', key).catch(() => [])) as unknown[][];
          for (const g of groups) {
            const info = Object.fromEntries(
              Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]),
            ) as { name: string; pending: number; lag: number | null };
            if (info.name === group) outstanding += Number(info.pending) + Number(info.lag ?? 0);
          }
        }
        if (outstanding === 0) return;
        if (Date.now() > deadline)
          throw new Error(`consumer ${group} did not drain: ${outstanding} outstanding`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      state = { phase: 'stopping' };
      reader.disconnect();
      // A handler still running finishes (its transaction commits or rolls back); bounded all the same.
      await Promise.race([loop, new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}
