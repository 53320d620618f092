import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

/**
 * One refresh token of a session. A log-in starts a family; every refresh marks the presented token used and
 * adds a new one to the same family, so a stolen token that is replayed after rotation is recognised (it is
 * already used) and the whole family can be revoked. Only the token's SHA-256 is stored: a database leak
 * yields no usable token.
 */
export const RefreshToken = defineEntity({
  name: 'RefreshToken',
  tableName: 'refresh_tokens',
  properties: (p) => ({
    id: p.uuid().primary(),
    /** hex SHA-256 of the opaque token handed to the client */
    tokenHash: p.string().length(64),
    familyId: p.uuid(),
    userId: p.uuid(),
    createdAt: p.datetime(),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  }),
});

export type RefreshToken = InferEntity<typeof RefreshToken>;

/** Where a token stands, derived from its row; `usable` is the only state a refresh may proceed from. */
export type RefreshTokenState =
  | { state: 'usable' }
  | { state: 'revoked'; revokedAt: Date }
  | { state: 'rotated'; usedAt: Date }
  | { state: 'expired'; expiresAt: Date };

export function refreshTokenState(token: RefreshToken, now: Date): RefreshTokenState {
  if (token.revokedAt) return { state: 'revoked', revokedAt: token.revokedAt };
  if (token.usedAt) return { state: 'rotated', usedAt: token.usedAt };
  if (token.expiresAt.getTime() <= now.getTime()) return { state: 'expired', expiresAt: token.expiresAt };
  return { state: 'usable' };
}
