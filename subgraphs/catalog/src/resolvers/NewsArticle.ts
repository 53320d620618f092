import type { NewsArticleResolvers } from '../__generated__/resolvers.ts';
import { isVisible } from '../modules/event/event-status.ts';
import { isAdmin } from './access.ts';

export const NewsArticle: NewsArticleResolvers = {
  event: async (article, _args, ctx) => {
    if (!article.eventId) return null;
    const event = await ctx.loaders.event.load(article.eventId);
    return event && isVisible(event, isAdmin(ctx)) ? event : null;
  },
};
