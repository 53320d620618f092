import { randomUUID } from 'node:crypto';
import {
  createRedis,
  isWaitingRoomOn,
  requireAdmission,
  touchActiveShopper,
  verifyAdmissionPass,
} from '@tiketi/kit';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_KEY, WaitingLine } from '../src/index.ts';
import type { EventConfig, LineOptions } from '../src/modules/line/waiting-line.ts';
import { sleep } from './helpers.ts';

/** The line's Lua steps on the real Redis, without the service around them. */
let infra: TestInfra;
let redis: Redis;
const SECRET = 'line-test-pass-secret-0123456789abcdef0123';

beforeAll(async () => {
  infra = await createTestInfra();
  redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
});
afterAll(async () => {
  redis?.disconnect();
  await infra?.dispose();
});

const lineWith = (options: Partial<LineOptions> = {}) =>
  new WaitingLine(redis, {
    defaultCapacity: 1_000,
    idleMs: 120_000,
    passes: { secret: SECRET, ttlMs: 600_000 },
    instance: 'line-test',
    ...options,
  });

const HOUR = 3_600_000;
const openConfig = (overrides: Partial<EventConfig> = {}): EventConfig => ({
  visible: true,
  mode: 'AUTO',
  paused: false,
  capacity: 1_000,
  opensAt: 0,
  closesAt: Date.now() + 48 * HOUR,
  saleStartsAt: Date.now() - HOUR,
  ...overrides,
});

/** Upper 0.01 % points of the chi-square distribution (scipy.stats.chi2.ppf(1 - 1e-4, dof)). */
const CHI2_CRITICAL = { 16: 45.925, 119: 185.086 } as const;

describe('the pre-queue', () => {
  it('is placed into the line in a uniformly random order (5 buyers × 3,000 openings), exactly once', async () => {
    const line = lineWith();
    const TRIALS = 3_000;
    const buyers = ['b1', 'b2', 'b3', 'b4', 'b5'];
    const events = Array.from({ length: TRIALS }, () => randomUUID());
    const opensAt = Date.now() + HOUR;
    await Promise.all(
      events.map((e) => line.writeConfig(e, openConfig({ mode: 'ON', paused: true, opensAt }))),
    );
    // The same join order every time: an implementation that kept it (or any fixed order) fails below.
    await Promise.all(events.flatMap((e) => buyers.map((b) => line.join(e, b))));
    const pre = await line.tickets(events[0]!, buyers);
    expect(
      pre.every((t) => t?.state === 'WAITING' && t.position === null && t.opensAt?.getTime() === opensAt),
    ).toBe(true);

    // The sale opens (an admin opened it early: opensAt 0), and the next step places the pre-queue.
    await Promise.all(
      events.map((e) => line.writeConfig(e, openConfig({ mode: 'ON', paused: true, opensAt: 0 }))),
    );
    const steps = await Promise.all(events.map((e) => line.step(e)));
    expect(steps.every((s) => s.opened === 5)).toBe(true);

    const positions = await Promise.all(
      events.map(async (e) => (await line.tickets(e, buyers)).map((t) => t?.position ?? 0)),
    );
    const counts = buyers.map(() => buyers.map(() => 0));
    const permutations = new Map<string, number>();
    for (const p of positions) {
      expect([...p].sort()).toEqual([1, 2, 3, 4, 5]);
      p.forEach((position, buyer) => {
        counts[buyer]![position - 1]!++;
      });
      permutations.set(p.join(''), (permutations.get(p.join('')) ?? 0) + 1);
    }
    // Every buyer is equally likely at every place: 5×5 table, expected 600 per cell, 16 degrees of freedom.
    const expected = TRIALS / 5;
    const chiPlaces = counts.flat().reduce((sum, n) => sum + (n - expected) ** 2 / expected, 0);
    expect(chiPlaces).toBeLessThan(CHI2_CRITICAL[16]);
    // And every one of the 120 orders is equally likely: expected 25 each, 119 degrees of freedom.
    expect(permutations.size).toBe(120);
    const perPermutation = TRIALS / 120;
    const chiOrders = [...permutations.values()].reduce(
      (sum, n) => sum + (n - perPermutation) ** 2 / perPermutation,
      0,
    );
    expect(chiOrders).toBeLessThan(CHI2_CRITICAL[119]);

    // Once: more steps, the opening announced again, a late join — nobody in the pre-queue moves again.
    const sample = events.slice(0, 50);
    await Promise.all(
      sample.map((e) => line.writeConfig(e, openConfig({ mode: 'ON', paused: true, opensAt: 0 }))),
    );
    const again = await Promise.all(sample.map((e) => line.step(e)));
    expect(again.every((s) => s.opened === 0)).toBe(true);
    const late = await Promise.all(sample.map((e) => line.join(e, 'late')));
    for (const [i, e] of sample.entries()) {
      const now = (await line.tickets(e, buyers)).map((t) => t?.position);
      expect(now).toEqual(positions[i]);
      expect(late[i]).toMatchObject({ outcome: 'joined', ticket: { position: 6, number: 6 } });
    }
  });
});

describe('active shoppers', () => {
  it('lose an idle slot, which admits the next in line; a heartbeat or a seat hold renews it', async () => {
    const line = lineWith({ idleMs: 1_000 });
    const eventId = randomUUID();
    await line.writeConfig(eventId, openConfig({ capacity: 1 }));
    const a = randomUUID();
    const b = randomUUID();
    const joinedA = await line.join(eventId, a);
    if (joinedA.outcome !== 'joined' || joinedA.ticket.state !== 'ADMITTED')
      throw new Error('a not admitted');
    expect((await line.join(eventId, b)).outcome).toBe('joined');

    // Activity keeps a's slot: a heartbeat, then seating's touch on a hold.
    await sleep(400);
    const renewed = await line.heartbeat(eventId, a);
    expect(renewed?.expiresAt?.getTime()).toBeGreaterThan(joinedA.ticket.expiresAt.getTime());
    await sleep(400);
    expect(await touchActiveShopper(redis, eventId, a)).toBe('renewed');
    await sleep(400);
    await line.step(eventId);
    // 1.2 s after admission, with a 1 s idle limit: still in.
    expect((await line.ticket(eventId, a))?.state).toBe('ADMITTED');
    expect((await line.ticket(eventId, b))?.position).toBe(1);

    // Then a goes quiet: the slot ends and b is admitted by the next step.
    await sleep(1_100);
    expect((await line.ticket(eventId, a))?.state).toBe('EXPIRED');
    const step = await line.step(eventId);
    expect(step).toMatchObject({ expired: 1, admitted: 1 });
    expect((await line.ticket(eventId, b))?.state).toBe('ADMITTED');
    // The room is on and a holds no slot: seating must refuse a's holds even with a's (still valid) pass.
    await line.join(eventId, randomUUID());
    expect(await isWaitingRoomOn(redis, eventId)).toBe(true);
    expect(await touchActiveShopper(redis, eventId, a)).toBe('refused');
  });

  it('never keeps a slot past its admission pass', async () => {
    // A pass's expiry is in whole seconds: 2.5 s leaves between 1.5 and 2.5 s of slot.
    const line = lineWith({ idleMs: 60_000, passes: { secret: SECRET, ttlMs: 2_500 } });
    const eventId = randomUUID();
    await line.writeConfig(eventId, openConfig({ capacity: 1 }));
    const a = randomUUID();
    const joined = await line.join(eventId, a);
    if (joined.outcome !== 'joined' || joined.ticket.state !== 'ADMITTED') throw new Error('not admitted');
    const pass = verifyAdmissionPass(SECRET, joined.ticket.admissionPass, { userId: a, eventId });
    if (!pass.ok) throw new Error(pass.reason);
    expect(joined.ticket.expiresAt.getTime()).toBe(pass.pass.expiresAt.getTime());
    await sleep(200);
    expect(await touchActiveShopper(redis, eventId, a)).toBe('renewed');
    const after = await line.heartbeat(eventId, a);
    expect(after?.expiresAt?.getTime()).toBe(joined.ticket.expiresAt.getTime());
    await sleep(joined.ticket.expiresAt.getTime() - Date.now() + 100);
    await line.step(eventId);
    expect((await line.ticket(eventId, a))?.state).toBe('EXPIRED');
  });

  it('counts shoppers that came in while the room was off (seating’s touch), and admits them as they are on join', async () => {
    const line = lineWith();
    const eventId = randomUUID();
    await line.writeConfig(eventId, openConfig({ capacity: 2 }));
    const [x, y, z] = [randomUUID(), randomUUID(), randomUUID()];
    expect(await touchActiveShopper(redis, eventId, x)).toBe('registered');
    expect((await line.statuses([eventId]))[0]).toMatchObject({ activeShoppers: 1, enabled: false });
    const joined = await line.join(eventId, x);
    expect(joined).toMatchObject({ outcome: 'kept', ticket: { state: 'ADMITTED' } });
    const entries = (await redis.xrange(STREAM_KEY, '-', '+')) as [string, string[]][];
    const mine = entries.map(([, f]) => JSON.parse(f[1]!).payload).filter((p) => p.eventId === eventId);
    expect(mine).toEqual([expect.objectContaining({ userId: x, via: 'direct', joinSeq: null })]);

    // y fills the capacity: the next step turns the room on, and z (no slot) is refused.
    expect(await touchActiveShopper(redis, eventId, y)).toBe('registered');
    expect((await line.step(eventId)).state).toBe('on');
    expect(await touchActiveShopper(redis, eventId, z)).toBe('refused');
    expect(await touchActiveShopper(redis, eventId, y)).toBe('renewed');
  });

  it("seating's gate: while the room is on a hold needs this buyer's pass for this event and a live slot", async () => {
    const line = lineWith({ idleMs: 1_000 });
    const eventId = randomUUID();
    const other = randomUUID();
    await line.writeConfig(eventId, openConfig({ mode: 'ON', capacity: 1 }));
    await line.writeConfig(other, openConfig({ mode: 'ON', capacity: 1 }));
    const [a, b] = [randomUUID(), randomUUID()];
    const gate = async (userId: string, admissionPass: string | null, event = eventId) => {
      try {
        await requireAdmission(redis, SECRET, { eventId: event, userId, admissionPass });
        return 'ok';
      } catch (err) {
        return (err as { extensions: { code: string; reason: string } }).extensions;
      }
    };
    const joined = await line.join(eventId, a);
    const pass = joined.outcome === 'joined' ? joined.ticket.admissionPass : null;
    await line.join(eventId, b);
    await line.join(other, b);

    expect(await gate(a, pass)).toBe('ok');
    expect(await gate(a, null)).toEqual({ code: 'QUEUE_PASS_REQUIRED', reason: 'missing' });
    expect(await gate(b, pass)).toEqual({ code: 'QUEUE_PASS_REQUIRED', reason: 'other-buyer' });
    expect(await gate(a, pass, other)).toEqual({ code: 'QUEUE_PASS_REQUIRED', reason: 'other-event' });
    expect(await gate(a, `${pass}x`)).toEqual({ code: 'QUEUE_PASS_REQUIRED', reason: 'invalid' });
    // The hold renewed a's slot; once a goes idle the pass alone no longer lets them in.
    await sleep(1_100);
    await line.step(eventId);
    expect(await gate(a, pass)).toEqual({ code: 'QUEUE_PASS_REQUIRED', reason: 'slot-lost' });

    // Room off: anyone may hold (and counts as an active shopper).
    await line.writeConfig(eventId, openConfig({ mode: 'OFF' }));
    await line.step(eventId);
    const c = randomUUID();
    expect(await gate(c, null)).toBe('ok');
    expect(await touchActiveShopper(redis, eventId, c)).toBe('renewed');
  });
});
