import type { QueryResolvers } from '../__generated__/resolvers.ts';

export const Query: QueryResolvers = {
  me: (_parent, _args, ctx) => (ctx.identity ? ctx.loaders.user.load(ctx.identity.userId) : null),
};
