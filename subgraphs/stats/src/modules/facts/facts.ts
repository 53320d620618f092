import type { EntityManager } from '@mikro-orm/postgresql';
import { type Logger, runSql, sql, type Topic, Topics, typedHandler } from '@tiketi/kit';

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

/**
 * Records each event as a fact. Runs inside the consumer's transaction with its inbox row, so each event is
 * recorded once however often it is delivered; `on conflict do nothing` keeps a fact that is already there
 * (the first time an order was confirmed or cancelled is the time that counts). An event that cannot be read
 * is logged and skipped: retrying would not make it readable.
 */
export function createFactRecorder(log: Logger) {
  return typedHandler<EntityManager>(log, async (em, event) => {
    switch (event.topic) {
      case Topics.catalogEventChanged: {
        const e = event.payload;
        await runSql(
          em,
          sql`insert into stats.events (id, title, starts_at, deleted_at)
              values (${e.id}, ${e.title}, ${e.startsAt}::timestamptz, ${e.deletedAt ?? null}::timestamptz)
              on conflict (id) do update set title = excluded.title, starts_at = excluded.starts_at,
                deleted_at = excluded.deleted_at, updated_at = now()`,
        );
        return;
      }
      case Topics.reservationConfirmed: {
        const r = event.payload;
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
        // A reservation cancelled before it was paid sold nothing, so it takes nothing back.
        if (!event.payload.wasConfirmed) return;
        await runSql(
          em,
          sql`insert into stats.cancellations (reservation_id, cancelled_at)
              values (${event.payload.reservationId}, ${event.occurredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.paymentCancelled: {
        await runSql(
          em,
          sql`insert into stats.refunds (event_id, reservation_id, amount, refunded_at)
              values (${event.id}, ${event.payload.reservationId}, ${event.payload.amount},
                      ${event.occurredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.userRegistered: {
        const u = event.payload;
        await runSql(
          em,
          sql`insert into stats.users (id, method, registered_at)
              values (${u.userId}, ${u.method}, ${u.registeredAt}::timestamptz)
              on conflict do nothing`,
        );
        return;
      }
      case Topics.adminAction: {
        const a = event.payload;
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
        const c = event.payload;
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
  });
}
