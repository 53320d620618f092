import { Migration } from '@mikro-orm/migrations';

/**
 * Face-value resale (issue 17): the event's resale rules on `ticket_policies`, and the listings.
 *
 * A listing is LISTED until it is SOLD (the buyer's payment confirmed), CANCELLED by its seller, or WITHDRAWN
 * because its ticket stopped being VALID (checked in, revoked by a cancellation or refund, transferred): the
 * trigger below withdraws it in the very transaction that ends the ticket, whatever code path ended it.
 * A buyer claims a LISTED listing by holding it (`hold_id`): the claim lasts while that hold is live, so an
 * abandoned checkout gives the listing back without a sweeper.
 */
export class Migration20261205130000_resale extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      alter table "seating"."ticket_policies"
        add column "resale_enabled" boolean not null default false,
        -- the highest resale price, in basis points of the seat's face value (10000 = face value)
        add column "resale_cap_bps" integer not null default 10000,
        -- kept from the seller's refund, in basis points of the resale price
        add column "resale_fee_bps" integer not null default 0,
        add constraint "ticket_policies_resale_cap" check ("resale_cap_bps" between 1 and 10000),
        add constraint "ticket_policies_resale_fee" check ("resale_fee_bps" between 0 and 5000);`);

    this.addSql(`
      create table "seating"."resale_listings" (
        "id" uuid primary key,
        "ticket_id" uuid not null references "seating"."tickets" ("id"),
        "event_id" uuid not null,
        "seat_id" uuid not null,
        "seat_label" varchar(80) not null,
        "seller_id" uuid not null,
        -- the seller's order (its payment is refunded on the sale)
        "reservation_id" uuid not null references "seating"."reservations" ("id"),
        -- what the seller paid for the seat, the asking price, and the fee kept on a sale (won)
        "face_amount" integer not null,
        "price" integer not null,
        "fee_amount" integer not null,
        "status" varchar(20) not null default 'LISTED',
        "created_at" timestamptz not null default now(),
        "ended_at" timestamptz null,
        -- the buyer's hold claiming it (live while the hold is), then their reservation and ticket
        "hold_id" uuid null references "seating"."holds" ("id") on delete set null,
        "buyer_reservation_id" uuid null references "seating"."reservations" ("id"),
        "new_ticket_id" uuid null references "seating"."tickets" ("id"),
        constraint "resale_listings_status_known"
          check ("status" in ('LISTED', 'SOLD', 'CANCELLED', 'WITHDRAWN')),
        constraint "resale_listings_face_value" check ("price" > 0 and "price" <= "face_amount"),
        constraint "resale_listings_fee" check ("fee_amount" between 0 and "price")
      );`);
    this.addSql(`create unique index "resale_listings_one_open" on "seating"."resale_listings" ("ticket_id")
      where "status" = 'LISTED';`);
    this.addSql(`create index "resale_listings_event" on "seating"."resale_listings" ("event_id")
      where "status" = 'LISTED';`);
    this.addSql(`create unique index "resale_listings_hold" on "seating"."resale_listings" ("hold_id")
      where "hold_id" is not null;`);

    // The seat guard (Migration20251126100000_seating) refuses to move a SOLD seat to another reservation. A
    // resale does exactly that, and only that: allowed when the seat's listing was sold to that reservation in
    // this transaction (the listing is marked SOLD before the seat moves).
    this.addSql(`
      create or replace function "seating"."seats_guard"() returns trigger language plpgsql as $$
      begin
        if old.status = 'HELD' and old.held_until > now() and new.status in ('HELD', 'BLOCKED')
           and new.hold_id is distinct from old.hold_id then
          raise exception 'seat % is held by another live hold', old.id using errcode = 'P0001';
        end if;
        if old.status = 'SOLD' and new.status <> 'AVAILABLE'
           and new.reservation_id is distinct from old.reservation_id
           and not (new.status = 'SOLD' and exists (
             select 1 from seating.resale_listings l
             where l.seat_id = old.id and l.status = 'SOLD' and l.reservation_id = old.reservation_id
               and l.buyer_reservation_id = new.reservation_id)) then
          raise exception 'seat % is already sold', old.id using errcode = 'P0001';
        end if;
        if old.status = 'SOLD' and new.status in ('HELD', 'BLOCKED') then
          raise exception 'seat % is already sold', old.id using errcode = 'P0001';
        end if;
        return new;
      end $$;`);

    this.addSql(`
      create or replace function "seating"."withdraw_listing_of_ended_ticket"() returns trigger
      language plpgsql as $$
      begin
        update seating.resale_listings set status = 'WITHDRAWN', ended_at = now()
        where ticket_id = new.id and status = 'LISTED';
        return new;
      end $$;`);
    this.addSql(`
      create trigger "tickets_withdraw_listing" after update of "state" on "seating"."tickets"
      for each row when (old."state" = 'VALID' and new."state" <> 'VALID')
      execute function "seating"."withdraw_listing_of_ended_ticket"();`);
  }
}
