import { requireAdmin } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { salesPeriod } from '../modules/report/sales.ts';

export const Query: QueryResolvers = {
  salesStats: (_root, { from, to }, ctx) => {
    requireAdmin(ctx);
    return salesPeriod(from, to);
  },
};
