import { isUuid, requireAdmin, requireUser } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';

export const Query: QueryResolvers = {
  payment: (_root, { id }, ctx) => ctx.payments.findVisible(ctx.em, requireUser(ctx), id),
  paymentLogs: (_root, { paymentId }, ctx) => {
    requireAdmin(ctx);
    return isUuid(paymentId) ? ctx.logs.forPayment(ctx.em, paymentId) : [];
  },
};
