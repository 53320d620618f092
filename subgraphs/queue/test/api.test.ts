import { randomUUID } from 'node:crypto';
import { isWaitingRoomOn, verifyAdmissionPass } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_KEY } from '../src/index.ts';
import { ADMIN, buyer, iso, type QueueHarness, sleep, startQueue, TICKET_FIELDS } from './helpers.ts';

/** The queue subgraph over real HTTP (as the router calls it), on the real Postgres and Redis. */
let q: QueueHarness;
const PASS_SECRET = 'test-queue-pass-secret-0123456789abcdef0123';

beforeAll(async () => {
  q = await startQueue({ QUEUE_PASS_SECRET: PASS_SECRET });
});
afterAll(async () => {
  await q?.dispose();
});

const LEAVE = 'mutation($e: ID!) { leaveQueue(eventId: $e) }';
const MY_TICKET = `query($e: ID!) { myQueueTicket(eventId: $e) { ${TICKET_FIELDS} } }`;

/** Buyers admitted to an event so far, in admission order, from the admission step's own record. */
async function admissionOrder(
  eventId: string,
): Promise<{ userId: string; joinSeq: number | null; by: string }[]> {
  const entries = (await q.service.queue.line.redis.xrange(STREAM_KEY, '-', '+')) as [string, string[]][];
  return entries
    .map(([, fields]) => JSON.parse(fields[1] ?? '{}').payload)
    .filter((p) => p.eventId === eventId);
}

describe('joining and admission', () => {
  // ~2,200 requests: seconds here, longer on a busy machine.
  it('1,000 concurrent joins, then admission in steps: admitted exactly in the order the joins were accepted', {
    timeout: 90_000,
  }, async () => {
    const eventId = await q.event();
    await q.configure(eventId, { mode: 'ON', paused: true, capacity: 100 });
    const buyers = Array.from({ length: 1_000 }, buyer);
    const tickets = await Promise.all(buyers.map((b) => q.join(eventId, b)));

    // Every join was accepted with its own number; while nobody leaves, the place in line is the number.
    const numbers = tickets.map((t) => t.number as number);
    expect(new Set(numbers).size).toBe(1_000);
    const first = Math.min(...numbers);
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 1_000 }, (_, i) => first + i));
    for (const t of tickets) {
      expect(t.state).toBe('WAITING');
      expect(t.position).toBe(t.number - first + 1);
    }
    const numberOf = new Map(buyers.map((b, i) => [b.userId, numbers[i] as number]));
    const byNumber = [...buyers].sort(
      (a, b) => (numberOf.get(a.userId) ?? 0) - (numberOf.get(b.userId) ?? 0),
    );

    // Resume: the room admits the first 100 at once.
    const status = await q.configure(eventId, { paused: false });
    expect(status).toMatchObject({ enabled: true, paused: false, activeShoppers: 100, waiting: 900 });
    let admitted = await admissionOrder(eventId);
    expect(admitted.map((a) => a.userId)).toEqual(byNumber.slice(0, 100).map((b) => b.userId));

    // Then in steps: each admitted buyer finishes (leaves), and the next in line take the freed slots.
    for (let step = 1; step < 10; step++) {
      const done = byNumber.slice((step - 1) * 100, step * 100);
      await Promise.all(done.map((b) => q.call(LEAVE, { e: eventId }, b)));
      admitted = await admissionOrder(eventId);
      expect(admitted).toHaveLength((step + 1) * 100);
      // Everyone still waiting moved up by the 100 admitted.
      const waiter = byNumber[(step + 1) * 100 + 7];
      if (waiter) {
        const mine = await q.call(MY_TICKET, { e: eventId }, waiter);
        expect(mine.data?.myQueueTicket).toMatchObject({ state: 'WAITING', position: 8 });
      }
    }
    expect(admitted.map((a) => a.userId)).toEqual(byNumber.map((b) => b.userId));
    expect(admitted.map((a) => a.joinSeq)).toEqual([...numbers].sort((a, b) => a - b));

    // The audit log in Postgres receives every admission once, in the same order.
    await q.service.archive.drain();
    const rows = await q.sql<{ user_id: string; join_seq: string }>(
      'select user_id, join_seq from queue.admissions where event_id = ? order by admit_no',
      [eventId],
    );
    expect(rows.map((r) => r.user_id)).toEqual(byNumber.map((b) => b.userId));
  });

  it('a rejoin keeps the place; a leave moves everyone behind up by one', async () => {
    const eventId = await q.event();
    await q.configure(eventId, { mode: 'ON', capacity: 1 });
    const [a, b, c, d] = [buyer(), buyer(), buyer(), buyer()];
    expect((await q.join(eventId, a)).state).toBe('ADMITTED');
    const HEARTBEAT = `mutation($e: ID!) { queueHeartbeat(eventId: $e) { state expiresAt } }`;
    expect((await q.call(HEARTBEAT, { e: eventId }, a)).data?.queueHeartbeat.state).toBe('ADMITTED');
    expect((await q.call(HEARTBEAT, { e: eventId }, b)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const tb = await q.join(eventId, b);
    const tc = await q.join(eventId, c);
    const td = await q.join(eventId, d);
    expect([tb.position, tc.position, td.position]).toEqual([1, 2, 3]);

    // Rejoining (a refresh, a second tab) changes nothing.
    const again = await q.join(eventId, c);
    expect(again).toMatchObject({ state: 'WAITING', position: 2, number: tc.number });
    expect((await q.join(eventId, a)).state).toBe('ADMITTED');
    // The id spelt in upper case is the same room, and the pass names the event as seating checks it.
    expect(await q.join(eventId.toUpperCase(), c)).toMatchObject({ eventId, position: 2, number: tc.number });
    const upper = await q.join(eventId.toUpperCase(), a);
    expect(upper).toMatchObject({ eventId, state: 'ADMITTED' });
    expect(verifyAdmissionPass(PASS_SECRET, upper.admissionPass, { userId: a.userId, eventId }).ok).toBe(
      true,
    );

    // b leaves: c and d move up; b's ticket says LEFT.
    expect((await q.call(LEAVE, { e: eventId }, b)).data?.leaveQueue).toBe(true);
    expect((await q.call(MY_TICKET, { e: eventId }, c)).data?.myQueueTicket).toMatchObject({ position: 1 });
    expect((await q.call(MY_TICKET, { e: eventId }, d)).data?.myQueueTicket).toMatchObject({ position: 2 });
    expect((await q.call(MY_TICKET, { e: eventId }, b)).data?.myQueueTicket).toMatchObject({ state: 'LEFT' });
    expect((await q.call(LEAVE, { e: eventId }, b)).data?.leaveQueue).toBe(false);

    // The admitted buyer leaves: c is admitted within the same step, d is next.
    await q.call(LEAVE, { e: eventId }, a);
    expect((await q.call(MY_TICKET, { e: eventId }, c)).data?.myQueueTicket).toMatchObject({
      state: 'ADMITTED',
    });
    expect((await q.call(MY_TICKET, { e: eventId }, d)).data?.myQueueTicket).toMatchObject({ position: 1 });

    // b joins again after leaving: a new place at the back.
    const back = await q.join(eventId, b);
    expect(back.position).toBe(2);
    expect(back.number).toBeGreaterThan(td.number);
  });

  it('AUTO: admits at once while there is room, turns on at capacity, off again when the line is empty', async () => {
    const eventId = await q.event();
    await q.configure(eventId, { capacity: 2 });
    const [a, b, c] = [buyer(), buyer(), buyer()];
    const ta = await q.join(eventId, a);
    expect(ta.state).toBe('ADMITTED');
    const check = verifyAdmissionPass(PASS_SECRET, ta.admissionPass, { userId: a.userId, eventId });
    expect(check.ok).toBe(true);
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(false);

    expect((await q.join(eventId, b)).state).toBe('ADMITTED');
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(true);
    expect(await q.join(eventId, c)).toMatchObject({ state: 'WAITING', position: 1 });

    await q.call(LEAVE, { e: eventId }, a);
    expect((await q.call(MY_TICKET, { e: eventId }, c)).data?.myQueueTicket.state).toBe('ADMITTED');
    // Full again (b and c): still on. One leaves and nobody waits: off.
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(true);
    await q.call(LEAVE, { e: eventId }, b);
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(false);

    // OFF forced by an admin: everyone is let in, beyond capacity.
    await q.configure(eventId, { mode: 'OFF' });
    const [d, e, f] = [buyer(), buyer(), buyer()];
    for (const x of [d, e, f]) expect((await q.join(eventId, x)).state).toBe('ADMITTED');
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(false);
    // ON forced: holds need passes even with room to spare.
    await q.configure(eventId, { mode: 'ON', capacity: 100 });
    expect(await isWaitingRoomOn(q.service.queue.line.redis, eventId)).toBe(true);
  });

  it('buyers who join before the sale opens wait in the pre-queue, then get places 1..n once it opens', async () => {
    const opensAt = Date.now() + 2_500;
    const eventId = await q.event({ saleStartsAt: new Date(opensAt).toISOString() });
    await q.configure(eventId, { mode: 'ON', paused: true });
    const early = Array.from({ length: 5 }, buyer);
    for (const b of early) {
      const t = await q.join(eventId, b);
      expect(Date.now()).toBeLessThan(opensAt);
      expect(t).toMatchObject({ state: 'WAITING', position: null, number: null });
      expect(Date.parse(t.opensAt)).toBeGreaterThan(Date.now());
    }
    await sleep(opensAt - Date.now() + 400);
    // The drivers opened the sale on their own: the pre-queue is in the line, ahead of anyone later.
    const late = await q.join(eventId, buyer());
    expect(late.position).toBe(6);
    const positions = [];
    for (const b of early) {
      const t = (await q.call(MY_TICKET, { e: eventId }, b)).data?.myQueueTicket;
      expect(t.opensAt).toBeNull();
      positions.push(t.position);
    }
    expect([...positions].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('refuses unknown, deleted and finished events; anonymous buyers must sign in', async () => {
    const unknown = await q.call(`mutation { joinQueue(eventId: "${randomUUID()}") { state } }`, {}, buyer());
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const deleted = await q.event({ deletedAt: iso(-1_000) });
    expect(
      (await q.call(`mutation { joinQueue(eventId: "${deleted}") { state } }`, {}, buyer())).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
    const draft = await q.event({ status: 'DRAFT' });
    expect(
      (await q.call(`mutation { joinQueue(eventId: "${draft}") { state } }`, {}, buyer())).errors?.[0]
        ?.extensions?.code,
    ).toBe('NOT_FOUND');
    const over = await q.event({ status: 'CANCELLED' });
    const cancelled = await q.call(`mutation { joinQueue(eventId: "${over}") { state } }`, {}, buyer());
    expect(cancelled.errors?.[0]?.extensions?.code).toBe('SALE_NOT_OPEN');

    const open = await q.event();
    const anonymous = await q.call(`mutation { joinQueue(eventId: "${open}") { state } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(
      (await q.call(`query { myQueueTicket(eventId: "${open}") { state } }`)).errors?.[0]?.extensions?.code,
    ).toBe('UNAUTHENTICATED');
    expect(
      (await q.call(`query { myQueueTicket(eventId: "${open}") { state } }`, {}, buyer())).data
        ?.myQueueTicket,
    ).toBeNull();
  });
});

describe('admin control', () => {
  it('refuses buyers with FORBIDDEN on every admin operation and field', async () => {
    const eventId = await q.event();
    const someone = buyer();
    const attempts = [
      `mutation { configureQueue(eventId: "${eventId}", input: { paused: true }) { paused } }`,
      `mutation { forceAdmit(eventId: "${eventId}", userId: "${someone.userId}") { state } }`,
      `query { queueStats(eventId: "${eventId}") { inLine } }`,
      `query { _entities(representations: [{ __typename: "Event", id: "${eventId}" }]) { ... on Event { queue { mode } } } }`,
      `query { _entities(representations: [{ __typename: "Event", id: "${eventId}" }]) { ... on Event { queue { activeShoppers } } } }`,
    ];
    for (const query of attempts) {
      const res = await q.call(query, {}, someone);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
    }
    // Nothing changed, and nobody was admitted.
    expect((await q.call(MY_TICKET, { e: eventId }, someone)).data?.myQueueTicket).toBeNull();
    const audit = await q.sql('select count(*)::int as n from queue.admin_audit_log where target_id = ?', [
      eventId,
    ]);
    expect(audit[0]?.n).toBe(0);
  });

  it('shows the public state on Event.queue and the live view to admins; force-admits ahead of the line', async () => {
    const eventId = await q.event();
    await q.configure(eventId, { mode: 'ON', capacity: 1 });
    const [a, b, c] = [buyer(), buyer(), buyer()];
    for (const x of [a, b, c]) await q.join(eventId, x);

    const pub = await q.call(
      `query { _entities(representations: [{ __typename: "Event", id: "${eventId}" }]) { ... on Event { queue { enabled paused waiting } } } }`,
    );
    expect(pub.data?._entities[0].queue).toEqual({ enabled: true, paused: false, waiting: 2 });

    const forced = await q.call(
      `mutation { forceAdmit(eventId: "${eventId}", userId: "${c.userId}") { ${TICKET_FIELDS} } }`,
      {},
      ADMIN,
    );
    expect(forced.data?.forceAdmit.state).toBe('ADMITTED');
    expect(
      verifyAdmissionPass(PASS_SECRET, forced.data?.forceAdmit.admissionPass, { userId: c.userId, eventId })
        .ok,
    ).toBe(true);
    expect((await q.call(MY_TICKET, { e: eventId }, b)).data?.myQueueTicket.position).toBe(1);

    const stats = await q.call(
      `query { queueStats(eventId: "${eventId}") {
        eventId inLine preQueue admittedLastMinute admissionRate oldestWaitSeconds saleOpensAt
        status { enabled paused waiting mode capacity activeShoppers } } }`,
      {},
      ADMIN,
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data?.queueStats).toMatchObject({
      eventId,
      inLine: 1,
      preQueue: 0,
      admittedLastMinute: 1,
      status: { enabled: true, paused: false, waiting: 1, mode: 'ON', capacity: 1, activeShoppers: 2 },
    });
    expect(stats.data?.queueStats.oldestWaitSeconds).toBeGreaterThanOrEqual(0);
    expect(stats.data?.queueStats.admissionRate).toBeGreaterThan(0);

    const audit = await q.sql<{ action: string; actor_id: string }>(
      'select action, actor_id from queue.admin_audit_log where target_id = ? order by at',
      [eventId],
    );
    expect(audit.map((r) => r.action)).toEqual(['queue.configure', 'queue.force_admit']);
    expect(audit[0]?.actor_id).toBe(ADMIN.userId);

    const bad = await q.call(
      `mutation { configureQueue(eventId: "${eventId}", input: { capacity: 0 }) { capacity } }`,
      {},
      ADMIN,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capacity' });
  });
});
