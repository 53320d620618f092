import type { EntityManager } from '@mikro-orm/postgresql';
import { type Logger, projectCatalogEvent, type Topic, Topics, typedHandler } from '@tiketi/kit';
import type { WaitingLine } from '../line/waiting-line.ts';
import type { Settings } from '../settings/settings.repository.ts';

/** The topics queue consumes (consumer group `queue`; its own `queue.admitted` goes to the admission archive). */
export const CONSUMED_TOPICS: Topic[] = [Topics.catalogEventChanged, Topics.reservationConfirmed];

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
  return typedHandler<EntityManager>(deps.log, async (em, event) => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        const outcome = await projectCatalogEvent(em, 'queue', event.payload, new Date(event.occurredAt));
        if (outcome === 'stale') return;
        const { id } = event.payload;
        await deps.settings.sync(em, id);
        // A new sale window changes the pre-queue's opensAt on tickets.
        deps.onMoved(id);
        return;
      }
      case Topics.reservationConfirmed: {
        // A purchase completes the buyer's visit: the slot goes to the next in line.
        const { eventId, userId } = event.payload;
        const { moved } = await deps.line.leave(eventId, userId);
        if (moved > 0) deps.onMoved(eventId);
        return;
      }
      default:
        return;
    }
  });
}
