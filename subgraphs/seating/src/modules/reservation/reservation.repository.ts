import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  decodeCursor,
  ErrorCode,
  encodeCursor,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  pageSize,
  pgTimestamp,
  recordEvent,
  runSql,
  type Sql,
  sql,
  Topics,
  toConnection,
  uuidArray,
} from '@tiketi/kit';
import { holdPhase, type StoredHoldStatus } from '../hold/hold-view.ts';
import type { SeatFeed, SeatWork } from '../seat/seat-feed.ts';
import { type SeatRow, seatColumns, toSeatViews } from '../seat/seat-view.ts';
import type { Resales } from '../ticket/resale.ts';
import type { Tickets } from '../ticket/ticket.repository.ts';
import { Reservation, type ReservationStatus } from './reservation.entity.ts';

export interface ReservationRules {
  checkoutExtensionSeconds: number;
}

/** Why a payment did not confirm its reservation (`seating.reservation.confirm_failed`). */
export type ConfirmFailure =
  | 'payment-after-expiry'
  | 'payment-after-cancellation'
  | 'paid-by-another-payment'
  | 'amount-mismatch'
  /** a resale listing that was withdrawn (its seller checked in, or their order ended) before the payment */
  | 'resale-withdrawn';

/** Why a reservation ended, as recorded in `end_reason` and in the domain event. */
export type EndReason =
  | 'buyer-cancelled'
  | 'admin-cancelled'
  | 'checkout-expired'
  | 'payment-cancelled'
  | ConfirmFailure;

/** What `confirm` did with a `payment.confirmed`. */
export type ConfirmOutcome =
  | { outcome: 'confirmed'; reservationId: string }
  /** The same payment again (an at-least-once redelivery): nothing to do. */
  | { outcome: 'already-confirmed'; reservationId: string }
  /**
   * Not confirmable (expired, cancelled, seats lost, wrong amount, paid twice): no seat is sold, and
   * `seating.reservation.confirm_failed` with the paymentId tells payment to refund.
   */
  | { outcome: 'rejected'; reservationId: string; status: ReservationStatus; reason: string }
  | { outcome: 'unknown-reservation' };

export type ReleaseOutcome =
  | { outcome: 'released'; reservationId: string }
  | { outcome: 'already-ended'; reservationId: string; status: ReservationStatus }
  | { outcome: 'unknown-reservation' };

interface ReservationRow {
  id: string;
  event_id: string;
  user_id: string;
  hold_id: string;
  status: ReservationStatus;
  total_amount: number;
  expires_at: string;
  payment_id: string | null;
  now: string;
}

const SCHEMA = 'seating';

/**
 * Reservations: a hold turned into a PENDING reservation for checkout, CONFIRMED by a payment (seats SOLD),
 * or ended (CANCELLED / EXPIRED, seats back on sale). Every state change and its domain event are written in
 * one transaction (outbox); seat changes go through SeatFeed.
 *
 * Lock order, as everywhere: seats, then holds, then reservations, then the event's version row. A
 * reservation's row is read without a lock first only to learn which seats to lock.
 */
export class Reservations {
  constructor(
    private readonly feed: SeatFeed,
    private readonly rules: ReservationRules,
    private readonly log: Logger,
    /** Issued on confirmation, revoked in the transaction that ends the reservation (issue 17). */
    private readonly tickets: Tickets,
    /** Face-value resale: a hold of a listing reserves and confirms through these (issue 17). */
    private readonly resales?: Resales,
  ) {}

  /** A live hold of the buyer → PENDING reservation, the hold extended once for checkout. Retry-safe. */
  async create(em: EntityManager, userId: string, holdId: string): Promise<Reservation> {
    if (!isUuid(holdId)) throw notFound('Hold');
    const id = await em.transactional(async (tx) => {
      const seats = await runSql<{ id: string; status: string }>(
        tx,
        sql`select id, status from seating.seats where hold_id = ${holdId} order by id for update`,
      );
      const [hold] = await runSql<{
        user_id: string;
        event_id: string;
        status: StoredHoldStatus;
        expires_at: string;
        seat_count: number;
        now: string;
        reservation_id: string | null;
      }>(
        tx,
        sql`select h.user_id, h.event_id, h.status, h.expires_at, h.seat_count, now() as now,
              r.id as reservation_id
            from seating.holds h left join seating.reservations r on r.hold_id = h.id
            where h.id = ${holdId} for update of h`,
      );
      if (!hold || hold.user_id !== userId) throw notFound('Hold');
      // A retried request (lost response) gets the reservation the first one made.
      if (hold.reservation_id) return hold.reservation_id;
      const phase = holdPhase(hold.status, pgTimestamp(hold.expires_at), pgTimestamp(hold.now));
      const reservationId = randomUUID();
      const resale =
        seats.length === 0 && phase.phase === 'held' && this.resales
          ? await this.resales.lockByHold(tx, holdId)
          : null;
      if (resale && this.resales) {
        await this.resales.reserve(tx, { holdId, userId, eventId: hold.event_id, reservationId });
        return this.announceCreated(tx, reservationId, userId, hold.event_id);
      }
      const held = seats.filter((s) => s.status === 'HELD').length;
      if (phase.phase !== 'held' || held !== hold.seat_count) {
        throw new AppError(
          ErrorCode.HOLD_EXPIRED,
          'This hold has ended and its seats went back on sale. Pick seats again.',
        );
      }
      const seatIds = uuidArray(seats.map((s) => s.id));

      // A PENDING reservation whose hold expired may still list these seats until the sweeper ends it.
      const stale = await runSql<{ reservation_id: string }>(
        tx,
        sql`select distinct reservation_id from seating.reservation_items
            where seat_id = any(${seatIds}::uuid[]) and active`,
      );
      if (stale.length > 0) {
        await this.endReservations(
          tx,
          sql`id = any(${uuidArray(stale.map((r) => r.reservation_id))}::uuid[])
              and status = 'PENDING' and expires_at <= now()`,
          'EXPIRED',
          'checkout-expired',
        );
      }

      await runSql(
        tx,
        sql`with hold as (
              update seating.holds
              set status = 'RESERVED', extended_at = now(),
                  expires_at = greatest(expires_at, now() + make_interval(secs => ${this.rules.checkoutExtensionSeconds}))
              where id = ${holdId} returning id, expires_at
            ), seats as (
              update seating.seats s set held_until = hold.expires_at
              from hold where s.hold_id = hold.id returning s.*
            ), reservation as (
              insert into seating.reservations (id, event_id, user_id, hold_id, status, total_amount, expires_at)
              select ${reservationId}, ${hold.event_id}, ${userId}, hold.id, 'PENDING',
                     (select coalesce(sum(tt.price), 0) from seats s
                      join seating.ticket_types tt on tt.id = s.ticket_type_id),
                     hold.expires_at
              from hold returning id
            )
            insert into seating.reservation_items
              (reservation_id, seat_id, ticket_type_id, section, "row", number, label, price)
            select reservation.id, s.id, s.ticket_type_id, s.section, s."row", s.number, s.label, tt.price
            from seats s join seating.ticket_types tt on tt.id = s.ticket_type_id cross join reservation`,
      );
      return this.announceCreated(tx, reservationId, userId, hold.event_id);
    });
    return this.load(em, id);
  }

  /** `seating.reservation.created`: what payment needs to charge (Topics.reservationCreated). */
  private async announceCreated(
    tx: EntityManager,
    reservationId: string,
    userId: string,
    eventId: string,
  ): Promise<string> {
    const [created] = await runSql<{
      title: string;
      expires_at: string;
      total_amount: number;
      seats: number;
    }>(
      tx,
      sql`select e.title, r.expires_at, r.total_amount,
              (select count(*)::int from seating.reservation_items i where i.reservation_id = r.id) as seats
            from seating.reservations r join seating.events e on e.event_id = r.event_id
            where r.id = ${reservationId}`,
    );
    if (!created) throw new Error(`reservation ${reservationId} was not written`);
    // What payment needs to charge (Topics.reservationCreated).
    await recordEvent(tx, SCHEMA, {
      topic: Topics.reservationCreated,
      key: reservationId,
      payload: {
        reservationId,
        userId,
        eventId,
        eventTitle: created.title,
        totalAmount: created.total_amount,
        seatCount: created.seats,
        holdExpiresAt: pgTimestamp(created.expires_at).toISOString(),
      },
    });
    return reservationId;
  }

  /**
   * The buyer (or an admin) cancels. PENDING: the seats go back on sale at once. CONFIRMED, before the event
   * starts: cancelled, seats back on sale, and `seating.reservation.cancelled` (wasConfirmed) makes payment
   * refund. An ended reservation is returned as it is.
   */
  async cancel(em: EntityManager, identity: NonNullable<Identity>, id: string): Promise<Reservation> {
    const current = await this.peek(em, id);
    if (!current || (current.user_id !== identity.userId && identity.role !== 'ADMIN')) {
      throw notFound('Reservation');
    }
    await this.feed.change(em, async (tx) => {
      await this.lockSeatsOf(tx.em, current);
      const r = await this.lockReservation(tx.em, id);
      if (!r) throw notFound('Reservation');
      const reason: EndReason = identity.role === 'ADMIN' ? 'admin-cancelled' : 'buyer-cancelled';
      if (r.status === 'PENDING') {
        const expired = pgTimestamp(r.expires_at) <= pgTimestamp(r.now);
        await this.endReservations(
          tx.em,
          sql`id = ${id}`,
          expired ? 'EXPIRED' : 'CANCELLED',
          expired ? 'checkout-expired' : reason,
          tx,
        );
      } else if (r.status === 'CONFIRMED') {
        const [event] = await runSql<{ started: boolean }>(
          tx.em,
          sql`select starts_at <= now() as started from seating.events where event_id = ${r.event_id}`,
        );
        if (event?.started) {
          throw new AppError(
            ErrorCode.CONFLICT,
            'The event has started; its tickets can no longer be cancelled.',
          );
        }
        // A ticket given away (transfer, resale) belongs to someone else now: no refund of it to the buyer.
        if (await this.tickets.hasPassedOn(tx.em, id)) {
          throw new AppError(
            ErrorCode.CONFLICT,
            'A ticket of this order was transferred to someone else; the order can no longer be cancelled.',
          );
        }
        await this.endReservations(tx.em, sql`id = ${id}`, 'CANCELLED', reason, tx);
      }
    });
    return this.load(em, id);
  }

  /**
   * `payment.confirmed` → CONFIRMED and the seats SOLD, if the reservation is PENDING, its hold still live
   * and the amount its total. Idempotent: the same payment again changes nothing. Never resurrects: an
   * expired or cancelled reservation stays so, and its seats stay wherever they went.
   */
  async confirm(
    em: EntityManager,
    input: { reservationId: string; paymentId: string; amount: number },
  ): Promise<ConfirmOutcome> {
    const { reservationId, paymentId, amount } = input;
    const current = isUuid(reservationId) ? await this.peek(em, reservationId) : null;
    if (!current) {
      this.log.error({ reservationId, paymentId }, 'payment confirmed for an unknown reservation');
      return { outcome: 'unknown-reservation' };
    }
    const resaleSeat = this.resales ? await this.resales.seatOfHold(em, current.hold_id) : null;
    const { result } = await this.feed.change(em, async (tx): Promise<ConfirmOutcome> => {
      await this.lockSeatsOf(tx.em, current);
      if (resaleSeat)
        await runSql(tx.em, sql`select id from seating.seats where id = ${resaleSeat} for update`);
      const r = await this.lockReservation(tx.em, reservationId);
      if (!r) return { outcome: 'unknown-reservation' };
      // Not sold: `seating.reservation.confirm_failed` names the payment, so that payment refunds it.
      const reject = async (status: ReservationStatus, reason: ConfirmFailure): Promise<ConfirmOutcome> => {
        if (r.status === 'PENDING' && (status === 'EXPIRED' || status === 'CANCELLED')) {
          await this.endReservations(tx.em, sql`id = ${reservationId}`, status, reason, tx);
        }
        await recordEvent(tx.em, SCHEMA, {
          topic: Topics.reservationConfirmFailed,
          key: reservationId,
          payload: { reservationId, eventId: r.event_id, userId: r.user_id, paymentId, amount, reason },
        });
        this.log.warn({ reservationId, paymentId, reason }, 'payment not accepted; payment will refund it');
        return { outcome: 'rejected', reservationId, status, reason };
      };

      switch (r.status) {
        case 'CONFIRMED':
          if (r.payment_id === paymentId) return { outcome: 'already-confirmed', reservationId };
          return reject('CONFIRMED', 'paid-by-another-payment');
        case 'CANCELLED':
          return reject('CANCELLED', 'payment-after-cancellation');
        case 'EXPIRED':
          return reject('EXPIRED', 'payment-after-expiry');
        case 'PENDING':
          break;
      }
      if (pgTimestamp(r.expires_at) <= pgTimestamp(r.now)) return reject('EXPIRED', 'payment-after-expiry');
      if (amount !== r.total_amount) return reject('CANCELLED', 'amount-mismatch');
      if (resaleSeat && this.resales) {
        const resale = await this.resales.confirm(tx.em, r, paymentId);
        if (resale.outcome === 'withdrawn') return reject('CANCELLED', 'resale-withdrawn');
        await runSql(
          tx.em,
          sql`update seating.reservations set status = 'CONFIRMED', payment_id = ${paymentId},
                confirmed_at = now(), updated_at = now() where id = ${reservationId}`,
        );
        await runSql(tx.em, sql`update seating.holds set status = 'SOLD' where id = ${r.hold_id}`);
        await recordEvent(tx.em, SCHEMA, {
          topic: Topics.reservationConfirmed,
          key: reservationId,
          payload: {
            reservationId,
            eventId: r.event_id,
            userId: r.user_id,
            paymentId,
            amount: r.total_amount,
            seatCount: 1,
            resale: true,
          },
        });
        return { outcome: 'confirmed', reservationId };
      }
      const sold = await runSql<SeatRow>(
        tx.em,
        sql`with sold as (
              update seating.seats set status = 'SOLD', reservation_id = ${reservationId},
                hold_id = null, held_until = null
              where hold_id = ${r.hold_id} and status = 'HELD' and held_until > now()
                and id in (select seat_id from seating.reservation_items
                           where reservation_id = ${reservationId} and active)
              returning *)
            select ${seatColumns('s', 'tt')} from sold s join seating.ticket_types tt on tt.id = s.ticket_type_id`,
      );
      const [{ items } = { items: 0 }] = await runSql<{ items: number }>(
        tx.em,
        sql`select count(*)::int as items from seating.reservation_items where reservation_id = ${reservationId}`,
      );
      // Every seat or none: a seat that left the hold (it cannot, while the hold is live) voids the sale.
      if (sold.length !== items)
        throw new Error(`reservation ${reservationId}: ${sold.length}/${items} seats held`);
      await runSql(
        tx.em,
        sql`update seating.reservations set status = 'CONFIRMED', payment_id = ${paymentId},
              confirmed_at = now(), updated_at = now() where id = ${reservationId}`,
      );
      await runSql(tx.em, sql`update seating.holds set status = 'SOLD' where id = ${r.hold_id}`);
      await this.tickets.issueForReservation(tx.em, reservationId);
      tx.changed(toSeatViews(sold));
      await recordEvent(tx.em, SCHEMA, {
        topic: Topics.reservationConfirmed,
        key: reservationId,
        payload: {
          reservationId,
          eventId: r.event_id,
          userId: r.user_id,
          paymentId,
          amount: r.total_amount,
          seatCount: sold.length,
        },
      });
      return { outcome: 'confirmed', reservationId };
    });
    return result;
  }

  /** `payment.cancelled` → CANCELLED and the seats back on sale. Idempotent. */
  async releaseForPayment(
    em: EntityManager,
    input: { reservationId: string; paymentId: string },
  ): Promise<ReleaseOutcome> {
    const { reservationId } = input;
    const current = isUuid(reservationId) ? await this.peek(em, reservationId) : null;
    if (!current) return { outcome: 'unknown-reservation' };
    const { result } = await this.feed.change(em, async (tx): Promise<ReleaseOutcome> => {
      await this.lockSeatsOf(tx.em, current);
      const r = await this.lockReservation(tx.em, reservationId);
      if (!r) return { outcome: 'unknown-reservation' };
      if (r.status === 'CANCELLED' || r.status === 'EXPIRED') {
        return { outcome: 'already-ended', reservationId, status: r.status };
      }
      await this.endReservations(tx.em, sql`id = ${reservationId}`, 'CANCELLED', 'payment-cancelled', tx);
      return { outcome: 'released', reservationId };
    });
    return result;
  }

  /**
   * Ends PENDING reservations whose checkout time is up (the sweeper). Their seats are not touched here: they
   * are expired HELD seats, which read AVAILABLE already and which the seat sweep frees.
   */
  async expireDue(em: EntityManager, limit: number): Promise<number> {
    return em.transactional(async (tx) => {
      const due = await runSql<{ id: string }>(
        tx,
        sql`select id from seating.reservations where status = 'PENDING' and expires_at <= now()
            order by expires_at limit ${limit} for update skip locked`,
      );
      if (due.length === 0) return 0;
      await this.endReservations(
        tx,
        sql`id = any(${uuidArray(due.map((r) => r.id))}::uuid[])`,
        'EXPIRED',
        'checkout-expired',
      );
      return due.length;
    });
  }

  /** The reservation if `identity` may see it (its buyer or an admin); NOT_FOUND otherwise, missing or not. */
  async findVisible(em: EntityManager, identity: NonNullable<Identity>, id: string): Promise<Reservation> {
    const reservation = isUuid(id) ? await em.findOne(Reservation, { id }) : null;
    if (!reservation || (reservation.userId !== identity.userId && identity.role !== 'ADMIN')) {
      throw notFound('Reservation');
    }
    return reservation;
  }

  /** Newest first, keyset-paged on (createdAt, id). */
  async list(
    em: EntityManager,
    filter: { userId?: string; eventId?: string; status?: ReservationStatus | null },
    args: { first?: number | null; after?: string | null },
  ) {
    const first = pageSize(args.first);
    const after = args.after != null ? decodeCursor(args.after, parseReservationCursor) : null;
    const conditions: Sql[] = [sql`true`];
    if (filter.userId) conditions.push(sql`r.user_id = ${filter.userId}`);
    if (filter.eventId) conditions.push(sql`r.event_id = ${filter.eventId}`);
    if (filter.status) conditions.push(sql`r.status = ${filter.status}`);
    if (after) conditions.push(sql`(r.created_at, r.id) < (${after.at}::timestamptz, ${after.id}::uuid)`);
    const where = conditions.reduce((acc, c) => sql`${acc} and ${c}`);
    const rows = await runSql<Record<string, unknown> & { cursor_at: string }>(
      em,
      sql`select r.*, to_char(r.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as cursor_at
          from seating.reservations r where ${where}
          order by r.created_at desc, r.id desc limit ${first + 1}`,
    );
    return toConnection(rows, first, ({ cursor_at, ...row }) => {
      const node = em.map(Reservation, row);
      return { cursor: encodeCursor({ at: cursor_at, id: node.id }), node };
    });
  }

  private async load(em: EntityManager, id: string): Promise<Reservation> {
    const reservation = await em.fork().findOne(Reservation, { id });
    if (!reservation) throw new Error(`reservation ${id} vanished`);
    return reservation;
  }

  private async peek(em: EntityManager, id: string): Promise<ReservationRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await runSql<ReservationRow>(
      em,
      sql`select *, now() as now from seating.reservations where id = ${id}`,
    );
    return row ?? null;
  }

  private async lockReservation(em: EntityManager, id: string): Promise<ReservationRow | null> {
    const [row] = await runSql<ReservationRow>(
      em,
      sql`select *, now() as now from seating.reservations where id = ${id} for update`,
    );
    return row ?? null;
  }

  /** The seats a reservation may move: held by its hold, or sold to it. */
  private async lockSeatsOf(em: EntityManager, r: { id: string; hold_id: string }): Promise<void> {
    await runSql(
      em,
      sql`select id from seating.seats where hold_id = ${r.hold_id} or reservation_id = ${r.id}
          order by id for update`,
    );
  }

  /**
   * Ends the reservations matching `where` that are still PENDING or CONFIRMED: status, items no longer
   * active, hold released, a domain event each. With `seats`, their seats (still held by the hold, or sold
   * to the reservation) go back on sale in the same transaction.
   */
  private async endReservations(
    em: EntityManager,
    where: Sql,
    status: 'CANCELLED' | 'EXPIRED',
    reason: EndReason,
    seats?: SeatWork,
  ): Promise<void> {
    const ended = await runSql<ReservationRow & { was: ReservationStatus }>(
      em,
      sql`with target as (
            select id, status as was from seating.reservations
            where ${where} and status in ('PENDING', 'CONFIRMED'))
          update seating.reservations r set status = ${status}, ended_at = now(), end_reason = ${reason},
            updated_at = now()
          from target where r.id = target.id
          returning r.*, target.was, now() as now`,
    );
    if (ended.length === 0) return;
    const ids = uuidArray(ended.map((r) => r.id));
    const holds = uuidArray(ended.map((r) => r.hold_id));
    await runSql(
      em,
      sql`update seating.reservation_items set active = false where reservation_id = any(${ids}::uuid[])`,
    );
    // A cancelled order's tickets never admit anyone again: online at once, offline at the door's next sync.
    await this.tickets.revoke(
      em,
      ended.map((r) => r.id),
      reason,
    );
    await runSql(
      em,
      sql`update seating.holds set status = 'RELEASED' where id = any(${holds}::uuid[]) and status <> 'RELEASED'`,
    );
    if (seats) {
      const freed = await runSql<SeatRow>(
        em,
        sql`with freed as (
              update seating.seats set status = 'AVAILABLE', hold_id = null, held_until = null,
                owner_id = null, reservation_id = null
              where (status = 'HELD' and hold_id = any(${holds}::uuid[]))
                 or (status = 'SOLD' and reservation_id = any(${ids}::uuid[]))
              returning *)
            select ${seatColumns('f', 'tt')} from freed f join seating.ticket_types tt on tt.id = f.ticket_type_id`,
      );
      seats.changed(toSeatViews(freed));
    }
    for (const r of ended) {
      await recordEvent(em, SCHEMA, {
        topic: status === 'EXPIRED' ? Topics.reservationExpired : Topics.reservationCancelled,
        key: r.id,
        payload: {
          reservationId: r.id,
          eventId: r.event_id,
          userId: r.user_id,
          amount: r.total_amount,
          // Set when it had been paid: payment refunds it, unless payment itself cancelled it.
          paymentId: r.payment_id,
          wasConfirmed: r.was === 'CONFIRMED',
          reason,
        },
      });
    }
  }
}

function parseReservationCursor(decoded: unknown): { at: string; id: string } | undefined {
  if (typeof decoded !== 'object' || decoded === null) return undefined;
  const { at, id } = decoded as Record<string, unknown>;
  if (typeof at !== 'string' || typeof id !== 'string' || !isUuid(id)) return undefined;
  if (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/.test(at)) return undefined;
  return { at, id };
}
