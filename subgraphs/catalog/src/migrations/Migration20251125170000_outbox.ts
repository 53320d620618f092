import { Migration } from '@mikro-orm/migrations';
import { outboxTablesSql } from '@tiketi/kit';

/** Durable domain events: catalog publishes `catalog.event.changed` through its outbox (kit/events). */
export class Migration20251125170000_outbox extends Migration {
  override async up(): Promise<void> {
    for (const statement of outboxTablesSql('catalog')) this.addSql(statement);
  }
}
