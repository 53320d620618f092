import { Migration } from '@mikro-orm/migrations';

export class Migration20251125000000_users_and_sessions extends Migration {
  override async up(): Promise<void> {
    this.addSql('create schema if not exists "auth";');
    this.addSql(`
      create table "auth"."users" (
        "id" uuid primary key,
        "email" varchar(254) not null,
        "name" varchar(100) not null,
        "password_hash" text null,
        "google_subject" varchar(255) null,
        "role" text not null default 'USER',
        "created_at" timestamptz not null default now(),
        -- The application normalizes; the constraint makes the unique index below mean "case-insensitive".
        constraint "users_email_normalized" check ("email" = lower(btrim("email"))),
        constraint "users_name_length" check (char_length(btrim("name")) between 1 and 100),
        constraint "users_role_known" check ("role" in ('USER', 'ADMIN'))
      );`);
    // Unique indexes, not pre-checks, decide races between concurrent sign-ups (see user.repository.ts).
    this.addSql('create unique index "users_email_unique" on "auth"."users" ("email");');
    this.addSql('create unique index "users_google_subject_unique" on "auth"."users" ("google_subject");');
    this.addSql(`
      create table "auth"."refresh_tokens" (
        "id" uuid primary key,
        "token_hash" varchar(64) not null,
        "family_id" uuid not null,
        "user_id" uuid not null references "auth"."users" ("id") on delete cascade,
        "created_at" timestamptz not null default now(),
        "expires_at" timestamptz not null,
        "used_at" timestamptz null,
        "revoked_at" timestamptz null
      );`);
    this.addSql(
      'create unique index "refresh_tokens_token_hash_unique" on "auth"."refresh_tokens" ("token_hash");',
    );
    this.addSql('create index "refresh_tokens_family_id_index" on "auth"."refresh_tokens" ("family_id");');
    this.addSql('create index "refresh_tokens_user_id_index" on "auth"."refresh_tokens" ("user_id");');
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "auth"."refresh_tokens";');
    this.addSql('drop table if exists "auth"."users";');
  }
}
