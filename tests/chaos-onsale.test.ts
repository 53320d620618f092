import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The on-sale under fire, CI-sized (issue 19): `bench:onsale --chaos` with 300 buyers over a minute, every fault
 * once — `kill -9` of a seating and of a payment replica (the latter between Toss' DONE and our commit), a Redis
 * crash, a Postgres restart, a rolling restart of both routers, Toss answering 5xx and then nothing. The bench
 * runs every service as its own process (two seating, two payment and two routers behind balancers) on a
 * Postgres and a Redis of its own, and exits non-zero when an invariant breaks: a seat sold twice, a DONE payment
 * without its seats, a buyer charged twice, a payment or refund left unsettled, a hold outliving its end, an
 * admission out of order, a live seat page unequal to the database, a waiting buyer shown another position than
 * Redis', a process that crashed, a fault not recovered from.
 */
const root = fileURLToPath(new URL('..', import.meta.url));

describe('the on-sale under fire', () => {
  it('keeps every invariant through every fault, CI-sized', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/onsale.ts', '--chaos'], {
      cwd: root,
      env: {
        ...process.env,
        BENCH_BUYERS: '300',
        BENCH_ARRIVAL_SECONDS: '60',
        BENCH_CAPACITY: '40',
        BENCH_PAGES: '30',
        BENCH_LINE_PROBES: '30',
        BENCH_SEAT_MAP_LOADS: '5',
        BENCH_CHAOS_GAP_SECONDS: '8',
        BENCH_TOSS_FAULT_SECONDS: '8',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const report = out.slice(out.indexOf('\nchecks:'));
    console.log(report);
    expect(code, out.slice(-6_000)).toBe(0);
    // Every fault struck and everything came back (the bench also fails without them).
    for (const fault of [
      'kill -9 of seating-2',
      "kill -9 of a payment replica (one of two) between Toss' DONE and our commit",
      'Redis crash',
      'Postgres restart',
      'rolling restart of both routers',
      'Toss answering 500',
    ])
      expect(report).toContain(fault);
    expect(report).not.toContain('NOT within 2 minutes');
    expect(report).toMatch(/live seat pages: 30 of 30 equal to the database/);
    expect(report).toMatch(/the line: \d+ probes waiting, each seeing its position in Redis/);
    expect(report).toContain('verified: no seat sold twice');
  }, 600_000);
});
