import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid, runSql, sql } from '@tiketi/kit';
import { z } from 'zod';

/** Payload of `queue.admitted` as the admission step writes it (scripts.ts `admit_user`). */
export const queueAdmittedSchema = z.object({
  eventId: z.string().refine(isUuid, 'not a uuid'),
  userId: z.string().refine(isUuid, 'not a uuid'),
  admitNo: z.number().int().positive(),
  joinSeq: z.number().int().positive().nullable(),
  via: z.enum(['line', 'direct', 'forced']),
  admittedAt: z.iso.datetime({ offset: true }),
  by: z.string().min(1).max(200),
});
export type QueueAdmitted = z.infer<typeof queueAdmittedSchema>;

/**
 * Records admissions in the audit log, any number in one statement. Idempotent: an admission is identified
 * by `(event_id, admit_no)`, so a redelivered one changes nothing.
 */
export async function recordAdmissions(
  em: EntityManager,
  admissions: readonly QueueAdmitted[],
): Promise<void> {
  if (admissions.length === 0) return;
  await runSql(
    em,
    sql`insert into queue.admissions (event_id, admit_no, user_id, join_seq, via, admitted_at, admitted_by)
        select a."eventId", a."admitNo", a."userId", a."joinSeq", a.via, a."admittedAt", a.by
        from jsonb_to_recordset(${JSON.stringify(admissions)}::jsonb) as a(
          "eventId" uuid, "admitNo" bigint, "userId" uuid, "joinSeq" bigint, via text, "admittedAt" timestamptz, by text)
        on conflict (event_id, admit_no) do nothing`,
  );
}
