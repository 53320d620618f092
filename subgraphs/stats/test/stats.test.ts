import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import {
  createLogger,
  createOrm,
  createRedis,
  type Identity,
  type Orm,
  outboxNotifySql,
  outboxTablesSql,
  type Relay,
  startRelay,
  type Topic,
  type TopicInputMap,
  Topics,
} from '@tiketi/kit';
import { asRouter, createTestInfra, gql, type TestInfra } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, loadConfig, type StatsService } from '../src/index.ts';

/**
 * stats learns everything from the other services' domain events, through the real path: a producer's outbox
 * → relay → Redis stream → stats' consumer group. The producer here writes its outbox rows by hand so each
 * event can say when it happened (days are counted in Korea).
 */
const ADMIN: Identity = { userId: randomUUID(), role: 'ADMIN' };
const BUYER: Identity = { userId: randomUUID(), role: 'USER' };

let infra: TestInfra;
let stats: StatsService;
let producer: Orm;
let redis: Redis;
let relay: Relay;

class ProducerOutbox extends Migration {
  override async up() {
    for (const sql of [...outboxTablesSql('producer'), ...outboxNotifySql('producer')]) this.addSql(sql);
  }
}

beforeAll(async () => {
  infra = await createTestInfra();
  stats = await bootstrap(loadConfig(infra.env()));
  producer = await createOrm({
    url: infra.databaseUrl,
    schema: 'producer',
    entities: [],
    migrations: [{ name: 'ProducerOutbox', class: ProducerOutbox }],
  });
  await producer.migrate();
  redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
  relay = startRelay({
    orm: producer,
    redis,
    schema: 'producer',
    service: 'producer',
    log: createLogger('test', 'silent'),
    wakeOnCommit: false,
    sweepIntervalMs: 60_000,
  });
});
afterAll(async () => {
  await relay?.stop();
  redis?.disconnect();
  await producer?.close();
  await stats?.stop();
  await infra?.dispose();
});

const producerSql = <Row>(text: string, params: unknown[] = []) =>
  producer.orm.em.fork().getConnection().execute<Row[]>(text, params);

/** Writes the event to the producer's outbox as having happened at `at`; returns its outbox id. */
async function record<T extends Topic>(
  topic: T,
  key: string,
  payload: TopicInputMap[T],
  at: string,
): Promise<string> {
  const [row] = await producerSql<{ id: string }>(
    'insert into producer.outbox (topic, key, payload, occurred_at) values (?, ?, ?::jsonb, ?::timestamptz) returning id',
    [topic, key, JSON.stringify(payload), at],
  );
  return row!.id;
}

async function deliver() {
  await relay.flush();
  await stats.drainEvents();
}

const call = (query: string, variables?: Record<string, unknown>, identity: Identity = ADMIN) =>
  gql(stats.url, query, variables, asRouter(identity));

const STATS = `query Stats($from: Date!, $to: Date!, $first: Int! = 10) {
  salesStats(from: $from, to: $to) {
    from to
    days { date grossRevenue refunded netRevenue orders ticketsSold ticketsCancelled newUsers totalUsers }
    totals { grossRevenue refunded netRevenue orders ticketsSold ticketsCancelled newUsers totalUsers }
    topEvents(first: $first) { event { id } orders ticketsSold revenue }
  }
}`;

const confirmed = (r: { id: string; eventId: string; amount: number; seats: number }) => ({
  reservationId: r.id,
  eventId: r.eventId,
  userId: randomUUID(),
  paymentId: randomUUID(),
  amount: r.amount,
  seatCount: r.seats,
});
const registered = (at: string) => ({ userId: randomUUID(), method: 'password' as const, registeredAt: at });

describe('stats', () => {
  const concert = randomUUID();
  const musical = randomUUID();
  const orders = {
    // 23:30 on 24 December in Korea is still the 24th there (14:30 UTC).
    lateEve: { id: randomUUID(), eventId: concert, amount: 300_000, seats: 2 },
    // 00:30 on the 25th in Korea, though the 24th in UTC.
    christmas: { id: randomUUID(), eventId: concert, amount: 150_000, seats: 1 },
    cancelled: { id: randomUUID(), eventId: musical, amount: 480_000, seats: 4 },
    partlyRefunded: { id: randomUUID(), eventId: musical, amount: 200_000, seats: 2 },
  };

  beforeAll(async () => {
    await record(
      Topics.catalogEventChanged,
      concert,
      {
        id: concert,
        title: '아이유 콘서트',
        status: 'SCHEDULED',
        saleStartsAt: '2026-12-01T11:00:00.000Z',
        startsAt: '2026-12-31T10:00:00.000Z',
        deletedAt: null,
      },
      '2026-12-01T00:00:00Z',
    );
    await record(Topics.userRegistered, 'u0', registered('2026-12-20T03:00:00.000Z'), '2026-12-20T03:00:00Z');
    await record(Topics.userRegistered, 'u1', registered('2026-12-24T14:59:00.000Z'), '2026-12-24T14:59:00Z');
    await record(Topics.userRegistered, 'u2', registered('2026-12-24T15:01:00.000Z'), '2026-12-24T15:01:00Z');
    await record(
      Topics.reservationConfirmed,
      orders.lateEve.id,
      confirmed(orders.lateEve),
      '2026-12-24T14:30:00Z',
    );
    await record(
      Topics.reservationConfirmed,
      orders.christmas.id,
      confirmed(orders.christmas),
      '2026-12-24T15:30:00Z',
    );
    // The buyer cancels on the 26th: its seats come back that day and its money goes back.
    await record(
      Topics.reservationConfirmed,
      orders.cancelled.id,
      confirmed(orders.cancelled),
      '2026-12-24T01:00:00Z',
    );
    await record(
      Topics.reservationCancelled,
      orders.cancelled.id,
      {
        reservationId: orders.cancelled.id,
        eventId: randomUUID(),
        userId: randomUUID(),
        paymentId: null,
        wasConfirmed: true,
        amount: 480_000,
        reason: 'buyer',
      },
      '2026-12-26T02:00:00Z',
    );
    await record(
      Topics.paymentCancelled,
      orders.cancelled.id,
      {
        reservationId: orders.cancelled.id,
        paymentId: randomUUID(),
        amount: 480_000,
        refundedAmount: 480_000,
        full: true,
      },
      '2026-12-26T02:00:01Z',
    );
    // A partial refund: the order stands, 50,000 went back.
    await record(
      Topics.reservationConfirmed,
      orders.partlyRefunded.id,
      confirmed(orders.partlyRefunded),
      '2026-12-25T05:00:00Z',
    );
    await record(
      Topics.paymentCancelled,
      orders.partlyRefunded.id,
      {
        reservationId: orders.partlyRefunded.id,
        paymentId: randomUUID(),
        amount: 50_000,
        refundedAmount: 50_000,
        full: false,
      },
      '2026-12-26T05:00:00Z',
    );
    // Sold nothing, so counts nothing: a reservation cancelled before payment, and a payment refunded because
    // its seats were lost (its reservation was never confirmed).
    const unpaid = randomUUID();
    await record(
      Topics.reservationCancelled,
      unpaid,
      {
        reservationId: unpaid,
        eventId: randomUUID(),
        userId: randomUUID(),
        paymentId: null,
        wasConfirmed: false,
        amount: 99_000,
        reason: 'buyer',
      },
      '2026-12-25T06:00:00Z',
    );
    const lost = randomUUID();
    await record(
      Topics.paymentCancelled,
      lost,
      { reservationId: lost, paymentId: randomUUID(), amount: 77_000, refundedAmount: 77_000, full: true },
      '2026-12-25T07:00:00Z',
    );
    await deliver();
  });

  it('counts each Korean calendar day: sales, refunds, cancellations and sign-ups, empty days as zeros', async () => {
    const res = await call(STATS, { from: '2026-12-23', to: '2026-12-27' });
    expect(res.errors).toBeUndefined();
    const { days, totals } = res.data!.salesStats;
    expect(days.map((d: { date: string }) => d.date)).toEqual([
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-26',
      '2026-12-27',
    ]);
    const zero = {
      grossRevenue: 0,
      refunded: 0,
      netRevenue: 0,
      orders: 0,
      ticketsSold: 0,
      ticketsCancelled: 0,
      newUsers: 0,
    };
    expect(days[0]).toEqual({ date: '2026-12-23', ...zero, totalUsers: 1 });
    expect(days[1]).toEqual({
      date: '2026-12-24',
      ...zero,
      grossRevenue: 780_000,
      netRevenue: 780_000,
      orders: 2,
      ticketsSold: 6,
      newUsers: 1,
      totalUsers: 2,
    });
    expect(days[2]).toEqual({
      date: '2026-12-25',
      ...zero,
      grossRevenue: 350_000,
      netRevenue: 350_000,
      orders: 2,
      ticketsSold: 3,
      newUsers: 1,
      totalUsers: 3,
    });
    expect(days[3]).toEqual({
      date: '2026-12-26',
      ...zero,
      refunded: 530_000,
      netRevenue: -530_000,
      ticketsCancelled: 4,
      totalUsers: 3,
    });
    expect(days[4]).toEqual({ date: '2026-12-27', ...zero, totalUsers: 3 });
    expect(totals).toEqual({
      grossRevenue: 1_130_000,
      refunded: 530_000,
      netRevenue: 600_000,
      orders: 4,
      ticketsSold: 9,
      ticketsCancelled: 4,
      newUsers: 2,
      totalUsers: 3,
    });
  });

  it('ranks events by tickets that stand, net of refunds, and gives an event its all-time sales', async () => {
    const res = await call(STATS, { from: '2026-12-24', to: '2026-12-25' });
    expect(res.data!.salesStats.topEvents).toEqual([
      { event: { id: concert }, orders: 2, ticketsSold: 3, revenue: 450_000 },
      { event: { id: musical }, orders: 1, ticketsSold: 2, revenue: 150_000 },
    ]);
    const top1 = await call(STATS, { from: '2026-12-24', to: '2026-12-25', first: 1 });
    expect(top1.data!.salesStats.topEvents.map((e: { event: { id: string } }) => e.event.id)).toEqual([
      concert,
    ]);
    // Only the 24th in Korea: the concert's Christmas order is the 25th's.
    const eve = await call(STATS, { from: '2026-12-24', to: '2026-12-24' });
    expect(eve.data!.salesStats.topEvents).toEqual([
      { event: { id: concert }, orders: 1, ticketsSold: 2, revenue: 300_000 },
    ]);

    const nobody = randomUUID();
    const entities = await call(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Event { id sales { orders ticketsSold revenue } } } }`,
      {
        reps: [
          { __typename: 'Event', id: concert },
          { __typename: 'Event', id: musical },
          { __typename: 'Event', id: nobody },
        ],
      },
    );
    expect(entities.errors).toBeUndefined();
    expect(entities.data!._entities).toEqual([
      { id: concert, sales: { orders: 2, ticketsSold: 3, revenue: 450_000 } },
      { id: musical, sales: { orders: 1, ticketsSold: 2, revenue: 150_000 } },
      { id: nobody, sales: { orders: 0, ticketsSold: 0, revenue: 0 } },
    ]);
  });

  it('counts an event once however often it is delivered, and in whatever order the streams bring them', async () => {
    const before = (await call(STATS, { from: '2026-12-28', to: '2026-12-28' })).data!.salesStats.totals;
    expect(before.orders).toBe(0);
    // The cancellation overtakes the confirmation it undoes (they travel on different streams).
    const order = { id: randomUUID(), eventId: concert, amount: 100_000, seats: 1 };
    await record(
      Topics.reservationCancelled,
      order.id,
      {
        reservationId: order.id,
        eventId: randomUUID(),
        userId: randomUUID(),
        paymentId: null,
        wasConfirmed: true,
        amount: 100_000,
        reason: 'buyer',
      },
      '2026-12-28T09:00:00Z',
    );
    await deliver();
    const outboxId = await record(
      Topics.reservationConfirmed,
      order.id,
      confirmed(order),
      '2026-12-28T08:00:00Z',
    );
    await deliver();
    // The relay died between XADD and marking the row published: the same event goes out again.
    await producerSql('update producer.outbox set published_at = null where id = ?', [outboxId]);
    await deliver();
    const entries = await redis.xrange(`events:${Topics.reservationConfirmed}`, '-', '+');
    expect(entries.filter(([, fields]) => fields[1]?.includes(order.id))).toHaveLength(2);

    const after = (await call(STATS, { from: '2026-12-28', to: '2026-12-28' })).data!.salesStats;
    expect(after.totals).toMatchObject({
      orders: 1,
      ticketsSold: 1,
      ticketsCancelled: 1,
      grossRevenue: 100_000,
    });
    expect(after.topEvents).toEqual([]);
  });

  it('answers only administrators', async () => {
    const asBuyer = await call(STATS, { from: '2026-12-24', to: '2026-12-25' }, BUYER);
    expect(asBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(asBuyer.data).toBeNull();
    const anonymous = await call(STATS, { from: '2026-12-24', to: '2026-12-25' }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const sales = await call(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Event { id sales { orders } } } }`,
      { reps: [{ __typename: 'Event', id: concert }] },
      BUYER,
    );
    expect(sales.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(sales.data!._entities).toEqual([{ id: concert, sales: null }]);
  });

  it('gives an event its own days: orders, tickets and net revenue, cancellations and refunds the day they happened', async () => {
    const res = await call(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Event {
        id dailySales(from: "2026-12-24", to: "2026-12-26") { date orders ticketsSold ticketsCancelled netRevenue } } } }`,
      {
        reps: [
          { __typename: 'Event', id: musical },
          { __typename: 'Event', id: concert },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    const [musicalDays, concertDays] = res.data!._entities.map(
      (e: { dailySales: unknown[] }) => e.dailySales,
    );
    expect(musicalDays).toEqual([
      { date: '2026-12-24', orders: 1, ticketsSold: 4, ticketsCancelled: 0, netRevenue: 480_000 },
      { date: '2026-12-25', orders: 1, ticketsSold: 2, ticketsCancelled: 0, netRevenue: 200_000 },
      { date: '2026-12-26', orders: 0, ticketsSold: 0, ticketsCancelled: 4, netRevenue: -530_000 },
    ]);
    expect(concertDays.map((d: { ticketsSold: number }) => d.ticketsSold)).toEqual([2, 1, 0]);
    const asBuyer = await call(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Event { dailySales(from: "2026-12-24", to: "2026-12-24") { date } } } }`,
      { reps: [{ __typename: 'Event', id: concert }] },
      BUYER,
    );
    expect(asBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lists the latest confirmed orders of every event, newest first, with their cancellations', async () => {
    const res = await call(
      '{ recentOrders(first: 3) { reservationId event { id } tickets amount confirmedAt cancelledAt } }',
    );
    expect(res.errors).toBeUndefined();
    const [newest, second, third] = res.data!.recentOrders;
    // The order of the out-of-order test (the 28th), cancelled an hour after it was confirmed.
    expect(newest).toMatchObject({
      event: { id: concert },
      tickets: 1,
      amount: 100_000,
      confirmedAt: '2026-12-28T08:00:00.000Z',
      cancelledAt: '2026-12-28T09:00:00.000Z',
    });
    expect(second).toMatchObject({
      reservationId: orders.partlyRefunded.id,
      cancelledAt: null,
      amount: 200_000,
    });
    expect(third).toMatchObject({ reservationId: orders.christmas.id, tickets: 1 });
    expect((await call('{ recentOrders { reservationId } }', {}, BUYER)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it("keeps every service's admin actions in one list, newest first, a page at a time", async () => {
    const actor = randomUUID();
    const actions = [
      ['catalog', 'news.publish', '2026-12-01T01:00:00Z'],
      ['queue', 'queue.configure', '2026-12-01T02:00:00Z'],
      ['payment', 'payment.refund', '2026-12-01T03:00:00Z'],
    ] as const;
    for (const [service, action, at] of actions) {
      const target = { type: 'thing', id: randomUUID() };
      await record(
        Topics.adminAction,
        target.id,
        { service, actorId: actor, action, target, details: { why: action }, at },
        at,
      );
    }
    await deliver();
    const LIST = `query($first: Int, $after: String, $service: String) {
      adminActions(first: $first, after: $after, service: $service) {
        edges { node { service action actor { id } details at } }
        pageInfo { hasNextPage endCursor } } }`;
    const page1 = await call(LIST, { first: 2 });
    expect(page1.errors).toBeUndefined();
    expect(page1.data!.adminActions.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'payment.refund',
      'queue.configure',
    ]);
    expect(page1.data!.adminActions.edges[0].node).toMatchObject({
      service: 'payment',
      actor: { id: actor },
      details: JSON.stringify({ why: 'payment.refund' }),
      at: '2026-12-01T03:00:00.000Z',
    });
    const page2 = await call(LIST, { first: 2, after: page1.data!.adminActions.pageInfo.endCursor });
    expect(page2.data!.adminActions.edges.map((e: { node: { action: string } }) => e.node.action)).toEqual([
      'news.publish',
    ]);
    expect(page2.data!.adminActions.pageInfo.hasNextPage).toBe(false);
    const queueOnly = await call(LIST, { service: 'queue' });
    expect(queueOnly.data!.adminActions.edges).toHaveLength(1);
    expect((await call(LIST, { service: 'nope' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await call(LIST, {}, BUYER)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it.each([
    [{ from: '2026-02-30', to: '2026-03-01' }, 'YYYY-MM-DD'],
    [{ from: '26-12-24', to: '2026-12-25' }, 'YYYY-MM-DD'],
    [{ from: '2026-12-25', to: '2026-12-24' }, 'must not be after'],
    [{ from: '2025-01-01', to: '2026-01-02' }, 'at most 366 days'],
    [{ from: '2026-12-24', to: '2026-12-25', first: 0 }, 'between 1 and 100'],
  ])('refuses %j with BAD_USER_INPUT', async (variables, message) => {
    const res = await call(STATS, variables);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.message).toContain(message);
  });
});
