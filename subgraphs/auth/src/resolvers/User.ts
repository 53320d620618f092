import type { UserResolvers } from '../__generated__/resolvers.ts';

// A malformed id would make Postgres reject the whole batched query, failing every reference in it.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const User: UserResolvers = {
  // Other subgraphs hand over lists of user references: the per-request loader turns them into one query.
  __resolveReference: (reference, ctx) =>
    UUID.test(reference.id) ? ctx.loaders.user.load(reference.id) : null,
};
