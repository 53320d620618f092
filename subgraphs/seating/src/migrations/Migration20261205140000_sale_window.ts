import { Migration } from '@mikro-orm/migrations';
import { onSaleFunctionSql } from '@tiketi/kit';

/**
 * `seating.on_sale`, the hold function's sale-window check, generated from the kit's one rule (`sale-window.ts`,
 * which catalog shows and seating explains refusals with) instead of a hand-written copy (issue 15). Same
 * signature, same answers: `seating/test/hold-batch.test.ts` compares it with `saleState` case by case.
 */
export class Migration20261205140000_sale_window extends Migration {
  override async up(): Promise<void> {
    this.addSql(onSaleFunctionSql('seating'));
  }
}
