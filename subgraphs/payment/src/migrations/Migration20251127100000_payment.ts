import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, outboxTablesSql } from '@tiketi/kit';

const PAYMENT_STATUSES = `'READY', 'IN_PROGRESS', 'WAITING_FOR_DEPOSIT', 'DONE', 'CANCELED', 'PARTIAL_CANCELED', 'ABORTED', 'EXPIRED'`;

export class Migration20251127100000_payment extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "payment";');

    // seating's reservations as its domain events describe them (never seating's tables). A status event can
    // overtake `created` (one stream per topic), so everything but the status may still be unknown.
    this.addSql(`
      create table "payment"."reservations" (
        "id" uuid primary key,
        "user_id" uuid null,
        "event_id" uuid null,
        "event_title" text null,
        "total_amount" int null check ("total_amount" >= 0),
        "seat_count" int null check ("seat_count" >= 0),
        "hold_expires_at" timestamptz null,
        "status" text not null default 'PENDING'
          check ("status" in ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
        "updated_at" timestamptz not null default now()
      );`);

    this.addSql(`
      create table "payment"."payments" (
        "id" uuid primary key,
        "reservation_id" uuid not null references "payment"."reservations" ("id"),
        "user_id" uuid not null,
        "order_id" varchar(64) not null,
        "order_name" varchar(100) not null,
        "amount" int not null check ("amount" > 0),
        "balance_amount" int not null check ("balance_amount" >= 0 and "balance_amount" <= "amount"),
        "status" text not null check ("status" in (${PAYMENT_STATUSES})),
        "payment_key" varchar(200) null,
        "confirm_key" varchar(300) null,
        "method" varchar(40) null,
        "approved_at" timestamptz null,
        "receipt_url" text null,
        "cancels" jsonb not null default '[]',
        "failure_code" varchar(80) null,
        "failure_message" text null,
        "claimed_at" timestamptz null,
        "checked_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        -- A payment that went to Toss carries the key Toss knows it by.
        constraint "payments_key_when_sent" check ("status" = 'READY' or "status" = 'EXPIRED' or "payment_key" is not null)
      );`);
    this.addSql('create unique index "payments_order_id_unique" on "payment"."payments" ("order_id");');
    this.addSql('create unique index "payments_payment_key_unique" on "payment"."payments" ("payment_key");');
    // One live attempt per reservation: never two orders that could both be charged.
    this.addSql(`create unique index "payments_one_live_per_reservation" on "payment"."payments" ("reservation_id")
      where "status" in ('READY', 'IN_PROGRESS', 'WAITING_FOR_DEPOSIT', 'DONE', 'PARTIAL_CANCELED');`);
    this.addSql(
      `create index "payments_in_progress" on "payment"."payments" ("checked_at") where "status" = 'IN_PROGRESS';`,
    );
    this.addSql(
      'create index "payments_reservation" on "payment"."payments" ("reservation_id", "created_at");',
    );

    // A refund to hand to Toss. Written in the transaction that decides it (admin action, buyer cancellation,
    // seats lost), then sent with Idempotency-Key = its id until Toss answers: a crash never loses one.
    this.addSql(`
      create table "payment"."refund_requests" (
        "id" uuid primary key,
        "payment_id" uuid not null references "payment"."payments" ("id"),
        "amount" int null check ("amount" > 0),
        "reason" varchar(200) not null,
        "source" text not null check ("source" in ('ADMIN', 'BUYER_CANCELLED', 'SEATS_LOST')),
        "requested_by" uuid null,
        "status" text not null default 'PENDING' check ("status" in ('PENDING', 'DONE', 'FAILED')),
        "attempts" int not null default 0,
        "failure_code" varchar(80) null,
        "failure_message" text null,
        "created_at" timestamptz not null default now(),
        "completed_at" timestamptz null
      );`);
    this.addSql(
      `create index "refund_requests_pending" on "payment"."refund_requests" ("created_at") where "status" = 'PENDING';`,
    );
    this.addSql('create index "refund_requests_payment" on "payment"."refund_requests" ("payment_id");');

    // Every call to Toss and every webhook from it. Written outside the payment's transaction, so a call whose
    // transaction rolled back is still on record.
    this.addSql(`
      create table "payment"."payment_logs" (
        "id" bigserial primary key,
        "payment_id" uuid null,
        "order_id" varchar(64) null,
        "operation" text not null,
        "direction" text not null check ("direction" in ('OUT', 'IN')),
        "method" text not null,
        "endpoint" text not null,
        "idempotency_key" varchar(300) null,
        "request" jsonb null,
        "response" jsonb null,
        "http_status" int null,
        "outcome" text not null,
        "error_code" text null,
        "latency_ms" int not null,
        "attempt" int not null default 1,
        "at" timestamptz not null default now()
      );`);
    this.addSql('create index "payment_logs_payment" on "payment"."payment_logs" ("payment_id", "id");');
    this.addSql('create index "payment_logs_at" on "payment"."payment_logs" ("at");');

    for (const sql of outboxTablesSql('payment')) this.addSql(sql);
    for (const sql of auditTableSql('payment')) this.addSql(sql);
  }

  override async down(): Promise<void> {
    this.addSql('drop schema if exists "payment" cascade;');
  }
}
