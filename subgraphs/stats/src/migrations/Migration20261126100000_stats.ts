import { Migration } from '@mikro-orm/migrations';
import { outboxTablesSql } from '@tiketi/kit';

/**
 * stats keeps facts, not counters: one row per thing that happened, as the other services' domain events told
 * it, and sums them when asked. Events of one order come on different streams and in any order (a cancellation
 * may arrive before the confirmation it undoes), and facts do not care: the sums join them at read time.
 */
export class Migration20261126100000_stats extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "stats";');

    // catalog.event.changed: the title to show; the rest of the event stays catalog's.
    this.addSql(`
      create table "stats"."events" (
        "id" uuid primary key,
        "title" text not null,
        "starts_at" timestamptz null,
        "deleted_at" timestamptz null,
        "updated_at" timestamptz not null default now()
      );`);

    // seating.reservation.confirmed: an order whose seats are sold.
    this.addSql(`
      create table "stats"."orders" (
        "reservation_id" uuid primary key,
        "event_id" uuid not null,
        "user_id" uuid not null,
        "amount" bigint not null check ("amount" >= 0),
        "seat_count" int not null check ("seat_count" >= 0),
        "confirmed_at" timestamptz not null
      );`);
    this.addSql('create index "orders_confirmed_at_idx" on "stats"."orders" ("confirmed_at");');
    this.addSql('create index "orders_event_idx" on "stats"."orders" ("event_id");');

    // seating.reservation.cancelled of a confirmed order: its seats went back on sale.
    this.addSql(`
      create table "stats"."cancellations" (
        "reservation_id" uuid primary key,
        "cancelled_at" timestamptz not null
      );`);
    this.addSql('create index "cancellations_cancelled_at_idx" on "stats"."cancellations" ("cancelled_at");');

    // payment.cancelled: money that went back, one row per refund (keyed by the domain event).
    this.addSql(`
      create table "stats"."refunds" (
        "event_id" text primary key,
        "reservation_id" uuid not null,
        "amount" bigint not null check ("amount" >= 0),
        "refunded_at" timestamptz not null
      );`);
    this.addSql('create index "refunds_refunded_at_idx" on "stats"."refunds" ("refunded_at");');
    this.addSql('create index "refunds_reservation_idx" on "stats"."refunds" ("reservation_id");');

    // auth.user.registered: accounts by day (an id and a time; nothing personal).
    this.addSql(`
      create table "stats"."users" (
        "id" uuid primary key,
        "method" text not null check ("method" in ('password', 'google')),
        "registered_at" timestamptz not null
      );`);
    this.addSql('create index "users_registered_at_idx" on "stats"."users" ("registered_at");');

    for (const statement of outboxTablesSql('stats')) this.addSql(statement);
  }
}
