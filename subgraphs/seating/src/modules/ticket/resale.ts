import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  isUuid,
  notFound,
  pgTimestamp,
  recordAudit,
  recordEvent,
  runSql,
  sql,
  Topics,
  uuidArray,
} from '@tiketi/kit';
import type { HoldView } from '../hold/hold-view.ts';
import { limitExceeded } from '../hold/refusals.ts';
import { type SeatRow, seatColumns, toSeatViews } from '../seat/seat-view.ts';

const SCHEMA = 'seating';

export type ListingStatus = 'LISTED' | 'SOLD' | 'CANCELLED' | 'WITHDRAWN';

/** A resale listing as resolvers read it. */
export interface ListingView {
  id: string;
  ticketId: string;
  eventId: string;
  seatId: string;
  seatLabel: string;
  sellerId: string;
  /** the seller's order */
  reservationId: string;
  faceAmount: number;
  price: number;
  feeAmount: number;
  status: ListingStatus;
  /** A buyer's hold has it now (in their checkout): others cannot hold it until that hold ends. */
  claimed: boolean;
  createdAt: Date;
  endedAt: Date | null;
}

interface ListingRow {
  id: string;
  ticket_id: string;
  event_id: string;
  seat_id: string;
  seat_label: string;
  seller_id: string;
  reservation_id: string;
  face_amount: number;
  price: number;
  fee_amount: number;
  status: ListingStatus;
  created_at: string;
  ended_at: string | null;
  hold_id: string | null;
  buyer_reservation_id: string | null;
  new_ticket_id: string | null;
  claimed: boolean;
}

const toListingView = (r: ListingRow): ListingView => ({
  id: r.id,
  ticketId: r.ticket_id,
  eventId: r.event_id,
  seatId: r.seat_id,
  seatLabel: r.seat_label,
  sellerId: r.seller_id,
  reservationId: r.reservation_id,
  faceAmount: r.face_amount,
  price: r.price,
  feeAmount: r.fee_amount,
  status: r.status,
  claimed: r.claimed,
  createdAt: pgTimestamp(r.created_at),
  endedAt: r.ended_at ? pgTimestamp(r.ended_at) : null,
});

/** Whether the listing's buyer hold (alias `h`) is live: ACTIVE or RESERVED and not past its time. */
const CLAIMED = sql`coalesce(h.status in ('ACTIVE', 'RESERVED') and h.expires_at > now(), false)`;

export interface ResalePolicy {
  resaleEnabled: boolean;
  /** basis points of face value: the highest resale price (10000 = face value) */
  resaleCapBps: number;
  /** basis points of the resale price kept from the seller's refund */
  resaleFeeBps: number;
}

export const DEFAULT_RESALE_POLICY: ResalePolicy = {
  resaleEnabled: false,
  resaleCapBps: 10_000,
  resaleFeeBps: 0,
};

export interface ResaleRules {
  holdSeconds: number;
  limitPerBuyer: number;
  checkoutExtensionSeconds: number;
}

/** What `confirmResale` did with the buyer's payment. */
export type ResaleConfirm =
  | { outcome: 'sold'; seatIds: string[] }
  /** The listing is gone (withdrawn, or its seller's ticket ended): the buyer's payment is refunded. */
  | { outcome: 'withdrawn' };

/**
 * Face-value resale (issue 17). A holder lists a VALID ticket they bought at no more than they paid for its
 * seat (and the event's cap). A buyer holds the listing — one row lock on the listing decides between
 * buyers — reserves and pays through the ordinary saga; the payment's confirmation sells it here in one
 * transaction (`confirmResale`: seller's ticket RESOLD, the buyer's issued, the listing SOLD, and
 * `seating.ticket.resold`, on which payment refunds the seller through Toss).
 *
 * Lock order, as transfers take them: seats, holds, reservations, the listing, the seller's ticket, then the
 * buyer's new ticket.
 */
export class Resales {
  constructor(private readonly rules: ResaleRules) {}

  // ---------- policy ----------

  async policy(em: EntityManager, eventId: string): Promise<ResalePolicy> {
    const [row] = await runSql<{ resale_enabled: boolean; resale_cap_bps: number; resale_fee_bps: number }>(
      em,
      sql`select resale_enabled, resale_cap_bps, resale_fee_bps from seating.ticket_policies
          where event_id = ${eventId}`,
    );
    return row
      ? {
          resaleEnabled: row.resale_enabled,
          resaleCapBps: row.resale_cap_bps,
          resaleFeeBps: row.resale_fee_bps,
        }
      : DEFAULT_RESALE_POLICY;
  }

  /** Validates the resale part of `setTicketPolicy`; throws BAD_USER_INPUT naming the field. */
  static check(input: Partial<ResalePolicy>): void {
    const { resaleCapBps, resaleFeeBps } = input;
    if (
      resaleCapBps !== undefined &&
      (!Number.isInteger(resaleCapBps) || resaleCapBps < 1 || resaleCapBps > 10_000)
    ) {
      throw badInput(
        'The resale cap is 1 to 10,000 basis points of face value (10,000 = face value; never above it).',
        'resaleCapBps',
      );
    }
    if (
      resaleFeeBps !== undefined &&
      (!Number.isInteger(resaleFeeBps) || resaleFeeBps < 0 || resaleFeeBps > 5_000)
    ) {
      throw badInput('The resale fee is 0 to 5,000 basis points (50%) of the resale price.', 'resaleFeeBps');
    }
  }

  // ---------- the seller ----------

  async list(em: EntityManager, sellerId: string, ticketId: string, price: number): Promise<ListingView> {
    if (!Number.isInteger(price) || price <= 0) throw badInput('Give the price in whole won.', 'price');
    const id = await em.transactional(async (tx) => {
      const ticket = isUuid(ticketId) ? await this.lockTicket(tx, ticketId) : null;
      if (!ticket || ticket.holder_id !== sellerId) throw notFound('Ticket');
      if (ticket.state !== 'VALID') {
        throw new AppError(
          ErrorCode.TICKET_NOT_VALID,
          `This ticket is ${ticket.state.toLowerCase().replace('_', ' ')}; it can no longer be resold.`,
          { state: ticket.state },
        );
      }
      const [context] = await runSql<{
        buyer_id: string;
        payment_id: string | null;
        face: number | null;
        started: boolean | null;
        offered: boolean;
        listed: string | null;
      }>(
        tx,
        sql`select r.user_id as buyer_id, r.payment_id,
              (select i.price from seating.reservation_items i
               where i.reservation_id = r.id and i.seat_id = ${ticket.seat_id}) as face,
              (select e.starts_at <= now() from seating.events e where e.event_id = r.event_id) as started,
              exists (select 1 from seating.ticket_transfers tr
                      where tr.ticket_id = ${ticketId} and tr.status = 'OFFERED') as offered,
              (select l.id from seating.resale_listings l
               where l.ticket_id = ${ticketId} and l.status = 'LISTED') as listed
            from seating.reservations r where r.id = ${ticket.reservation_id}`,
      );
      if (!context) throw notFound('Ticket');
      // The refund goes back to the payment of the order the ticket came from: only its buyer can resell it.
      if (context.buyer_id !== sellerId || !context.payment_id || context.face == null) {
        throw badInput(
          'Only a ticket you bought yourself can be resold (not one you received by transfer).',
          'ticketId',
        );
      }
      if (context.started) {
        throw new AppError(ErrorCode.CONFLICT, 'The event has started; its tickets can no longer be resold.');
      }
      if (context.listed) {
        throw new AppError(ErrorCode.CONFLICT, 'This ticket is already listed for resale.', {
          listingId: context.listed,
        });
      }
      if (context.offered) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'This ticket is offered to someone by transfer. Cancel that offer before listing it.',
        );
      }
      const policy = await this.policy(tx, ticket.event_id);
      if (!policy.resaleEnabled) {
        throw new AppError(ErrorCode.CONFLICT, 'Resale is not open for this event.');
      }
      const cap = Math.floor((context.face * policy.resaleCapBps) / 10_000);
      if (price > cap) {
        throw new AppError(
          ErrorCode.BAD_USER_INPUT,
          cap === context.face
            ? `A ticket resells at most at face value: ${cap} won, what you paid for this seat.`
            : `This event caps resale at ${cap} won for this seat (${policy.resaleCapBps / 100}% of the ${context.face} won you paid).`,
          { field: 'price', maxPrice: cap, faceAmount: context.face },
        );
      }
      const fee = Math.floor((price * policy.resaleFeeBps) / 10_000);
      const listingId = randomUUID();
      await runSql(
        tx,
        sql`insert into seating.resale_listings
              (id, ticket_id, event_id, seat_id, seat_label, seller_id, reservation_id, face_amount, price, fee_amount)
            values (${listingId}, ${ticket.id}, ${ticket.event_id}, ${ticket.seat_id}, ${ticket.seat_label},
                    ${sellerId}, ${ticket.reservation_id}, ${context.face}, ${price}, ${fee})`,
      );
      await recordAudit(tx, SCHEMA, sellerId, {
        action: 'ticket.resale_list',
        target: { type: 'ticket', id: ticket.id },
        details: { listingId, price, faceAmount: context.face, feeAmount: fee },
      });
      return listingId;
    });
    return this.load(em, id);
  }

  /** The seller withdraws a listing. CONFLICT while a buyer is paying for it (their hold is live). */
  async cancel(em: EntityManager, sellerId: string, listingId: string): Promise<ListingView> {
    await em.transactional(async (tx) => {
      const listing = await this.lockListing(tx, listingId);
      if (!listing || listing.seller_id !== sellerId) throw notFound('Resale listing');
      if (listing.status !== 'LISTED') return;
      if (listing.claimed) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'A buyer is paying for this listing right now. If their checkout ends unpaid, you can withdraw it.',
        );
      }
      await runSql(
        tx,
        sql`update seating.resale_listings set status = 'CANCELLED', ended_at = now() where id = ${listingId}`,
      );
      await recordAudit(tx, SCHEMA, sellerId, {
        action: 'ticket.resale_cancel',
        target: { type: 'ticket', id: listing.ticket_id },
        details: { listingId },
      });
    });
    return this.load(em, listingId);
  }

  // ---------- reading ----------

  /** The open listings of these events (the seat map's resale seats), cheapest first. */
  async openByEvents(em: EntityManager, eventIds: readonly string[]): Promise<ListingView[][]> {
    const rows = await runSql<ListingRow>(
      em,
      sql`select l.*, ${CLAIMED} as claimed from seating.resale_listings l
          left join seating.holds h on h.id = l.hold_id
          where l.event_id = any(${uuidArray(eventIds.filter(isUuid))}::uuid[]) and l.status = 'LISTED'
          order by l.price, l.seat_label`,
    );
    const views = rows.map(toListingView);
    return eventIds.map((id) => views.filter((l) => l.eventId === id.toLowerCase()));
  }

  /** The seller's listings of these tickets (the newest each), for `Ticket.resaleListing`. */
  async latestByTickets(em: EntityManager, ticketIds: readonly string[]): Promise<(ListingView | null)[]> {
    const rows = await runSql<ListingRow>(
      em,
      sql`select distinct on (l.ticket_id) l.*, ${CLAIMED} as claimed from seating.resale_listings l
          left join seating.holds h on h.id = l.hold_id
          where l.ticket_id = any(${uuidArray(ticketIds.filter(isUuid))}::uuid[])
          order by l.ticket_id, l.created_at desc`,
    );
    const views = rows.map(toListingView);
    return ticketIds.map((id) => views.find((l) => l.ticketId === id.toLowerCase()) ?? null);
  }

  // ---------- the buyer: hold → reserve → pay ----------

  /** The event of a listing (NOT_FOUND for none), to pass the event's waiting room before holding it. */
  async eventOf(em: EntityManager, listingId: string): Promise<string> {
    const [row] = isUuid(listingId)
      ? await runSql<{ event_id: string }>(
          em,
          sql`select event_id from seating.resale_listings where id = ${listingId}`,
        )
      : [];
    if (!row) throw notFound('Resale listing');
    return row.event_id;
  }

  /**
   * Holds a listed seat at the listing's price for `holdSeconds`. Two buyers at once: the listing's row lock
   * orders them, and the second finds it claimed (SEAT_UNAVAILABLE). The buyer's per-event seat limit and
   * one-live-hold rule apply as for any hold (under the same per-buyer lock `seating.hold_seats` takes).
   */
  async hold(em: EntityManager, buyerId: string, listingId: string): Promise<HoldView> {
    const result = await em.transactional(async (tx) => {
      const peek = isUuid(listingId)
        ? (
            await runSql<{ event_id: string }>(
              tx,
              sql`select event_id from seating.resale_listings where id = ${listingId}`,
            )
          )[0]
        : undefined;
      if (!peek) throw notFound('Resale listing');
      await runSql(
        tx,
        sql`select pg_advisory_xact_lock(hashtext('seating.hold'), hashtext(${buyerId}::text || ':' || ${peek.event_id}::text))`,
      );
      const listing = await this.lockListing(tx, listingId);
      if (!listing) throw notFound('Resale listing');
      if (listing.seller_id === buyerId) throw badInput('This is your own listing.', 'listingId');
      if (listing.status !== 'LISTED' || listing.claimed) {
        throw new AppError(
          ErrorCode.SEAT_UNAVAILABLE,
          listing.status === 'LISTED'
            ? 'Another buyer is checking out this resale seat. Try another, or this one again in a few minutes.'
            : 'This resale seat is no longer on offer.',
          { seatIds: [listing.seat_id], listingId },
        );
      }
      const [buyer] = await runSql<{ owned: number; active: number; started: boolean | null }>(
        tx,
        sql`select
              (select count(*)::int from seating.seats s where s.event_id = ${listing.event_id}
                 and s.owner_id = ${buyerId} and (s.status = 'SOLD' or (s.status = 'HELD' and s.held_until > now())))
              as owned,
              (select count(*)::int from seating.holds h where h.user_id = ${buyerId}
                 and h.event_id = ${listing.event_id} and h.status in ('ACTIVE', 'RESERVED') and h.expires_at > now())
              as active,
              (select e.starts_at <= now() from seating.events e where e.event_id = ${listing.event_id}) as started`,
      );
      if (buyer?.started) throw new AppError(ErrorCode.CONFLICT, 'The event has started; resale is over.');
      if ((buyer?.owned ?? 0) + 1 > this.rules.limitPerBuyer) {
        throw limitExceeded(this.rules.limitPerBuyer, buyer?.owned ?? 0);
      }
      if ((buyer?.active ?? 0) > 0) {
        throw new AppError(
          ErrorCode.HOLD_ALREADY_ACTIVE,
          'You already hold seats for this event. Pay for them or release them before holding others.',
        );
      }
      const holdId = randomUUID();
      const [hold] = await runSql<{ expires_at: string }>(
        tx,
        sql`insert into seating.holds (id, event_id, user_id, seat_count, total_amount, status, expires_at)
            values (${holdId}, ${listing.event_id}, ${buyerId}, 1, ${listing.price}, 'ACTIVE',
                    now() + make_interval(secs => ${this.rules.holdSeconds}))
            returning expires_at`,
      );
      await runSql(tx, sql`update seating.resale_listings set hold_id = ${holdId} where id = ${listingId}`);
      const seats = await runSql<SeatRow>(
        tx,
        sql`select ${seatColumns('s', 'tt')} from seating.seats s
            join seating.ticket_types tt on tt.id = s.ticket_type_id where s.id = ${listing.seat_id}`,
      );
      return {
        id: holdId,
        eventId: listing.event_id,
        userId: buyerId,
        expiresAt: pgTimestamp(hold?.expires_at ?? ''),
        totalAmount: listing.price,
        seats: toSeatViews(seats),
      } satisfies HoldView;
    });
    return result;
  }

  /** The seat a resale hold claimed (no lock: to lock it first, seats before everything), or null. */
  async seatOfHold(em: EntityManager, holdId: string): Promise<string | null> {
    const [row] = await runSql<{ seat_id: string }>(
      em,
      sql`select seat_id from seating.resale_listings where hold_id = ${holdId}`,
    );
    return row?.seat_id ?? null;
  }

  /** The listing a resale hold claimed (inside the caller's transaction, locked), or null for an ordinary hold. */
  async lockByHold(em: EntityManager, holdId: string): Promise<ListingRow | null> {
    const [row] = await runSql<ListingRow>(
      em,
      sql`select l.*, false as claimed from seating.resale_listings l where l.hold_id = ${holdId} for update of l`,
    );
    return row ?? null;
  }

  /**
   * A live resale hold → a PENDING reservation at the listing's price (`Reservations.create` calls this in its
   * transaction, after locking the hold). Its one item stays inactive until the sale: the seat is still the
   * seller's (one active item per seat, `reservation_items_one_live_seat`).
   */
  async reserve(
    em: EntityManager,
    input: { holdId: string; userId: string; eventId: string; reservationId: string },
  ): Promise<{ totalAmount: number; expiresAt: string }> {
    const listing = await this.lockByHold(em, input.holdId);
    if (listing?.status !== 'LISTED') {
      throw new AppError(ErrorCode.HOLD_EXPIRED, 'This resale seat is no longer on offer. Pick seats again.');
    }
    const [row] = await runSql<{ expires_at: string }>(
      em,
      sql`with hold as (
            update seating.holds set status = 'RESERVED', extended_at = now(),
              expires_at = greatest(expires_at, now() + make_interval(secs => ${this.rules.checkoutExtensionSeconds}))
            where id = ${input.holdId} returning id, expires_at
          ), reservation as (
            insert into seating.reservations (id, event_id, user_id, hold_id, status, total_amount, expires_at)
            select ${input.reservationId}, ${input.eventId}, ${input.userId}, hold.id, 'PENDING', ${listing.price},
                   hold.expires_at
            from hold returning id, expires_at
          ), item as (
            insert into seating.reservation_items
              (reservation_id, seat_id, ticket_type_id, section, "row", number, label, price, active)
            select reservation.id, s.id, s.ticket_type_id, s.section, s."row", s.number, s.label, ${listing.price}, false
            from seating.seats s cross join reservation where s.id = ${listing.seat_id}
          )
          select expires_at from reservation`,
    );
    if (!row) throw new Error(`resale reservation ${input.reservationId} was not written`);
    return { totalAmount: listing.price, expiresAt: row.expires_at };
  }

  /**
   * The buyer paid (`payment.confirmed`, inside `Reservations.confirm`'s transaction, the reservation locked
   * and checked PENDING, live and at its amount). Sells the listing: the seller's ticket RESOLD, their item
   * and the seat handed to the buyer's reservation, the buyer's ticket issued (`replaces_id`), the listing SOLD,
   * and `seating.ticket.resold` for payment to refund the seller.
   */
  async confirm(
    em: EntityManager,
    r: { id: string; hold_id: string; user_id: string; event_id: string },
    paymentId: string,
  ): Promise<ResaleConfirm> {
    const listing = await this.lockByHold(em, r.hold_id);
    if (!listing) throw new Error(`reservation ${r.id}: no listing for its resale hold`);
    const ticket = await this.lockTicket(em, listing.ticket_id);
    if (listing.status !== 'LISTED' || ticket?.state !== 'VALID') return { outcome: 'withdrawn' };
    const [seller] = await runSql<{ payment_id: string | null }>(
      em,
      sql`select payment_id from seating.reservations where id = ${listing.reservation_id}`,
    );
    // The listing first (the trigger withdraws only LISTED ones), then the seller's ticket, then the buyer's.
    await runSql(
      em,
      sql`update seating.resale_listings set status = 'SOLD', ended_at = now(), buyer_reservation_id = ${r.id}
          where id = ${listing.id}`,
    );
    await runSql(
      em,
      sql`update seating.tickets set state = 'RESOLD', ended_at = now(), end_reason = 'resold',
            revoked_xid = pg_current_xact_id() where id = ${ticket.id}`,
    );
    await runSql(
      em,
      sql`update seating.reservation_items set active = false
          where reservation_id = ${listing.reservation_id} and seat_id = ${listing.seat_id}`,
    );
    await runSql(
      em,
      sql`update seating.reservation_items set active = true
          where reservation_id = ${r.id} and seat_id = ${listing.seat_id}`,
    );
    await runSql(
      em,
      sql`update seating.seats set reservation_id = ${r.id}, owner_id = ${r.user_id} where id = ${listing.seat_id}`,
    );
    const newTicketId = randomUUID();
    await runSql(
      em,
      sql`insert into seating.tickets (id, event_id, reservation_id, seat_id, seat_label, holder_id, replaces_id)
          values (${newTicketId}, ${listing.event_id}, ${r.id}, ${listing.seat_id}, ${listing.seat_label},
                  ${r.user_id}, ${ticket.id})`,
    );
    await runSql(
      em,
      sql`update seating.resale_listings set new_ticket_id = ${newTicketId} where id = ${listing.id}`,
    );
    const refundAmount = listing.price - listing.fee_amount;
    await recordEvent(em, SCHEMA, {
      topic: Topics.ticketResold,
      key: listing.id,
      payload: {
        listingId: listing.id,
        eventId: listing.event_id,
        seatId: listing.seat_id,
        sellerId: listing.seller_id,
        sellerReservationId: listing.reservation_id,
        sellerPaymentId: seller?.payment_id ?? null,
        buyerId: r.user_id,
        buyerReservationId: r.id,
        buyerPaymentId: paymentId,
        oldTicketId: ticket.id,
        newTicketId,
        price: listing.price,
        feeAmount: listing.fee_amount,
        refundAmount,
      },
    });
    await recordAudit(em, SCHEMA, r.user_id, {
      action: 'ticket.resale_sold',
      target: { type: 'ticket', id: ticket.id },
      details: {
        listingId: listing.id,
        seller: listing.seller_id,
        buyer: r.user_id,
        price: listing.price,
        feeAmount: listing.fee_amount,
        refundAmount,
        newTicketId,
      },
    });
    return { outcome: 'sold', seatIds: [listing.seat_id] };
  }

  // ---------- helpers ----------

  private async load(em: EntityManager, id: string): Promise<ListingView> {
    const [row] = await runSql<ListingRow>(
      em,
      sql`select l.*, ${CLAIMED} as claimed from seating.resale_listings l
          left join seating.holds h on h.id = l.hold_id where l.id = ${id}`,
    );
    if (!row) throw notFound('Resale listing');
    return toListingView(row);
  }

  /**
   * Locks the listing, then reads whether a buyer's hold claims it in a second statement: after waiting for
   * another buyer's lock, only a new statement sees the hold that buyer committed (READ COMMITTED re-checks the
   * locked row, not the rows joined to it).
   */
  private async lockListing(em: EntityManager, id: string): Promise<ListingRow | null> {
    if (!isUuid(id)) return null;
    await runSql(em, sql`select id from seating.resale_listings where id = ${id} for update`);
    const [row] = await runSql<ListingRow>(
      em,
      sql`select l.*, ${CLAIMED} as claimed from seating.resale_listings l
          left join seating.holds h on h.id = l.hold_id where l.id = ${id}`,
    );
    return row ?? null;
  }

  private async lockTicket(
    em: EntityManager,
    id: string,
  ): Promise<{
    id: string;
    event_id: string;
    reservation_id: string;
    seat_id: string;
    seat_label: string;
    holder_id: string;
    state: string;
  } | null> {
    const [row] = await runSql<{
      id: string;
      event_id: string;
      reservation_id: string;
      seat_id: string;
      seat_label: string;
      holder_id: string;
      state: string;
    }>(em, sql`select * from seating.tickets where id = ${id} for update`);
    return row ?? null;
  }
}
