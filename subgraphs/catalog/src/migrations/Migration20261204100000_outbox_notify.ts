import { Migration } from '@mikro-orm/migrations';
import { outboxNotifySql } from '@tiketi/kit';

/** The outbox relay wakes on commit (LISTEN/NOTIFY) instead of polling, and prunes by age (kit/events). */
export class Migration20261204100000_outbox_notify extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxNotifySql('catalog')) this.addSql(statement);
  }
}
