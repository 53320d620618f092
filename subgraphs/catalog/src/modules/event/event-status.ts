import { badInput, CATALOG_STATUSES, type CatalogStatus, rawSql, type Sql, sql } from '@tiketi/kit';

/** The statuses catalog stores (one list in the kit: seating and queue project them from `catalog.event.changed`). */
export const STORED_STATUSES = CATALOG_STATUSES;
export type EventStatus = CatalogStatus;

interface Timed {
  status: EventStatus;
  startsAt: Date;
  saleStartsAt: Date;
}

/**
 * The status clients see, derived from the stored one and the clock so that no job has to flip rows on
 * time: a SCHEDULED event is ON_SALE from `saleStartsAt`, and anything still live is ENDED from `startsAt`.
 * DRAFT and CANCELLED are what an admin decided and never change by themselves.
 *
 * `effectiveStatusSql` is the same rule for filtering; both take the request's `now`, so a filter on
 * status always agrees with the status shown.
 */
export function effectiveStatus(event: Timed, now: Date): EventStatus {
  if (event.status === 'DRAFT' || event.status === 'CANCELLED' || event.status === 'ENDED')
    return event.status;
  if (event.startsAt <= now) return 'ENDED';
  if (event.status === 'SCHEDULED' && event.saleStartsAt <= now) return 'ON_SALE';
  return event.status;
}

/** `effectiveStatus` in SQL over the events row `alias`, at the instant `now`. */
export function effectiveStatusSql(alias: string, now: Date): Sql {
  const e = rawSql(alias);
  return sql`(case
    when ${e}.status in ('DRAFT', 'CANCELLED', 'ENDED') then ${e}.status
    when ${e}.starts_at <= ${now}::timestamptz then 'ENDED'
    when ${e}.status = 'SCHEDULED' and ${e}.sale_starts_at <= ${now}::timestamptz then 'ON_SALE'
    else ${e}.status
  end)`;
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
