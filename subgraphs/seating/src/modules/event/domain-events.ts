import type { EntityManager } from '@mikro-orm/postgresql';
import { type Logger, projectCatalogEvent, type Topic, Topics, typedHandler } from '@tiketi/kit';
import type { Reservations } from '../reservation/reservation.repository.ts';
import type { Tickets } from '../ticket/ticket.repository.ts';

/** The topics seating consumes (consumer group `seating`). */
export const CONSUMED_TOPICS: Topic[] = [
  Topics.catalogEventChanged,
  Topics.paymentConfirmed,
  Topics.paymentCancelled,
];

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
  return typedHandler<EntityManager>(deps.log, async (em, event) => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        const outcome = await projectCatalogEvent(em, 'seating', event.payload, new Date(event.occurredAt));
        if (outcome !== 'stale' && deps.onNewEvent && !event.payload.deletedAt) {
          await deps.onNewEvent(em, event.payload.id);
        }
        return;
      }
      case Topics.paymentConfirmed: {
        const outcome = await deps.reservations.confirm(em, event.payload);
        deps.log.info({ event: event.id, ...outcome }, 'payment confirmed handled');
        return;
      }
      case Topics.paymentCancelled: {
        const payload = event.payload;
        // A partial refund keeps the seats sold (the buyer keeps the tickets); one that names the seats it
        // covers revokes those seats' tickets (issue 17). Only a full cancellation releases the seats.
        if (!payload.full) {
          const { seatIds } = payload;
          if (deps.tickets && seatIds && seatIds.length > 0) {
            const revoked = await deps.tickets.revoke(em, [payload.reservationId], 'refunded', seatIds);
            deps.log.info(
              { event: event.id, revoked },
              "partial refund: the refunded seats' tickets revoked",
            );
            return;
          }
          deps.log.info({ event: event.id }, 'partial refund: reservation and seats unchanged');
          return;
        }
        const outcome = await deps.reservations.releaseForPayment(em, payload);
        deps.log.info({ event: event.id, ...outcome }, 'payment cancellation handled');
        return;
      }
      default:
        return;
    }
  });
}
