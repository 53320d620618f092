import { createPublicKey, type KeyObject } from 'node:crypto';
import type { Identity } from '@tiketi/kit/identity';
import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';
import { LRUCache } from 'lru-cache';

/** Fixed by the access-token interface between auth and the router. */
export const ACCESS_TOKEN_ISSUER = 'tiketi-auth';
export const ACCESS_TOKEN_AUDIENCE = 'tiketi';

/** Why a request's credentials were refused: a client problem (401) or ours (503, the keys are unreachable). */
export type AuthFailure =
  | { kind: 'malformed-header' }
  | { kind: 'invalid-token'; reason: string }
  | { kind: 'expired-token' }
  | { kind: 'revoked-session' }
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
  /**
   * Verified tokens remembered (until they expire, at most {@link VERIFIED_TOKEN_TTL_MS}), so a buyer's
   * every request does not pay for RSA verification again. 0 turns it off.
   * @default 20000
   */
  verifiedTokens?: number;
  /**
   * Whether the session a token belongs to (its `sid`) was ended (`logOut`): asked on every use of a token,
   * remembered or not. Left out, tokens are good until they expire.
   */
  isSessionRevoked?: (sessionId: string) => Promise<boolean>;
}

/** Replicas' clocks drift a little; a few seconds never make a stolen token useful. */
const CLOCK_TOLERANCE_S = 5;
/** How long a key from the JWKS is used before the JWKS is asked again (jwks-rsa's own cache answers that). */
const KEY_TTL_MS = 10 * 60_000;
/**
 * A remembered token is verified again after this long: a key auth removed from its JWKS (a compromised one)
 * stops working within a minute, not at the tokens' expiry.
 */
const VERIFIED_TOKEN_TTL_MS = 60_000;

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

  // jwks-rsa hands out PEM text; turning it into a key object on every request was the router's largest single
  // cost per request. Key objects are kept per `kid` for as long as jwks-rsa would keep the key itself.
  const keys = new Map<string, { key: KeyObject; until: number }>();
  const publicKeyFor = async (kid: string): Promise<KeyObject> => {
    const cached = keys.get(kid);
    if (cached && cached.until > Date.now()) return cached.key;
    let pem: string;
    try {
      pem = (await jwks.getSigningKey(kid)).getPublicKey();
    } catch (err) {
      const error = err as Error & { isEndpointUnavailable?: boolean };
      if (error.isEndpointUnavailable) {
        throw new AuthError({ kind: 'keys-unavailable', reason: error.message });
      }
      // SigningKeyNotFoundError (unknown kid, also after a refetch) or JwksRateLimitError.
      keys.delete(kid);
      throw new AuthError({ kind: 'invalid-token', reason: error.message });
    }
    const key = createPublicKey(pem);
    keys.set(kid, { key, until: Date.now() + KEY_TTL_MS });
    return key;
  };

  const maxVerified = options.verifiedTokens ?? 20_000;
  const verified =
    maxVerified > 0
      ? new LRUCache<string, Session & { expiresAt: number; sessionId: string | null }>({
          max: maxVerified,
          ttl: VERIFIED_TOKEN_TTL_MS,
        })
      : null;

  return async (header) => {
    if (header === undefined) return { identity: null, expiresAt: null };
    // The scheme is case-insensitive (RFC 7235); the token is RFC 6750's b64token.
    const match = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/i.exec(header);
    if (!match) throw new AuthError({ kind: 'malformed-header' });
    const token = match[1]!;
    const isRevoked = options.isSessionRevoked;
    const known = verified?.get(token);
    // Expiry is checked on every use, with the same tolerance as a full verification; so is the session.
    if (known && known.expiresAt + CLOCK_TOLERANCE_S * 1000 > Date.now()) {
      if (known.sessionId && isRevoked && (await isRevoked(known.sessionId))) {
        throw new AuthError({ kind: 'revoked-session' });
      }
      return { identity: known.identity, expiresAt: known.expiresAt };
    }

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
        clockTolerance: CLOCK_TOLERANCE_S,
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
    const sessionId = typeof claims.sid === 'string' && claims.sid !== '' ? claims.sid : null;
    if (sessionId && isRevoked && (await isRevoked(sessionId)))
      throw new AuthError({ kind: 'revoked-session' });
    const session = { identity: { userId: claims.sub, role: claims.role }, expiresAt: claims.exp * 1000 };
    verified?.set(token, { ...session, sessionId });
    return session;
  };
}

/** Remembered "not ended" answers are asked again after this long: a logged-out token stops within it. */
const SESSION_CHECK_CACHE_MS = 1_000;

/**
 * `isSessionRevoked` over Redis, where auth writes a deny entry per ended session (kit session-revocation.ts), so
 * every router replica sees a `logOut`. An ended session is remembered for good (an entry outlives the tokens);
 * a live one for {@link SESSION_CHECK_CACHE_MS}, so a busy buyer costs Redis one GET a second at most. When Redis
 * cannot be asked, tokens are accepted (logged): a Redis outage must not sign every buyer out mid on-sale.
 */
export function redisSessionRevocations(
  get: (key: string) => Promise<string | null>,
  keyOf: (sessionId: string) => string,
  onError: (err: unknown) => void,
): (sessionId: string) => Promise<boolean> {
  const ended = new LRUCache<string, true>({ max: 100_000 });
  const live = new LRUCache<string, true>({ max: 100_000, ttl: SESSION_CHECK_CACHE_MS });
  return async (sessionId) => {
    if (ended.has(sessionId)) return true;
    if (live.has(sessionId)) return false;
    let entry: string | null;
    try {
      entry = await get(keyOf(sessionId));
    } catch (err) {
      onError(err);
      return false;
    }
    if (entry !== null) ended.set(sessionId, true);
    else live.set(sessionId, true);
    return entry !== null;
  };
}
