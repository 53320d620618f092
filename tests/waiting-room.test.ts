import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queueKnows, type Seat, seatEvent, tokenMinter, until, watch } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The waiting room end to end: real auth, catalog, seating and queue behind the real router, real Redis and
 * Postgres. Buyers join and leave over the router's HTTP endpoint, watch their place over its graphql-ws
 * endpoint (`queuePosition` goes upstream to queue), and hold seats with the pass they were admitted with.
 */
const tokens = tokenMinter();
const eventId = SEED_IDS.events.iuHereh;

const TICKET = 'eventId state position admissionPass';
const POSITION = `subscription Position($e: ID!) { queuePosition(eventId: $e) { ${TICKET} } }`;
const HOLD = `mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id seats { id status } } }`;

interface Ticket {
  eventId: string;
  state: 'WAITING' | 'ADMITTED' | 'EXPIRED' | 'LEFT';
  position: number | null;
  admissionPass: string | null;
}

let stack: Stack;
let admin: string;
let seats: Seat[];
// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
const call = (query: string, variables: Record<string, unknown>, token?: string): Promise<any> =>
  gql(stack.routerUrl, query, variables, token ? bearer(token) : {});

async function mutate(query: string, variables: Record<string, unknown>, token: string) {
  const res = await call(query, variables, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const join = async (token: string): Promise<Ticket> =>
  (await mutate(`mutation($e: ID!) { joinQueue(eventId: $e) { ${TICKET} } }`, { e: eventId }, token))
    .joinQueue;
const leave = (token: string) =>
  mutate('mutation($e: ID!) { leaveQueue(eventId: $e) }', { e: eventId }, token);

beforeAll(async () => {
  stack = await startStack({
    seating: 1,
    queue: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      // Updates to one buyer at most every 100 ms instead of every second: the test walks a line of four.
      queue: { QUEUE_UPDATE_INTERVAL_MS: '100' },
    },
  });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  seats = await seatEvent(stack, eventId, admin);
  // Queue learns the event from catalog's `catalog.event.changed`, as seating did.
  await queueKnows(stack, eventId);
  // One shopper at a time, the room forced on: every buyer after the first waits.
  await mutate(
    'mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { mode } }',
    { e: eventId, i: { mode: 'ON', capacity: 1 } },
    admin,
  );
});
afterAll(() => stack?.stop());

describe('through the router', () => {
  it("a buyer's queuePosition shows the place falling, then ADMITTED with a pass that holds seats", async () => {
    const ahead = [tokens.buyer(), tokens.buyer(), tokens.buyer()];
    const me = tokens.buyer();
    expect((await join(ahead[0]!)).state).toBe('ADMITTED');
    for (const token of ahead.slice(1)) expect((await join(token)).state).toBe('WAITING');
    expect(await join(me)).toMatchObject({ state: 'WAITING', position: 3, admissionPass: null });

    const watcher = watch<{ queuePosition: Ticket }>(
      stack.router.wsUrl,
      { query: POSITION, variables: { e: eventId } },
      bearer(me),
    );
    const latest = () => watcher.results.at(-1)?.data?.queuePosition;
    try {
      await watcher.next(1, 10_000);
      expect(watcher.results[0]!.errors).toBeUndefined();
      expect(latest()).toMatchObject({ eventId, state: 'WAITING', position: 3 });
      // Each leave admits the next in line, and the watcher moves up one place.
      for (const [i, token] of ahead.entries()) {
        await leave(token);
        const expected = i < 2 ? { state: 'WAITING', position: 2 - i } : { state: 'ADMITTED' };
        await until(
          () => latest()?.state === expected.state && latest()?.position === (expected.position ?? null),
          10_000,
          JSON.stringify(expected),
        );
      }
      expect(watcher.results.every((r) => r.errors === undefined)).toBe(true);
      // Every place on the way, in order (a refresh may repeat one).
      const places = watcher.results.map((r) => r.data!.queuePosition.position);
      expect(places.filter((p, i) => i === 0 || p !== places[i - 1])).toEqual([3, 2, 1, null]);
      const pass = latest()!.admissionPass;
      expect(pass).toEqual(expect.any(String));

      const input = { eventId, seatIds: [seats[0]!.id] };
      const without = await call(HOLD, { input }, me);
      expect(without.errors?.[0]?.extensions).toMatchObject({
        code: 'QUEUE_PASS_REQUIRED',
        reason: 'missing',
      });
      const someoneElse = await call(HOLD, { input: { ...input, admissionPass: pass } }, tokens.buyer());
      expect(someoneElse.errors?.[0]?.extensions).toMatchObject({
        code: 'QUEUE_PASS_REQUIRED',
        reason: 'other-buyer',
      });
      const held = await call(HOLD, { input: { ...input, admissionPass: pass } }, me);
      expect(held.errors).toBeUndefined();
      expect(held.data.holdSeats.seats).toEqual([{ id: seats[0]!.id, status: 'HELD' }]);
    } finally {
      await watcher.dispose();
    }
  });

  it('refuses an anonymous queuePosition with UNAUTHENTICATED', async () => {
    const watcher = watch<{ queuePosition: Ticket }>(stack.router.wsUrl, {
      query: POSITION,
      variables: { e: eventId },
    });
    try {
      const result = await watcher.next(1, 10_000);
      expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    } finally {
      await watcher.dispose();
    }
  });

  it('admin-only operations refuse buyers with FORBIDDEN; admins get them', async () => {
    const buyer = tokens.buyer();
    const operations = {
      configureQueue: [
        'mutation($e: ID!) { configureQueue(eventId: $e, input: { paused: true }) { paused } }',
        { e: eventId },
      ],
      forceAdmit: [
        'mutation($e: ID!, $u: ID!) { forceAdmit(eventId: $e, userId: $u) { state } }',
        { e: eventId, u: '00000000-0000-4000-8000-000000000001' },
      ],
      'Event.queue admin fields': [
        'query($e: ID!) { event(id: $e) { title queue { enabled mode capacity activeShoppers } } }',
        { e: eventId },
      ],
      queueStats: ['query($e: ID!) { queueStats(eventId: $e) { inLine } }', { e: eventId }],
    } as const;
    for (const [name, [query, variables]] of Object.entries(operations)) {
      const res = await call(query, variables, buyer);
      expect(res.errors?.length, name).toBeGreaterThan(0);
      expect(
        res.errors.map((e: { extensions: { code: string } }) => e.extensions.code),
        name,
      ).toContain('FORBIDDEN');
    }
    // Nothing changed: the room is not paused.
    const publicView = await call('query($e: ID!) { event(id: $e) { queue { enabled paused waiting } } }', {
      e: eventId,
    });
    expect(publicView.errors).toBeUndefined();
    expect(publicView.data.event.queue).toMatchObject({ enabled: true, paused: false });

    const asAdmin = await call(operations['Event.queue admin fields'][0], { e: eventId }, admin);
    expect(asAdmin.errors).toBeUndefined();
    expect(asAdmin.data.event.queue).toMatchObject({ enabled: true, mode: 'ON', capacity: 1 });
  });
});
