import {
  badInput,
  CATALOG_STATUSES,
  type CatalogStatus,
  eventColumns,
  type Sql,
  sql,
  effectiveStatusSql as statusSql,
} from '@tiketi/kit';

/** The statuses catalog stores (one list in the kit: seating and queue project them from `catalog.event.changed`). */
export const STORED_STATUSES = CATALOG_STATUSES;
export type EventStatus = CatalogStatus;

/**
 * The status clients see: the kit's sale-window rule (`effectiveStatus`, one source for catalog, seating and
 * queue). `effectiveStatusSql` is the same rule for filtering; both take the request's `now`, so a filter on
 * status always agrees with the status shown.
 */
export { effectiveStatus } from '@tiketi/kit';

/** `effectiveStatus` in SQL over the events row `alias`, at the instant `now`. */
export function effectiveStatusSql(alias: string, now: Date): Sql {
  return statusSql(eventColumns(alias), sql`${now}::timestamptz`);
}

/** What a new event may start as: hidden (DRAFT) or announced (SCHEDULED). */
export const CREATABLE_STATUSES: readonly EventStatus[] = ['DRAFT', 'SCHEDULED'];

/**
 * Which stored status an admin may set from which. ENDED is never set by hand (it follows from `startsAt`)
 * and CANCELLED is final: buyers have been told.
 */
const TRANSITIONS: Record<EventStatus, readonly EventStatus[]> = {
  DRAFT: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['DRAFT', 'ON_SALE', 'SOLD_OUT', 'CANCELLED'],
  ON_SALE: ['SCHEDULED', 'SOLD_OUT', 'CANCELLED'],
  SOLD_OUT: ['ON_SALE', 'CANCELLED'],
  ENDED: [],
  CANCELLED: [],
};

export function assertTransition(from: EventStatus, to: EventStatus): void {
  if (from === to) return;
  if (TRANSITIONS[from].includes(to)) return;
  const allowed = TRANSITIONS[from];
  throw badInput(
    allowed.length === 0
      ? `A ${from} event keeps its status.`
      : `A ${from} event can change to ${allowed.join(', ')}, not ${to}.`,
    'status',
  );
}

/** Buyers never see drafts; admins see everything not deleted. */
export function isVisible(
  event: { status: EventStatus; deletedAt?: Date | null },
  isAdmin: boolean,
): boolean {
  if (event.deletedAt) return false;
  return isAdmin || event.status !== 'DRAFT';
}
