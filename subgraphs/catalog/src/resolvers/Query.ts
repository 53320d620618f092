import { requireAdmin } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { isAdmin } from './access.ts';

export const Query: QueryResolvers = {
  events: (_root, args, ctx) => ctx.catalog.events.search(args, isAdmin(ctx)),
  event: (_root, { id }, ctx) => ctx.catalog.events.findVisible(id, isAdmin(ctx)),
  news: (_root, args, ctx) => ctx.catalog.news.published(args),
  artists: (_root, args, ctx) => ctx.catalog.artists.list(args),
  venues: (_root, { city }, ctx) => ctx.catalog.venues.list(city),
  categories: (_root, _args, ctx) => ctx.catalog.events.categories(),
  keywordMappings: (_root, _args, ctx) => {
    requireAdmin(ctx);
    return ctx.catalog.keywords.list();
  },
};
