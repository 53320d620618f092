import { createLogger, createRedis, type DomainEvent, startConsumer, Topics } from '@tiketi/kit';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventChangedPayload } from '../src/modules/event/event-changed.ts';
import { ADMIN, type CatalogHarness, startCatalog } from './helpers.ts';

/**
 * Catalog announces event changes as durable domain events (`catalog.event.changed`) through its outbox; a
 * consumer group on the real Redis stream receives exactly the committed changes.
 */
let catalog: CatalogHarness;
let received: DomainEvent<EventChangedPayload>[];
let consumer: ReturnType<typeof startConsumer>;
let redis: Redis;
const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

beforeAll(async () => {
  catalog = await startCatalog();
  // The consumer records what it sees in its own inbox table; a scratch schema stands in for seating.
  await catalog.sql('create schema scratch');
  await catalog.sql(
    'create table scratch.inbox (event_id text primary key, topic text not null, processed_at timestamptz not null default now())',
  );
  received = [];
  redis = createRedis({ url: catalog.infra.redisUrl, prefix: catalog.infra.redisPrefix });
  consumer = startConsumer({
    orm: catalog.service.orm,
    redis,
    schema: 'scratch',
    group: 'test-consumer',
    topics: [Topics.catalogEventChanged],
    log: createLogger('test', 'silent'),
    handle: async (_em, event) => {
      received.push(event as DomainEvent<EventChangedPayload>);
    },
  });
});
afterAll(async () => {
  await consumer?.stop();
  await redis?.quit();
  await catalog?.dispose();
});

const CREATE = 'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }';
const UPDATE = 'mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }';

describe('catalog.event.changed', () => {
  it('announces the seed, every create, update and delete — and nothing for a refused change', async () => {
    const until = async (done: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    };
    await until(() => received.some((e) => e.key === catalog.seed.events.iuHereh));
    expect(received.some((e) => e.key === catalog.seed.events.iuHereh)).toBe(true);

    const input = {
      title: '이벤트 알림 테스트',
      category: 'concert',
      venueId: catalog.seed.venues.kspoDome,
      startsAt: days(40),
      saleStartsAt: days(5),
      status: 'SCHEDULED',
    };
    const created = await catalog.call<{ createEvent: { id: string } }>(CREATE, { input }, ADMIN);
    const id = created.data!.createEvent.id;
    await catalog.call(UPDATE, { id, input: { saleStartsAt: days(2) } }, ADMIN);
    // Refused: the sale cannot start after the show. Nothing may be announced for it.
    const refused = await catalog.call(UPDATE, { id, input: { saleStartsAt: days(60) } }, ADMIN);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    await catalog.call('mutation($id: ID!) { deleteEvent(id: $id) }', { id }, ADMIN);

    await until(() => received.filter((e) => e.key === id).length >= 3);
    await consumer.drain();
    const mine = received.filter((e) => e.key === id).map((e) => e.payload);
    expect(mine).toHaveLength(3);
    expect(mine[0]).toMatchObject({ id, title: input.title, status: 'SCHEDULED', deletedAt: null });
    expect(Date.parse(mine[0]!.saleStartsAt)).toBe(Date.parse(input.saleStartsAt));
    expect(Date.parse(mine[1]!.saleStartsAt)).toBeLessThan(Date.parse(input.saleStartsAt));
    expect(mine[2]!.deletedAt).not.toBeNull();
    expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
  });
});
