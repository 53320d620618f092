import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, type TopicPayload, Topics } from '@tiketi/kit';
import { APPROVED_STATUSES, SETTLED_STATUSES, type TossPayment } from '../toss/toss-api.ts';
import type { Payment } from './payment.entity.ts';

export const SCHEMA = 'payment';

/** `payment.confirmed`: seating sells the seats (or answers `confirm_failed`, and we refund). */
export type PaymentConfirmedPayload = TopicPayload<typeof Topics.paymentConfirmed>;
/** `payment.cancelled`: money went back. `full`: nothing is left, seating releases the seats. */
export type PaymentCancelledPayload = TopicPayload<typeof Topics.paymentCancelled>;

/**
 * Brings our payment to what Toss says about it, and records the domain events of the change in the same
 * transaction. Toss is the truth about money: every path that learns something from Toss (the confirm's answer,
 * a re-read after a timeout, reconciliation, a webhook, a refund's answer) goes through here, so the events come
 * out once per change however many paths learn it, and in any order.
 *
 * `payment` must be locked by the caller's transaction (`em`). Returns whether anything changed.
 */
export async function applyTossPayment(
  em: EntityManager,
  payment: Payment,
  toss: TossPayment,
  /** The seats the refund being applied covers (`refundPayment(seatIds:)`), for `payment.cancelled`. */
  refundedSeatIds?: string[] | null,
): Promise<boolean> {
  if (toss.orderId !== payment.orderId) {
    throw new Error(`Toss payment of order ${toss.orderId} applied to order ${payment.orderId}`);
  }
  payment.checkedAt = new Date();
  // Another paymentKey of the same order only matters if it took money (DUPLICATED_ORDER_ID, a second widget):
  // an abandoned attempt's ABORTED or EXPIRED must not overwrite this one.
  if (payment.paymentKey && toss.paymentKey !== payment.paymentKey && !APPROVED_STATUSES.has(toss.status)) {
    return false;
  }
  // READY / IN_PROGRESS / WAITING_FOR_DEPOSIT: not decided yet (or a stale read); we never move backwards.
  if (!SETTLED_STATUSES.has(toss.status)) return false;
  if (toss.totalAmount !== payment.amount) {
    throw new Error(
      `Toss reports ${toss.totalAmount} won for order ${payment.orderId}, we ordered ${payment.amount}`,
    );
  }

  const before = {
    status: payment.status,
    balance: payment.balanceAmount,
    approved: APPROVED_STATUSES.has(payment.status),
  };
  const approved = APPROVED_STATUSES.has(toss.status);
  // Money only goes back once taken: an approved payment's balance never grows. An answer showing more than we
  // hold was read before a refund we have applied (a resumed confirm's, a re-read's or a webhook's, arriving
  // late): applying it would undo the refund in our books while Toss has paid it back.
  if (before.approved && approved && toss.balanceAmount > payment.balanceAmount) return false;
  payment.status = toss.status;
  payment.paymentKey = toss.paymentKey;
  payment.balanceAmount = approved ? toss.balanceAmount : payment.amount;
  payment.method = toss.method ?? payment.method;
  payment.approvedAt = toss.approvedAt ? new Date(toss.approvedAt) : payment.approvedAt;
  payment.receiptUrl = toss.receipt?.url ?? payment.receiptUrl;
  payment.cancels = (toss.cancels ?? []).map((c) => ({
    transactionKey: c.transactionKey,
    amount: c.cancelAmount,
    reason: c.cancelReason,
    canceledAt: new Date(c.canceledAt).toISOString(),
  }));
  if (toss.failure) {
    payment.failureCode = toss.failure.code;
    payment.failureMessage = toss.failure.message;
  } else if (approved) {
    payment.failureCode = null;
    payment.failureMessage = null;
  }

  if (approved && !before.approved) {
    await recordEvent(em, SCHEMA, {
      topic: Topics.paymentConfirmed,
      key: payment.reservationId,
      payload: {
        reservationId: payment.reservationId,
        paymentId: payment.id,
        amount: payment.amount,
      } satisfies PaymentConfirmedPayload,
    });
  }
  if (approved && payment.balanceAmount < before.balance) {
    await recordEvent(em, SCHEMA, {
      topic: Topics.paymentCancelled,
      key: payment.reservationId,
      payload: {
        reservationId: payment.reservationId,
        paymentId: payment.id,
        amount: before.balance - payment.balanceAmount,
        refundedAmount: payment.amount - payment.balanceAmount,
        full: payment.balanceAmount === 0,
        ...(refundedSeatIds && refundedSeatIds.length > 0 ? { seatIds: refundedSeatIds } : {}),
      } satisfies PaymentCancelledPayload,
    });
  }
  return before.status !== payment.status || before.balance !== payment.balanceAmount;
}
