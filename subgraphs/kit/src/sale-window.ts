import type { CatalogStatus } from './events/topics.ts';
import { rawSql, type Sql, sql } from './sql.ts';

/**
 * The sale-window rule, once for every service (issue 15): catalog shows it as an event's status, seating
 * decides with it whether seats may be held (in TypeScript for the refusal it explains, and in SQL inside the
 * hold function), queue projects the same stored fields.
 *
 * The status buyers see is derived from the stored one and the clock, so that no job has to flip rows on time:
 * a SCHEDULED event is ON_SALE from `saleStartsAt`, and anything still live is ENDED from `startsAt`. DRAFT and
 * CANCELLED are what an admin decided and never change by themselves.
 */
export interface TimedEvent {
  status: CatalogStatus;
  startsAt: Date;
  saleStartsAt: Date;
}

export function effectiveStatus(event: TimedEvent, now: Date): CatalogStatus {
  if (event.status === 'DRAFT' || event.status === 'CANCELLED' || event.status === 'ENDED')
    return event.status;
  if (event.startsAt <= now) return 'ENDED';
  if (event.status === 'SCHEDULED' && event.saleStartsAt <= now) return 'ON_SALE';
  return event.status;
}

/** The columns (or parameters) `effectiveStatusSql` reads. */
export interface TimedEventColumns {
  status: Sql;
  startsAt: Sql;
  saleStartsAt: Sql;
}

/** `effectiveStatus` as a SQL expression over `columns`, at the instant `now` (an expression or a value). */
export function effectiveStatusSql(columns: TimedEventColumns, now: Sql): Sql {
  const { status, startsAt, saleStartsAt } = columns;
  return sql`(case
    when ${status} in ('DRAFT', 'CANCELLED', 'ENDED') then ${status}
    when ${startsAt} <= ${now} then 'ENDED'
    when ${status} = 'SCHEDULED' and ${saleStartsAt} <= ${now} then 'ON_SALE'
    else ${status}
  end)`;
}

/** The columns of an events row `alias` (catalog's events, seating's and queue's projections alike). */
export const eventColumns = (alias: string): TimedEventColumns => ({
  status: rawSql(`${alias}.status`),
  startsAt: rawSql(`${alias}.starts_at`),
  saleStartsAt: rawSql(`${alias}.sale_starts_at`),
});

export interface ProjectedEvent extends TimedEvent {
  deletedAt: Date | null;
}

/** Whether seats of an event may be held now. */
export type SaleState =
  | { phase: 'on-sale' }
  | { phase: 'not-open'; opensAt: Date | null }
  | { phase: 'closed'; reason: 'ended' | 'cancelled' | 'sold-out' | 'deleted' };

/** The rule above, as seating explains a refused hold: on sale exactly when the status buyers see is ON_SALE. */
export function saleState(event: ProjectedEvent, now: Date): SaleState {
  if (event.deletedAt) return { phase: 'closed', reason: 'deleted' };
  switch (effectiveStatus(event, now)) {
    case 'ON_SALE':
      return { phase: 'on-sale' };
    case 'CANCELLED':
      return { phase: 'closed', reason: 'cancelled' };
    case 'ENDED':
      return { phase: 'closed', reason: 'ended' };
    case 'SOLD_OUT':
      return { phase: 'closed', reason: 'sold-out' };
    case 'SCHEDULED':
      return { phase: 'not-open', opensAt: event.saleStartsAt };
    case 'DRAFT':
      return { phase: 'not-open', opensAt: null };
  }
}

/**
 * `<schema>.on_sale(status, sale_starts_at, starts_at, deleted_at, now)`: `saleState(…).phase === 'on-sale'` in
 * SQL, generated from `effectiveStatusSql`, for functions that decide inside Postgres (seating's hold function).
 * A migration installs it; a change to the rule adds a migration that installs it again.
 */
export function onSaleFunctionSql(schema: string): string {
  const on = effectiveStatusSql(
    { status: rawSql('p_status'), startsAt: rawSql('p_starts_at'), saleStartsAt: rawSql('p_sale_starts_at') },
    rawSql('p_now'),
  );
  return `create or replace function "${schema}"."on_sale"(
      p_status text, p_sale_starts_at timestamptz, p_starts_at timestamptz, p_deleted_at timestamptz,
      p_now timestamptz
    ) returns boolean language sql immutable as $$
      select p_deleted_at is null and ${on.text} = 'ON_SALE'
    $$;`;
}
