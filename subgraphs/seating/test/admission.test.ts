import { createRedis, type Identity, signAdmissionPass } from '@tiketi/kit';
import { startPrivateRedis } from '@tiketi/kit/testing';
import { WaitingLine } from '@tiketi/queue';
import type { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buyer,
  callOnNewConnection,
  HOLD,
  rowsLayout,
  type SeatingHarness,
  sleep,
  startSeating,
} from './helpers.ts';

/**
 * Seating's half of the waiting room: while an event's room is on, `holdSeats` and `holdBestAvailable` need the
 * buyer's admission pass for that event. The rooms are run by the queue's own `WaitingLine` (its Lua scripts)
 * on seating's Redis and prefix, with the pass secret both services share; holds go over HTTP as the router
 * sends them.
 */
const PASS_SECRET = 'admission-test-pass-secret-0123456789abcdef';
const HOUR = 3_600_000;

let h: SeatingHarness;
let redis: Redis;
let layoutId: string;

beforeAll(async () => {
  h = await startSeating({ QUEUE_PASS_SECRET: PASS_SECRET });
  redis = createRedis({ url: h.infra.redisUrl, prefix: h.infra.redisPrefix });
  layoutId = await h.layout(rowsLayout([{ name: '1', seats: 10 }]));
});
afterAll(async () => {
  redis?.disconnect();
  await h?.dispose();
});

function lineOn(connection: Redis, options: { idleMs?: number; passTtlMs?: number } = {}) {
  return new WaitingLine(connection, {
    defaultCapacity: 1_000,
    idleMs: options.idleMs ?? 120_000,
    passes: { secret: PASS_SECRET, ttlMs: options.passTtlMs ?? 600_000 },
    instance: 'seating-admission-test',
  });
}

/** An event seating sells and queue runs a room for: `mode` ON (the room is on, one shopper at a time) or OFF. */
async function roomEvent(line: WaitingLine, mode: 'ON' | 'OFF' | 'AUTO' = 'ON', capacity = 1) {
  const eventId = await h.event();
  const seats = await h.attach(eventId, layoutId);
  await line.writeConfig(eventId, {
    visible: true,
    mode,
    paused: false,
    capacity,
    opensAt: 0,
    closesAt: Date.now() + 48 * HOUR,
    saleStartsAt: Date.now() - HOUR,
  });
  await line.step(eventId);
  return { eventId, seats };
}

/** Joins and expects to be admitted at once; returns the pass. */
async function admitted(line: WaitingLine, eventId: string, identity: NonNullable<Identity>) {
  const joined = await line.join(eventId, identity.userId);
  if (joined.outcome !== 'joined' && joined.outcome !== 'kept') throw new Error(joined.outcome);
  if (joined.ticket.state !== 'ADMITTED' || !joined.ticket.admissionPass) {
    throw new Error(`not admitted: ${JSON.stringify(joined.ticket)}`);
  }
  return joined.ticket.admissionPass;
}

const holdAt = (url: string, identity: Identity, eventId: string, seatId: string, admissionPass?: string) =>
  callOnNewConnection(url, HOLD, { input: { eventId, seatIds: [seatId], admissionPass } }, identity);
const hold = (identity: Identity, eventId: string, seatId: string, admissionPass?: string) =>
  holdAt(h.service.url, identity, eventId, seatId, admissionPass);

/** The refusal's `{ code, reason }`, or 'held'. */
function outcome(res: Awaited<ReturnType<typeof hold>>) {
  if (res.data?.holdSeats) return 'held';
  const ext = res.errors?.[0]?.extensions as { code?: string; reason?: string } | undefined;
  return { code: ext?.code, reason: ext?.reason, message: res.errors?.[0]?.message };
}
const refused = (reason: string) => ({ code: 'QUEUE_PASS_REQUIRED', reason, message: expect.any(String) });

async function heldSeats(eventId: string): Promise<number> {
  const [row] = await h.sql<{ n: number }>(
    "select count(*)::int as n from seating.seats where event_id = ? and status = 'HELD'",
    [eventId],
  );
  return row!.n;
}

describe('while the waiting room is on', () => {
  it('a valid pass holds; no pass, a forged one or someone else’s is refused and nothing is held', async () => {
    const line = lineOn(redis);
    const { eventId, seats } = await roomEvent(line);
    const [a, b] = [buyer(), buyer()];
    const pass = await admitted(line, eventId, a);
    // Capacity 1: b waits in line, without a pass of their own.
    expect((await line.join(eventId, b.userId)).outcome).toBe('joined');

    expect(outcome(await hold(a, eventId, seats[0]!.id))).toEqual(refused('missing'));
    // Postgres reads the id in any case; the room's keys must not be dodged by spelling it differently.
    expect(outcome(await hold(b, eventId.toUpperCase(), seats[0]!.id))).toEqual(refused('missing'));
    expect(outcome(await hold(b, eventId, seats[0]!.id, pass))).toEqual(refused('other-buyer'));

    const [header, body, signature] = pass.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forgeries = {
      'another secret': signAdmissionPass('somebody-elses-secret-0123456789abcdef0123', {
        userId: a.userId,
        eventId,
        jti: `${eventId}:999`,
        issuedAt: new Date(),
        expiresAt: new Date(Date.now() + 600_000),
      }),
      // b's id in a's pass, keeping a's signature
      'edited claims': `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: b.userId })).toString('base64url')}.${signature}`,
      'alg none': jwt.sign(claims, '', { algorithm: 'none' }),
      garbage: 'not-a-pass',
    };
    for (const [what, forged] of Object.entries(forgeries)) {
      const holder = what === 'edited claims' ? b : a;
      expect(outcome(await hold(holder, eventId, seats[0]!.id, forged)), what).toEqual(refused('invalid'));
    }
    expect(await heldSeats(eventId)).toBe(0);

    expect(outcome(await hold(a, eventId, seats[0]!.id, pass))).toBe('held');
    expect(await heldSeats(eventId)).toBe(1);
  });

  it('refuses an expired pass and a pass for another event', async () => {
    const line = lineOn(redis);
    const shortLine = lineOn(redis, { passTtlMs: 1_500 });
    const { eventId, seats } = await roomEvent(shortLine);
    const other = await roomEvent(line);
    const a = buyer();
    const otherPass = await admitted(line, other.eventId, a);
    // The pass of a real admission, whose slot and pass end after 1.5 s at most (whole seconds).
    const pass = await admitted(shortLine, eventId, a);

    expect(outcome(await hold(a, eventId, seats[0]!.id, otherPass))).toEqual(refused('other-event'));
    expect(outcome(await hold(a, other.eventId, other.seats[0]!.id, pass))).toEqual(refused('other-event'));
    const expired = signAdmissionPass(PASS_SECRET, {
      userId: a.userId,
      eventId,
      jti: `${eventId}:1`,
      issuedAt: new Date(Date.now() - 700_000),
      expiresAt: new Date(Date.now() - 100_000),
    });
    expect(outcome(await hold(a, eventId, seats[0]!.id, expired))).toEqual(refused('expired'));

    await sleep(2_100);
    expect(outcome(await hold(a, eventId, seats[0]!.id, pass))).toEqual(refused('expired'));
    expect(await heldSeats(eventId)).toBe(0);
    // The other event's pass still works there.
    expect(outcome(await hold(a, other.eventId, other.seats[0]!.id, otherPass))).toBe('held');
  });

  it('a valid pass no longer helps once the buyer’s slot has ended (idle); a hold renews the slot', async () => {
    const line = lineOn(redis, { idleMs: 1_200 });
    const { eventId, seats } = await roomEvent(line);
    const a = buyer();
    const pass = await admitted(line, eventId, a);
    await sleep(700);
    // The hold is activity: the slot now lasts until 1.2 s after it.
    const first = await hold(a, eventId, seats[0]!.id, pass);
    expect(outcome(first)).toBe('held');
    await sleep(700);
    await line.step(eventId);
    expect((await line.ticket(eventId, a.userId))?.state).toBe('ADMITTED');
    // One live hold per buyer and event: the buyer lets the first go before picking again.
    await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: first.data!.holdSeats.id }, a);
    expect(outcome(await hold(a, eventId, seats[1]!.id, pass))).toBe('held');
    await sleep(1_400);
    await line.step(eventId);
    expect((await line.ticket(eventId, a.userId))?.state).toBe('EXPIRED');
    expect(outcome(await hold(a, eventId, seats[2]!.id, pass))).toEqual(refused('slot-lost'));
  });

  it('holdBestAvailable needs the pass too', async () => {
    const line = lineOn(redis);
    const { eventId, seats } = await roomEvent(line);
    const a = buyer();
    const pass = await admitted(line, eventId, a);
    const BEST = `mutation($e: ID!, $t: ID!, $q: Int!, $p: String) {
      holdBestAvailable(eventId: $e, ticketTypeId: $t, quantity: $q, admissionPass: $p) { seats { id } } }`;
    const vars = { e: eventId, t: seats[0]!.ticketType.id, q: 2 };
    const without = await h.call(BEST, vars, a);
    expect(without.errors?.[0]?.extensions).toMatchObject({ code: 'QUEUE_PASS_REQUIRED', reason: 'missing' });
    const other = await h.call(BEST, { ...vars, p: pass }, buyer());
    expect(other.errors?.[0]?.extensions).toMatchObject({
      code: 'QUEUE_PASS_REQUIRED',
      reason: 'other-buyer',
    });
    const res = await h.call(BEST, { ...vars, p: pass }, a);
    expect(res.errors).toBeUndefined();
    expect(res.data!.holdBestAvailable.seats).toHaveLength(2);
  });
});

describe('while the waiting room is off', () => {
  it('needs no pass: events queue never ran a room for, and rooms an admin turned off', async () => {
    const line = lineOn(redis);
    const plain = await h.event();
    const plainSeats = await h.attach(plain, layoutId);
    expect(outcome(await hold(buyer(), plain, plainSeats[0]!.id))).toBe('held');

    const { eventId, seats } = await roomEvent(line);
    expect(outcome(await hold(buyer(), eventId, seats[0]!.id))).toEqual(refused('missing'));
    await line.writeConfig(eventId, {
      visible: true,
      mode: 'OFF',
      paused: false,
      capacity: 1,
      opensAt: 0,
      closesAt: Date.now() + 48 * HOUR,
      saleStartsAt: Date.now() - HOUR,
    });
    await line.step(eventId);
    expect(outcome(await hold(buyer(), eventId, seats[0]!.id))).toBe('held');
  });

  it('counts holders as active shoppers, so an AUTO room turns on when they reach capacity', async () => {
    const line = lineOn(redis);
    const { eventId, seats } = await roomEvent(line, 'AUTO', 2);
    const [x, y, z] = [buyer(), buyer(), buyer()];
    expect(outcome(await hold(x, eventId, seats[0]!.id))).toBe('held');
    expect(outcome(await hold(y, eventId, seats[1]!.id))).toBe('held');
    expect((await line.statuses([eventId]))[0]).toMatchObject({ activeShoppers: 2 });
    expect((await line.step(eventId)).state).toBe('on');
    expect(outcome(await hold(z, eventId, seats[2]!.id))).toEqual(refused('missing'));
    // x already holds a slot, but while the room is on a pass is needed all the same.
    expect(outcome(await hold(x, eventId, seats[3]!.id))).toEqual(refused('missing'));
  });
});

describe('when Redis cannot answer', () => {
  it('a room this replica saw on still needs a valid pass; other events hold as before', async () => {
    const privateRedis = await startPrivateRedis();
    const connection = createRedis({ url: privateRedis.url, prefix: h.infra.redisPrefix });
    try {
      // Stopped with the harness.
      const replica = await h.startReplica({ REDIS_URL: privateRedis.url, QUEUE_PASS_SECRET: PASS_SECRET });
      const line = lineOn(connection);
      const room = await roomEvent(line);
      const plain = await h.event();
      const plainSeats = await h.attach(plain, layoutId);
      const a = buyer();
      const pass = await admitted(line, room.eventId, a);
      expect(outcome(await holdAt(replica.url, buyer(), room.eventId, room.seats[0]!.id))).toEqual(
        refused('missing'),
      );

      await privateRedis.kill();
      connection.disconnect();
      expect(outcome(await holdAt(replica.url, buyer(), room.eventId, room.seats[0]!.id))).toEqual(
        refused('missing'),
      );
      expect(outcome(await holdAt(replica.url, buyer(), room.eventId, room.seats[0]!.id, pass))).toEqual(
        refused('other-buyer'),
      );
      expect(outcome(await holdAt(replica.url, a, room.eventId, room.seats[0]!.id, pass))).toBe('held');
      expect(outcome(await holdAt(replica.url, buyer(), plain, plainSeats[0]!.id))).toBe('held');
    } finally {
      connection.disconnect();
      await privateRedis.kill();
    }
  });
});
