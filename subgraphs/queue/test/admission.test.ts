import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createLogger, createRedis } from '@tiketi/kit';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STREAM_KEY, WaitingLine } from '../src/index.ts';
import { startAdmissionDriver } from '../src/modules/admission/driver.ts';
import { sleep } from './helpers.ts';

/**
 * Two queue replicas running admission at once on one event: this process and another one, which is killed
 * with SIGKILL in the middle of the run.
 */
let infra: TestInfra;
let redis: Redis;
let child: ChildProcess | undefined;

beforeAll(async () => {
  infra = await createTestInfra();
  redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
});
afterAll(async () => {
  child?.kill('SIGKILL');
  redis?.disconnect();
  await infra?.dispose();
});

interface Admission {
  streamId: string;
  userId: string;
  joinSeq: number;
  admitNo: number;
  by: string;
}
async function admissions(eventId: string): Promise<Admission[]> {
  const entries = (await redis.xrange(STREAM_KEY, '-', '+')) as [string, string[]][];
  return entries
    .map(([streamId, fields]) => ({ streamId, ...JSON.parse(fields[1] ?? '{}').payload }))
    .filter((a) => a.eventId === eventId);
}

function startOtherReplica(idleMs: number): Promise<ChildProcess> {
  const fixture = fileURLToPath(new URL('./fixtures/admission-driver.ts', import.meta.url));
  const args = { redisUrl: infra.redisUrl, prefix: infra.redisPrefix, idleMs, tickMs: 5, instance: 'B' };
  const proc = spawn(process.execPath, ['--import', 'tsx', fixture, JSON.stringify(args)], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`replica B exited early (${code})`)));
    proc.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(proc);
    });
  });
}

describe('admission across replicas', () => {
  it('two instances never admit a buyer twice or out of order, even when one is killed mid-run', async () => {
    const IDLE_MS = 25;
    const BUYERS = 3_000;
    const line = new WaitingLine(redis, {
      defaultCapacity: 1_000,
      idleMs: IDLE_MS,
      passes: { secret: 'test-pass-secret-0123456789abcdef0123456789', ttlMs: 600_000 },
      instance: 'A',
    });
    const eventId = randomUUID();
    const config = {
      visible: true,
      mode: 'ON' as const,
      paused: true,
      capacity: 40,
      opensAt: 0,
      closesAt: Date.now() + 86_400_000,
      saleStartsAt: Date.now() - 3_600_000,
    };
    await line.writeConfig(eventId, config);
    const buyers: string[] = Array.from({ length: BUYERS }, () => randomUUID());
    const joins = await Promise.all(buyers.map((b) => line.join(eventId, b)));
    const numberOf = new Map(
      joins.map((j, i) => [buyers[i], j.outcome === 'joined' ? j.ticket.number : null] as const),
    );
    expect(new Set(numberOf.values()).size).toBe(BUYERS);

    // Both replicas step the event every 5 ms; slots end after 25 ms idle, so both keep admitting.
    child = await startOtherReplica(IDLE_MS);
    const driverA = startAdmissionDriver({ line, log: createLogger('test', 'silent'), tickMs: 5 });
    await line.writeConfig(eventId, { ...config, paused: false });

    let byB = 0;
    const deadline = Date.now() + 20_000;
    while (byB < 300 && Date.now() < deadline) {
      await sleep(10);
      byB = (await admissions(eventId)).filter((a) => a.by === 'B').length;
    }
    child.removeAllListeners('exit');
    const exited = new Promise((r) => child?.once('exit', r));
    child.kill('SIGKILL');
    await exited;
    const killedAt = Date.now();
    const atKill = (await admissions(eventId)).length;
    expect(atKill).toBeLessThan(BUYERS);

    let all: Admission[] = [];
    while (Date.now() < deadline) {
      all = await admissions(eventId);
      if (all.length >= BUYERS) break;
      await sleep(20);
    }
    await driverA.stop();
    await sleep(50);
    all = await admissions(eventId);

    // Everyone admitted exactly once, nobody skipped, in exactly the order they joined.
    expect(all).toHaveLength(BUYERS);
    expect(new Set(all.map((a) => a.userId))).toEqual(new Set(buyers));
    const seqs = all.map((a) => a.joinSeq);
    expect(seqs).toEqual(all.map((a) => numberOf.get(a.userId)));
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(all.map((a) => a.admitNo)).toEqual(all.map((_, i) => i + 1));
    // Both replicas admitted; the killed one nothing after its death, the survivor the rest.
    const fromB = all.filter((a) => a.by === 'B');
    expect(fromB.length).toBeGreaterThanOrEqual(300);
    expect(Math.max(...fromB.map((a) => Number(a.streamId.split('-')[0])))).toBeLessThanOrEqual(killedAt);
    expect(all.filter((a) => a.by === 'A').length).toBeGreaterThan(0);
    expect(all.slice(atKill).every((a) => a.by === 'A')).toBe(true);
  });
});
