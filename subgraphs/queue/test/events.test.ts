import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import {
  createLogger,
  createOrm,
  createRedis,
  type Orm,
  outboxNotifySql,
  outboxTablesSql,
  projectCatalogEvent,
  type Relay,
  recordEvent,
  startRelay,
  type Topic,
  Topics,
} from '@tiketi/kit';
import { untypedEvent } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_KEY } from '../src/index.ts';
import { buyer, type QueueHarness, startQueue, TICKET_FIELDS } from './helpers.ts';

/**
 * Queue learns events and purchases from other subgraphs' durable domain events, through the real path:
 * a producer's outbox → relay → Redis stream → queue's consumer group.
 */
let q: QueueHarness;
let producer: Orm;
let redis: Redis;
let relay: Relay;

class ProducerOutbox extends Migration {
  override async up() {
    for (const sql of [...outboxTablesSql('producer'), ...outboxNotifySql('producer')]) this.addSql(sql);
  }
}

beforeAll(async () => {
  q = await startQueue();
  producer = await createOrm({
    url: q.infra.databaseUrl,
    schema: 'producer',
    entities: [],
    migrations: [{ name: 'ProducerOutbox', class: ProducerOutbox }],
  });
  await producer.migrate();
  redis = createRedis({ url: q.infra.redisUrl, prefix: q.infra.redisPrefix });
  relay = startRelay({
    orm: producer,
    redis,
    schema: 'producer',
    service: 'producer',
    log: createLogger('test', 'silent'),
  });
});
afterAll(async () => {
  await relay?.stop();
  redis?.disconnect();
  await producer?.close();
  await q?.dispose();
});

async function publish(topic: Topic, key: string, payload: unknown) {
  await producer.orm.em
    .fork()
    .transactional((em) => recordEvent(em, 'producer', untypedEvent(topic, key, payload)));
  await relay.flush();
  await q.service.consumer.drain();
}

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString();
const JOIN = `mutation($e: ID!) { joinQueue(eventId: $e) { ${TICKET_FIELDS} } }`;
const MY_TICKET = `query($e: ID!) { myQueueTicket(eventId: $e) { ${TICKET_FIELDS} } }`;

describe('domain events', () => {
  it('catalog.event.changed: an announced event can be joined; its sale opening places the pre-queue', async () => {
    const id = randomUUID();
    const event = {
      id,
      title: 'IU HEREH',
      status: 'SCHEDULED',
      saleStartsAt: inHours(1),
      startsAt: inHours(72),
    };
    const early = buyer();
    expect((await q.call(JOIN, { e: id }, early)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    await publish(Topics.catalogEventChanged, id, { ...event, deletedAt: null });
    const waiting = await q.call(JOIN, { e: id }, early);
    expect(waiting.data?.joinQueue).toMatchObject({ state: 'WAITING', position: null });
    expect(Date.parse(waiting.data?.joinQueue.opensAt)).toBe(Date.parse(event.saleStartsAt));

    // The admin opens the sale early in catalog: queue places the pre-queue at once.
    await publish(Topics.catalogEventChanged, id, { ...event, status: 'ON_SALE', deletedAt: null });
    expect((await q.call(MY_TICKET, { e: id }, early)).data?.myQueueTicket).toMatchObject({
      state: 'ADMITTED',
    });

    // A replayed older state changes nothing.
    const stale = await q.service.orm.orm.em
      .fork()
      .transactional((em) =>
        projectCatalogEvent(em, 'queue', { ...event, deletedAt: null }, new Date(Date.now() - 60_000)),
      );
    expect(stale).toBe('stale');
    const [row] = await q.sql<{ status: string }>('select status from queue.events where event_id = ?', [id]);
    expect(row?.status).toBe('ON_SALE');

    // Deleted in catalog: nobody new gets in.
    await publish(Topics.catalogEventChanged, id, {
      ...event,
      status: 'ON_SALE',
      deletedAt: new Date().toISOString(),
    });
    expect((await q.call(JOIN, { e: id }, buyer())).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('seating.reservation.confirmed: a completed purchase frees the slot for the next in line', async () => {
    const eventId = await q.event();
    await q.configure(eventId, { mode: 'ON', capacity: 1 });
    const [a, b] = [buyer(), buyer()];
    expect((await q.join(eventId, a)).state).toBe('ADMITTED');
    expect((await q.join(eventId, b)).position).toBe(1);

    await publish(Topics.reservationConfirmed, randomUUID(), {
      reservationId: randomUUID(),
      eventId,
      userId: a.userId,
      paymentId: 'pay_1',
      amount: 120_000,
      seatCount: 1,
    });
    expect((await q.call(MY_TICKET, { e: eventId }, a)).data?.myQueueTicket.state).toBe('LEFT');
    expect((await q.call(MY_TICKET, { e: eventId }, b)).data?.myQueueTicket.state).toBe('ADMITTED');
  });

  it('queue.admitted: every admission lands in the audit log once, also when the stream is delivered again', async () => {
    const eventId = await q.event();
    const buyers = Array.from({ length: 30 }, buyer);
    for (const b of buyers) expect((await q.join(eventId, b)).state).toBe('ADMITTED');
    const logged = async () =>
      q.sql<{ user_id: string; via: string; admitted_by: string }>(
        'select user_id, via, admitted_by from queue.admissions where event_id = ? order by admit_no',
        [eventId],
      );
    await q.service.archive.drain();
    const first = await logged();
    expect(first.map((r) => r.user_id)).toEqual(buyers.map((b) => b.userId));
    expect(new Set(first.map((r) => r.via))).toEqual(new Set(['line']));

    // The archive's consumer group starts over from the beginning of the stream: nothing is recorded twice.
    await redis.xgroup('SETID', STREAM_KEY, 'queue-audit', '0');
    await q.service.archive.drain();
    expect(await logged()).toEqual(first);
  });
});
