import type { EntityManager } from '@mikro-orm/postgresql';
import { type DomainEvent, isUuid, type Logger, type Topic, Topics } from '@tiketi/kit';
import { z } from 'zod';
import type { WaitingLine } from '../line/waiting-line.ts';
import type { Settings } from '../settings/settings.repository.ts';
import { projectCatalogEvent } from './event-projection.ts';

/** The topics queue consumes (consumer group `queue`; its own `queue.admitted` goes to the admission archive). */
export const CONSUMED_TOPICS: Topic[] = [Topics.catalogEventChanged, Topics.reservationConfirmed];

const reservationConfirmed = z.object({
  eventId: z.string().refine(isUuid),
  userId: z.string().refine(isUuid),
});

export interface DomainEventDeps {
  line: WaitingLine;
  settings: Settings;
  log: Logger;
  onMoved(eventId: string): void;
}

/**
 * Handles one delivered domain event inside the consumer's transaction (with its inbox row). The Redis side
 * effects (a config sync, a buyer leaving) are idempotent, so a redelivery after a failed commit repeats them
 * harmlessly. A payload that can never be handled is logged and skipped.
 */
export function createDomainEventHandler(deps: DomainEventDeps) {
  return async (em: EntityManager, event: DomainEvent): Promise<void> => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        let fresh: boolean;
        try {
          fresh = await projectCatalogEvent(em, event.payload, new Date(event.occurredAt));
        } catch (err) {
          if (!(err instanceof z.ZodError)) throw err;
          deps.log.error({ event: event.id, issues: err.issues }, 'unreadable catalog.event.changed skipped');
          return;
        }
        if (!fresh) return;
        const { id } = event.payload as { id: string };
        await deps.settings.sync(em, id);
        // A new sale window changes the pre-queue's opensAt on tickets.
        deps.onMoved(id);
        return;
      }
      case Topics.reservationConfirmed: {
        // A purchase completes the buyer's visit: the slot goes to the next in line.
        const payload = reservationConfirmed.safeParse(event.payload);
        if (!payload.success) {
          deps.log.error({ event: event.id }, 'unreadable seating.reservation.confirmed skipped');
          return;
        }
        const { moved } = await deps.line.leave(payload.data.eventId, payload.data.userId);
        if (moved > 0) deps.onMoved(payload.data.eventId);
        return;
      }
      default:
        return;
    }
  };
}
