import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';

/** An RSA signing key as auth holds one: the private half and its public JWK, `kid` = RFC 7638 thumbprint. */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  jwk: Record<string, string>;
}

export function generateSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const { n, e } = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  // RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace.
  const kid = createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
  return { kid, privateKey, publicKey, jwk: { kty: 'RSA', n, e, kid, alg: 'RS256', use: 'sig' } };
}

export interface AccessClaims {
  sub?: string;
  role?: string;
  [claim: string]: unknown;
}

/** Signs an access token the way auth does; `options` lets a test bend one rule at a time. */
export function signAccessToken(
  key: SigningKey,
  claims: AccessClaims,
  options: { issuer?: string; audience?: string; expiresInSeconds?: number | null; kid?: string } = {},
): string {
  return jwt.sign(claims, key.privateKey, {
    algorithm: 'RS256',
    keyid: options.kid ?? key.kid,
    issuer: options.issuer ?? 'tiketi-auth',
    audience: options.audience ?? 'tiketi',
    ...(options.expiresInSeconds === null ? {} : { expiresIn: options.expiresInSeconds ?? 900 }),
  });
}

/** A JWKS endpoint like auth's `/.well-known/jwks.json`, whose key set a test can rotate. */
export async function startJwksServer(initialKeys: SigningKey[]) {
  let keys = initialKeys;
  let requests = 0;
  const server = createServer((req, res) => {
    if (req.url !== '/.well-known/jwks.json') {
      res.writeHead(404).end();
      return;
    }
    requests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys.map((k) => k.jwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/.well-known/jwks.json`,
    get requests() {
      return requests;
    },
    setKeys(next: SigningKey[]) {
      keys = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const b64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Builds a JWT by hand, for the tokens no honest library would sign (`alg: none`, HS256 with a public key). */
export function forgeToken(
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
  sign: (signingInput: string) => string = () => '',
): string {
  const signingInput = `${b64url(header)}.${b64url(payload)}`;
  return `${signingInput}.${sign(signingInput)}`;
}

/** Valid access-token claims for `sub`, as auth would put them in a token. */
export function accessClaims(sub: string, role = 'USER'): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return { sub, role, iss: 'tiketi-auth', aud: 'tiketi', iat: now, exp: now + 900 };
}
