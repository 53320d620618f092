import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  isUuid,
  notFound,
  pgTimestamp,
  runSql,
  sql,
  uuidArray,
} from '@tiketi/kit';
import { type CatalogStatus, saleState } from '../event/sale-window.ts';
import type { SeatFeed } from '../seat/seat-feed.ts';
import { type SeatRow, seatColumns, toSeatViews } from '../seat/seat-view.ts';
import { type CandidateSeat, pickBestAvailable } from './best-available.ts';
import { type HoldView, holdPhase, type StoredHoldStatus } from './hold-view.ts';

export interface HoldRules {
  holdSeconds: number;
  limitPerBuyer: number;
}

/** Seats a request asked for that it could not have: taken, locked by a concurrent hold, blocked or unknown. */
export class SeatsUnavailable extends AppError {
  constructor(readonly seatIds: string[]) {
    super(
      ErrorCode.SEAT_UNAVAILABLE,
      seatIds.length === 1
        ? 'That seat was just taken or is not for sale. Pick another one.'
        : 'Some of those seats were just taken or are not for sale. Pick others.',
      { seatIds },
    );
  }
}

/** Tries of one best-available request; each loss widens the choice (see `PickOptions.spread`). */
const BEST_AVAILABLE_ATTEMPTS = 6;

/**
 * Holds: the heart of the service. Postgres is both the record and the lock (README, "Holding seats"):
 * one short transaction per hold, seats locked with `FOR UPDATE SKIP LOCKED` so a request never waits for
 * another and never deadlocks, all or nothing.
 */
export class Holds {
  constructor(
    private readonly feed: SeatFeed,
    private readonly rules: HoldRules,
  ) {}

  /** All-or-nothing hold of `seatIds` for `userId`. */
  async hold(
    em: EntityManager,
    userId: string,
    eventId: string,
    seatIds: readonly string[],
  ): Promise<HoldView> {
    if (!isUuid(eventId)) throw notFound('Event');
    if (seatIds.length === 0) throw badInput('Pick at least one seat.', 'seatIds');
    if (new Set(seatIds).size !== seatIds.length) throw badInput('Each seat can be picked once.', 'seatIds');
    if (!seatIds.every(isUuid)) throw badInput('Seat ids are the ids the seat map gives.', 'seatIds');
    this.assertWithinLimit(seatIds.length, 0);
    return this.attempt(em, userId, eventId, seatIds);
  }

  /**
   * `quantity` seats of one ticket type, chosen by `pickBestAvailable` from a snapshot and then held like any
   * request. Losing a race for a picked seat only means picking again without it.
   */
  async holdBestAvailable(
    em: EntityManager,
    userId: string,
    eventId: string,
    ticketTypeId: string,
    quantity: number,
  ): Promise<HoldView> {
    if (!isUuid(eventId)) throw notFound('Event');
    if (!Number.isInteger(quantity) || quantity < 1) throw badInput('Ask for at least one seat.', 'quantity');
    this.assertWithinLimit(quantity, 0);
    if (!isUuid(ticketTypeId)) throw notFound('Ticket type');
    const types = await runSql<{ id: string }>(
      em,
      sql`select id from seating.ticket_types
          where id = ${ticketTypeId} and event_id = ${eventId} and retired_at is null`,
    );
    if (types.length === 0) throw notFound('Ticket type');
    // The sale window and the buyer's limit, checked before picking so the buyer hears the real reason.
    await this.precheck(em, userId, eventId, quantity);

    const lost = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const candidates = (await this.candidates(em, eventId, ticketTypeId)).filter((s) => !lost.has(s.id));
      const pick = pickBestAvailable(candidates, quantity, {
        spread: attempt === 1 ? 1 : 4 ** (attempt - 1),
      });
      if (!pick) {
        throw new AppError(
          ErrorCode.SEAT_UNAVAILABLE,
          `There are not ${quantity} seats of this type left. Try fewer seats or another type.`,
          { seatIds: [] },
        );
      }
      try {
        return await this.attempt(em, userId, eventId, pick.seatIds);
      } catch (err) {
        if (!(err instanceof SeatsUnavailable) || attempt >= BEST_AVAILABLE_ATTEMPTS) throw err;
        for (const id of err.seatIds) lost.add(id);
      }
    }
  }

  /** Releases a live hold of `userId`. True when this call released its seats, false when it had ended. */
  async release(em: EntityManager, userId: string, holdId: string): Promise<boolean> {
    if (!isUuid(holdId)) throw notFound('Hold');
    const { result } = await this.feed.change(em, async (tx) => {
      // Lock order everywhere: seats, then holds, then reservations, then the event's version row.
      await runSql(tx.em, sql`select id from seating.seats where hold_id = ${holdId} order by id for update`);
      const [hold] = await runSql<{
        user_id: string;
        status: StoredHoldStatus;
        expires_at: string;
        now: string;
      }>(
        tx.em,
        sql`select user_id, status, expires_at, now() as now from seating.holds where id = ${holdId} for update`,
      );
      // Someone else's hold is reported exactly like a missing one: ids reveal nothing.
      if (!hold || hold.user_id !== userId) throw notFound('Hold');
      const phase = holdPhase(hold.status, pgTimestamp(hold.expires_at), pgTimestamp(hold.now));
      if (phase.phase === 'in-checkout') {
        throw new AppError(
          ErrorCode.CONFLICT,
          'These seats are in checkout. Cancel the reservation to give them back.',
        );
      }
      if (phase.phase === 'released' || phase.phase === 'sold') return false;
      const freed = await runSql<SeatRow>(
        tx.em,
        sql`with freed as (
              update seating.seats set status = 'AVAILABLE', hold_id = null, held_until = null, owner_id = null
              where hold_id = ${holdId} and status = 'HELD' returning *)
            select ${seatColumns('f', 'tt')} from freed f join seating.ticket_types tt on tt.id = f.ticket_type_id`,
      );
      await runSql(tx.em, sql`update seating.holds set status = 'RELEASED' where id = ${holdId}`);
      tx.changed(toSeatViews(freed));
      return phase.phase === 'held';
    });
    return result;
  }

  /** The buyer's own hold while it is live (expired, released and sold holds read as null). */
  async findLive(em: EntityManager, userId: string, holdId: string): Promise<HoldView | null> {
    if (!isUuid(holdId)) return null;
    const [hold] = await runSql<{
      id: string;
      event_id: string;
      user_id: string;
      status: StoredHoldStatus;
      expires_at: string;
      total_amount: number;
      now: string;
    }>(
      em,
      sql`select id, event_id, user_id, status, expires_at, total_amount, now() as now
          from seating.holds where id = ${holdId}`,
    );
    if (!hold || hold.user_id !== userId) return null;
    const phase = holdPhase(hold.status, pgTimestamp(hold.expires_at), pgTimestamp(hold.now));
    if (phase.phase !== 'held' && phase.phase !== 'in-checkout') return null;
    const seats = await runSql<SeatRow>(
      em,
      sql`select ${seatColumns('s', 'tt')} from seating.seats s
          join seating.ticket_types tt on tt.id = s.ticket_type_id
          where s.hold_id = ${holdId} order by s.seq`,
    );
    return {
      id: hold.id,
      eventId: hold.event_id,
      userId: hold.user_id,
      expiresAt: phase.expiresAt,
      totalAmount: hold.total_amount,
      seats: toSeatViews(seats),
    };
  }

  /**
   * One hold transaction, in the order the README gives: (1) a per-buyer-and-event advisory lock, so one
   * buyer's parallel requests cannot both pass the limit; (2) the event's sale window and the buyer's seats;
   * (3) the seats, `FOR UPDATE SKIP LOCKED` — anything missing, taken, blocked or locked by a concurrent
   * transaction fails the whole request at once; (4) the hold and the seats' new state; (5) the version, last
   * (SeatFeed), then COMMIT, then the published batch.
   */
  private async attempt(
    em: EntityManager,
    userId: string,
    eventId: string,
    seatIds: readonly string[],
  ): Promise<HoldView> {
    const ids = uuidArray(seatIds);
    const holdId = randomUUID();
    const { result } = await this.feed.change(em, async (tx) => {
      await runSql(
        tx.em,
        sql`select pg_advisory_xact_lock(hashtext('seating.hold'), hashtext(${`${userId}:${eventId}`}))`,
      );
      await this.precheck(tx.em, userId, eventId, seatIds.length);

      const locked = await runSql<{ id: string }>(
        tx.em,
        sql`select id from seating.seats
            where event_id = ${eventId} and id = any(${ids}::uuid[])
              and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))
            order by id
            for update skip locked`,
      );
      if (locked.length !== seatIds.length) {
        const got = new Set(locked.map((r) => r.id));
        throw new SeatsUnavailable(seatIds.filter((id) => !got.has(id)));
      }

      const rows = await runSql<SeatRow & { expires_at: string; total_amount: number }>(
        tx.em,
        sql`with hold as (
              insert into seating.holds (id, event_id, user_id, seat_count, total_amount, expires_at)
              select ${holdId}, ${eventId}, ${userId}, ${seatIds.length}, coalesce(sum(tt.price), 0),
                     now() + make_interval(secs => ${this.rules.holdSeconds})
              from seating.seats s join seating.ticket_types tt on tt.id = s.ticket_type_id
              where s.id = any(${ids}::uuid[])
              returning id, expires_at, total_amount
            ), held as (
              update seating.seats s
              set status = 'HELD', hold_id = hold.id, held_until = hold.expires_at, owner_id = ${userId}
              from hold where s.id = any(${ids}::uuid[])
              returning s.*
            )
            select ${seatColumns('h', 'tt')}, hold.expires_at, hold.total_amount
            from held h join seating.ticket_types tt on tt.id = h.ticket_type_id cross join hold
            order by h.seq`,
      );
      const seats = toSeatViews(rows);
      tx.changed(seats);
      const first = rows[0];
      if (!first) throw new Error('hold wrote no seats');
      return {
        id: holdId,
        eventId,
        userId,
        expiresAt: pgTimestamp(first.expires_at),
        totalAmount: first.total_amount,
        seats,
      } satisfies HoldView;
    });
    return result;
  }

  /** The sale window and the per-buyer limit (held and bought seats of this event count). */
  private async precheck(em: EntityManager, userId: string, eventId: string, wanted: number): Promise<void> {
    const [event] = await runSql<{
      status: CatalogStatus;
      sale_starts_at: string;
      starts_at: string;
      deleted_at: string | null;
      now: string;
      owned: number;
    }>(
      em,
      sql`select e.status, e.sale_starts_at, e.starts_at, e.deleted_at, now() as now,
            (select count(*)::int from seating.seats s
             where s.event_id = e.event_id and s.owner_id = ${userId}
               and (s.status = 'SOLD' or (s.status = 'HELD' and s.held_until > now()))) as owned
          from seating.events e where e.event_id = ${eventId}`,
    );
    if (!event) throw notFound('Event');
    const state = saleState(
      {
        status: event.status,
        saleStartsAt: pgTimestamp(event.sale_starts_at),
        startsAt: pgTimestamp(event.starts_at),
        deletedAt: event.deleted_at ? pgTimestamp(event.deleted_at) : null,
      },
      pgTimestamp(event.now),
    );
    switch (state.phase) {
      case 'on-sale':
        break;
      case 'not-open':
        throw new AppError(
          ErrorCode.SALE_NOT_OPEN,
          state.opensAt
            ? `The sale opens at ${state.opensAt.toISOString()}.`
            : 'The sale has not been announced yet.',
          state.opensAt ? { saleStartsAt: state.opensAt.toISOString() } : {},
        );
      case 'closed':
        if (state.reason === 'deleted') throw notFound('Event');
        throw new AppError(
          ErrorCode.SALE_NOT_OPEN,
          state.reason === 'cancelled'
            ? 'This event was cancelled.'
            : state.reason === 'sold-out'
              ? 'This event is sold out.'
              : 'The sale for this event has closed.',
        );
    }
    this.assertWithinLimit(wanted, event.owned);
  }

  private assertWithinLimit(wanted: number, owned: number): void {
    const limit = this.rules.limitPerBuyer;
    if (owned + wanted <= limit) return;
    throw new AppError(
      ErrorCode.SEAT_LIMIT_EXCEEDED,
      owned > 0
        ? `You can have at most ${limit} seats for this event, and you already hold or bought ${owned}.`
        : `You can have at most ${limit} seats for this event.`,
      { limit, owned },
    );
  }

  private async candidates(em: EntityManager, eventId: string, ticketTypeId: string) {
    const rows = await runSql<{
      id: string;
      section: string;
      row: string;
      run: number;
      position: number;
      seq: number;
      stage_distance: number;
    }>(
      em,
      sql`select id, section, "row", run, position, seq, stage_distance from seating.seats
          where event_id = ${eventId} and ticket_type_id = ${ticketTypeId}
            and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))`,
    );
    return rows.map(
      (r): CandidateSeat => ({
        id: r.id,
        section: r.section,
        row: r.row,
        run: r.run,
        position: r.position,
        seq: r.seq,
        stageDistance: r.stage_distance,
      }),
    );
  }
}
