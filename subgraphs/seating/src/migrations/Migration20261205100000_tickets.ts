import { Migration } from '@mikro-orm/migrations';

/**
 * Tickets after the sale (issue 17): one ticket per seat of a confirmed reservation, its state, the door's
 * check-ins, per-event staff, transfers and the per-event ticket policy.
 */
export class Migration20261205100000_tickets extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "seating"."tickets" (
        "id" uuid primary key,
        "event_id" uuid not null,
        "reservation_id" uuid not null references "seating"."reservations" ("id"),
        "seat_id" uuid not null,
        "seat_label" varchar(80) not null,
        "holder_id" uuid not null,
        "state" varchar(20) not null default 'VALID',
        "issued_at" timestamptz not null default now(),
        -- the ticket this one replaces (a transfer), null for one issued on purchase
        "replaces_id" uuid null references "seating"."tickets" ("id"),
        "ended_at" timestamptz null,
        "end_reason" varchar(40) null,
        -- the revoking transaction: a door syncs what committed since its cursor (scannerKit, door.ts)
        "revoked_xid" xid8 null,
        "checked_in_at" timestamptz null,
        "checked_in_device" varchar(100) null,
        constraint "tickets_state_known"
          check ("state" in ('VALID', 'REVOKED', 'TRANSFERRED', 'RESOLD', 'CHECKED_IN')),
        constraint "tickets_ended"
          check (("state" in ('VALID', 'CHECKED_IN')) = ("ended_at" is null and "revoked_xid" is null)),
        constraint "tickets_checked_in"
          check (("state" = 'CHECKED_IN') = ("checked_in_at" is not null))
      );`);
    // The last line against two live tickets for one seat, whatever the code does.
    this.addSql(`create unique index "tickets_one_live_per_seat" on "seating"."tickets" ("seat_id")
      where "state" in ('VALID', 'CHECKED_IN');`);
    this.addSql('create index "tickets_holder" on "seating"."tickets" ("holder_id", "issued_at" desc);');
    this.addSql('create index "tickets_reservation" on "seating"."tickets" ("reservation_id");');
    this.addSql(`create index "tickets_revoked" on "seating"."tickets" ("event_id", "revoked_xid")
      where "revoked_xid" is not null;`);

    // Every scan that reached seating (online or synced), including the ones that lost to an earlier scan.
    this.addSql(`
      create table "seating"."check_ins" (
        "id" uuid primary key default gen_random_uuid(),
        "ticket_id" uuid not null references "seating"."tickets" ("id"),
        "event_id" uuid not null,
        "device_id" varchar(100) not null,
        "staff_id" uuid not null,
        "scanned_at" timestamptz not null,
        "recorded_at" timestamptz not null default now(),
        "xid" xid8 not null default pg_current_xact_id(),
        -- ADMITTED: the first entry; DUPLICATE: the ticket was already in (a second entry, on any device)
        "outcome" varchar(20) not null,
        constraint "check_ins_outcome_known" check ("outcome" in ('ADMITTED', 'DUPLICATE'))
      );`);
    this.addSql('create index "check_ins_ticket" on "seating"."check_ins" ("ticket_id", "scanned_at");');
    this.addSql(`create index "check_ins_conflicts" on "seating"."check_ins" ("event_id", "xid")
      where "outcome" = 'DUPLICATE';`);

    this.addSql(`
      create table "seating"."event_staff" (
        "event_id" uuid not null,
        "user_id" uuid not null,
        "granted_by" uuid not null,
        "granted_at" timestamptz not null default now(),
        primary key ("event_id", "user_id")
      );`);

    this.addSql(`
      create table "seating"."ticket_policies" (
        "event_id" uuid primary key,
        -- transfers close this long before the event starts (doors)
        "transfer_cutoff_minutes" integer not null default 60,
        "updated_by" uuid not null,
        "updated_at" timestamptz not null default now(),
        constraint "ticket_policies_cutoff" check ("transfer_cutoff_minutes" between 0 and 100000)
      );`);

    this.addSql(`
      create table "seating"."ticket_transfers" (
        "id" uuid primary key,
        "ticket_id" uuid not null references "seating"."tickets" ("id"),
        "event_id" uuid not null,
        "from_user_id" uuid not null,
        "to_email" varchar(320) not null,
        -- the account auth says owns to_email, learnt when the recipient reads their offers
        "to_user_id" uuid null,
        "status" varchar(20) not null default 'OFFERED',
        "created_at" timestamptz not null default now(),
        "decided_at" timestamptz null,
        "new_ticket_id" uuid null references "seating"."tickets" ("id"),
        constraint "ticket_transfers_status_known"
          check ("status" in ('OFFERED', 'ACCEPTED', 'DECLINED', 'CANCELLED'))
      );`);
    this.addSql(`create unique index "ticket_transfers_one_open" on "seating"."ticket_transfers" ("ticket_id")
      where "status" = 'OFFERED';`);
    this.addSql(`create index "ticket_transfers_to" on "seating"."ticket_transfers" ("to_email")
      where "status" = 'OFFERED';`);
  }
}
