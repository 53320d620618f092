import { createHmac } from 'node:crypto';
import { gql } from '@tiketi/kit/testing';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './support/harness.ts';
import { accessClaims, forgeToken, generateSigningKey, signAccessToken } from './support/jwks.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.stop());

const WHOAMI = '{ whoami { userId role } }';
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const userId = '4d1f7f3e-7b1a-4b53-9d77-0c2f3f8f6a11';

async function expectUnauthenticated(headers: Record<string, string>, message?: RegExp) {
  const res = await gql(h.router.url, WHOAMI, undefined, headers);
  expect(res.status).toBe(401);
  expect(res.data).toBeUndefined();
  expect(res.errors).toHaveLength(1);
  expect(res.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
  if (message) expect(res.errors?.[0]?.message).toMatch(message);
}

describe('valid access tokens', () => {
  it('reach the subgraphs as the caller’s identity', async () => {
    const res = await gql(
      h.router.url,
      WHOAMI,
      undefined,
      bearer(signAccessToken(h.key, { sub: userId, role: 'USER' })),
    );
    expect(res.status).toBe(200);
    expect(res.data?.whoami).toEqual({ userId, role: 'USER' });
  });

  it('are accepted whatever the case of the scheme (RFC 7235)', async () => {
    const token = signAccessToken(h.key, { sub: userId, role: 'USER' });
    const res = await gql(h.router.url, WHOAMI, undefined, { authorization: `bearer ${token}` });
    expect(res.data?.whoami).toEqual({ userId, role: 'USER' });
  });

  it('carry the ADMIN role', async () => {
    const token = signAccessToken(h.key, { sub: userId, role: 'ADMIN' });
    const res = await gql(h.router.url, WHOAMI, undefined, bearer(token));
    expect(res.data?.whoami).toEqual({ userId, role: 'ADMIN' });
  });

  it('are verified against cached keys, not a JWKS fetch per request', async () => {
    const token = signAccessToken(h.key, { sub: userId, role: 'USER' });
    await gql(h.router.url, WHOAMI, undefined, bearer(token));
    const before = h.jwks.requests;
    for (let i = 0; i < 3; i++) {
      const res = await gql(h.router.url, WHOAMI, undefined, bearer(token));
      expect(res.data?.whoami).toEqual({ userId, role: 'USER' });
    }
    expect(h.jwks.requests).toBe(before);
  });

  it('are remembered once verified, but never past their expiry', async () => {
    // Valid for about two more seconds: expired three seconds ago, within the five seconds' clock tolerance.
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ sub: userId, role: 'USER', iat: now - 600, exp: now - 3 }, h.key.privateKey, {
      algorithm: 'RS256',
      keyid: h.key.kid,
      issuer: 'tiketi-auth',
      audience: 'tiketi',
    });
    const res = await gql(h.router.url, WHOAMI, undefined, bearer(token));
    expect(res.data?.whoami).toEqual({ userId, role: 'USER' });
    await new Promise((r) => setTimeout(r, (now + 2) * 1000 - Date.now() + 200));
    await expectUnauthenticated(bearer(token), /expired/);
  });
});

describe('bad credentials are refused with 401, never treated as anonymous', () => {
  it('garbage', async () => {
    await expectUnauthenticated(bearer('not-a-jwt'), /not valid/);
    await expectUnauthenticated(bearer('a.b.c'));
  });

  it('says how to fix it in WWW-Authenticate', async () => {
    const res = await fetch(h.router.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer('not-a-jwt') },
      body: JSON.stringify({ query: '{ hello }' }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer .*error="invalid_token"/);
  });

  it('an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = jwt.sign({ sub: userId, role: 'USER', iat: now - 1000, exp: now - 60 }, h.key.privateKey, {
      algorithm: 'RS256',
      keyid: h.key.kid,
      issuer: 'tiketi-auth',
      audience: 'tiketi',
    });
    await expectUnauthenticated(bearer(token), /expired/);
  });

  it('a token without an expiry', async () => {
    await expectUnauthenticated(
      bearer(signAccessToken(h.key, { sub: userId, role: 'USER' }, { expiresInSeconds: null })),
    );
  });

  it('a tampered token (claims changed after signing)', async () => {
    const [header, , signature] = signAccessToken(h.key, { sub: userId, role: 'USER' }).split('.');
    const payload = Buffer.from(JSON.stringify(accessClaims(userId, 'ADMIN'))).toString('base64url');
    await expectUnauthenticated(bearer(`${header}.${payload}.${signature}`));
  });

  it('an unsigned token (alg: none)', async () => {
    const token = forgeToken({ alg: 'none', typ: 'JWT', kid: h.key.kid }, accessClaims(userId, 'ADMIN'));
    await expectUnauthenticated(bearer(token));
  });

  it('an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const publicPem = h.key.publicKey.export({ format: 'pem', type: 'spki' });
    const token = forgeToken(
      { alg: 'HS256', typ: 'JWT', kid: h.key.kid },
      accessClaims(userId, 'ADMIN'),
      (input) => createHmac('sha256', publicPem).update(input).digest('base64url'),
    );
    await expectUnauthenticated(bearer(token));
  });

  it('a token from another issuer or for another audience', async () => {
    const claims = { sub: userId, role: 'USER' };
    await expectUnauthenticated(bearer(signAccessToken(h.key, claims, { issuer: 'someone-else' })));
    await expectUnauthenticated(bearer(signAccessToken(h.key, claims, { audience: 'tiketi-subgraph' })));
  });

  it('a token without a known role or subject', async () => {
    await expectUnauthenticated(bearer(signAccessToken(h.key, { sub: userId, role: 'ROOT' })));
    await expectUnauthenticated(bearer(signAccessToken(h.key, { role: 'USER' })));
  });

  it('a token signed by a key auth never published', async () => {
    const stranger = generateSigningKey();
    await expectUnauthenticated(bearer(signAccessToken(stranger, { sub: userId, role: 'ADMIN' })));
    // Same kid as the published key, wrong private key: the signature check catches it.
    await expectUnauthenticated(
      bearer(signAccessToken(stranger, { sub: userId, role: 'ADMIN' }, { kid: h.key.kid })),
    );
  });

  it('a malformed Authorization header', async () => {
    const token = signAccessToken(h.key, { sub: userId, role: 'USER' });
    for (const value of [`Basic ${token}`, 'Bearer', 'Bearer ', `Bearer ${token} extra`, token, '']) {
      await expectUnauthenticated({ authorization: value }, /Authorization header/);
    }
  });
});

it('picks up a rotated key from the JWKS (unknown kid → refetch)', async () => {
  const next = generateSigningKey();
  const token = signAccessToken(next, { sub: userId, role: 'USER' });
  await expectUnauthenticated(bearer(token));

  h.jwks.setKeys([h.key, next]);
  const rotated = await gql(h.router.url, WHOAMI, undefined, bearer(token));
  expect(rotated.status).toBe(200);
  expect(rotated.data?.whoami).toEqual({ userId, role: 'USER' });
  // Tokens signed before the rotation stay valid while auth still publishes the previous key.
  const previous = await gql(
    h.router.url,
    WHOAMI,
    undefined,
    bearer(signAccessToken(h.key, { sub: userId, role: 'USER' })),
  );
  expect(previous.data?.whoami).toEqual({ userId, role: 'USER' });
});

it('answers 503 (not 401) when the keys cannot be fetched, and still serves anonymous callers', async () => {
  const router = await h.startRouter({ AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' });
  const res = await gql(
    router.url,
    WHOAMI,
    undefined,
    bearer(signAccessToken(h.key, { sub: userId, role: 'USER' })),
  );
  expect(res.status).toBe(503);
  expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
  const anonymous = await gql(router.url, WHOAMI);
  expect(anonymous.data?.whoami).toEqual({ userId: null, role: null });
});
