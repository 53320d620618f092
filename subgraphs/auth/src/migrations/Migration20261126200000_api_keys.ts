import { Migration } from '@mikro-orm/migrations';
import { auditTableSql } from '@tiketi/kit';

/** Partner API keys (kit/api-keys.ts) and the audit log of the admin actions on them. */
export class Migration20261126200000_api_keys extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      create table "auth"."api_keys" (
        "id" uuid primary key,
        "name" text not null check (length("name") between 1 and 100),
        -- sha256 of the secret, hex: the secret itself is shown once and never stored
        "key_hash" text not null unique,
        -- the secret's first characters, so an admin can tell keys apart
        "prefix" text not null,
        "scopes" text[] not null check (cardinality("scopes") > 0),
        "rate_per_minute" int not null check ("rate_per_minute" between 1 and 100000),
        "created_by" uuid not null,
        "created_at" timestamptz not null default now(),
        "revoked_at" timestamptz null
      );`);
    for (const statement of auditTableSql('auth')) this.addSql(statement);
  }
}
