import type { EntityManager } from '@mikro-orm/postgresql';
import {
  badInput,
  decodeCursor,
  encodeCursor,
  pageSize,
  pgTimestamp,
  runSql,
  sql,
  toConnection,
} from '@tiketi/kit';

export const SERVICES = ['auth', 'catalog', 'seating', 'queue', 'payment'] as const;

export interface AdminActionRow {
  id: string;
  service: string;
  actorId: string;
  action: string;
  targetType: string;
  targetId: string | null;
  details: unknown;
  at: Date;
}

interface DbRow {
  event_id: string;
  service: string;
  actor_id: string;
  action: string;
  target_type: string;
  target_id: string | null;
  details: unknown;
  at: string | Date;
}

/** Cursor: the last row's time (as Postgres text, exact to the microsecond) and id. */
const parseCursor = (decoded: unknown) =>
  Array.isArray(decoded) && decoded.length === 2 && decoded.every((v) => typeof v === 'string')
    ? { at: decoded[0] as string, id: decoded[1] as string }
    : undefined;

/** Every service's admin actions, newest first, a page at a time. */
export async function adminActions(
  em: EntityManager,
  args: { service?: string | null; first?: number | null; after?: string | null },
) {
  const first = pageSize(args.first, { default: 50 });
  if (args.service && !(SERVICES as readonly string[]).includes(args.service)) {
    throw badInput(`"service" must be one of ${SERVICES.join(', ')}.`, 'service');
  }
  const after = args.after ? decodeCursor(args.after, parseCursor) : null;
  const rows = await runSql<DbRow & { at_text: string }>(
    em,
    sql`select *, at::text as at_text from stats.admin_actions
        where (${args.service ?? null}::text is null or service = ${args.service ?? null})
          and (${after?.at ?? null}::timestamptz is null
               or (at, event_id) < (${after?.at ?? null}::timestamptz, ${after?.id ?? null}))
        order by at desc, event_id desc
        limit ${first + 1}`,
  );
  return toConnection(rows, first, (r) => ({
    cursor: encodeCursor([r.at_text, r.event_id]),
    node: {
      id: r.event_id,
      service: r.service,
      actorId: r.actor_id,
      action: r.action,
      targetType: r.target_type,
      targetId: r.target_id,
      details: r.details,
      at: pgTimestamp(r.at),
    } satisfies AdminActionRow,
  }));
}
