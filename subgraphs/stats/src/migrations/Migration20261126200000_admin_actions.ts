import { Migration } from '@mikro-orm/migrations';

/** admin.action: every service's admin audit records, in one place for admins to read. */
export class Migration20261126200000_admin_actions extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "stats"."admin_actions" (
        "event_id" text primary key,
        "service" text not null,
        "actor_id" uuid not null,
        "action" text not null,
        "target_type" text not null,
        "target_id" text null,
        "details" jsonb not null default '{}',
        "at" timestamptz not null
      );`);
    this.addSql(
      'create index "admin_actions_at_idx" on "stats"."admin_actions" ("at" desc, "event_id" desc);',
    );
  }
}
