import type { EntityManager } from '@mikro-orm/postgresql';
import { type Logger, runSql, sql, type Topic, Topics, typedHandler } from '@tiketi/kit';
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
  return typedHandler<EntityManager>(deps.log, async (em, event) => {
    switch (event.topic) {
      case Topics.reservationCreated: {
        const r = event.payload;
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
        await advanceStatus(em, event.payload.reservationId, 'CONFIRMED');
        return;
      }
      case Topics.reservationExpired:
      case Topics.reservationCancelled: {
        const { reservationId } = event.payload;
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
        const { reservationId, paymentId, reason } = event.payload;
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
        const { listingId, sellerPaymentId, sellerReservationId, refundAmount } = event.payload;
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
  });
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
