/**
 * Durable domain events between subgraphs (SPEC.md): written in the same transaction as the state change
 * that causes them (transactional outbox), relayed to a Redis stream per topic, and consumed at least once
 * by consumer groups whose handlers are idempotent (each message id is recorded in the consumer's own inbox
 * table in the same transaction as the handler's effects, so a redelivery is skipped).
 */

/**
 * Topic names, one registry so producers and consumers cannot drift. `<service>.<aggregate>.<what happened>`.
 * Each topic's payload is in `topics.ts` (`topicPayloads`, the typed topic map).
 */
export const Topics = {
  /** catalog → seating, stats: an event was created or changed (title, status, sale window). */
  catalogEventChanged: 'catalog.event.changed',
  /** payment → seating, stats: a payment for a reservation is DONE. */
  paymentConfirmed: 'payment.confirmed',
  /** payment → seating, stats: a payment was cancelled/refunded in full. */
  paymentCancelled: 'payment.cancelled',
  /** seating → payment, stats, queue: reservation lifecycle; `created` carries what payment needs to charge. */
  reservationCreated: 'seating.reservation.created',
  reservationConfirmed: 'seating.reservation.confirmed',
  /** seating → payment: a payment arrived for a reservation whose seats are gone; payment refunds it. */
  reservationConfirmFailed: 'seating.reservation.confirm_failed',
  reservationCancelled: 'seating.reservation.cancelled',
  reservationExpired: 'seating.reservation.expired',
  /**
   * seating → stats: a ticket went through a door (the first entry only; a second entry is a conflict, not a
   * check-in) (issue 17).
   */
  ticketCheckedIn: 'seating.ticket.checked_in',
  /**
   * seating → payment: a face-value resale was paid for (issue 17). The seller's ticket is RESOLD and the
   * buyer's issued; payment refunds the seller's original payment by `refundAmount` (the price minus the
   * event's fee), once per listing.
   */
  ticketResold: 'seating.ticket.resold',
  /**
   * queue → stats (and queue's own admission audit log): a buyer was admitted from an event's waiting room.
   * Written to the
   * stream by the admission step itself (the live line is in Redis, so the step and its event are one atomic
   * Lua script there); ids are `queue:<eventId>:<admitNo>`.
   */
  queueAdmitted: 'queue.admitted',
  /**
   * auth → stats: an account was created (sign-up, first Google sign-in, or the development seed); nothing
   * personal (no email, no name).
   */
  userRegistered: 'auth.user.registered',
  /** every service with an admin audit log → stats: one admin action (kit/audit.ts). */
  adminAction: 'admin.action',
} as const;
export type Topic = (typeof Topics)[keyof typeof Topics];

export interface DomainEvent<Payload = unknown> {
  /** Globally unique (`<service>:<outbox id>`): the idempotency key consumers dedupe on. */
  id: string;
  topic: Topic;
  /** The aggregate the event is about (e.g. a reservation id). */
  key: string;
  payload: Payload;
  occurredAt: string;
}
