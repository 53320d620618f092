import { Migration } from '@mikro-orm/migrations';

/** A seller's refund after a face-value resale (issue 17): one per listing, whatever redelivers the event. */
export class Migration20261217100000_resale_refunds extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "payment"."refund_requests" drop constraint "refund_requests_source_check";`);
    this.addSql(`alter table "payment"."refund_requests" add constraint "refund_requests_source_check"
      check ("source" in ('ADMIN', 'BUYER_CANCELLED', 'SEATS_LOST', 'RESALE'));`);
    this.addSql(`alter table "payment"."refund_requests" add column "resale_listing_id" uuid null;`);
    this.addSql(`create unique index "refund_requests_resale_listing" on "payment"."refund_requests"
      ("resale_listing_id") where "resale_listing_id" is not null;`);
  }
}
