import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  type CatalogStatus,
  ErrorCode,
  isUuid,
  notFound,
  pgTimestamp,
  runPrepared,
  runSql,
  saleState,
  sql,
} from '@tiketi/kit';
import type { SeatFeed } from '../seat/seat-feed.ts';
import { type SeatRow, seatColumns, toSeatViews } from '../seat/seat-view.ts';
import { pickBestAvailable } from './best-available.ts';
import { HoldBatcher } from './hold-batcher.ts';
import { type HoldView, holdPhase, type StoredHoldStatus } from './hold-view.ts';
import {
  eventNotFound,
  limitExceeded,
  noSeatsOfType,
  SeatsUnavailable,
  saleRefusal,
  seatsUnavailable,
} from './refusals.ts';
import { SeatGeometry } from './seat-geometry.ts';

export { SeatsUnavailable } from './refusals.ts';

export interface HoldRules {
  holdSeconds: number;
  limitPerBuyer: number;
}

/** The event's sale window and the buyer's seats of it, as `precheck` reads them. */
interface SaleRow {
  status: CatalogStatus | null;
  sale_starts_at: string | null;
  starts_at: string | null;
  deleted_at: string | null;
  now: string;
  owned: number;
}

/** Tries of one best-available request; each loss widens the choice (see `PickOptions.spread`). */
const BEST_AVAILABLE_ATTEMPTS = 6;
/** How long seats a best-available request just held stay out of other requests' picks (a free-seat read's age). */
const HELD_PICK_MARK_MS = 1_000;

/**
 * Holds: the heart of the service. Postgres is both the record and the lock (README, "Holding seats"):
 * one short transaction per hold — or per batch of holds of an event that arrived together, each still all or
 * nothing — run by one call of `seating.hold_seats`, seats locked with `FOR UPDATE SKIP LOCKED` so a request
 * never waits for another and never deadlocks.
 */
export class Holds {
  private readonly geometry = new SeatGeometry();
  private readonly batcher: HoldBatcher;
  /** Per event: seats picked by best-available requests of this replica that are being held now. */
  private readonly picking = new Map<string, Map<string, number>>();

  constructor(
    private readonly feed: SeatFeed,
    private readonly rules: HoldRules,
  ) {
    this.batcher = new HoldBatcher(feed, rules);
  }

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
    // The ticket type, the sale window and the buyer's limit, checked before picking so the buyer hears the
    // real reason (the hold checks the last two again, under the buyer's lock).
    await this.precheck(em, userId, eventId, quantity, ticketTypeId);

    const lost = new Set<string>();
    for (let attempt = 1; ; attempt++) {
      const free = (await this.geometry.freeSeats(em, eventId, ticketTypeId)).filter((s) => !lost.has(s.id));
      const spread = attempt === 1 ? 1 : 4 ** (attempt - 1);
      // Seats this replica's other best-available requests are holding right now are left to them: buyers
      // arriving together take the best, the next best … instead of all losing the best to one of them.
      const picking = this.picking.get(eventId.toLowerCase());
      const pick =
        (picking &&
          pickBestAvailable(
            free.filter((s) => !picking.has(s.id)),
            quantity,
            { spread },
          )) ||
        pickBestAvailable(free, quantity, { spread });
      if (!pick) throw noSeatsOfType(quantity);
      const release = this.markPicking(eventId, pick.seatIds);
      try {
        const held = await this.attempt(em, userId, eventId, pick.seatIds);
        // Requests that read the free seats before this hold committed still see these seats as free: keep
        // them marked a moment longer, or such a request picks them, loses the race and settles for worse.
        setTimeout(release, HELD_PICK_MARK_MS).unref();
        return held;
      } catch (err) {
        release();
        if (!(err instanceof SeatsUnavailable) || attempt >= BEST_AVAILABLE_ATTEMPTS) throw err;
        for (const id of err.seatIds) lost.add(id);
      }
    }
  }

  /** Notes seats a best-available request is about to hold; the returned function forgets them again. */
  private markPicking(eventId: string, seatIds: readonly string[]): () => void {
    const key = eventId.toLowerCase();
    const picking = this.picking.get(key) ?? new Map<string, number>();
    this.picking.set(key, picking);
    for (const id of seatIds) picking.set(id, (picking.get(id) ?? 0) + 1);
    return () => {
      for (const id of seatIds) {
        const n = (picking.get(id) ?? 1) - 1;
        if (n > 0) picking.set(id, n);
        else picking.delete(id);
      }
      if (picking.size === 0 && this.picking.get(key) === picking) this.picking.delete(key);
    };
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
   * One all-or-nothing hold through `seating.hold_seats` (hold-batcher.ts, migration
   * Migration20251127100000_hold_function), which runs the transaction the README describes — (1) a
   * per-buyer-and-event advisory lock, so one buyer's parallel requests cannot both pass the limit; (2) the
   * event's sale window and the buyer's seats; (3) the seats, `FOR UPDATE SKIP LOCKED`, anything missing,
   * taken, blocked or locked by a concurrent transaction failing the whole request at once; (4) the hold and
   * the seats' new state; (5) the version, last — then COMMIT, then the published batch.
   */
  private async attempt(
    em: EntityManager,
    userId: string,
    eventId: string,
    seatIds: readonly string[],
  ): Promise<HoldView> {
    const holdId = randomUUID();
    const result = await this.batcher.hold(em, { holdId, userId, eventId, seatIds });
    switch (result.outcome) {
      case 'held':
        return {
          id: holdId,
          eventId,
          userId,
          expiresAt: pgTimestamp(result.expiresAt),
          totalAmount: result.totalAmount,
          seats: result.seats,
        } satisfies HoldView;
      case 'unavailable': {
        const got = new Set(result.locked);
        throw seatsUnavailable(seatIds.filter((id) => !got.has(id.toLowerCase())));
      }
      case 'limit':
        throw limitExceeded(this.rules.limitPerBuyer, result.owned);
      case 'active-hold':
        throw new AppError(
          ErrorCode.HOLD_ALREADY_ACTIVE,
          'You already hold seats for this event. Pay for them or release them before holding others.',
        );
      case 'no-event':
        throw eventNotFound();
      case 'closed': {
        const state = saleState(
          {
            status: result.status,
            saleStartsAt: pgTimestamp(result.saleStartsAt),
            startsAt: pgTimestamp(result.startsAt),
            deletedAt: result.deletedAt ? pgTimestamp(result.deletedAt) : null,
          },
          pgTimestamp(result.now),
        );
        // seating.on_sale and saleState are one rule written twice (a test checks they agree).
        if (state.phase === 'on-sale') throw new Error('seating.on_sale and saleState disagree');
        throw saleRefusal(state);
      }
    }
  }

  /**
   * The ticket type (when given), the sale window and the per-buyer limit (held and bought seats of this
   * event count), in one statement.
   */
  private async precheck(
    em: EntityManager,
    userId: string,
    eventId: string,
    wanted: number,
    ticketTypeId?: string,
  ): Promise<void> {
    const [event] = await runPrepared<SaleRow & { type_ok: boolean }>(
      em,
      sql`select e.status, e.sale_starts_at, e.starts_at, e.deleted_at, now() as now,
            exists (select 1 from seating.ticket_types t
                    where t.id = ${ticketTypeId ?? null}::uuid and t.event_id = ${eventId}::uuid
                      and t.retired_at is null) as type_ok,
            (select count(*)::int from seating.seats s
             where s.event_id = e.event_id and s.owner_id = ${userId}::uuid
               and (s.status = 'SOLD' or (s.status = 'HELD' and s.held_until > now()))) as owned
          from (select 1) one left join seating.events e on e.event_id = ${eventId}::uuid`,
    );
    if (ticketTypeId !== undefined && !event?.type_ok) throw notFound('Ticket type');
    if (!event?.status || !event.sale_starts_at || !event.starts_at) throw eventNotFound();
    const state = saleState(
      {
        status: event.status,
        saleStartsAt: pgTimestamp(event.sale_starts_at),
        startsAt: pgTimestamp(event.starts_at),
        deletedAt: event.deleted_at ? pgTimestamp(event.deleted_at) : null,
      },
      pgTimestamp(event.now),
    );
    if (state.phase !== 'on-sale') throw saleRefusal(state);
    this.assertWithinLimit(wanted, event.owned);
  }

  private assertWithinLimit(wanted: number, owned: number): void {
    if (owned + wanted > this.rules.limitPerBuyer) throw limitExceeded(this.rules.limitPerBuyer, owned);
  }
}
