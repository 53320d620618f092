import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { RefreshToken, refreshTokenState } from './refresh-token.entity.ts';

/** 32 random bytes: unguessable, and short enough for a header or local storage. */
const newOpaqueToken = () => randomBytes(32).toString('base64url');
const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

/** What presenting a refresh token led to. Only `rotated` continues the session. */
export type RotateOutcome =
  | { outcome: 'rotated'; userId: string; next: IssuedRefreshToken }
  | { outcome: 'unknown' }
  | { outcome: 'expired' }
  | { outcome: 'revoked' }
  /** An already-rotated token came back: someone holds a copy. The family has been revoked. */
  | { outcome: 'reused'; familyId: string };

export function refreshTokenRepository(em: EntityManager, ttlSeconds: number) {
  const add = (tem: EntityManager, userId: string, familyId: string, now: Date): IssuedRefreshToken => {
    const token = newOpaqueToken();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    tem.persist(
      tem.create(RefreshToken, {
        id: randomUUID(),
        tokenHash: hashToken(token),
        familyId,
        userId,
        createdAt: now,
        expiresAt,
        usedAt: null,
        revokedAt: null,
      }),
    );
    return { token, familyId, expiresAt };
  };

  const revokeFamily = (tem: EntityManager, familyId: string, now: Date) =>
    tem.nativeUpdate(RefreshToken, { familyId, revokedAt: null }, { revokedAt: now });

  return {
    /** Starts a new session (a new family) for a user who just proved who they are. */
    async start(userId: string): Promise<IssuedRefreshToken> {
      const fork = em.fork();
      const issued = add(fork, userId, randomUUID(), new Date());
      await fork.flush();
      return issued;
    },

    /**
     * Exchanges a token for its successor. The row lock serialises concurrent refreshes with one token: the
     * second waits, then sees the token used, and is treated as a replay (the family is revoked) — exactly one
     * refresh succeeds. The revocation commits even though the caller then fails the request.
     */
    rotate(token: string): Promise<RotateOutcome> {
      return em.fork().transactional(async (tem): Promise<RotateOutcome> => {
        const now = new Date();
        const row = await tem.findOne(
          RefreshToken,
          { tokenHash: hashToken(token) },
          { lockMode: LockMode.PESSIMISTIC_WRITE },
        );
        if (!row) return { outcome: 'unknown' };
        const current = refreshTokenState(row, now);
        switch (current.state) {
          case 'revoked':
            return { outcome: 'revoked' };
          case 'expired':
            return { outcome: 'expired' };
          case 'rotated':
            await revokeFamily(tem, row.familyId, now);
            return { outcome: 'reused', familyId: row.familyId };
          case 'usable': {
            row.usedAt = now;
            const next = add(tem, row.userId, row.familyId, now);
            return { outcome: 'rotated', userId: row.userId, next };
          }
        }
      });
    },

    /** Ends the session a token belongs to. Returns the session (family) id, or null when the token is unknown. */
    async revokeFamilyOf(token: string): Promise<string | null> {
      const fork = em.fork();
      const row = await fork.findOne(RefreshToken, { tokenHash: hashToken(token) });
      if (!row) return null;
      await revokeFamily(fork, row.familyId, new Date());
      return row.familyId;
    },
  };
}

export type RefreshTokenRepository = ReturnType<typeof refreshTokenRepository>;
