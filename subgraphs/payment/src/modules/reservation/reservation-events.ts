import type { EntityManager } from '@mikro-orm/postgresql';
import { type DomainEvent, isUuid, type Logger, runSql, sql, type Topic, Topics } from '@tiketi/kit';
import { z } from 'zod';
import { Payment } from '../payment/payment.entity.ts';
import type { Refunds } from '../refund/refunds.ts';
import { APPROVED_STATUSES } from '../toss/toss-api.ts';
import type { ReservationStatus } from './reservation.entity.ts';

/** The topics payment consumes (consumer group `payment`). */
export const CONSUMED_TOPICS: Topic[] = [
  Topics.reservationCreated,
  Topics.reservationConfirmed,
  Topics.reservationCancelled,
  Topics.reservationExpired,
  Topics.reservationConfirmFailed,
  Topics.ticketResold,
];

const uuid = z.string().refine(isUuid, 'not a uuid');
const created = z.object({
  reservationId: uuid,
  userId: uuid,
  eventId: uuid,
  eventTitle: z.string(),
  totalAmount: z.number().int().nonnegative(),
  seatCount: z.number().int().nonnegative(),
  holdExpiresAt: z.iso.datetime({ offset: true }),
});
const reservationOnly = z.object({ reservationId: uuid });
const resold = z.object({
  listingId: uuid,
  sellerReservationId: uuid,
  sellerPaymentId: uuid.nullable(),
  seatId: uuid,
  refundAmount: z.number().int().nonnegative(),
});
const confirmFailed = z.object({ reservationId: uuid, paymentId: uuid, reason: z.string().optional() });

export interface ReservationEventDeps {
  refunds: Refunds;
  log: Logger;
}

/**
 * Keeps payment's view of seating's reservations, and reacts where money is involved:
 * - `cancelled` of a paid reservation (the buyer cancelled within the refund policy): refund what is left;
 * - `confirm_failed` (a payment arrived after the reservation's seats were lost): refund it in full;
 * - `cancelled` / `expired`: an order that was never sent to Toss can no longer be confirmed;
 * - `seating.ticket.resold`: the seller's partial refund (the seat's price minus the resale fee).
 * Runs inside the consumer's transaction with its inbox row, so each event takes effect once.
 */
export function createReservationEventHandler(deps: ReservationEventDeps) {
  const unreadable = (event: DomainEvent, issues: unknown) =>
    deps.log.error({ event: event.id, topic: event.topic, issues }, 'unreadable reservation event skipped');

  return async (em: EntityManager, event: DomainEvent): Promise<void> => {
    switch (event.topic) {
      case Topics.reservationCreated: {
        const parsed = created.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const r = parsed.data;
        // The status is left alone: a cancelled/expired event that overtook this one stays the truth.
        await runSql(
          em,
          sql`insert into payment.reservations
                (id, user_id, event_id, event_title, total_amount, seat_count, hold_expires_at, status)
              values (${r.reservationId}, ${r.userId}, ${r.eventId}, ${r.eventTitle}, ${r.totalAmount},
                      ${r.seatCount}, ${r.holdExpiresAt}::timestamptz, 'PENDING')
              on conflict (id) do update set
                user_id = excluded.user_id, event_id = excluded.event_id, event_title = excluded.event_title,
                total_amount = excluded.total_amount, seat_count = excluded.seat_count,
                hold_expires_at = excluded.hold_expires_at, updated_at = now()`,
        );
        return;
      }
      case Topics.reservationConfirmed: {
        const parsed = reservationOnly.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        await advanceStatus(em, parsed.data.reservationId, 'CONFIRMED');
        return;
      }
      case Topics.reservationExpired:
      case Topics.reservationCancelled: {
        const parsed = reservationOnly.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const { reservationId } = parsed.data;
        const cancelled = event.topic === Topics.reservationCancelled;
        await advanceStatus(em, reservationId, cancelled ? 'CANCELLED' : 'EXPIRED');
        // Orders nobody confirmed yet: a confirm arriving now finds them over (HOLD_EXPIRED), nothing charged.
        await em.nativeUpdate(
          Payment,
          { reservationId, status: 'READY' },
          { status: 'EXPIRED', updatedAt: new Date() },
        );
        if (!cancelled) return; // a paid reservation does not expire; if seating refuses the payment, confirm_failed follows
        const paid = await em.find(Payment, { reservationId, status: { $in: [...APPROVED_STATUSES] } });
        for (const payment of paid) {
          const request = await deps.refunds.refundInFull(em, payment.id, {
            reason: 'Reservation cancelled by the buyer',
            source: 'BUYER_CANCELLED',
          });
          if (request)
            deps.log.info({ reservationId, paymentId: payment.id }, 'refund for a cancelled reservation');
        }
        return;
      }
      case Topics.reservationConfirmFailed: {
        const parsed = confirmFailed.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const { reservationId, paymentId, reason } = parsed.data;
        const payment = await em.findOne(Payment, { id: paymentId, reservationId });
        if (!payment) {
          deps.log.error({ reservationId, paymentId }, 'confirm_failed for a payment we do not have');
          return;
        }
        const request = await deps.refunds.refundInFull(em, paymentId, {
          reason: `Seats no longer available${reason ? ` (${reason})` : ''}; automatic refund`,
          source: 'SEATS_LOST',
        });
        deps.log.warn(
          { reservationId, paymentId, reason, refund: request?.id ?? null },
          'seats lost after payment: refunding',
        );
        return;
      }
      case Topics.ticketResold: {
        const parsed = resold.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const { listingId, sellerPaymentId, sellerReservationId, refundAmount } = parsed.data;
        if (!sellerPaymentId) {
          deps.log.error(
            { listingId, sellerReservationId },
            'resale of an order without a payment: no refund',
          );
          return;
        }
        const request = await deps.refunds.refundForResale(em, {
          paymentId: sellerPaymentId,
          amount: refundAmount,
          listingId,
          reason: 'Ticket resold at face value; refund of the seat less the resale fee',
        });
        if (!request) {
          deps.log.error(
            { listingId, sellerPaymentId },
            'resale refund not possible: payment not refundable',
          );
          return;
        }
        deps.log.info(
          { listingId, sellerPaymentId, refundAmount, refund: request.id },
          'resale refund decided',
        );
        return;
      }
      default:
        return;
    }
  };
}

/**
 * Moves a reservation forward only: PENDING → CONFIRMED → CANCELLED, or PENDING → EXPIRED. Events of one
 * reservation arrive on different streams and may come in any order; the furthest state wins.
 */
async function advanceStatus(em: EntityManager, id: string, status: ReservationStatus): Promise<void> {
  await runSql(
    em,
    sql`insert into payment.reservations (id, status) values (${id}, ${status})
        on conflict (id) do update set status = excluded.status, updated_at = now()
        where (case payment.reservations.status when 'PENDING' then 0 when 'CONFIRMED' then 1 else 2 end)
            < (case excluded.status when 'PENDING' then 0 when 'CONFIRMED' then 1 else 2 end)`,
  );
}
