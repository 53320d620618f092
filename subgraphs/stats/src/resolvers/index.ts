import { DateTimeScalar, isUuid, pgTimestamp, requireAdmin, runSql, sql } from '@tiketi/kit';
import type { Resolvers } from '../__generated__/resolvers.ts';
import { DateScalar } from '../modules/report/date-scalar.ts';
import { eventDailySales, salesPeriod } from '../modules/report/sales.ts';
import { Query } from './Query.ts';
import { SalesStats } from './SalesStats.ts';

export const resolvers: Resolvers = {
  Date: DateScalar,
  DateTime: DateTimeScalar,
  AdminAction: {
    actor: (row) => ({ id: row.actorId }),
    details: (row) => JSON.stringify(row.details),
  },
  Query,
  SalesStats,
  EventSales: {
    event: (row) => ({ id: row.eventId }),
  },
  SoldOrder: {
    event: (row) => ({ id: row.eventId }),
  },
  Event: {
    __resolveReference: (ref) => ({ id: ref.id }),
    sales: (event, _args, ctx) => {
      requireAdmin(ctx);
      return ctx.loaders.eventSales.load(event.id);
    },
    dailySales: (event, { from, to }, ctx) => {
      requireAdmin(ctx);
      return eventDailySales(ctx.em, event.id, salesPeriod(from, to));
    },
    checkIns: async (event, _args, ctx) => {
      requireAdmin(ctx);
      const [row] = await runSql<{ checked_in: number; last_at: string | null }>(
        ctx.em,
        sql`select count(*)::int as checked_in, max(checked_in_at) as last_at from stats.check_ins
            where event_id = ${isUuid(event.id) ? event.id : null}::uuid`,
      );
      return { checkedIn: row?.checked_in ?? 0, lastAt: row?.last_at ? pgTimestamp(row.last_at) : null };
    },
  },
};
