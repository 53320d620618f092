import type { Redis } from 'ioredis';
import type { SeatChangeBatch } from './seat-view.ts';

/** What `SeatMap.changesSince` answers: the seats changed after a version, each once, with its status now. */
export interface SeatChangesView {
  /** The version the changes bring the map to (at least the `SeatMap.version` read before them). */
  version: number;
  seatIds: string[];
  /** One character per id of `seatIds`, as in `SeatMap.statusCodes`. */
  statusCodes: string;
}

export interface SeatHistoryOptions {
  /** Versions kept per event; older ones are dropped. @default 2000 */
  length?: number;
  /** An event's history expires this long after its last change. @default 86400 */
  ttlSeconds?: number;
  /**
   * How long `since` waits for versions committed but not yet recorded (each is written after its COMMIT, so
   * a reader can see a version before its record lands) before answering that the history does not cover
   * them. @default 250
   */
  settleMs?: number;
}

/** Pause between reads while `since` waits for a committed version's record. */
const SETTLE_POLL_MS = 10;

/**
 * A bounded history of every event's seat changes (version → the changed seats' status codes), kept in Redis
 * so every seating replica answers from the same record: a client that missed changes (socket down, router
 * restarted, a lost pub/sub message) asks for those after the version it has instead of reloading the map.
 *
 * One sorted set per event, scored by version; a member is `<version>|<id>=<code>,<id>=<code>…`. Written after
 * COMMIT together with the pub/sub publish (SeatFeed), so like it a write can be lost (a replica killed between
 * commit and publish, Redis down): the answer then has a hole, and `since` reports the history as not covering
 * the gap. Only a contiguous run of versions is ever answered.
 */
export class SeatHistory {
  private readonly length: number;
  private readonly ttlSeconds: number;
  private readonly settleMs: number;

  constructor(
    private readonly redis: Redis,
    options: SeatHistoryOptions = {},
  ) {
    this.length = options.length ?? 2_000;
    this.ttlSeconds = options.ttlSeconds ?? 86_400;
    this.settleMs = options.settleMs ?? 250;
  }

  private key(eventId: string) {
    return `seating:seat-history:${eventId}`;
  }

  /** Records one committed batch; rejects when Redis is unreachable (the caller logs it). */
  async record(batch: SeatChangeBatch): Promise<void> {
    const member = `${batch.version}|${batch.seats.map((s) => `${s.id}=${s.status[0]}`).join(',')}`;
    const key = this.key(batch.eventId);
    await this.redis
      .multi()
      .zadd(key, batch.version, member)
      // Keep the newest `length` versions.
      .zremrangebyrank(key, 0, -(this.length + 1))
      .expire(key, this.ttlSeconds)
      .exec();
  }

  /**
   * The seats changed after `version`, merged (the last status of a seat wins), up to the newest contiguous
   * version recorded. null when the history does not cover every version from `version + 1` to `current`
   * (the event's version read before this call): versions were dropped, expired or never recorded, and only
   * a full reload repairs the client's map. A version is recorded just after its COMMIT, so `current` can be
   * ahead of the history for a moment (a catch-up in the middle of a rush): a history that falls short is read
   * again for up to `settleMs` before the answer is null.
   */
  async since(eventId: string, version: number, current: number): Promise<SeatChangesView | null> {
    if (version >= current) return { version: current, seatIds: [], statusCodes: '' };
    const deadline = performance.now() + this.settleMs;
    for (;;) {
      // From `version` itself: whether the history reaches back to the client tells a version in flight (wait
      // for it) from versions dropped or lost with Redis (no wait brings those back).
      const members = await this.redis.zrangebyscore(this.key(eventId), version, '+inf');
      const changes = contiguous(members, version);
      if (changes.version >= current) return changes;
      const reachesBack = members.length > 0 && versionOf(members[0]!) <= version + 1;
      if (!reachesBack || performance.now() >= deadline) return null;
      await new Promise((resolve) => setTimeout(resolve, SETTLE_POLL_MS));
    }
  }
}

const versionOf = (member: string) => Number(member.slice(0, member.indexOf('|')));

/** The changes of the run of versions `from + 1, from + 2, …` in `members` (sorted by version). */
function contiguous(members: string[], from: number): SeatChangesView {
  const statuses = new Map<string, string>();
  let reached = from;
  for (const member of members) {
    const bar = member.indexOf('|');
    const v = Number(member.slice(0, bar));
    if (v <= from) continue;
    // The same version twice cannot happen (one row lock per bump); a later one means a hole.
    if (v !== reached + 1) break;
    reached = v;
    const body = member.slice(bar + 1);
    if (body.length === 0) continue;
    for (const pair of body.split(',')) {
      const eq = pair.indexOf('=');
      statuses.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
  }
  return { version: reached, seatIds: [...statuses.keys()], statusCodes: [...statuses.values()].join('') };
}
