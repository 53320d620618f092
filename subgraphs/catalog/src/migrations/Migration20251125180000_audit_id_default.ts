import { Migration } from '@mikro-orm/migrations';

/** The audit log is written with the kit's `recordAudit` (plain SQL), which lets Postgres pick the id. */
export class Migration20251125180000_audit_id_default extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "catalog"."admin_audit_log" alter column "id" set default gen_random_uuid();');
  }
}
