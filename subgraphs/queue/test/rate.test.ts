import { randomUUID } from 'node:crypto';
import { createRedis, waitingRoomKeys } from '@tiketi/kit';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WaitingLine } from '../src/index.ts';
import { sleep } from './helpers.ts';

/** The measured admission rate (ETAs, the admin view) on the real Redis, through the line's scripts. */
let infra: TestInfra;
let redis: Redis;

beforeAll(async () => {
  infra = await createTestInfra();
  redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
});
afterAll(async () => {
  redis?.disconnect();
  await infra?.dispose();
});

/** Redis' clock (the scripts' clock) in whole seconds, early in a second so a few steps stay within it. */
async function startOfASecond(): Promise<number> {
  for (;;) {
    const [seconds, micros] = (await redis.time()).map(Number) as [number, number];
    if (micros < 300_000) return seconds;
    await sleep(1_000 - micros / 1_000 + 5);
  }
}

describe('the admission rate', () => {
  it('counts the admissions of the last 60 s only, and keeps no more than about a minute of seconds', async () => {
    const line = new WaitingLine(redis, {
      defaultCapacity: 1_000,
      idleMs: 120_000,
      passes: { secret: 'rate-test-pass-secret-0123456789abcdef01234', ttlMs: 600_000 },
      instance: 'rate-test',
    });
    const eventId = randomUUID();
    await line.writeConfig(eventId, {
      visible: true,
      mode: 'AUTO',
      paused: false,
      capacity: 1_000,
      opensAt: 0,
      closesAt: Date.now() + 3_600_000,
      saleStartsAt: Date.now() - 3_600_000,
    });
    const { admits } = waitingRoomKeys(eventId);
    const now = await startOfASecond();
    // A sale that has admitted for 100 s: second now − k admitted k buyers, so any window slip shows in the sum.
    await redis.hset(
      admits,
      Object.fromEntries(Array.from({ length: 100 }, (_, i) => [String(now - (i + 1)), String(i + 1)])),
    );
    const inWindow = Array.from({ length: 59 }, (_, i) => i + 1).reduce((a, b) => a + b, 0);

    const [before] = await line.statuses([eventId]);
    expect(before?.admittedLastMinute).toBe(inWindow);
    // Over the span from the oldest second in the window (now − 59) to now: 59 s and a bit.
    expect(before?.admissionRate).toBeGreaterThan(inWindow / 60);
    expect(before?.admissionRate).toBeLessThanOrEqual(inWindow / 59);

    // An admission counts in the current second and drops the seconds that left the window.
    const joined = await line.join(eventId, randomUUID());
    expect(joined.outcome === 'joined' && joined.ticket.state).toBe('ADMITTED');
    const [after] = await line.statuses([eventId]);
    expect(after?.admittedLastMinute).toBe(inWindow + 1);
    const seconds = (await redis.hkeys(admits)).map(Number).sort((a, b) => a - b);
    expect(seconds).toEqual([...Array.from({ length: 59 }, (_, i) => now - 59 + i), now]);
  });
});
