import { Migration } from '@mikro-orm/migrations';

/**
 * The Idempotency-Key a refund is sent under now. Toss replays a key's first answer, errors included, so a refund
 * Toss refused for now is re-read and sent again under a new key; a refund left unanswered must be sent again
 * under the same one. null: `refund-<id>`, the first key of every refund.
 */
export class Migration20261215100000_refund_idempotency_key extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "payment"."refund_requests" add column "idempotency_key" varchar(300) null;');
  }
}
