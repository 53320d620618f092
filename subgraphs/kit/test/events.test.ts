import { Migration } from '@mikro-orm/migrations';
import { Redis } from 'ioredis';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createLogger,
  createOrm,
  createRedis,
  type DomainEvent,
  type Orm,
  outboxNotifySql,
  outboxTablesSql,
  recordEvent,
  startConsumer,
  startRelay,
  Topics,
} from '../src/index.ts';
import { createTestInfra, type TestInfra, untypedEvent } from '../src/testing/index.ts';

/** The outbox → Redis Streams → inbox path, on the real Postgres and Redis, between two "services". */
const log = createLogger('events-test', 'silent');
const migrationFor = (schema: string) =>
  class extends Migration {
    override async up() {
      for (const sql of [...outboxTablesSql(schema), ...outboxNotifySql(schema)]) this.addSql(sql);
      this.addSql(`create table "${schema}"."effects" (event_id text not null, n int not null)`);
    }
  };

let infra: TestInfra;
let producer: Orm;
let consumerOrm: Orm;
const redis = () => createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });

beforeAll(async () => {
  infra = await createTestInfra();
  producer = await createOrm({
    url: infra.databaseUrl,
    schema: 'producer',
    entities: [],
    migrations: [{ name: 'M1', class: migrationFor('producer') }],
  });
  consumerOrm = await createOrm({
    url: infra.databaseUrl,
    schema: 'consumer',
    entities: [],
    migrations: [{ name: 'M1', class: migrationFor('consumer') }],
  });
  await producer.migrate();
  await consumerOrm.migrate();
});
afterAll(async () => {
  await producer?.close();
  await consumerOrm?.close();
  await infra?.dispose();
});

async function produce(n: number, from = 0, commit = true) {
  await producer.orm.em
    .fork()
    .transactional(async (em) => {
      for (let i = from; i < from + n; i++) {
        await recordEvent(em, 'producer', untypedEvent(Topics.paymentConfirmed, `r${i}`, { i }));
      }
      if (!commit) throw new Error('rolled back');
    })
    .catch((err: Error) => {
      if (commit) throw err;
    });
}

const effects = async () =>
  (await consumerOrm.orm.em
    .fork()
    .getConnection()
    .execute('select event_id, n from consumer.effects order by n')) as { event_id: string; n: number }[];

describe('domain events', () => {
  it('delivers committed events exactly once in effect, and rolled-back ones never', async () => {
    const r = redis();
    const relay = startRelay({ orm: producer, redis: r, schema: 'producer', service: 'producer', log });
    const seen: DomainEvent[] = [];
    const consumer = startConsumer({
      orm: consumerOrm,
      redis: r,
      schema: 'consumer',
      group: 'consumer',
      topics: [Topics.paymentConfirmed],
      log,
      handle: async (em, event) => {
        seen.push(event);
        await em
          .getConnection()
          .execute(
            'insert into consumer.effects values (?, ?)',
            [event.id, (event.payload as { i: number }).i],
            'run',
            em.getTransactionContext(),
          );
      },
    });
    await produce(20);
    await produce(5, 100, false);
    await relay.flush();
    await consumer.drain();
    const rows = await effects();
    expect(rows.map((r) => r.n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(seen[0]).toMatchObject({ topic: 'payment.confirmed', key: 'r0', payload: { i: 0 } });
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(20);
    // Streams live under the run's key prefix like every other key.
    const bare = new Redis(infra.redisUrl);
    expect(await bare.exists(`${infra.redisPrefix}events:payment.confirmed`)).toBe(1);

    // A relay that crashed after XADD but before marking the rows re-publishes them: consumers skip the repeats.
    const streamLength = () => bare.xlen(`${infra.redisPrefix}events:payment.confirmed`);
    const before = await streamLength();
    await producer.orm.em.fork().getConnection().execute('update producer.outbox set published_at = null');
    await relay.flush(); // the relay's own tick may have moved some of them first: count what reached the stream
    expect((await streamLength()) - before).toBe(20);
    await consumer.drain();
    expect(await effects()).toHaveLength(20);

    await consumer.stop();
    await relay.stop();
    await r.quit();
    await bare.quit();
  });

  it('an event whose handler fails is retried until it succeeds; a second consumer group gets its own copy', async () => {
    const r = redis();
    const relay = startRelay({ orm: producer, redis: r, schema: 'producer', service: 'producer', log });
    let failures = 2;
    const handled: string[] = [];
    const flaky = startConsumer({
      orm: consumerOrm,
      redis: r,
      schema: 'consumer',
      group: 'flaky',
      topics: [Topics.paymentConfirmed],
      log,
      claimIdleMs: 200,
      handle: async (_em, event) => {
        if ((event.payload as { i: number }).i === 500 && failures-- > 0) throw new Error('transient');
        handled.push(event.key);
      },
    });
    await produce(1, 500);
    await relay.flush();
    const deadline = Date.now() + 10_000;
    while (!handled.includes('r500') && Date.now() < deadline)
      await new Promise((res) => setTimeout(res, 50));
    expect(handled).toContain('r500');
    expect(failures).toBeLessThan(0);
    await flaky.stop();
    await relay.stop();
    await r.quit();
  });

  it('handles different aggregates side by side, and the events of one aggregate in order', async () => {
    const r = redis();
    const relay = startRelay({ orm: producer, redis: r, schema: 'producer', service: 'producer', log });
    // Two events about reservation A, then one about B, read in one batch.
    await producer.orm.em.fork().transactional(async (em) => {
      for (const [key, step] of [
        ['A', 1],
        ['A', 2],
        ['B', 1],
      ] as const) {
        await recordEvent(em, 'producer', untypedEvent(Topics.reservationExpired, key, { step }));
      }
    });
    await relay.flush();
    const handled: string[] = [];
    let bHandled!: () => void;
    const bDone = new Promise<void>((resolve) => {
      bHandled = resolve;
    });
    const consumer = startConsumer({
      orm: consumerOrm,
      redis: r,
      schema: 'consumer',
      group: 'lanes',
      topics: [Topics.reservationExpired],
      log,
      handle: async (_em, event) => {
        const name = `${event.key}${(event.payload as { step: number }).step}`;
        // A1 finishes only once B1 is done: one event at a time would wait here for good (5 s, then fail).
        if (name === 'A1') {
          const waited = await Promise.race([
            bDone.then(() => 'B first'),
            new Promise((res) => setTimeout(res, 5_000, 'timed out')),
          ]);
          handled.push(`A1 (${waited})`);
          return;
        }
        handled.push(name);
        if (name === 'B1') bHandled();
      },
    });
    await consumer.drain();
    expect(handled).toEqual(['B1', 'A1 (B first)', 'A2']);
    await consumer.stop();
    await relay.stop();
    await r.quit();
  });

  it('a relay publishes within one commit of the event, woken by the commit, with no timer', async () => {
    const r = redis();
    const bare = new Redis(infra.redisUrl);
    const stream = `${infra.redisPrefix}events:${Topics.catalogEventChanged}`;
    const record = (i: number) =>
      producer.orm.em
        .fork()
        .transactional((em) =>
          recordEvent(em, 'producer', untypedEvent(Topics.catalogEventChanged, `e${i}`, { i })),
        );
    const arrival = async (length: number, within: number) => {
      const started = performance.now();
      while ((await bare.xlen(stream)) < length) {
        if (performance.now() - started > within) return null;
        await new Promise((res) => setTimeout(res, 2));
      }
      return performance.now() - started;
    };

    // The control: a relay that does not listen, its sweep ten minutes away, publishes nothing by itself.
    const deaf = startRelay({
      orm: producer,
      redis: r,
      schema: 'producer',
      service: 'producer',
      log,
      wakeOnCommit: false,
      sweepIntervalMs: 600_000,
    });
    await deaf.flush();
    const base = await bare.xlen(stream);
    await record(1);
    expect(await arrival(base + 1, 500)).toBeNull();
    await deaf.stop();

    // A listening relay with the same ten-minute sweep: each commit wakes it.
    const relay = startRelay({
      orm: producer,
      redis: r,
      schema: 'producer',
      service: 'producer',
      log,
      sweepIntervalMs: 600_000,
    });
    expect(await arrival(base + 1, 5_000)).not.toBeNull(); // what was committed before it listened
    const delays: number[] = [];
    for (let i = 2; i <= 6; i++) {
      const committed = record(i);
      await committed;
      delays.push((await arrival(base + i, 2_000)) ?? Number.POSITIVE_INFINITY);
    }
    // Well under the old 50 ms poll, and no timer could have fired: only the commits woke it.
    expect(Math.max(...delays)).toBeLessThan(1_000);
    expect(delays.filter((d) => d < 50).length).toBeGreaterThanOrEqual(3);
    await relay.stop();
    await r.quit();
    await bare.quit();
  });

  it('a consumer stopped while more than the stream holds is produced catches up with nothing lost', async () => {
    const r = redis();
    const bare = new Redis(infra.redisUrl);
    const topic = Topics.reservationCancelled;
    const stream = `${infra.redisPrefix}events:${topic}`;
    const MAX = 10;
    const relay = startRelay({
      orm: producer,
      redis: r,
      schema: 'producer',
      service: 'producer',
      log,
      maxStreamLength: MAX,
      trimIntervalMs: 0,
    });
    const handled: number[] = [];
    const consume = () =>
      startConsumer({
        orm: consumerOrm,
        redis: r,
        schema: 'consumer',
        group: 'late',
        topics: [topic],
        log,
        handle: async (_em, event) => {
          handled.push((event.payload as { i: number }).i);
        },
      });
    const record = async (from: number, n: number) => {
      // One transaction each: every commit wakes the relay, and every round trims.
      for (let i = from; i < from + n; i++) {
        await producer.orm.em
          .fork()
          .transactional((em) => recordEvent(em, 'producer', untypedEvent(topic, `c${i}`, { i })));
      }
      await relay.flush();
    };

    const first = consume();
    await record(0, 3);
    await first.drain();
    await first.stop(); // down through the busy part
    await record(3, 6 * MAX);
    expect(await bare.xlen(stream)).toBeGreaterThanOrEqual(6 * MAX); // held for the stopped group

    const second = consume();
    await second.drain();
    // Every event, once (aggregates are handled side by side, so not in one global order).
    expect([...handled].sort((a, b) => a - b)).toEqual(Array.from({ length: 3 + 6 * MAX }, (_, i) => i));
    // Once nobody needs them, old entries go: the stream is trimmed back towards its length.
    await record(3 + 6 * MAX, 2);
    await second.drain();
    expect(await bare.xlen(stream)).toBeLessThanOrEqual(MAX + 2);
    expect(handled).toHaveLength(3 + 6 * MAX + 2);
    await second.stop();
    await relay.stop();
    await r.quit();
    await bare.quit();
  });

  it('exports each group’s lag, and handles a burst of events in few transactions', async () => {
    const r = redis();
    const registry = new Registry();
    const topic = Topics.reservationConfirmed;
    const relay = startRelay({ orm: producer, redis: r, schema: 'producer', service: 'producer', log });
    let transactions = 0;
    let last: unknown = null;
    const consume = () =>
      startConsumer({
        orm: consumerOrm,
        redis: r,
        schema: 'consumer',
        group: 'bursty',
        topics: [topic],
        log,
        metrics: registry,
        lagIntervalMs: 50,
        handle: async (em) => {
          const tx = em.getTransactionContext();
          if (tx !== last) transactions++;
          last = tx;
        },
      });
    const consumer = consume();
    await consumer.drain();
    await consumer.stop(); // the group exists; let 200 events pile up, then measure the lag
    await producer.orm.em.fork().transactional(async (em) => {
      for (let i = 0; i < 200; i++) {
        await recordEvent(em, 'producer', untypedEvent(topic, `k${i % 50}`, { i }));
      }
    });
    await relay.flush();
    const lagged = consume();
    await lagged.drain();
    // 200 events of 50 aggregates, read 100 at a time, each read dealt to 4 transactions: about 8, never 200.
    expect(transactions).toBeGreaterThan(0);
    expect(transactions).toBeLessThanOrEqual(12);
    await new Promise((res) => setTimeout(res, 120));
    const text = await registry.metrics();
    expect(text).toMatch(
      /tiketi_event_consumer_lag\{group="bursty",topic="seating.reservation.confirmed"\} 0/,
    );
    expect(text).toMatch(/tiketi_events_handled_total\{group="bursty"\} 200/);
    await lagged.stop();
    await relay.stop();
    await r.quit();
  });
});
