import { requireAdmin } from '@tiketi/kit';
import type { QueueStatsResolvers, QueueStatusResolvers } from '../__generated__/resolvers.ts';

// enabled, paused and waiting are public (the event page shows them); the rest is the admin's view.
export const QueueStatus: QueueStatusResolvers = {
  mode: (status, _args, ctx) => {
    requireAdmin(ctx);
    return status.mode;
  },
  capacity: (status, _args, ctx) => {
    requireAdmin(ctx);
    return status.capacity;
  },
  activeShoppers: (status, _args, ctx) => {
    requireAdmin(ctx);
    return status.activeShoppers;
  },
};

export const QueueStats: QueueStatsResolvers = {
  status: (status) => status,
};
