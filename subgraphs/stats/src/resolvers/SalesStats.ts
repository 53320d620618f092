import type { EntityManager } from '@mikro-orm/postgresql';
import type { SalesStatsResolvers } from '../__generated__/resolvers.ts';
import {
  type DailySalesRow,
  dailySales,
  type SalesPeriod,
  topEvents,
  totalsOf,
} from '../modules/report/sales.ts';

/** `days` and `totals` of one `salesStats` share one read of the days. */
const daysRead = new WeakMap<SalesPeriod, Promise<DailySalesRow[]>>();
function daysOf(em: EntityManager, period: SalesPeriod): Promise<DailySalesRow[]> {
  let days = daysRead.get(period);
  if (!days) {
    days = dailySales(em, period);
    daysRead.set(period, days);
  }
  return days;
}

export const SalesStats: SalesStatsResolvers = {
  days: (period, _args, ctx) => daysOf(ctx.em, period),
  totals: async (period, _args, ctx) => totalsOf(await daysOf(ctx.em, period)),
  topEvents: (period, { first }, ctx) => topEvents(ctx.em, period, first),
};
