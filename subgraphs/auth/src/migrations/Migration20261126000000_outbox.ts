import { Migration } from '@mikro-orm/migrations';
import { outboxTablesSql } from '@tiketi/kit';

/** Durable domain events: auth publishes `auth.user.registered` through its outbox (kit/events). */
export class Migration20261126000000_outbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTablesSql('auth')) this.addSql(statement);
  }
}
