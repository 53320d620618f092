import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { LRUCache } from 'lru-cache';

/**
 * How the router tells a subgraph who is calling. The router verifies the buyer's access token, then signs a
 * short-lived assertion with the secret it shares with the subgraphs (`ROUTER_SECRET`) and sends it in
 * `ROUTER_ASSERTION_HEADER` on every subgraph request. Subgraphs refuse any request without a valid one: they
 * trust nobody but the router, so a caller that reaches a subgraph directly cannot claim an identity.
 */
export const ROUTER_ASSERTION_HEADER = 'x-tiketi-router';

export type Role = 'USER' | 'ADMIN';

/** The caller as the router verified it; `null` for an anonymous request. */
export type Identity = { userId: string; role: Role } | null;

const AUDIENCE = 'tiketi-subgraph';
const ISSUER = 'tiketi-router';
/** Long enough for one request's fan-out; short enough that a leaked header is useless soon after. */
const ASSERTION_TTL_SECONDS = 60;

/**
 * A shared HS256 secret as a key object, built once per secret. Handed a string, jsonwebtoken first tries to read
 * it as a PEM key, catches the failure and builds a secret key, on every call: ≈ 0.4 ms per sign or verify,
 * paid by the router and the subgraph on every subgraph request (and by every pass or checkout token).
 */
const secretKeys = new Map<string, KeyObject>();
export function secretKey(secret: string): KeyObject {
  let key = secretKeys.get(secret);
  if (!key) {
    key = createSecretKey(Buffer.from(secret, 'utf8'));
    secretKeys.set(secret, key);
  }
  return key;
}

/** What a subgraph learns from the router about a request. */
export interface RouterAssertion {
  identity: Identity;
  /** The client's address as the router saw it (for per-IP rate limits); signed, so it cannot be spoofed. */
  clientIp: string;
}

export function signRouterAssertion(secret: string, { identity, clientIp }: RouterAssertion): string {
  const claims = identity
    ? { sub: identity.userId, role: identity.role, ip: clientIp }
    : { anon: true, ip: clientIp };
  return jwt.sign(claims, secretKey(secret), {
    algorithm: 'HS256',
    audience: AUDIENCE,
    issuer: ISSUER,
    expiresIn: ASSERTION_TTL_SECONDS,
  });
}

export class RouterAssertionError extends Error {}

/** Verifies a router assertion; throws `RouterAssertionError` for a missing, forged or expired one. */
export function verifyRouterAssertion(secret: string, header: string | undefined): RouterAssertion {
  return verifyWithExpiry(secret, header).assertion;
}

/** The assertion and when it expires (ms), from one verification. */
function verifyWithExpiry(
  secret: string,
  header: string | undefined,
): { assertion: RouterAssertion; expiresAt: number } {
  if (!header) throw new RouterAssertionError('missing router assertion');
  try {
    const claims = jwt.verify(header, secretKey(secret), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    }) as jwt.JwtPayload;
    // jsonwebtoken checks `exp` only when it is there: an assertion without one would be good forever, so a
    // leaked or forged-with-a-leaked-secret header must not get that far.
    if (typeof claims.exp !== 'number') throw new RouterAssertionError('router assertion without exp');
    const clientIp = typeof claims.ip === 'string' ? claims.ip : 'unknown';
    const expiresAt = claims.exp * 1000;
    if (claims.anon === true) return { assertion: { identity: null, clientIp }, expiresAt };
    if (typeof claims.sub !== 'string' || (claims.role !== 'USER' && claims.role !== 'ADMIN')) {
      throw new RouterAssertionError('malformed router assertion');
    }
    return { assertion: { identity: { userId: claims.sub, role: claims.role }, clientIp }, expiresAt };
  } catch (err) {
    if (err instanceof RouterAssertionError) throw err;
    throw new RouterAssertionError((err as Error).message);
  }
}

/** Caller entries each cache keeps: enough for every buyer active in a big on-sale on one replica. */
const CACHED_ASSERTIONS = 20_000;

/**
 * `signRouterAssertion` for the router's hot path: a caller's assertion is signed once and reused while it has
 * at least half its lifetime left, so a buyer's requests in the same half minute carry the same header (and the
 * subgraphs' `createAssertionVerifier` verifies it once). Signing costs about as much as the rest of the
 * router's own work on a small request.
 */
export function createAssertionSigner(
  secret: string,
  { max = CACHED_ASSERTIONS }: { max?: number } = {},
): (assertion: RouterAssertion) => string {
  const signed = new LRUCache<string, string>({ max, ttl: (ASSERTION_TTL_SECONDS * 1000) / 2 });
  return (assertion) => {
    const { identity, clientIp } = assertion;
    const key = identity ? `${identity.userId}\0${identity.role}\0${clientIp}` : `\0\0${clientIp}`;
    let header = signed.get(key);
    if (header === undefined) {
      header = signRouterAssertion(secret, assertion);
      signed.set(key, header);
    }
    return header;
  };
}

/**
 * `verifyRouterAssertion` for a subgraph's hot path: a header verified once is known until it expires (the
 * exact string: any change to it is a different key and gets the full check). Refusals are never cached.
 */
export function createAssertionVerifier(
  secret: string,
  { max = CACHED_ASSERTIONS }: { max?: number } = {},
): (header: string | undefined) => RouterAssertion {
  const verified = new LRUCache<string, { assertion: RouterAssertion; expiresAt: number }>({ max });
  return (header) => {
    const known = header === undefined ? undefined : verified.get(header);
    // jsonwebtoken's own rule: valid while the current second is before `exp`.
    if (known && Date.now() < known.expiresAt) return known.assertion;
    const checked = verifyWithExpiry(secret, header);
    if (checked.expiresAt > Date.now()) verified.set(header as string, checked);
    return checked.assertion;
  };
}
