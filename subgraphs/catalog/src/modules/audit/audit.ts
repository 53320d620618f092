import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditEntry } from './audit-entry.entity.ts';

export interface AuditRecord {
  /** `<target>.<verb>`, e.g. `event.update` */
  action: string;
  target: { type: string; id: string | null };
  details: Record<string, unknown>;
}

/**
 * Queues an audit row on `em`. Call it inside the transaction that makes the change: the row is flushed
 * with it, so there is never a change without its record, nor a record of a change that rolled back.
 */
export function recordAudit(em: EntityManager, actorId: string, record: AuditRecord): void {
  em.create(AuditEntry, {
    actorId,
    action: record.action,
    targetType: record.target.type,
    targetId: record.target.id,
    details: record.details,
  });
}
