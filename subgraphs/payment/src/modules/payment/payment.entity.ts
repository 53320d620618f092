import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { PAYMENT_STATUSES } from '../toss/toss-api.ts';

/** One refund as Toss reported it (its `cancels[]`). */
export interface RecordedCancel {
  transactionKey: string;
  amount: number;
  reason: string;
  /** ISO-8601 */
  canceledAt: string;
}

/**
 * One payment attempt of a reservation: one Toss order (`orderId`). Created READY by preparePayment; a
 * confirm takes it (IN_PROGRESS, with the paymentKey the widget produced); from then on only Toss' word moves
 * it (see provider-sync.ts). A declined or expired attempt ends; a new prepare makes a new order.
 */
export const Payment = defineEntity({
  name: 'Payment',
  tableName: 'payments',
  properties: (p) => ({
    id: p.uuid().primary(),
    reservationId: p.uuid(),
    userId: p.uuid(),
    orderId: p.string().length(64),
    orderName: p.string().length(100),
    /** What the reservation costs, in won: the only amount ever confirmed. */
    amount: p.integer(),
    /** Toss' balanceAmount: what can still be refunded. */
    balanceAmount: p.integer(),
    status: p.enum([...PAYMENT_STATUSES]),
    paymentKey: p.string().length(200).nullable(),
    /** Idempotency-Key of the confirm: the same for every retry of it, by any replica, after any restart. */
    confirmKey: p.string().length(300).nullable(),
    method: p.string().length(40).nullable(),
    approvedAt: p.datetime().nullable(),
    receiptUrl: p.text().nullable(),
    cancels: p.json<RecordedCancel[]>(),
    failureCode: p.string().length(80).nullable(),
    failureMessage: p.text().nullable(),
    /** When a confirm took the order; a claim much older than a confirm can take was abandoned by a crash. */
    claimedAt: p.datetime().nullable(),
    /** Last time Toss was asked about it. */
    checkedAt: p.datetime().nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime().onUpdate(() => new Date()),
  }),
});

export type Payment = InferEntity<typeof Payment>;
