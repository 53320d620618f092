import { requireAdmin } from '@tiketi/kit';
import type { QueryResolvers } from '../__generated__/resolvers.ts';
import { searchSuggestions } from '../modules/search/suggestions.ts';
import { isAdmin } from './access.ts';
import { selects } from './selection.ts';

export const Query: QueryResolvers = {
  // The page's venues and line-ups come with the page when the client asked for them.
  events: (_root, args, ctx, info) =>
    ctx.catalog.events.search(args, isAdmin(ctx), {
      venue: selects(info, ['edges', 'node', 'venue']) ? ctx.loaders.venue : undefined,
      artistsByEvent: selects(info, ['edges', 'node', 'artists']) ? ctx.loaders.artistsByEvent : undefined,
    }),
  event: (_root, { id }, ctx) => ctx.catalog.events.findVisible(id, isAdmin(ctx)),
  news: (_root, args, ctx) => ctx.catalog.news.published(args),
  artists: (_root, args, ctx) => ctx.catalog.artists.list(args),
  venues: (_root, { city }, ctx) => ctx.catalog.venues.list(city),
  categories: (_root, _args, ctx) => ctx.catalog.events.categories(),
  searchSuggestions: (_root, args, ctx) => searchSuggestions(ctx.em, args),
  keywordMappings: (_root, _args, ctx) => {
    requireAdmin(ctx);
    return ctx.catalog.keywords.list();
  },
};
