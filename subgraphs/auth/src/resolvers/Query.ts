import { isUuid, requireAdmin } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { userRepository } from '../modules/user/user.repository.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => (ctx.identity ? ctx.loaders.user.load(ctx.identity.userId) : null),
  apiKeys: (_parent, _args, ctx) => {
    requireAdmin(ctx);
    return ctx.apiKeys.list(ctx.em);
  },
  users: (_parent, { query, first }, ctx) => {
    requireAdmin(ctx);
    return userRepository(ctx.em).search(query, first ?? 10);
  },
  user: (_parent, { id }, ctx) => {
    requireAdmin(ctx);
    return isUuid(id) ? ctx.loaders.user.load(id) : null;
  },
};
