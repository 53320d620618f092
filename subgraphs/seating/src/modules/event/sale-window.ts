import type { CatalogStatus } from '@tiketi/kit';

/** catalog's stored statuses, one list in the kit; seating receives them in `catalog.event.changed`. */
export { CATALOG_STATUSES, type CatalogStatus } from '@tiketi/kit';

export interface ProjectedEvent {
  status: CatalogStatus;
  saleStartsAt: Date;
  startsAt: Date;
  deletedAt: Date | null;
}

/** Whether seats of an event may be held now. */
export type SaleState =
  | { phase: 'on-sale' }
  | { phase: 'not-open'; opensAt: Date | null }
  | { phase: 'closed'; reason: 'ended' | 'cancelled' | 'sold-out' | 'deleted' };

/**
 * The rule catalog shows buyers (effectiveStatus there), applied with Postgres' clock: on sale when the stored
 * status is ON_SALE, or SCHEDULED once `saleStartsAt` has passed — and never once the event has started.
 */
export function saleState(event: ProjectedEvent, now: Date): SaleState {
  if (event.deletedAt) return { phase: 'closed', reason: 'deleted' };
  if (event.status === 'CANCELLED') return { phase: 'closed', reason: 'cancelled' };
  if (event.status === 'ENDED' || event.startsAt <= now) return { phase: 'closed', reason: 'ended' };
  if (event.status === 'SOLD_OUT') return { phase: 'closed', reason: 'sold-out' };
  if (event.status === 'ON_SALE') return { phase: 'on-sale' };
  if (event.status === 'SCHEDULED') {
    return event.saleStartsAt <= now
      ? { phase: 'on-sale' }
      : { phase: 'not-open', opensAt: event.saleStartsAt };
  }
  return { phase: 'not-open', opensAt: null }; // DRAFT: not announced yet
}
