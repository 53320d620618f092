import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, outboxTablesSql } from '@tiketi/kit';

/**
 * Queue: per-event settings (the record; Redis holds the live copy the scripts read), what queue knows of
 * catalog's events (fed by `catalog.event.changed`), the admission audit log (fed by `queue.admitted`), the
 * inbox of its event consumer and the admin audit log. The live line itself is in Redis, not here.
 */
export class Migration20251127100000_queue extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "queue";');

    this.addSql(`
      create table "queue"."events" (
        "event_id" uuid primary key,
        "title" varchar(200) not null,
        -- catalog's stored status (SCHEDULED is on sale once sale_starts_at has passed)
        "status" varchar(20) not null,
        "sale_starts_at" timestamptz not null,
        "starts_at" timestamptz not null,
        "deleted_at" timestamptz null,
        -- occurredAt of the catalog event last applied: a late redelivery never overwrites a newer state
        "source_at" timestamptz not null,
        "updated_at" timestamptz not null default now(),
        constraint "events_status_known"
          check ("status" in ('DRAFT', 'SCHEDULED', 'ON_SALE', 'SOLD_OUT', 'ENDED', 'CANCELLED'))
      );`);

    this.addSql(`
      create table "queue"."settings" (
        "event_id" uuid primary key,
        "mode" varchar(4) not null default 'AUTO',
        "paused" boolean not null default false,
        "capacity" integer not null,
        "updated_at" timestamptz not null default now(),
        "updated_by" uuid not null,
        constraint "settings_mode_known" check ("mode" in ('AUTO', 'ON', 'OFF')),
        constraint "settings_capacity_range" check ("capacity" between 1 and 1000000)
      );`);

    this.addSql(`
      create table "queue"."admissions" (
        "event_id" uuid not null,
        -- per-event admission number, in admission order (Redis INCR in the admission step)
        "admit_no" bigint not null,
        "user_id" uuid not null,
        -- the join sequence number the buyer was admitted with; null when not admitted from the line
        "join_seq" bigint null,
        "via" varchar(10) not null,
        "admitted_at" timestamptz not null,
        -- the instance that ran the step
        "admitted_by" text not null,
        "recorded_at" timestamptz not null default now(),
        primary key ("event_id", "admit_no"),
        constraint "admissions_via_known" check ("via" in ('line', 'direct', 'forced'))
      );`);
    this.addSql('create index "admissions_user" on "queue"."admissions" ("user_id", "admitted_at" desc);');

    for (const sql of outboxTablesSql('queue')) this.addSql(sql);
    for (const sql of auditTableSql('queue')) this.addSql(sql);
  }
}
