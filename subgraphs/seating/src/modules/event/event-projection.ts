import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid, runSql, sql } from '@tiketi/kit';
import { z } from 'zod';
import { CATALOG_STATUSES } from './sale-window.ts';

/** Payload of `catalog.event.changed` (ISO strings). */
export const catalogEventChangedSchema = z.object({
  id: z.string().refine(isUuid, 'not a uuid'),
  title: z.string().min(1).max(200),
  status: z.enum(CATALOG_STATUSES),
  saleStartsAt: z.iso.datetime({ offset: true }),
  startsAt: z.iso.datetime({ offset: true }),
  deletedAt: z.iso.datetime({ offset: true }).nullish(),
});
export type CatalogEventChanged = z.infer<typeof catalogEventChangedSchema>;

export type ProjectionResult =
  | { outcome: 'inserted' | 'updated'; hasInventory: boolean }
  /** An older state than the one already applied (a redelivery or out-of-order delivery). */
  | { outcome: 'stale' };

/**
 * Applies one `catalog.event.changed` to seating's copy of the event. Idempotent and order-safe: a state
 * older than the one stored (by the catalog event's `occurredAt`) is ignored, so redeliveries and replays
 * never roll the projection back.
 */
export async function projectCatalogEvent(
  em: EntityManager,
  payload: unknown,
  occurredAt: Date,
): Promise<ProjectionResult> {
  const event = catalogEventChangedSchema.parse(payload);
  const rows = await runSql<{ inserted: boolean; has_inventory: boolean }>(
    em,
    sql`insert into seating.events as e
          (event_id, title, status, sale_starts_at, starts_at, deleted_at, source_at)
        values (${event.id}, ${event.title}, ${event.status}, ${event.saleStartsAt}::timestamptz,
                ${event.startsAt}::timestamptz, ${event.deletedAt ?? null}::timestamptz, ${occurredAt}::timestamptz)
        on conflict (event_id) do update set
          title = excluded.title, status = excluded.status, sale_starts_at = excluded.sale_starts_at,
          starts_at = excluded.starts_at, deleted_at = excluded.deleted_at, source_at = excluded.source_at,
          updated_at = now()
        where e.source_at <= excluded.source_at
        returning (xmax = 0) as inserted,
          exists (select 1 from seating.event_inventory i where i.event_id = e.event_id) as has_inventory`,
  );
  const row = rows[0];
  if (!row) return { outcome: 'stale' };
  return { outcome: row.inserted ? 'inserted' : 'updated', hasInventory: row.has_inventory };
}
