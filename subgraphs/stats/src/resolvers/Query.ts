import { requireAdmin } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { adminActions } from '../modules/audit/admin-actions.ts';
import { recentOrders, salesPeriod } from '../modules/report/sales.ts';

export const Query: QueryResolvers = {
  salesStats: (_root, { from, to }, ctx) => {
    requireAdmin(ctx);
    return salesPeriod(from, to);
  },
  recentOrders: (_root, { first }, ctx) => {
    requireAdmin(ctx);
    return recentOrders(ctx.em, first);
  },
  adminActions: (_root, args, ctx) => {
    requireAdmin(ctx);
    return adminActions(ctx.em, args);
  },
};
