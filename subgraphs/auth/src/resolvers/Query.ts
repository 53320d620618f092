import { badInput, isUuid, requireAdmin } from '@tiketi/kit';
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
  signUpChallenge: (_parent, { deviceId }, ctx) => {
    if (deviceId != null && (deviceId.length === 0 || deviceId.length > 128)) {
      throw badInput('deviceId must be 1 to 128 characters.', 'deviceId');
    }
    if (!ctx.proofOfWork.enabled) return null;
    return ctx.proofOfWork.issue('sign-up', '*', { clientIp: ctx.clientIp, deviceId });
  },
  user: (_parent, { id }, ctx) => {
    requireAdmin(ctx);
    return isUuid(id) ? ctx.loaders.user.load(id) : null;
  },
};
