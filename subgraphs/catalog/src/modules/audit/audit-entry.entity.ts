import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

/** One admin action: who did what to which row, written in the transaction of the change itself. */
export const AuditEntry = defineEntity({
  name: 'AuditEntry',
  tableName: 'admin_audit_log',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    actorId: p.uuid(),
    action: p.string().length(60),
    targetType: p.string().length(40),
    targetId: p.uuid().nullable(),
    details: p.json<Record<string, unknown>>(),
    at: p.datetime().onCreate(() => new Date()),
  }),
});

export type AuditEntry = InferEntity<typeof AuditEntry>;
