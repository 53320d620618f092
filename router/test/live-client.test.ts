import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  backoffDelay,
  createVersionTracker,
  decide,
  type VersionedChange,
  versionedChange,
} from '../client/src/index.ts';

describe('the version-gap rule', () => {
  it.each([
    // current, version, fromVersion, decision
    [4, 5, null, 'apply'],
    [4, 6, null, 'refetch'],
    [4, 4, null, 'ignore'],
    [4, 3, null, 'ignore'],
    // A coalesced message covering 5..7 continues a state at 4, and at 5 or 6 (statuses are absolute).
    [4, 7, 5, 'apply'],
    [6, 7, 5, 'apply'],
    [7, 7, 5, 'ignore'],
    // Covering 6..7 leaves version 5 missing.
    [4, 7, 6, 'refetch'],
  ] as const)('state at %i, change %i (from %s): %s', (current, version, fromVersion, expected) => {
    expect(decide(current, { version, fromVersion })).toBe(expected);
  });

  it('reads a router result, taking fromVersion from extensions.coalesced', () => {
    expect(versionedChange({ data: { seatChanged: { version: 7, seats: [] } } })).toEqual({
      version: 7,
      seats: [],
      fromVersion: null,
    });
    expect(
      versionedChange(
        {
          data: { live: { version: 7, seats: [] } },
          extensions: { coalesced: { fromVersion: 5, count: 3 } },
        },
        'live',
      ),
    ).toEqual({ version: 7, seats: [], fromVersion: 5 });
    expect(versionedChange({ data: null, extensions: {} })).toBeNull();
  });
});

describe('backoff', () => {
  it('doubles its ceiling up to the cap, with full jitter below it', () => {
    const at = (attempt: number, random: number) =>
      backoffDelay(attempt, { initialMs: 100, maxMs: 1_000, random: () => random });
    expect([0, 1, 2, 3, 4, 10].map((n) => at(n, 0))).toEqual([0, 0, 0, 0, 0, 0]);
    expect([0, 1, 2, 3, 4, 10].map((n) => at(n, 0.999_999))).toEqual([99, 199, 399, 799, 999, 999]);
    for (let i = 0; i < 100; i++) {
      const delay = backoffDelay(3, { initialMs: 100, maxMs: 1_000 });
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThan(800);
    }
  });
});

type Change = VersionedChange & { seats: string[] };
const change = (version: number, seats: string[] = [`s${version}`], fromVersion?: number): Change => ({
  version,
  seats,
  ...(fromVersion ? { fromVersion } : {}),
});

/** A tracker over a fake seat map whose reloads the test answers by hand. */
function tracked(initialVersion: number) {
  const applied: number[] = [];
  const reloads: ((version: number) => void)[] = [];
  let failNext = false;
  const tracker = createVersionTracker<Change>({
    refetch: () =>
      new Promise<number>((resolve, reject) => {
        if (failNext) {
          failNext = false;
          reject(new Error('offline'));
          return;
        }
        reloads.push(resolve);
      }),
    apply: (c) => applied.push(c.version),
    backoff: { initialMs: 10, maxMs: 10 },
  });
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return {
    tracker,
    applied,
    reloads,
    failNextReload() {
      failNext = true;
    },
    async reload(version = initialVersion) {
      reloads.shift()?.(version);
      await tick();
    },
    tick,
  };
}

describe('the version tracker', () => {
  it('loads first, then applies continuous changes and ignores old ones', async () => {
    const t = tracked(4);
    expect(t.tracker.version).toBeNull();
    expect(t.reloads).toHaveLength(1);
    await t.reload(4);
    t.tracker.push(change(5));
    t.tracker.push(change(5));
    t.tracker.push(change(3));
    t.tracker.push(change(8, ['a', 'b'], 6));
    expect(t.applied).toEqual([5, 8]);
    expect(t.tracker.version).toBe(8);
    expect(t.reloads).toHaveLength(0);
  });

  it('refetches on a gap, keeps what arrives meanwhile and replays it against the reloaded version', async () => {
    const t = tracked(4);
    await t.reload(4);
    t.tracker.push(change(6)); // 5 is missing
    expect(t.reloads).toHaveLength(1);
    t.tracker.push(change(8));
    t.tracker.push(change(7));
    // The reload saw version 7: 6 and 7 are in it, 8 continues it.
    await t.reload(7);
    expect(t.applied).toEqual([8]);
    expect(t.tracker.version).toBe(8);
  });

  it('sees reordering as a gap (the newer one first) and then ignores the late one', async () => {
    const t = tracked(4);
    await t.reload(4);
    t.tracker.push(change(6));
    await t.reload(6);
    t.tracker.push(change(5));
    expect(t.applied).toEqual([]);
    expect(t.tracker.version).toBe(6);
    expect(t.reloads).toHaveLength(0);
  });

  it('reloads after a reconnect, again if the reconnect happens during a reload', async () => {
    const t = tracked(4);
    await t.reload(4);
    t.tracker.resync();
    expect(t.reloads).toHaveLength(1);
    t.tracker.resync();
    // The reload in flight may predate the reconnect: its answer is dropped and another one asked.
    await t.reload(5);
    expect(t.tracker.version).toBeNull();
    expect(t.reloads).toHaveLength(1);
    await t.reload(9);
    expect(t.tracker.version).toBe(9);
  });

  it('retries a failed reload with backoff', async () => {
    const t = tracked(4);
    await t.reload(4);
    t.failNextReload();
    t.tracker.push(change(7));
    await t.tick();
    expect(t.reloads).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 30));
    expect(t.reloads).toHaveLength(1);
    await t.reload(7);
    expect(t.tracker.version).toBe(7);
    t.tracker.stop();
  });
});

describe('a connect that hangs', () => {
  it('is abandoned after connectTimeoutMs and retried, in plain Node without an unheard error', async () => {
    // Its own process: an `error` event nobody listens to would end it, where the test runner would catch it.
    const script = fileURLToPath(new URL('./support/hung-connect.ts', import.meta.url));
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', script], {
      timeout: 30_000,
    });
    const { connections, state } = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      connections: number;
      state: string;
    };
    // 200 ms per attempt and at most 20 ms between them: several attempts in 1.5 s, none ever answered.
    expect(connections).toBeGreaterThanOrEqual(4);
    expect(state).toBe('connecting');
  });
});
