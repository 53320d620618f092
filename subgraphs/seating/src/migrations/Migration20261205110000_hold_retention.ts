import { Migration } from '@mikro-orm/migrations';

/**
 * Ended holds are pruned after a day (the sweeper, `pruneEndedHolds`): by creation time, which this index
 * serves. A 30-minute soak grew `seating.holds` by about 14,500 rows an hour without bound (issue 19).
 */
export class Migration20261205110000_hold_retention extends Migration {
  override async up(): Promise<void> {
    this.addSql('create index "holds_created" on "seating"."holds" ("created_at");');
  }
}
