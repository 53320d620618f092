import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent, type TopicPayload, Topics } from '@tiketi/kit';
import type { EventStatus } from './event-status.ts';

/**
 * `catalog.event.changed`: what other subgraphs keep of an event (seating and queue need the sale window and
 * status to decide whether seats may be held). Recorded in the transaction that changes the event, so the
 * event is published if and only if the change committed. `status` is the STORED status: SCHEDULED means on
 * sale once `saleStartsAt` has passed, as catalog derives it (event-status.ts).
 */
export type EventChangedPayload = TopicPayload<typeof Topics.catalogEventChanged>;

export function eventChangedPayload(event: {
  id: string;
  title: string;
  status: EventStatus;
  saleStartsAt: Date;
  startsAt: Date;
  deletedAt?: Date | null;
}): EventChangedPayload {
  return {
    id: event.id,
    title: event.title,
    status: event.status,
    saleStartsAt: new Date(event.saleStartsAt).toISOString(),
    startsAt: new Date(event.startsAt).toISOString(),
    deletedAt: event.deletedAt ? new Date(event.deletedAt).toISOString() : null,
  };
}

export function recordEventChanged(em: EntityManager, event: Parameters<typeof eventChangedPayload>[0]) {
  return recordEvent(em, 'catalog', {
    topic: Topics.catalogEventChanged,
    key: event.id,
    payload: eventChangedPayload(event),
  });
}
