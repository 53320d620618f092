import { requireAdmin } from '@tiketi/kit';
import type { MutationResolvers } from '../__generated__/resolvers.ts';

export const Mutation: MutationResolvers = {
  signUp: (_parent, { input }, ctx) => ctx.accounts.signUp(ctx.em, input, ctx.clientIp),
  logIn: (_parent, { input }, ctx) => ctx.accounts.logIn(ctx.em, input, ctx.clientIp),
  logInWithGoogle: (_parent, { idToken }, ctx) => ctx.accounts.logInWithGoogle(ctx.em, idToken),
  refreshSession: (_parent, { refreshToken }, ctx) => ctx.accounts.refreshSession(ctx.em, refreshToken),
  logOut: (_parent, { refreshToken }, ctx) => ctx.accounts.logOut(ctx.em, refreshToken),
  createApiKey: (_parent, { input }, ctx) => ctx.apiKeys.create(ctx.em, requireAdmin(ctx).userId, input),
  revokeApiKey: (_parent, { id }, ctx) => ctx.apiKeys.revoke(ctx.em, requireAdmin(ctx).userId, id),
};
