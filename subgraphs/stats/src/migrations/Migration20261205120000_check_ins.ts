import { Migration } from '@mikro-orm/migrations';

/** Tickets checked in at the door, one row per ticket (seating's `seating.ticket.checked_in`, issue 17). */
export class Migration20261205120000_check_ins extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "stats"."check_ins" (
        "ticket_id" uuid primary key,
        "event_id" uuid not null,
        "device_id" varchar(100) not null,
        "checked_in_at" timestamptz not null
      );`);
    this.addSql('create index "check_ins_event" on "stats"."check_ins" ("event_id", "checked_in_at");');
  }
}
