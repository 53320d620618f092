import type { Identity } from '@tiketi/kit';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';

/** Fixed by the access-token interface between auth and the router. */
export const ACCESS_TOKEN_ISSUER = 'tiketi-auth';
export const ACCESS_TOKEN_AUDIENCE = 'tiketi';

/** Why a request's credentials were refused: a client problem (401) or ours (503, the keys are unreachable). */
export type AuthFailure =
  | { kind: 'malformed-header' }
  | { kind: 'invalid-token'; reason: string }
  | { kind: 'expired-token' }
  | { kind: 'keys-unavailable'; reason: string };

export class AuthError extends Error {
  constructor(readonly failure: AuthFailure) {
    super('reason' in failure ? `${failure.kind}: ${failure.reason}` : failure.kind);
    this.name = 'AuthError';
  }
}

export interface AccessTokenVerifierOptions {
  /** Where auth publishes its current and previous public keys. */
  jwksUrl: string;
  /**
   * JWKS fetches allowed per minute for unknown key ids. A flood of tokens with made-up `kid`s must not turn
   * the router into a load generator against auth.
   * @default 10
   */
  jwksRequestsPerMinute?: number;
}

export type AccessTokenVerifier = (authorizationHeader: string | undefined) => Promise<Identity>;

/** A verified caller and when their token stops being valid (epoch ms; `null` for anonymous). */
export interface Session {
  identity: Identity;
  expiresAt: number | null;
}

/**
 * Like {@link AccessTokenVerifier}, with the token's expiry: a WebSocket outlives the request that opened it,
 * so the router ends it when the token it was opened with expires.
 */
export type SessionVerifier = (authorizationHeader: string | undefined) => Promise<Session>;

export function createAccessTokenVerifier(options: AccessTokenVerifierOptions): AccessTokenVerifier {
  return identityOnly(createSessionVerifier(options));
}

/** HTTP requests only need the identity; both views share one verifier (one JWKS cache). */
export function identityOnly(verify: SessionVerifier): AccessTokenVerifier {
  return async (header) => (await verify(header)).identity;
}

/**
 * Verifies `Authorization: Bearer <jwt>` access tokens issued by auth. No header means anonymous; anything
 * else that is not a valid, current RS256 token from auth is refused (never downgraded to anonymous).
 *
 * Keys are cached per `kid`; a token whose `kid` is not cached triggers a JWKS refetch, which is how a key
 * rotation reaches the router without a restart.
 */
export function createSessionVerifier(options: AccessTokenVerifierOptions): SessionVerifier {
  const jwks = jwksRsa({
    jwksUri: options.jwksUrl,
    cache: true,
    cacheMaxEntries: 10,
    cacheMaxAge: 10 * 60_000,
    // While auth is briefly unreachable, keep honouring keys we already verified against its JWKS, so signed-in
    // buyers are not all thrown out by an auth restart.
    cacheMaxAgeFallback: 60 * 60_000,
    rateLimit: true,
    jwksRequestsPerMinute: options.jwksRequestsPerMinute ?? 10,
    timeout: 5_000,
  });

  const publicKeyFor = async (kid: string): Promise<string> => {
    try {
      return (await jwks.getSigningKey(kid)).getPublicKey();
    } catch (err) {
      const error = err as Error & { isEndpointUnavailable?: boolean };
      if (error.isEndpointUnavailable) {
        throw new AuthError({ kind: 'keys-unavailable', reason: error.message });
      }
      // SigningKeyNotFoundError (unknown kid, also after a refetch) or JwksRateLimitError.
      throw new AuthError({ kind: 'invalid-token', reason: error.message });
    }
  };

  return async (header) => {
    if (header === undefined) return { identity: null, expiresAt: null };
    // The scheme is case-insensitive (RFC 7235); the token is RFC 6750's b64token.
    const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header);
    if (!match) throw new AuthError({ kind: 'malformed-header' });
    const token = match[1]!;

    const decoded = jwt.decode(token, { complete: true });
    if (!decoded || typeof decoded.payload === 'string') {
      throw new AuthError({ kind: 'invalid-token', reason: 'not a JWT' });
    }
    // Checked before any key lookup: `none`, HS256 with the public key as secret and friends stop here.
    if (decoded.header.alg !== 'RS256') {
      throw new AuthError({ kind: 'invalid-token', reason: `algorithm ${decoded.header.alg} not accepted` });
    }
    const kid = decoded.header.kid;
    if (typeof kid !== 'string' || kid === '') {
      throw new AuthError({ kind: 'invalid-token', reason: 'no key id' });
    }

    const publicKey = await publicKeyFor(kid);
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(token, publicKey, {
        algorithms: ['RS256'],
        issuer: ACCESS_TOKEN_ISSUER,
        audience: ACCESS_TOKEN_AUDIENCE,
        // Replicas' clocks drift a little; a few seconds never make a stolen token useful.
        clockTolerance: 5,
      }) as jwt.JwtPayload;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) throw new AuthError({ kind: 'expired-token' });
      throw new AuthError({ kind: 'invalid-token', reason: (err as Error).message });
    }
    // jsonwebtoken accepts a token without `exp`; an access token must expire.
    if (typeof claims.exp !== 'number') {
      throw new AuthError({ kind: 'invalid-token', reason: 'no expiry' });
    }
    if (typeof claims.sub !== 'string' || claims.sub === '') {
      throw new AuthError({ kind: 'invalid-token', reason: 'no subject' });
    }
    if (claims.role !== 'USER' && claims.role !== 'ADMIN') {
      throw new AuthError({ kind: 'invalid-token', reason: 'unknown role' });
    }
    return { identity: { userId: claims.sub, role: claims.role }, expiresAt: claims.exp * 1000 };
  };
}
