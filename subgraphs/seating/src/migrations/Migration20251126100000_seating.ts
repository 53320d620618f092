import { Migration } from '@mikro-orm/migrations';
import { auditTableSql, outboxTablesSql } from '@tiketi/kit';

/**
 * Seating: the catalog-event projection, layout templates, per-event inventory (ticket types, seats with a
 * stored status), holds, reservations and their items, the outbox/inbox and the admin audit log.
 *
 * Double booking is refused by the database itself, whatever the code does:
 * - a seat row has one `hold_id` and one `reservation_id`, and `seats_state` ties them to its status;
 * - `seats_guard` refuses to move a live hold's seat to another hold, or a sold seat to anything but AVAILABLE
 *   (a cancellation), or to another reservation;
 * - `reservation_items_one_live_seat`: a seat is in at most one PENDING or CONFIRMED reservation.
 */
export class Migration20251126100000_seating extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "seating";');

    // What seating knows of catalog's events, fed by `catalog.event.changed` (never read from catalog's tables).
    this.addSql(`
      create table "seating"."events" (
        "event_id" uuid primary key,
        "title" varchar(200) not null,
        -- catalog's stored status: SCHEDULED reads as ON_SALE once sale_starts_at has passed (kit sale-window.ts)
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
      create table "seating"."layouts" (
        "id" uuid primary key,
        "name" varchar(100) not null,
        "description" text null,
        -- sections → rows → seats (layout-template.ts validates the shape before it gets here)
        "template" jsonb not null,
        "seat_count" integer not null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "layouts_seat_count_positive" check ("seat_count" > 0)
      );`);
    this.addSql('create unique index "layouts_name_unique" on "seating"."layouts" (lower("name"));');

    this.addSql(`
      create table "seating"."event_inventory" (
        "event_id" uuid primary key references "seating"."events" ("event_id"),
        "layout_id" uuid not null references "seating"."layouts" ("id"),
        -- the template as attached: editing the layout later does not move this event's seats
        "template" jsonb not null,
        -- SeatMap.version: +1 in every transaction that changes a seat, as its last statement
        "version" integer not null default 0,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "event_inventory_version_positive" check ("version" >= 0)
      );`);

    this.addSql(`
      create table "seating"."ticket_types" (
        "id" uuid primary key,
        "event_id" uuid not null references "seating"."event_inventory" ("event_id"),
        "code" varchar(20) not null,
        "name" varchar(50) not null,
        "price" integer not null,
        "color" varchar(7) null,
        "position" smallint not null,
        -- set when a re-attached layout no longer uses the code; kept for the reservations that name it
        "retired_at" timestamptz null,
        constraint "ticket_types_code_unique" unique ("event_id", "code"),
        constraint "ticket_types_price_range" check ("price" between 0 and 10000000)
      );`);

    this.addSql(`
      create table "seating"."holds" (
        "id" uuid primary key,
        "event_id" uuid not null references "seating"."event_inventory" ("event_id"),
        "user_id" uuid not null,
        "seat_count" smallint not null,
        "total_amount" integer not null,
        -- ACTIVE → RESERVED (checkout) → SOLD; ACTIVE/RESERVED → RELEASED. Expiry is not stored: a hold is over
        -- once expires_at <= now(), whatever the sweeper has done.
        "status" varchar(10) not null default 'ACTIVE',
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        -- the one checkout extension, when given
        "extended_at" timestamptz null,
        constraint "holds_status_known" check ("status" in ('ACTIVE', 'RESERVED', 'RELEASED', 'SOLD')),
        constraint "holds_seat_count_positive" check ("seat_count" > 0),
        constraint "holds_total_positive" check ("total_amount" >= 0)
      );`);
    this.addSql('create index "holds_user" on "seating"."holds" ("user_id", "event_id");');

    this.addSql(`
      create table "seating"."reservations" (
        "id" uuid primary key,
        "event_id" uuid not null references "seating"."event_inventory" ("event_id"),
        "user_id" uuid not null,
        "hold_id" uuid not null references "seating"."holds" ("id"),
        "status" varchar(10) not null default 'PENDING',
        "total_amount" integer not null,
        -- checkout deadline while PENDING: the hold's extended expiry
        "expires_at" timestamptz not null,
        "payment_id" varchar(200) null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "confirmed_at" timestamptz null,
        "ended_at" timestamptz null,
        "end_reason" varchar(40) null,
        constraint "reservations_one_per_hold" unique ("hold_id"),
        constraint "reservations_status_known"
          check ("status" in ('PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED')),
        constraint "reservations_total_positive" check ("total_amount" >= 0),
        constraint "reservations_confirmed_has_time" check ("status" <> 'CONFIRMED' or "confirmed_at" is not null)
      );`);
    this.addSql(
      'create index "reservations_by_user" on "seating"."reservations" ("user_id", "created_at" desc, "id" desc);',
    );
    this.addSql(
      'create index "reservations_by_event" on "seating"."reservations" ("event_id", "created_at" desc, "id" desc);',
    );
    this.addSql(
      `create index "reservations_pending_due" on "seating"."reservations" ("expires_at") where "status" = 'PENDING';`,
    );

    this.addSql(`
      create table "seating"."seats" (
        "id" uuid primary key,
        "event_id" uuid not null references "seating"."event_inventory" ("event_id"),
        "ticket_type_id" uuid not null references "seating"."ticket_types" ("id"),
        "section" varchar(40) not null,
        "row" varchar(20) not null,
        "number" integer not null,
        "label" varchar(80) not null,
        "x" real not null,
        "y" real not null,
        -- side-by-side blocks within a row: an aisle or gap starts a new run, so adjacency is
        -- (section, row, run) and consecutive positions
        "run" smallint not null,
        "position" smallint not null,
        -- order in the layout (sections, rows, seats as listed): the seat map's order
        "seq" integer not null,
        -- from the seat to the nearest point of the stage, for best-available picking
        "stage_distance" real not null,
        "status" varchar(10) not null default 'AVAILABLE',
        "hold_id" uuid null references "seating"."holds" ("id"),
        "held_until" timestamptz null,
        -- the buyer who holds or bought it: the per-buyer limit counts these
        "owner_id" uuid null,
        "reservation_id" uuid null references "seating"."reservations" ("id"),
        constraint "seats_place_unique" unique ("event_id", "section", "row", "number"),
        constraint "seats_status_known" check ("status" in ('AVAILABLE', 'HELD', 'SOLD', 'BLOCKED')),
        constraint "seats_state" check (
          ("status" in ('AVAILABLE', 'BLOCKED') and "hold_id" is null and "held_until" is null
            and "owner_id" is null and "reservation_id" is null)
          or ("status" = 'HELD' and "hold_id" is not null and "held_until" is not null
            and "owner_id" is not null and "reservation_id" is null)
          or ("status" = 'SOLD' and "reservation_id" is not null and "owner_id" is not null
            and "hold_id" is null and "held_until" is null)
        )
      );`);
    this.addSql('create index "seats_by_event" on "seating"."seats" ("event_id", "ticket_type_id");');
    this.addSql('create index "seats_by_hold" on "seating"."seats" ("hold_id") where "hold_id" is not null;');
    this.addSql(
      'create index "seats_by_reservation" on "seating"."seats" ("reservation_id") where "reservation_id" is not null;',
    );
    this.addSql(`create index "seats_expiring" on "seating"."seats" ("held_until") where "status" = 'HELD';`);
    this.addSql(
      'create index "seats_by_owner" on "seating"."seats" ("event_id", "owner_id") where "owner_id" is not null;',
    );

    // The guard runs in the writing transaction, so now() is the same instant the hold's WHERE used.
    this.addSql(`
      create function "seating"."seats_guard"() returns trigger language plpgsql as $$
      begin
        if old.status = 'HELD' and old.held_until > now() and new.status in ('HELD', 'BLOCKED')
           and new.hold_id is distinct from old.hold_id then
          raise exception 'seat % is held by another live hold', old.id using errcode = 'P0001';
        end if;
        if old.status = 'SOLD' and new.status <> 'AVAILABLE'
           and new.reservation_id is distinct from old.reservation_id then
          raise exception 'seat % is already sold', old.id using errcode = 'P0001';
        end if;
        if old.status = 'SOLD' and new.status in ('HELD', 'BLOCKED') then
          raise exception 'seat % is already sold', old.id using errcode = 'P0001';
        end if;
        return new;
      end $$;`);
    this.addSql(`
      create trigger "seats_guard" before update on "seating"."seats"
      for each row when (old.status in ('HELD', 'SOLD')) execute function "seating"."seats_guard"();`);

    this.addSql(`
      create table "seating"."reservation_items" (
        "reservation_id" uuid not null references "seating"."reservations" ("id"),
        -- no foreign key: history outlives a seat that a re-attached layout removed (only free seats go)
        "seat_id" uuid not null,
        "ticket_type_id" uuid not null references "seating"."ticket_types" ("id"),
        "section" varchar(40) not null,
        "row" varchar(20) not null,
        "number" integer not null,
        "label" varchar(80) not null,
        "price" integer not null,
        -- true while the reservation is PENDING or CONFIRMED
        "active" boolean not null default true,
        primary key ("reservation_id", "seat_id"),
        constraint "reservation_items_price_positive" check ("price" >= 0)
      );`);
    // The last line against selling a seat twice.
    this.addSql(
      'create unique index "reservation_items_one_live_seat" on "seating"."reservation_items" ("seat_id") where "active";',
    );

    for (const statement of outboxTablesSql('seating')) this.addSql(`${statement};`);
    for (const statement of auditTableSql('seating')) this.addSql(statement);
  }

  override async down(): Promise<void> {
    this.addSql('drop schema if exists "seating" cascade;');
  }
}
