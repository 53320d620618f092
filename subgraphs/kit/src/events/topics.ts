import { z } from 'zod';
import type { Logger } from '../logger.ts';
import { isUuid } from '../sql.ts';
import { type DomainEvent, type Topic, Topics } from './types.ts';

/**
 * One typed topic map for every domain event (as graphql-hive's `PubSub<TopicMap>` types its channels): the
 * payload each topic carries, written once. Producers are type-checked against it (`recordEvent`), consumers
 * read through it (`readDomainEvent`), so a field renamed on one side fails the other's typecheck rather than
 * a consumer at run time.
 *
 * The schemas are what consumers can rely on, and they stay readable for events already in the streams:
 * fields added later are optional or defaulted (`payment.cancelled` `full`, which predates partial refunds).
 */

/** catalog's stored event statuses (catalog `event-status.ts`; seating and queue project them). */
export const CATALOG_STATUSES = ['DRAFT', 'SCHEDULED', 'ON_SALE', 'SOLD_OUT', 'ENDED', 'CANCELLED'] as const;
export type CatalogStatus = (typeof CATALOG_STATUSES)[number];

const uuid = z.string().refine(isUuid, 'not a uuid');
const timestamp = z.iso.datetime({ offset: true });
const won = z.number().int().nonnegative();
const count = z.number().int().nonnegative();
const paymentId = z.string().min(1).max(200);

/** `seating.reservation.cancelled` and `.expired`. */
const reservationEnded = z.object({
  reservationId: uuid,
  eventId: uuid,
  userId: uuid,
  amount: won,
  /** set when it had been paid: payment refunds it, unless payment itself cancelled it */
  paymentId: paymentId.nullable(),
  wasConfirmed: z.boolean(),
  /** seating's `end_reason` (buyer-cancelled, checkout-expired, …) */
  reason: z.string(),
});

export const topicPayloads = {
  [Topics.catalogEventChanged]: z.object({
    id: uuid,
    title: z.string().min(1).max(200),
    /** the STORED status: SCHEDULED means on sale once `saleStartsAt` has passed (kit `sale-window.ts`) */
    status: z.enum(CATALOG_STATUSES),
    saleStartsAt: timestamp,
    startsAt: timestamp,
    deletedAt: timestamp.nullish(),
  }),
  [Topics.paymentConfirmed]: z.object({ reservationId: uuid, paymentId, amount: won }),
  [Topics.paymentCancelled]: z.object({
    reservationId: uuid,
    paymentId,
    /** refunded by this cancellation */
    amount: won,
    /** refunded in total so far */
    refundedAmount: won.optional(),
    /** nothing is left: seating releases the seats. Absent in events older than partial refunds: full. */
    full: z.boolean().default(true),
    /** the seats a partial refund covers, when the admin named them (seating revokes their tickets) */
    seatIds: z.array(z.uuid()).max(100).optional(),
  }),
  [Topics.reservationCreated]: z.object({
    reservationId: uuid,
    userId: uuid,
    eventId: uuid,
    eventTitle: z.string(),
    totalAmount: won,
    seatCount: count,
    holdExpiresAt: timestamp,
  }),
  [Topics.reservationConfirmed]: z.object({
    reservationId: uuid,
    eventId: uuid,
    userId: uuid,
    paymentId,
    amount: won,
    seatCount: count,
    /** a face-value resale's purchase (issue 17) */
    resale: z.boolean().optional(),
  }),
  [Topics.reservationConfirmFailed]: z.object({
    reservationId: uuid,
    eventId: uuid,
    userId: uuid,
    paymentId,
    amount: won,
    reason: z.string().optional(),
  }),
  [Topics.reservationCancelled]: reservationEnded,
  [Topics.reservationExpired]: reservationEnded,
  [Topics.ticketCheckedIn]: z.object({
    ticketId: uuid,
    eventId: uuid,
    deviceId: z.string().min(1).max(100),
    checkedInAt: timestamp,
  }),
  [Topics.ticketResold]: z.object({
    listingId: uuid,
    eventId: uuid,
    seatId: uuid,
    sellerId: uuid,
    sellerReservationId: uuid,
    sellerPaymentId: paymentId.nullable(),
    buyerId: uuid,
    buyerReservationId: uuid,
    buyerPaymentId: paymentId,
    oldTicketId: uuid,
    newTicketId: uuid,
    price: won,
    feeAmount: won,
    refundAmount: won,
  }),
  [Topics.queueAdmitted]: z.object({
    eventId: uuid,
    userId: uuid,
    admitNo: z.number().int().positive(),
    joinSeq: z.number().int().positive().nullable(),
    via: z.enum(['line', 'direct', 'forced']),
    admittedAt: timestamp,
    by: z.string().min(1).max(200),
  }),
  [Topics.userRegistered]: z.object({
    userId: uuid,
    method: z.enum(['password', 'google']),
    registeredAt: timestamp,
  }),
  [Topics.adminAction]: z.object({
    /** the service (and schema) whose audit log has the action */
    service: z.string().min(1),
    actorId: uuid,
    action: z.string().min(1),
    target: z.object({ type: z.string().min(1), id: z.string().nullable() }),
    details: z.record(z.string(), z.unknown()),
    at: timestamp,
  }),
} as const satisfies Record<Topic, z.ZodType>;

/** What a consumer reads for each topic. */
export type TopicMap = { [T in Topic]: z.output<(typeof topicPayloads)[T]> };
/** What a producer writes for each topic (defaulted fields may be left out). */
export type TopicInputMap = { [T in Topic]: z.input<(typeof topicPayloads)[T]> };
export type TopicPayload<T extends Topic> = TopicMap[T];

/** An event to record: its payload checked against its topic's at compile time. */
export type NewDomainEvent<T extends Topic = Topic> = {
  [K in T]: { topic: K; key: string; payload: TopicInputMap[K] };
}[T];

/** A delivered event whose payload has been read against its topic: `switch (event.topic)` narrows it. */
export type TypedDomainEvent<T extends Topic = Topic> = {
  [K in T]: Omit<DomainEvent<TopicMap[K]>, 'topic'> & { topic: K };
}[T];

export type ReadResult = { ok: true; event: TypedDomainEvent } | { ok: false; issues: z.core.$ZodIssue[] };

/**
 * Reads a delivered event's payload against its topic's schema. An unknown topic or a payload that does not
 * match is `ok: false` with the issues: retrying cannot make it readable, so consumers log it and skip it.
 */
export function readDomainEvent(event: DomainEvent): ReadResult {
  const schema = (topicPayloads as Record<string, z.ZodType | undefined>)[event.topic];
  if (!schema) {
    return {
      ok: false,
      issues: [
        { code: 'custom', path: ['topic'], message: `unknown topic ${event.topic}`, input: event.topic },
      ],
    };
  }
  const parsed = schema.safeParse(event.payload);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues };
  return { ok: true, event: { ...event, payload: parsed.data } as TypedDomainEvent };
}

/**
 * A consumer's `handle` that reads each delivered event against the topic map first: the handler gets the
 * typed event, and an unreadable one is logged and skipped (recorded as handled: retrying cannot make it
 * readable, and it must not block its aggregate's later events).
 */
export function typedHandler<Em>(
  log: Logger,
  handle: (em: Em, event: TypedDomainEvent) => Promise<void>,
): (em: Em, event: DomainEvent) => Promise<void> {
  return async (em, delivered) => {
    const read = readDomainEvent(delivered);
    if (!read.ok) {
      log.error(
        { event: delivered.id, topic: delivered.topic, issues: read.issues },
        'unreadable event skipped',
      );
      return;
    }
    await handle(em, read.event);
  };
}
