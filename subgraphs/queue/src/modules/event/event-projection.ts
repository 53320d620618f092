import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid, runSql, sql } from '@tiketi/kit';
import { z } from 'zod';

export const CATALOG_STATUSES = ['DRAFT', 'SCHEDULED', 'ON_SALE', 'SOLD_OUT', 'ENDED', 'CANCELLED'] as const;

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

/**
 * Applies one `catalog.event.changed` to queue's copy of the event (only the sale window and status matter
 * here). Idempotent and order-safe: a state older than the one stored (by the catalog event's `occurredAt`) is
 * ignored, so redeliveries and replays never roll it back. Returns false for such a stale state.
 */
export async function projectCatalogEvent(
  em: EntityManager,
  payload: unknown,
  occurredAt: Date,
): Promise<boolean> {
  const event = catalogEventChangedSchema.parse(payload);
  const rows = await runSql<{ event_id: string }>(
    em,
    sql`insert into queue.events as e
          (event_id, title, status, sale_starts_at, starts_at, deleted_at, source_at)
        values (${event.id}, ${event.title}, ${event.status}, ${event.saleStartsAt}::timestamptz,
                ${event.startsAt}::timestamptz, ${event.deletedAt ?? null}::timestamptz, ${occurredAt}::timestamptz)
        on conflict (event_id) do update set
          title = excluded.title, status = excluded.status, sale_starts_at = excluded.sale_starts_at,
          starts_at = excluded.starts_at, deleted_at = excluded.deleted_at, source_at = excluded.source_at,
          updated_at = now()
        where e.source_at <= excluded.source_at
        returning event_id`,
  );
  return rows.length > 0;
}
