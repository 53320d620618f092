import { Migration } from '@mikro-orm/migrations';

/**
 * The seats a partial refund covers (issue 17): named by the admin, carried on `payment.cancelled` so seating
 * revokes those seats' tickets. null: a refund of money only (or a full one, which revokes every ticket).
 */
export class Migration20261216100000_refund_seats extends Migration {
  override async up(): Promise<void> {
    this.addSql('alter table "payment"."refund_requests" add column "seat_ids" jsonb null;');
  }
}
