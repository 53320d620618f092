import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const REFUND_SOURCES = ['ADMIN', 'BUYER_CANCELLED', 'SEATS_LOST', 'RESALE'] as const;
export type RefundSource = (typeof REFUND_SOURCES)[number];

/**
 * A refund decided and not necessarily done: written in the transaction that decides it, then sent to Toss
 * (Idempotency-Key `refund-<id>`, a new one only after Toss refused it for now) with the balance it expects
 * (`refundableAmount`) until Toss answers, so a crash or a Toss outage never loses one and a retry never refunds
 * twice.
 */
export const RefundRequest = defineEntity({
  name: 'RefundRequest',
  tableName: 'refund_requests',
  properties: (p) => ({
    id: p.uuid().primary(),
    paymentId: p.uuid(),
    /** null: everything that is left when it is sent */
    amount: p.integer().nullable(),
    reason: p.string().length(200),
    source: p.enum([...REFUND_SOURCES]),
    requestedBy: p.uuid().nullable(),
    status: p.enum(['PENDING', 'DONE', 'FAILED'] as const),
    attempts: p.integer(),
    /** The key it is sent under now; null: `refund-<id>` (see `refundKey`). */
    idempotencyKey: p.string().length(300).nullable(),
    /** The seats a partial refund covers (their tickets are revoked by seating); null: money only. */
    seatIds: p.json<string[]>().nullable(),
    /** A seller's refund after a face-value resale: the listing sold (one refund per listing, unique). */
    resaleListingId: p.uuid().nullable(),
    failureCode: p.string().length(80).nullable(),
    failureMessage: p.text().nullable(),
    createdAt: p.datetime(),
    completedAt: p.datetime().nullable(),
  }),
});

export type RefundRequest = InferEntity<typeof RefundRequest>;
