import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';

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
 * The shared secret as a key object, built once per secret. Handed a string, jsonwebtoken first tries to read
 * it as a PEM key, catches the failure and builds a secret key, on every call: ≈ 0.4 ms per sign or verify,
 * paid by the router and the subgraph on every subgraph request.
 */
const secretKeys = new Map<string, KeyObject>();
function secretKey(secret: string): KeyObject {
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
  if (!header) throw new RouterAssertionError('missing router assertion');
  try {
    const claims = jwt.verify(header, secretKey(secret), {
      algorithms: ['HS256'],
      audience: AUDIENCE,
      issuer: ISSUER,
    }) as jwt.JwtPayload;
    const clientIp = typeof claims.ip === 'string' ? claims.ip : 'unknown';
    if (claims.anon === true) return { identity: null, clientIp };
    if (typeof claims.sub !== 'string' || (claims.role !== 'USER' && claims.role !== 'ADMIN')) {
      throw new RouterAssertionError('malformed router assertion');
    }
    return { identity: { userId: claims.sub, role: claims.role }, clientIp };
  } catch (err) {
    if (err instanceof RouterAssertionError) throw err;
    throw new RouterAssertionError((err as Error).message);
  }
}
