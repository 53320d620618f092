import type { Logger, Orm } from '@tiketi/kit';
import { runSql, type Sql, sql } from '@tiketi/kit';
import { Histogram, type Registry } from 'prom-client';
import type { Reservations } from '../reservation/reservation.repository.ts';
import type { SeatFeed } from './seat-feed.ts';
import { type SeatRow, seatColumns, toSeatViews } from './seat-view.ts';

/** A timestamptz as epoch milliseconds, a float8 (a JavaScript number, whatever the driver does with dates). */
const epochMs = (timestamp: Sql): Sql => sql`(extract(epoch from ${timestamp}) * 1000)::float8`;

export interface SweeperOptions {
  orm: Orm;
  feed: SeatFeed;
  reservations: Reservations;
  log: Logger;
  /** @default 250 */
  intervalMs?: number;
  /** Seats freed per transaction; a backlog is worked off in consecutive rounds. @default 1000 */
  batchSize?: number;
  /** Where `tiketi_seat_release_lag_seconds` is registered (the service's /metrics). */
  metrics?: Registry;
  /** Holds that ended (released, expired) are deleted this long after they were made. @default one day */
  holdRetentionMs?: number;
  /** How often a round also prunes ended holds. @default one minute */
  pruneIntervalMs?: number;
}

export interface Sweeper {
  /** One full pass now (tests). Resolves with the number of seats freed. */
  sweep(): Promise<number>;
  /** Deletes holds that ended and were made before `retentionMs` ago, with nothing pointing at them. */
  pruneEndedHolds(retentionMs?: number): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Turns seats of expired holds back to AVAILABLE and announces them, and ends PENDING reservations whose
 * checkout time is up. Correctness never waits for it — an expired hold already reads AVAILABLE and can be
 * taken over at hold time — it exists so that everybody watching sees the seat come back within a second.
 * Replicas share the work: `FOR UPDATE SKIP LOCKED` gives each row to one of them, and never waits.
 */
export function startSweeper(options: SweeperOptions): Sweeper {
  const { orm, feed, reservations, log } = options;
  const batchSize = options.batchSize ?? 1000;
  const intervalMs = options.intervalMs ?? 250;
  const holdRetentionMs = options.holdRetentionMs ?? 24 * 3_600_000;
  const pruneIntervalMs = options.pruneIntervalMs ?? 60_000;
  let prunedAt = Date.now();
  let state: { phase: 'running'; timer: NodeJS.Timeout | null } | { phase: 'stopped' } = {
    phase: 'running',
    timer: null,
  };
  let round: Promise<number> = Promise.resolve(0);

  const releaseLag = new Histogram({
    name: 'tiketi_seat_release_lag_seconds',
    help: 'From a hold’s end to the sweeper announcing its seats free (after the commit and the publish), per seat',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10],
    registers: options.metrics ? [options.metrics] : [],
  });

  /**
   * One statement, so one round trip and its own transaction: the seats freed, each event's version raised (its
   * inventory row locked in event order, as `SeatFeed.change` does), committed before the answer comes back. A
   * transaction of several statements held the version's row lock across every round trip to this process, and
   * an on-sale's busy event loop made those trips long.
   */
  const freeExpiredSeats = async (): Promise<number> => {
    const em = orm.orm.em.fork();
    const started = Date.now();
    const rows = await runSql<SeatRow & { ended_ms: number; version: number }>(
      em,
      sql`with expired as (
            select id, held_until from seating.seats where status = 'HELD' and held_until <= now()
            order by held_until limit ${batchSize} for update skip locked
          ), freed as (
            update seating.seats s set status = 'AVAILABLE', hold_id = null, held_until = null, owner_id = null
            from expired where s.id = expired.id returning s.*, ${epochMs(sql`expired.held_until`)} as ended_ms
          ), locked as (
            select event_id from seating.event_inventory where event_id in (select event_id from freed)
            order by event_id for update
          ), bumped as (
            update seating.event_inventory i set version = version + 1, updated_at = now()
            from locked where i.event_id = locked.event_id returning i.event_id, i.version
          )
          select ${seatColumns('f', 'tt')}, f.ended_ms, b.version
          from freed f join seating.ticket_types tt on tt.id = f.ticket_type_id
          join bumped b on b.event_id = f.event_id`,
    );
    const byEvent = new Map<string, { version: number; rows: typeof rows }>();
    for (const row of rows) {
      const batch = byEvent.get(row.event_id) ?? { version: row.version, rows: [] };
      byEvent.set(row.event_id, batch);
      batch.rows.push(row);
    }
    for (const [eventId, batch] of byEvent)
      feed.announce(em, { eventId, version: batch.version, seats: toSeatViews(batch.rows) });
    // Announced now: how late, per seat.
    const announcedAt = Date.now();
    let latest = 0;
    for (const row of rows) {
      releaseLag.observe(Math.max(0, announcedAt - row.ended_ms) / 1000);
      latest = Math.max(latest, announcedAt - row.ended_ms);
    }
    if (latest > 1_000)
      log.warn(
        { seats: rows.length, lagMs: latest, statementMs: announcedAt - started },
        'seats of ended holds announced free more than a second late',
      );
    return rows.length;
  };

  /**
   * Holds are kept while anything points at them — a seat still HELD by one, a reservation made from one (its
   * order, paid or not) — and for a day after, for support; the rest go, a few thousand per statement. Nothing
   * reads an ended hold: `seatHold` answers null for one either way.
   */
  const pruneEndedHolds = async (retentionMs = holdRetentionMs): Promise<number> => {
    const em = orm.orm.em.fork();
    let pruned = 0;
    for (;;) {
      const rows = await runSql<{ n: number }>(
        em,
        sql`with ended as (
              select h.id from seating.holds h
              where h.created_at < now() - make_interval(secs => ${retentionMs / 1000})
                and h.status in ('ACTIVE', 'RELEASED')
                and not exists (select 1 from seating.reservations r where r.hold_id = h.id)
                and not exists (select 1 from seating.seats s where s.hold_id = h.id)
              order by h.created_at limit 5000 for update skip locked
            ), gone as (delete from seating.holds h using ended where h.id = ended.id returning 1)
            select count(*)::int as n from gone`,
      );
      const n = rows[0]?.n ?? 0;
      pruned += n;
      if (n < 5000) break;
    }
    if (pruned > 0) log.info({ holds: pruned }, 'ended holds pruned');
    return pruned;
  };

  /** When the next hold or checkout runs out, as far as this round knows (null: none pending). */
  let nextDueAt: number | null = null;

  const sweep = () => {
    round = round.then(async () => {
      const em = orm.orm.em.fork();
      // One cheap statement (two partial indexes) when there is nothing to do, which is most of the time; it
      // also says when the next hold ends, so the next round starts then rather than up to a period later.
      const [due] = await runSql<{
        now: number;
        seats: boolean;
        reservations: boolean;
        next_seat: number | null;
        next_reservation: number | null;
      }>(
        em,
        sql`select ${epochMs(sql`now()`)} as now,
            exists (select 1 from seating.seats where status = 'HELD' and held_until <= now()) as seats,
            exists (select 1 from seating.reservations where status = 'PENDING' and expires_at <= now())
              as reservations,
            ${epochMs(sql`(select min(held_until) from seating.seats where status = 'HELD' and held_until > now())`)}
              as next_seat,
            ${epochMs(
              sql`(select min(expires_at) from seating.reservations where status = 'PENDING' and expires_at > now())`,
            )} as next_reservation`,
      );
      const readAt = Date.now();
      let freed = 0;
      if (due?.reservations) while ((await reservations.expireDue(em, 200)) === 200);
      if (due?.seats) {
        for (;;) {
          const n = await freeExpiredSeats();
          freed += n;
          if (n < batchSize) break;
        }
      }
      // The next end, on this process's clock (Postgres' may differ from it), a few ms late so that Postgres'
      // now() has passed it when that round runs.
      const next = [due?.next_seat, due?.next_reservation].filter((at): at is number => at != null);
      nextDueAt = due && next.length > 0 ? readAt + (Math.min(...next) - due.now) + 5 : null;
      if (Date.now() - prunedAt >= pruneIntervalMs) {
        prunedAt = Date.now();
        await pruneEndedHolds();
      }
      return freed;
    });
    return round;
  };

  const tick = async () => {
    if (state.phase !== 'running') return;
    try {
      await sweep();
    } catch (err) {
      log.warn({ err: (err as Error).message }, 'seat sweep failed; retrying next round');
      round = Promise.resolve(0);
    }
    if (state.phase === 'running') {
      // A hold made meanwhile (here or on another replica) ends at least a hold's length from now, so waiting
      // no longer than the period still finds it in time.
      const wait =
        nextDueAt === null ? intervalMs : Math.min(intervalMs, Math.max(0, nextDueAt - Date.now()));
      state.timer = setTimeout(tick, wait);
      state.timer.unref();
    }
  };
  state.timer = setTimeout(tick, intervalMs);
  state.timer.unref();

  return {
    sweep,
    pruneEndedHolds: (retentionMs) => {
      round = round.then(() => pruneEndedHolds(retentionMs));
      return round;
    },
    async stop() {
      if (state.phase === 'running' && state.timer) clearTimeout(state.timer);
      state = { phase: 'stopped' };
      await round.catch(() => 0);
    },
  };
}
