import type { Role } from '@tiketi/kit';
import jwt from 'jsonwebtoken';
import type { KeyRing } from './key-ring.ts';

/** Fixed between auth (issuer) and the router (verifier). */
export const ACCESS_TOKEN_ISSUER = 'tiketi-auth';
export const ACCESS_TOKEN_AUDIENCE = 'tiketi';

export function createAccessTokenSigner(keys: KeyRing, ttlSeconds: number) {
  return {
    ttlSeconds,
    /** `sessionId` (claim `sid`) lets the router refuse the token once its session is ended (`logOut`). */
    sign(user: { id: string; role: Role }, sessionId: string): string {
      return jwt.sign({ role: user.role, sid: sessionId }, keys.signing.privateKey, {
        algorithm: 'RS256',
        keyid: keys.signing.kid,
        subject: user.id,
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        expiresIn: ttlSeconds,
      });
    },
  };
}

export type AccessTokenSigner = ReturnType<typeof createAccessTokenSigner>;
