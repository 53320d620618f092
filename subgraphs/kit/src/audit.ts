import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from './events/outbox.ts';
import type { TopicPayload } from './events/topics.ts';
import { Topics } from './events/types.ts';
import { runSql, sql } from './sql.ts';

/**
 * The admin audit log of a service (SPEC: every admin action is audit-logged), as plain SQL so a service
 * needs no entity for it: `auditTableSql(schema)` goes into the service's migration, `recordAudit` into the
 * transaction of the change, so there is never a change without its record nor a record of a rolled-back
 * change. (catalog keeps the same table through its own entity.) Each record is also announced as the domain
 * event `admin.action` from the service's outbox, in the same transaction: stats keeps every service's records
 * in one place, where admins read them (`adminActions`).
 */
export function auditTableSql(schema: string): string[] {
  return [
    `create table "${schema}"."admin_audit_log" (
      "id" uuid primary key default gen_random_uuid(),
      "actor_id" uuid not null,
      "action" varchar(60) not null,
      "target_type" varchar(40) not null,
      "target_id" uuid null,
      "details" jsonb not null default '{}',
      "at" timestamptz not null default now()
    );`,
    `create index "admin_audit_log_target" on "${schema}"."admin_audit_log" ("target_type", "target_id");`,
    `create index "admin_audit_log_at" on "${schema}"."admin_audit_log" ("at" desc);`,
  ];
}

export interface AuditRecord {
  /** `<target>.<verb>`, e.g. `layout.create` */
  action: string;
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
}

/** Writes one audit row on `em` (call it with the transaction's EntityManager). */
export async function recordAudit(
  em: EntityManager,
  schema: string,
  actorId: string,
  record: AuditRecord,
): Promise<void> {
  if (!/^[a-z_]+$/.test(schema)) throw new TypeError(`bad schema name ${schema}`);
  await runSql(
    em,
    sql`insert into ${{ text: `"${schema}"."admin_audit_log"`, values: [] }}
          (actor_id, action, target_type, target_id, details)
        values (${actorId}, ${record.action}, ${record.target.type}, ${record.target.id},
                ${JSON.stringify(record.details)}::jsonb)`,
  );
  await recordEvent(em, schema, {
    topic: Topics.adminAction,
    key: record.target.id ?? actorId,
    payload: {
      service: schema,
      actorId,
      action: record.action,
      target: record.target,
      details: record.details,
      at: new Date().toISOString(),
    } satisfies AdminActionPayload,
  });
}

/** `admin.action`: one admin action as its service recorded it. */
export type AdminActionPayload = TopicPayload<typeof Topics.adminAction>;
