import type { EntityManager } from '@mikro-orm/postgresql';
import type { CatalogStatus } from '@tiketi/kit';
import { runPrepared, sql } from '@tiketi/kit';
import type { SeatFeed } from '../seat/seat-feed.ts';
import { type SeatRow, type SeatView, toSeatViews } from '../seat/seat-view.ts';

export interface HoldRequest {
  holdId: string;
  userId: string;
  eventId: string;
  /** Validated uuids, no duplicates. */
  seatIds: readonly string[];
}

/** What `seating.hold_seats` answers for one request (migration Migration20251127100000_hold_function). */
export type HoldOutcome =
  | { outcome: 'no-event' }
  | {
      outcome: 'closed';
      status: CatalogStatus;
      saleStartsAt: string;
      startsAt: string;
      deletedAt: string | null;
      now: string;
    }
  | { outcome: 'limit'; owned: number }
  /** The buyer already has a live hold (or one in checkout) of this event. */
  | { outcome: 'active-hold' }
  /** The requested seats it could lock; the others are unavailable. */
  | { outcome: 'unavailable'; locked: string[] }
  | { outcome: 'held'; expiresAt: string; totalAmount: number; seats: SeatView[] };

type StoredOutcome =
  | Exclude<HoldOutcome, { outcome: 'held' }>
  | (Omit<HoldOutcome & { outcome: 'held' }, 'seats'> & { seats: SeatRow[] });

interface BatchAnswer {
  /** The whole batch refused (the event is unknown to seating or not on sale). */
  refused?: StoredOutcome;
  /** The event's new version when the batch held anything. */
  version: number | null;
  results?: StoredOutcome[];
}

interface Waiting {
  em: EntityManager;
  request: HoldRequest;
  resolve(outcome: HoldOutcome): void;
  reject(error: unknown): void;
}

/** Requests per statement: each costs Postgres about a tenth of a millisecond; a batch holds its buyers' locks. */
const MAX_BATCH = 50;

/**
 * Group commit for holds. Every hold of an event raises the event's version, so holds of one event go through
 * its version row one transaction at a time, each keeping the row locked until its COMMIT has been flushed to
 * disk; one hold per transaction therefore caps an event at one hold per WAL flush, whatever the CPU.
 *
 * Here each event has one lane per replica: a request finding the lane idle is sent at once, alone (no added
 * latency); requests arriving while a statement is in flight wait for it and then go together, in arrival
 * order, as one `seating.hold_seats` call — one transaction, one flush, one version, one published batch.
 * Each request stays all or nothing on its own (the function checks before it writes); only an unexpected
 * database error fails the requests of the batch together.
 *
 * A caller already inside a transaction (a consumer, a test) is not batched: its hold runs in that
 * transaction, and its seats are announced after that transaction's COMMIT.
 */
export class HoldBatcher {
  private readonly lanes = new Map<string, Waiting[]>();

  constructor(
    private readonly feed: SeatFeed,
    private readonly rules: { holdSeconds: number; limitPerBuyer: number },
  ) {}

  hold(em: EntityManager, request: HoldRequest): Promise<HoldOutcome> {
    if (em.getTransactionContext()) {
      return this.run(em, request.eventId, [request]).then((outcomes) => outcomes[0]!);
    }
    return new Promise<HoldOutcome>((resolve, reject) => {
      const key = request.eventId.toLowerCase();
      const lane = this.lanes.get(key);
      const waiting: Waiting = { em, request, resolve, reject };
      if (lane) {
        lane.push(waiting);
        return;
      }
      this.lanes.set(key, [waiting]);
      void this.drain(key);
    });
  }

  /** Sends the lane's requests, a batch at a time, until it is empty; then the lane is idle again. */
  private async drain(key: string): Promise<void> {
    const lane = this.lanes.get(key);
    if (!lane) return;
    while (lane.length > 0) {
      const batch = lane.splice(0, MAX_BATCH);
      const first = batch[0]!;
      try {
        const outcomes = await this.run(
          first.em,
          first.request.eventId,
          batch.map((w) => w.request),
        );
        for (const [i, w] of batch.entries()) w.resolve(outcomes[i]!);
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
    this.lanes.delete(key);
  }

  private async run(em: EntityManager, eventId: string, requests: HoldRequest[]): Promise<HoldOutcome[]> {
    const payload = JSON.stringify(
      requests.map((r) => ({ hold: r.holdId, user: r.userId, seats: r.seatIds })),
    );
    const [row] = await runPrepared<{ answer: BatchAnswer | string }>(
      em,
      sql`select seating.hold_seats(${eventId}::uuid, ${payload}::json, ${this.rules.holdSeconds}::int,
            ${this.rules.limitPerBuyer}::int) as answer`,
    );
    if (!row) throw new Error('seating.hold_seats answered nothing');
    const answer: BatchAnswer = typeof row.answer === 'string' ? JSON.parse(row.answer) : row.answer;
    if (answer.refused) {
      const refused = answer.refused as Exclude<HoldOutcome, { outcome: 'held' }>;
      return requests.map(() => refused);
    }
    const results = answer.results ?? [];
    if (results.length !== requests.length) throw new Error('seating.hold_seats answered another batch');
    // One list of seat views for the whole change: ticket types are shared, each hold gets its own slice.
    const rows = results.flatMap((r) => (r.outcome === 'held' ? r.seats : []));
    const views = toSeatViews(rows);
    let next = 0;
    const outcomes = results.map((r): HoldOutcome => {
      if (r.outcome !== 'held') return r;
      const seats = views.slice(next, next + r.seats.length);
      next += r.seats.length;
      return { ...r, seats };
    });
    const changed = views[0];
    if (answer.version !== null && changed) {
      this.feed.announce(em, { eventId: changed.eventId, version: answer.version, seats: views });
    }
    return outcomes;
  }
}
