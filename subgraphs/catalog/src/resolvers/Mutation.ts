import { recordAudit, requireAdmin } from '@tiketi/kit';
import type { MutationResolvers } from '../__generated__/resolvers.ts';

// Every mutation here is an admin action: the role is checked first (UNAUTHENTICATED / FORBIDDEN), then the
// input, and the repository writes the change and its audit entry in one transaction.
export const Mutation: MutationResolvers = {
  createEvent: (_root, { input }, ctx) => ctx.catalog.events.create(requireAdmin(ctx).userId, input),
  updateEvent: (_root, { id, input }, ctx) => ctx.catalog.events.update(requireAdmin(ctx).userId, id, input),
  deleteEvent: async (_root, { id }, ctx) => {
    await ctx.catalog.events.delete(requireAdmin(ctx).userId, id);
    return true;
  },
  createArtist: (_root, { input }, ctx) => ctx.catalog.artists.create(requireAdmin(ctx).userId, input),
  updateArtist: (_root, { id, input }, ctx) =>
    ctx.catalog.artists.update(requireAdmin(ctx).userId, id, input),
  createVenue: (_root, { input }, ctx) => ctx.catalog.venues.create(requireAdmin(ctx).userId, input),
  updateVenue: (_root, { id, input }, ctx) => ctx.catalog.venues.update(requireAdmin(ctx).userId, id, input),
  publishNews: (_root, { input }, ctx) => ctx.catalog.news.publish(requireAdmin(ctx).userId, input),
  unpublishNews: async (_root, { id }, ctx) => {
    await ctx.catalog.news.unpublish(requireAdmin(ctx).userId, id);
    return true;
  },
  createPosterUpload: async (_root, { input }, ctx) => {
    const admin = requireAdmin(ctx);
    const upload = await ctx.posters.create(input);
    await ctx.em.transactional((em) =>
      recordAudit(em, 'catalog', admin.userId, {
        action: 'poster.upload',
        target: { type: 'poster', id: null },
        details: { posterUrl: upload.posterUrl, contentType: input.contentType, byteSize: input.byteSize },
      }),
    );
    return upload;
  },
  addKeywordMapping: (_root, { input }, ctx) => ctx.catalog.keywords.add(requireAdmin(ctx).userId, input),
  removeKeywordMapping: async (_root, { id }, ctx) => {
    await ctx.catalog.keywords.remove(requireAdmin(ctx).userId, id);
    return true;
  },
};
