import type { EntityManager } from '@mikro-orm/postgresql';
import { type DomainEvent, isUuid, type Logger, type Topic, Topics } from '@tiketi/kit';
import { z } from 'zod';
import type { Reservations } from '../reservation/reservation.repository.ts';
import type { Tickets } from '../ticket/ticket.repository.ts';
import { projectCatalogEvent } from './event-projection.ts';

/** The topics seating consumes (consumer group `seating`). */
export const CONSUMED_TOPICS: Topic[] = [
  Topics.catalogEventChanged,
  Topics.paymentConfirmed,
  Topics.paymentCancelled,
];

const paymentConfirmed = z.object({
  reservationId: z.string(),
  paymentId: z.string().min(1).max(200),
  amount: z.number().int().nonnegative(),
});
/**
 * `full` is false for a partial refund: the buyer keeps the tickets, so the seats stay sold. Only a full
 * cancellation releases them. (An event without `full` predates partial refunds and meant a full one.) A
 * partial refund that names the seats it covers (`seatIds`) revokes those seats' tickets (issue 17).
 */
const paymentCancelled = z.object({
  reservationId: z.string(),
  paymentId: z.string().min(1).max(200),
  full: z.boolean().default(true),
  seatIds: z.array(z.uuid()).max(100).optional(),
});

export interface DomainEventDeps {
  reservations: Reservations;
  /** Revokes the tickets of seats a partial refund covers. */
  tickets?: Tickets;
  log: Logger;
  /** Development: seat an event the first time it is projected (seed.ts). */
  onNewEvent?: (em: EntityManager, eventId: string) => Promise<void>;
}

/**
 * Handles one delivered domain event, inside the consumer's transaction (with its inbox row): either all of
 * its effects commit with the inbox entry, or none do and the event is delivered again. A payload that can
 * never be handled is logged and skipped (retrying it would block nothing but fill the logs).
 */
export function createDomainEventHandler(deps: DomainEventDeps) {
  return async (em: EntityManager, event: DomainEvent): Promise<void> => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        let result: Awaited<ReturnType<typeof projectCatalogEvent>>;
        try {
          result = await projectCatalogEvent(em, event.payload, new Date(event.occurredAt));
        } catch (err) {
          if (!(err instanceof z.ZodError)) throw err;
          deps.log.error({ event: event.id, issues: err.issues }, 'unreadable catalog.event.changed skipped');
          return;
        }
        if (result.outcome !== 'stale' && !result.hasInventory && deps.onNewEvent) {
          const { id, deletedAt } = event.payload as { id: string; deletedAt?: string | null };
          if (!deletedAt) await deps.onNewEvent(em, id);
        }
        return;
      }
      case Topics.paymentConfirmed: {
        const payload = paymentConfirmed.safeParse(event.payload);
        if (!payload.success) {
          deps.log.error({ event: event.id }, 'unreadable payment.confirmed skipped');
          return;
        }
        const outcome = await deps.reservations.confirm(em, payload.data);
        deps.log.info({ event: event.id, ...outcome }, 'payment confirmed handled');
        return;
      }
      case Topics.paymentCancelled: {
        const payload = paymentCancelled.safeParse(event.payload);
        if (!payload.success) {
          deps.log.error({ event: event.id }, 'unreadable payment.cancelled skipped');
          return;
        }
        if (!payload.data.full) {
          const { seatIds } = payload.data;
          if (deps.tickets && seatIds && seatIds.length > 0 && isUuid(payload.data.reservationId)) {
            const revoked = await deps.tickets.revoke(em, [payload.data.reservationId], 'refunded', seatIds);
            deps.log.info(
              { event: event.id, revoked },
              "partial refund: the refunded seats' tickets revoked",
            );
            return;
          }
          deps.log.info({ event: event.id }, 'partial refund: reservation and seats unchanged');
          return;
        }
        const outcome = await deps.reservations.releaseForPayment(em, payload.data);
        deps.log.info({ event: event.id, ...outcome }, 'payment cancellation handled');
        return;
      }
      default:
        return;
    }
  };
}
