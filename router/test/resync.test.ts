import { describe, expect, it } from 'vitest';
import { backoffDelay, createVersionTracker, type VersionedChange } from '../client/src/index.ts';

type Change = VersionedChange & { seats: string[] };
const change = (version: number, seats: string[] = [`s${version}`]): Change => ({ version, seats });
const tick = () => new Promise((r) => setTimeout(r, 0));

/**
 * A tracker over a server whose history holds the versions `historyFrom..` (older ones were trimmed): the
 * catch-up answers from it, or null when the gap reaches below it.
 */
function againstHistory(serverVersion: () => number, historyFrom: () => number) {
  const calls: string[] = [];
  const tracker = createVersionTracker<Change>({
    async refetch() {
      calls.push(`reload@${serverVersion()}`);
      return serverVersion();
    },
    async catchUp(from) {
      if (from + 1 < historyFrom()) {
        calls.push(`catchUp(${from})=null`);
        return null;
      }
      calls.push(`catchUp(${from})=${serverVersion()}`);
      return serverVersion();
    },
    apply: () => {},
    backoff: { initialMs: 10, maxMs: 10 },
  });
  return { tracker, calls };
}

describe('resync from the history', () => {
  it('a gap is closed by a catch-up, not a reload, while the history covers it', async () => {
    let server = 10;
    const t = againstHistory(
      () => server,
      () => 1,
    );
    await tick();
    expect(t.tracker.version).toBe(10);
    server = 25; // 15 changes missed (socket down, router restarted)
    t.tracker.push(change(26));
    server = 26;
    await tick();
    await tick();
    // The catch-up reached 25; the change that revealed the gap continues it.
    expect(t.calls).toEqual(['reload@10', 'catchUp(10)=25']);
    expect(t.tracker.version).toBe(26);
    expect(t.tracker.stats).toEqual({ catchUps: 1, reloads: 1 });
    // After a reconnect, too.
    server = 30;
    t.tracker.resync();
    await tick();
    expect(t.tracker.version).toBe(30);
    expect(t.tracker.stats).toEqual({ catchUps: 2, reloads: 1 });
  });

  it('a gap beyond the history falls back to a full reload', async () => {
    let server = 10;
    let oldest = 1;
    const t = againstHistory(
      () => server,
      () => oldest,
    );
    await tick();
    server = 5_000;
    oldest = 3_000; // versions 11..2,999 were trimmed
    t.tracker.resync();
    await tick();
    await tick();
    expect(t.calls).toEqual(['reload@10', 'catchUp(10)=null', 'reload@5000']);
    expect(t.tracker.version).toBe(5_000);
    expect(t.tracker.stats).toEqual({ catchUps: 0, reloads: 2 });
  });

  it('a failing catch-up falls back to a reload; changes arriving meanwhile are replayed', async () => {
    let server = 10;
    const applied: number[] = [];
    let release: (() => void) | undefined;
    const tracker = createVersionTracker<Change>({
      refetch: async () => server,
      catchUp: (from) =>
        new Promise<number | null>((resolve, reject) => {
          release = from === 10 ? () => reject(new Error('seating down')) : () => resolve(server);
        }),
      apply: (c) => applied.push(c.version),
    });
    await tick();
    server = 12;
    tracker.push(change(12));
    tracker.push(change(13));
    release?.();
    await tick();
    await tick();
    expect(tracker.version).toBe(13);
    expect(applied).toEqual([13]);
    expect(tracker.stats).toEqual({ catchUps: 0, reloads: 2 });
  });

  it('a history that keeps falling short ends in a reload, not an endless loop of catch-ups', async () => {
    let server = 100;
    let catchUps = 0;
    const tracker = createVersionTracker<Change>({
      refetch: async () => server,
      catchUp: async () => {
        catchUps++;
        return 101; // a history that lags behind the stream
      },
      apply: () => {},
    });
    await tick();
    server = 200;
    tracker.push(change(200));
    for (let i = 0; i < 5; i++) await tick();
    expect(catchUps).toBe(3);
    expect(tracker.stats.reloads).toBe(2);
    expect(tracker.version).toBe(200);
  });
});

describe('reconnect delays: exponential backoff with full jitter', () => {
  // The distribution, not timing: 20,000 draws from the real Math.random.
  const draws = (attempt: number, options = { initialMs: 500, maxMs: 30_000 }) =>
    Array.from({ length: 20_000 }, () => backoffDelay(attempt, options));

  it('spreads the first reconnects of a crowd uniformly over [0, initial)', () => {
    const delays = draws(0);
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(500);
    // Uniform: each tenth of the window holds about a tenth of the crowd (no bunching in the upper half,
    // as with "equal jitter", and none at the start, as without jitter).
    const buckets = Array.from({ length: 10 }, () => 0);
    for (const d of delays) buckets[Math.floor(d / 50)]! += 1;
    for (const n of buckets) expect(Math.abs(n - 2_000)).toBeLessThan(300);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(Math.abs(mean - 250)).toBeLessThan(10);
    expect(new Set(delays).size).toBeGreaterThan(400);
  });

  it('doubles the window with each attempt, up to the cap', () => {
    for (const [attempt, ceiling] of [
      [1, 1_000],
      [3, 4_000],
      [6, 30_000],
      [20, 30_000],
    ] as const) {
      const delays = draws(attempt);
      expect(Math.max(...delays)).toBeLessThan(ceiling);
      expect(Math.max(...delays)).toBeGreaterThan(ceiling * 0.95);
      const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
      expect(Math.abs(mean - ceiling / 2) / ceiling).toBeLessThan(0.02);
      // A quarter of the crowd in the first quarter of the window.
      const early = delays.filter((d) => d < ceiling / 4).length / delays.length;
      expect(Math.abs(early - 0.25)).toBeLessThan(0.02);
    }
  });
});
