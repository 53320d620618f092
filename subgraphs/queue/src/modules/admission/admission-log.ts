import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql, type TopicPayload, type Topics } from '@tiketi/kit';

/** `queue.admitted` as the admission step writes it (scripts.ts `admit_user`). */
export type QueueAdmitted = TopicPayload<typeof Topics.queueAdmitted>;

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
