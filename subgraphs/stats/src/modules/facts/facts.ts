import type { EntityManager } from '@mikro-orm/postgresql';
import { type DomainEvent, isUuid, type Logger, runSql, sql, type Topic, Topics } from '@tiketi/kit';
import { z } from 'zod';

/** The topics stats consumes (consumer group `stats`). */
export const CONSUMED_TOPICS: Topic[] = [
  Topics.catalogEventChanged,
  Topics.reservationConfirmed,
  Topics.reservationCancelled,
  Topics.paymentCancelled,
  Topics.userRegistered,
  Topics.adminAction,
  Topics.ticketCheckedIn,
];

const uuid = z.string().refine(isUuid, 'not a uuid');
const timestamp = z.iso.datetime({ offset: true });
const eventChanged = z.object({
  id: uuid,
  title: z.string(),
  startsAt: timestamp,
  deletedAt: timestamp.nullable(),
});
const reservationConfirmed = z.object({
  reservationId: uuid,
  eventId: uuid,
  userId: uuid,
  amount: z.number().int().nonnegative(),
  seatCount: z.number().int().nonnegative(),
});
const reservationCancelled = z.object({ reservationId: uuid, wasConfirmed: z.boolean() });
const paymentCancelled = z.object({ reservationId: uuid, amount: z.number().int().nonnegative() });
const adminAction = z.object({
  service: z.string().min(1),
  actorId: uuid,
  action: z.string().min(1),
  target: z.object({ type: z.string().min(1), id: z.string().nullable() }),
  details: z.record(z.string(), z.unknown()),
  at: timestamp,
});
const ticketCheckedIn = z.object({
  ticketId: uuid,
  eventId: uuid,
  deviceId: z.string().min(1).max(100),
  checkedInAt: timestamp,
});
const userRegistered = z.object({
  userId: uuid,
  method: z.enum(['password', 'google']),
  registeredAt: timestamp,
});

/**
 * Records each event as a fact. Runs inside the consumer's transaction with its inbox row, so each event is
 * recorded once however often it is delivered; `on conflict do nothing` keeps a fact that is already there
 * (the first time an order was confirmed or cancelled is the time that counts). An event that cannot be read
 * is logged and skipped: retrying would not make it readable.
 */
export function createFactRecorder(log: Logger) {
  const unreadable = (event: DomainEvent, issues: unknown) =>
    log.error({ event: event.id, topic: event.topic, issues }, 'unreadable event skipped');

  return async (em: EntityManager, event: DomainEvent): Promise<void> => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        const parsed = eventChanged.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const e = parsed.data;
        await runSql(
          em,
          sql`insert into stats.events (id, title, starts_at, deleted_at)
              values (${e.id}, ${e.title}, ${e.startsAt}::timestamptz, ${e.deletedAt}::timestamptz)
              on conflict (id) do update set title = excluded.title, starts_at = excluded.starts_at,
                deleted_at = excluded.deleted_at, updated_at = now()`,
        );
        return;
      }
      case Topics.reservationConfirmed: {
        const parsed = reservationConfirmed.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const r = parsed.data;
        await runSql(
          em,
          sql`insert into stats.orders (reservation_id, event_id, user_id, amount, seat_count, confirmed_at)
              values (${r.reservationId}, ${r.eventId}, ${r.userId}, ${r.amount}, ${r.seatCount},
                      ${event.occurredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.reservationCancelled: {
        const parsed = reservationCancelled.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        // A reservation cancelled before it was paid sold nothing, so it takes nothing back.
        if (!parsed.data.wasConfirmed) return;
        await runSql(
          em,
          sql`insert into stats.cancellations (reservation_id, cancelled_at)
              values (${parsed.data.reservationId}, ${event.occurredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.paymentCancelled: {
        const parsed = paymentCancelled.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        await runSql(
          em,
          sql`insert into stats.refunds (event_id, reservation_id, amount, refunded_at)
              values (${event.id}, ${parsed.data.reservationId}, ${parsed.data.amount},
                      ${event.occurredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.userRegistered: {
        const parsed = userRegistered.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const u = parsed.data;
        await runSql(
          em,
          sql`insert into stats.users (id, method, registered_at)
              values (${u.userId}, ${u.method}, ${u.registeredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.adminAction: {
        const parsed = adminAction.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const a = parsed.data;
        await runSql(
          em,
          sql`insert into stats.admin_actions (event_id, service, actor_id, action, target_type, target_id, details, at)
              values (${event.id}, ${a.service}, ${a.actorId}, ${a.action}, ${a.target.type}, ${a.target.id},
                      ${JSON.stringify(a.details)}::jsonb, ${a.at}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.ticketCheckedIn: {
        const parsed = ticketCheckedIn.safeParse(event.payload);
        if (!parsed.success) return unreadable(event, parsed.error.issues);
        const c = parsed.data;
        await runSql(
          em,
          sql`insert into stats.check_ins (ticket_id, event_id, device_id, checked_in_at)
              values (${c.ticketId}, ${c.eventId}, ${c.deviceId}, ${c.checkedInAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      default:
        return;
    }
  };
}
