import type { EntityManager } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import pg from 'pg';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '../logger.ts';
import type { Orm } from '../orm.ts';
import { whenConnected } from '../redis.ts';
import type { NewDomainEvent } from './topics.ts';
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

/** A Postgres array literal of strings (knex would expand a JS array into a list of placeholders). */
const pgArray = (values: string[]) => `{${values.map((v) => `"${v.replace(/["\\]/g, '\\$&')}"`).join(',')}}`;

/** The Postgres channel a schema's outbox notifies on each commit that adds events (see `outboxNotifySql`). */
export const outboxChannel = (schema: string) => `${schema}_outbox`;

/**
 * SQL for a service's migration: its outbox (as producer) and inbox (as consumer), in its own schema. Applied
 * migrations use it as it is: what came later is in `outboxNotifySql`, for a migration of its own.
 */
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

/**
 * SQL for a migration: every statement that adds outbox rows notifies `outboxChannel(schema)`. Postgres delivers
 * a notification only when its transaction commits (and folds identical ones of a transaction into one), so the
 * relay wakes exactly when there is something committed to publish, with no polling and no extra statement in
 * the producer's transaction. Also lets the relay prune what it published (the index on `published_at`).
 */
export function outboxNotifySql(schema: string): string[] {
  return [
    `create or replace function "${schema}"."outbox_notify"() returns trigger language plpgsql as $$
      begin perform pg_notify('${outboxChannel(schema)}', ''); return null; end $$`,
    `create or replace trigger "outbox_notify" after insert on "${schema}"."outbox"
      for each statement execute function "${schema}"."outbox_notify"()`,
    `create index if not exists "outbox_published_at_idx" on "${schema}"."outbox" ("published_at") where "published_at" is not null`,
    `create index if not exists "inbox_processed_at_idx" on "${schema}"."inbox" ("processed_at")`,
  ];
}

/** Records a domain event in the caller's transaction (pass the transactional EntityManager). */
export async function recordEvent(em: EntityManager, schema: string, event: NewDomainEvent): Promise<void> {
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
  /**
   * Wake on every commit that adds events (LISTEN on `outboxChannel(schema)`). Off: only `flush()` and the
   * sweep publish (tests that hold events back on purpose).
   * @default true
   */
  wakeOnCommit?: boolean;
  /**
   * A safety sweep for what a notification could not announce (the listening connection was down). Not the
   * delivery path: a commit wakes the relay at once.
   * @default 10000
   */
  sweepIntervalMs?: number;
  /** Events moved per round. @default 500 */
  batchSize?: number;
  /**
   * Length a stream is trimmed towards, never past what a consumer group still needs (its pending entries and
   * what it has not read yet). Only streams with no consumer group at all are capped at this length.
   * @default 100000
   */
  maxStreamLength?: number;
  /** Least time between two trims of one stream. @default 5000 */
  trimIntervalMs?: number;
  /** Published outbox rows older than this are deleted. @default 7 days */
  retentionMs?: number;
}

export interface Relay {
  /** Publishes what is pending now; resolves with the number of events moved. */
  flush(): Promise<number>;
  stop(): Promise<void>;
}

/** One consumer group of a stream, as `XINFO GROUPS` describes it (Redis 7). */
export interface StreamGroup {
  name: string;
  pending: number;
  'last-delivered-id': string;
  /** Entries not yet delivered to the group; null when Redis cannot tell (entries deleted in between). */
  lag: number | null;
}

/** The consumer groups of stream `key` (none when the stream does not exist). */
export async function streamGroups(redis: Redis, key: string): Promise<StreamGroup[]> {
  const groups = (await redis.xinfo('GROUPS', key).catch(() => [])) as unknown[][];
  return groups.map((g) => {
    const info = Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]]));
    return {
      ...info,
      pending: Number(info.pending),
      lag: info.lag == null ? null : Number(info.lag),
    } as StreamGroup;
  });
}

/**
 * The oldest stream entry id any consumer group of `key` still needs: its oldest pending (delivered, not acked)
 * entry, or else the last one it was given (everything after it is unread). null when the stream has no group.
 */
async function oldestNeeded(redis: Redis, key: string): Promise<string | null> {
  let oldest: string | null = null;
  for (const group of await streamGroups(redis, key)) {
    let needed = group['last-delivered-id'];
    if (group.pending > 0) {
      const [, first] = (await redis.xpending(key, group.name)) as [number, string | null, ...unknown[]];
      if (first) needed = first;
    }
    if (oldest === null || compareIds(needed, oldest) < 0) oldest = needed;
  }
  return oldest;
}

/** Orders two stream ids (`<ms>-<seq>`). */
function compareIds(a: string, b: string): number {
  const [am = 0n, as = 0n] = a.split('-').map(BigInt);
  const [bm = 0n, bs = 0n] = b.split('-').map(BigInt);
  return am === bm ? (as === bs ? 0 : as < bs ? -1 : 1) : am < bm ? -1 : 1;
}

/**
 * Trims `events:<topic>` to `maxLen` entries, but never past the oldest entry a consumer group still needs: a
 * consumer that is down through a busy on-sale finds every event it missed when it comes back.
 */
export async function trimStream(redis: Redis, topic: string, maxLen: number): Promise<number> {
  const key = streamKey(topic);
  const length = await redis.xlen(key);
  if (length <= maxLen) return 0;
  const needed = await oldestNeeded(redis, key);
  if (needed === null) return redis.xtrim(key, 'MAXLEN', '~', maxLen);
  if (needed === '0-0') return 0;
  // Never below the entry that keeps the stream at maxLen either: trim to whichever is older.
  const [boundary] = (await redis.xrevrange(key, '+', '-', 'COUNT', maxLen)).at(-1) ?? [];
  const threshold = boundary && compareIds(boundary, needed) < 0 ? boundary : needed;
  return redis.xtrim(key, 'MINID', threshold);
}

export function startRelay(options: RelayOptions): Relay {
  const { orm, redis, schema, service, log } = options;
  const batchSize = options.batchSize ?? 500;
  const maxLen = options.maxStreamLength ?? 100_000;
  const trimIntervalMs = options.trimIntervalMs ?? 5_000;
  const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  let state: { phase: 'running'; timer?: NodeJS.Timeout } | { phase: 'stopped' } = { phase: 'running' };
  let round: Promise<number> = Promise.resolve(0);
  /** A notification arrived while a round was queued: that round will see its rows. */
  let queued = false;
  const lastTrim = new Map<string, number>();
  let lastPrune = 0;

  /**
   * One batch in one transaction: mark up to `batchSize` rows published (locking them, so other replicas'
   * relays skip them), XADD them, then COMMIT. If Redis fails the transaction rolls back and the rows stay
   * unpublished; a crash after XADD and before COMMIT publishes them again (at least once, never at most once).
   */
  const publishBatch = async (): Promise<{ moved: number; topics: Set<string> }> =>
    orm.orm.em.fork().transactional(async (em) => {
      const rows = await em
        .getConnection()
        .execute<{ id: string; topic: string; key: string; payload: unknown; occurred_at: Date }[]>(
          `update "${schema}"."outbox" set "published_at" = now()
          where "id" in (select "id" from "${schema}"."outbox" where "published_at" is null
                         order by "id" limit ? for update skip locked)
          returning "id", "topic", "key", "payload", "occurred_at"`,
          [batchSize],
          'all',
          em.getTransactionContext(),
        );
      if (rows.length === 0) return { moved: 0, topics: new Set<string>() };
      rows.sort((a, b) => Number(a.id) - Number(b.id));
      const pipeline = redis.pipeline();
      for (const row of rows) {
        const event: DomainEvent = {
          id: `${service}:${row.id}`,
          topic: row.topic as Topic,
          key: row.key,
          payload: row.payload,
          occurredAt: new Date(row.occurred_at).toISOString(),
        };
        pipeline.xadd(streamKey(row.topic), '*', 'event', JSON.stringify(event));
      }
      const results = await pipeline.exec();
      const failed = results?.find(([err]) => err);
      if (failed) throw failed[0];
      return { moved: rows.length, topics: new Set(rows.map((r) => r.topic)) };
    });

  const housekeeping = async (topics: Set<string>) => {
    const now = Date.now();
    for (const topic of topics) {
      if (now - (lastTrim.get(topic) ?? 0) < trimIntervalMs) continue;
      lastTrim.set(topic, now);
      await trimStream(redis, topic, maxLen);
    }
    if (now - lastPrune > 60_000) {
      lastPrune = now;
      await orm.orm.em
        .fork()
        .getConnection()
        .execute(`delete from "${schema}"."outbox" where "published_at" < now() - make_interval(secs => ?)`, [
          retentionMs / 1000,
        ]);
    }
  };

  const drain = async () => {
    let moved = 0;
    const topics = new Set<string>();
    for (;;) {
      const batch = await publishBatch();
      moved += batch.moved;
      for (const t of batch.topics) topics.add(t);
      if (batch.moved < batchSize) break;
    }
    await housekeeping(topics).catch((err: Error) =>
      log.warn({ err: err.message }, 'outbox housekeeping failed; will retry'),
    );
    return moved;
  };

  /** A round after every round queued so far; failures are logged and leave the rows for the next one. */
  const enqueue = () => {
    round = round
      .then(() => {
        queued = false;
        return drain();
      })
      .catch((err: Error) => {
        log.warn({ err: err.message }, 'outbox relay round failed; will retry');
        return 0;
      });
    return round;
  };

  /** A commit announced events: one round behind the running one covers every commit until it starts. */
  const wake = () => {
    if (state.phase !== 'running' || queued) return;
    queued = true;
    void enqueue();
  };

  // LISTEN on a connection of its own (a pooled one would be handed to others). Reconnects after a failure,
  // and publishes on reconnect what was committed meanwhile.
  let listener: pg.Client | null = null;
  const listen = async () => {
    if (state.phase !== 'running' || options.wakeOnCommit === false) return;
    const client = new pg.Client({ connectionString: orm.orm.config.get('clientUrl') });
    client.on('notification', wake);
    client.on('error', (err) => {
      log.warn({ err: err.message }, 'outbox listener connection failed; reconnecting');
      if (listener === client) listener = null;
      client.end().catch(() => {});
      if (state.phase === 'running') setTimeout(() => void listen(), 500).unref();
    });
    try {
      await client.connect();
      await client.query(`listen "${outboxChannel(schema)}"`);
      listener = client;
      if (state.phase !== 'running') {
        await client.end();
        return;
      }
      wake();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'outbox listener cannot connect; retrying');
      await client.end().catch(() => {});
      if (state.phase === 'running') setTimeout(() => void listen(), 500).unref();
    }
  };
  void listen();

  const sweep = () => {
    if (state.phase !== 'running') return;
    wake();
    state.timer = setTimeout(sweep, options.sweepIntervalMs ?? 10_000);
  };
  state.timer = setTimeout(sweep, 0);

  return {
    flush: enqueue,
    async stop() {
      if (state.phase === 'running' && state.timer) clearTimeout(state.timer);
      state = { phase: 'stopped' };
      await listener?.end().catch(() => {});
      listener = null;
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
  /**
   * Where to export `tiketi_event_consumer_lag` (entries of each topic the group has not read or not yet
   * acknowledged) and `tiketi_events_handled_total`: the service's registry.
   */
  metrics?: Registry;
  /** How often the lag is read from Redis. @default 5000 */
  lagIntervalMs?: number;
  /** Inbox rows older than this are deleted (a redelivery older than this would be handled again). @default 7 days */
  retentionMs?: number;
}

export interface Consumer {
  /** Resolves once every event currently in the streams has been handled (for tests and start-up). */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Entries of stream `key` that consumer group `group` has not read yet or not acknowledged. */
async function groupOutstanding(redis: Redis, key: string, group: string): Promise<number> {
  const info = (await streamGroups(redis, key)).find((g) => g.name === group);
  if (!info) return 0;
  // lag is null when Redis cannot tell (entries deleted in between): count the whole stream after the group.
  return info.pending + (info.lag ?? (await redis.xlen(key)));
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
  const registers = options.metrics ? [options.metrics] : [];
  // One metric per registry, whatever the number of consumers a service runs.
  const lag =
    (options.metrics?.getSingleMetric('tiketi_event_consumer_lag') as Gauge | undefined) ??
    new Gauge({
      name: 'tiketi_event_consumer_lag',
      help: 'Domain events a consumer group has not read or not yet acknowledged, per topic (Redis stream)',
      labelNames: ['group', 'topic'],
      registers,
    });
  const events = (
    (options.metrics?.getSingleMetric('tiketi_events_handled_total') as Counter | undefined) ??
    new Counter({
      name: 'tiketi_events_handled_total',
      help: 'Domain events handled (or skipped as redeliveries) and acknowledged by a consumer group',
      labelNames: ['group'],
      registers,
    })
  ).labels(group);
  const retentionMs = options.retentionMs ?? 7 * 24 * 3_600_000;
  let lastPrune = 0;
  // Lag is read from Redis, so every replica exports the group's figure (a dashboard takes the max).
  const lagTimer = setInterval(() => {
    void (async () => {
      for (const [i, key] of keys.entries()) {
        lag.set({ group, topic: topics[i] as string }, await groupOutstanding(options.redis, key, group));
      }
      if (Date.now() - lastPrune > 3_600_000) {
        lastPrune = Date.now();
        await orm.orm.em
          .fork()
          .getConnection()
          .execute(
            `delete from "${schema}"."inbox" where "processed_at" < now() - make_interval(secs => ?)`,
            [retentionMs / 1000],
          );
      }
    })().catch((err: Error) => log.warn({ err: err.message }, 'event consumer housekeeping failed'));
  }, options.lagIntervalMs ?? 5_000);
  lagTimer.unref();

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
   * Handles lanes (each: the events of one aggregate, in the order read) in ONE transaction: their inbox rows in
   * one statement, then each lane's events in order (each lane on its own fork of the transaction).
   * Redeliveries are skipped by the inbox. False when anything failed: the whole transaction rolled back.
   */
  const handleBatch = async (lanes: Delivery[][]): Promise<boolean> => {
    const events = lanes.flat().flatMap((d) => (d.event ? [d.event] : []));
    if (events.length === 0) return true;
    try {
      await orm.orm.em.fork().transactional(async (em) => {
        const fresh = await em.getConnection().execute<{ event_id: string }[]>(
          `insert into "${schema}"."inbox" ("event_id", "topic")
             select * from unnest(?::text[], ?::text[]) on conflict do nothing returning "event_id"`,
          [pgArray(events.map((e) => e.id)), pgArray(events.map((e) => e.topic))],
          'all',
          em.getTransactionContext(),
        );
        const todo = new Set(fresh.map((r) => r.event_id));
        // One lane after another: they share the transaction's connection, which runs one statement at a time
        // anyway. Lanes of other batches run side by side, on other connections.
        for (const lane of lanes) {
          const laneEm = em.fork({ keepTransactionContext: true });
          for (const { event } of lane) {
            if (!event || !todo.has(event.id)) continue;
            todo.delete(event.id); // an id twice in one read (a claim and a read): once
            await options.handle(laneEm, event);
          }
          // What handlers persisted on the fork: `transactional` flushes only the root EntityManager.
          await laneEm.flush();
        }
      });
      return true;
    } catch (err) {
      log.warn(
        { err: (err as Error).message, events: events.length },
        'event batch failed; handling its events one by one',
      );
      return false;
    }
  };

  /**
   * Events about one aggregate (`key`) are handled in the order read; different aggregates side by side. The
   * lanes are dealt to up to `concurrency` transactions, each handling its lanes together (one commit, one WAL
   * flush for many events: one transaction per event kept payment's consumer seconds behind seating under
   * load). A batch that fails is handled again one event per transaction, so one bad event stops only its own
   * aggregate's lane (what follows stays pending and comes back after it, in order). Acknowledgements go in one
   * XACK per stream.
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
    const groups: Delivery[][][] = Array.from({ length: Math.min(concurrency, lanes.size) }, () => []);
    let i = 0;
    for (const lane of lanes.values()) groups[i++ % groups.length]!.push(lane);
    const done: Delivery[] = [];
    await Promise.all(
      groups.map(async (batch) => {
        if (await handleBatch(batch)) {
          done.push(...batch.flat());
          return;
        }
        for (const lane of batch) {
          for (const delivery of lane) {
            if (!(await handleOne(delivery))) break;
            done.push(delivery);
          }
        }
      }),
    );
    for (const stream of new Set(done.map((d) => d.stream))) {
      await reader.xack(stream, group, ...done.filter((d) => d.stream === stream).map((d) => d.id));
    }
    events.inc(done.length);
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
        for (const key of keys) outstanding += await groupOutstanding(options.redis, key, group);
        if (outstanding === 0) return;
        if (Date.now() > deadline)
          throw new Error(`consumer ${group} did not drain: ${outstanding} outstanding`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      state = { phase: 'stopping' };
      clearInterval(lagTimer);
      reader.disconnect();
      // A handler still running finishes (its transaction commits or rolls back); bounded all the same.
      await Promise.race([loop, new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}
