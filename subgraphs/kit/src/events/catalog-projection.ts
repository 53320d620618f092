import type { EntityManager } from '@mikro-orm/postgresql';
import { rawSql, runSql, sql } from '../sql.ts';
import { type TopicPayload, topicPayloads } from './topics.ts';
import { Topics } from './types.ts';

export type CatalogEventChanged = TopicPayload<typeof Topics.catalogEventChanged>;

/** Services that keep a copy of catalog's events (`<schema>.events`, same columns in each). */
export type CatalogProjectionSchema = 'seating' | 'queue';

/**
 * Applies one `catalog.event.changed` to a service's copy of the event (`<schema>.events`: title, stored status,
 * sale window, deletion). Idempotent and order-safe: a state older than the one stored (by the catalog event's
 * `occurredAt`) is ignored, so redeliveries and replays never roll the projection back. Returns `stale` for
 * such a state. The payload is read against the topic map (a ZodError when it does not match).
 */
export async function projectCatalogEvent(
  em: EntityManager,
  schema: CatalogProjectionSchema,
  payload: unknown,
  occurredAt: Date,
): Promise<'inserted' | 'updated' | 'stale'> {
  const event = topicPayloads[Topics.catalogEventChanged].parse(payload);
  const table = rawSql(`${schema}.events`);
  const rows = await runSql<{ inserted: boolean }>(
    em,
    sql`insert into ${table} as e
          (event_id, title, status, sale_starts_at, starts_at, deleted_at, source_at)
        values (${event.id}, ${event.title}, ${event.status}, ${event.saleStartsAt}::timestamptz,
                ${event.startsAt}::timestamptz, ${event.deletedAt ?? null}::timestamptz, ${occurredAt}::timestamptz)
        on conflict (event_id) do update set
          title = excluded.title, status = excluded.status, sale_starts_at = excluded.sale_starts_at,
          starts_at = excluded.starts_at, deleted_at = excluded.deleted_at, source_at = excluded.source_at,
          updated_at = now()
        where e.source_at <= excluded.source_at
        returning (xmax = 0) as inserted`,
  );
  const row = rows[0];
  if (!row) return 'stale';
  return row.inserted ? 'inserted' : 'updated';
}
