import { generateKeyPairSync, type KeyObject, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser } from '../src/index.ts';
import { type AuthHarness, type AuthPayloadData, PAYLOAD, startAuth, verifyAccessToken } from './helpers.ts';

// Stands in for https://www.googleapis.com/oauth2/v3/certs: a real HTTP JWKS with a key only this test holds.
const GOOGLE_KID = 'google-test-key-1';
const DEV_CLIENT_ID = 'tiketi-dev.apps.googleusercontent.com';
const googleKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
const strangerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });

const LOG_IN_WITH_GOOGLE = `mutation ($t: String!) { logInWithGoogle(idToken: $t) { ${PAYLOAD} } }`;

let jwks: Server;
let jwksRequests = 0;
let auth: AuthHarness;

beforeAll(async () => {
  jwks = createServer((_req, res) => {
    jwksRequests++;
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        keys: [
          { ...googleKey.publicKey.export({ format: 'jwk' }), kid: GOOGLE_KID, alg: 'RS256', use: 'sig' },
        ],
      }),
    );
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  // GOOGLE_CLIENT_ID left unset: outside production it defaults to the development client id.
  auth = await startAuth({ GOOGLE_JWKS_URL: `http://127.0.0.1:${port}/oauth2/v3/certs` });
});
afterAll(async () => {
  await auth?.dispose();
  await new Promise((resolve) => jwks?.close(resolve));
});

interface IdTokenOptions {
  sub?: string;
  email?: string;
  emailVerified?: unknown;
  name?: string;
  audience?: string;
  issuer?: string;
  expiresIn?: number;
  key?: KeyObject;
}

function googleIdToken(options: IdTokenOptions = {}): string {
  const claims: Record<string, unknown> = {
    email: options.email ?? `g-${randomUUID().slice(0, 8)}@gmail.com`,
    email_verified: 'emailVerified' in options ? options.emailVerified : true,
    name: options.name ?? 'Google User',
  };
  return jwt.sign(claims, options.key ?? googleKey.privateKey, {
    algorithm: 'RS256',
    keyid: GOOGLE_KID,
    subject: options.sub ?? `${Date.now()}${Math.floor(Math.random() * 1e6)}`,
    audience: options.audience ?? DEV_CLIENT_ID,
    issuer: options.issuer ?? 'https://accounts.google.com',
    expiresIn: options.expiresIn ?? 3600,
  });
}

const logInWithGoogle = (idToken: string) =>
  auth.call<{ logInWithGoogle: AuthPayloadData }>(LOG_IN_WITH_GOOGLE, { t: idToken });

async function expectRefused(idToken: string, message: RegExp) {
  const res = await logInWithGoogle(idToken);
  expect(res.data).toBeNull();
  expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  expect(res.errors?.[0]?.message).toMatch(message);
}

describe('logInWithGoogle', () => {
  it('creates a USER on first sign-in and finds the same user by Google subject afterwards', async () => {
    const sub = `sub-${randomUUID()}`;
    const first = await logInWithGoogle(googleIdToken({ sub, email: 'Min.Ji@Gmail.com', name: '  Minji  ' }));
    expect(first.errors).toBeUndefined();
    const user = first.data!.logInWithGoogle.user;
    expect(user).toMatchObject({ email: 'min.ji@gmail.com', name: 'Minji', role: 'USER' });
    expect((await verifyAccessToken(auth.service.jwksUrl, first.data!.logInWithGoogle.accessToken)).sub).toBe(
      user.id,
    );

    // Same Google account, email changed at Google: still the same TIKETI user.
    const again = await logInWithGoogle(
      googleIdToken({ sub, email: 'minji.new@gmail.com', issuer: 'accounts.google.com' }),
    );
    expect(again.errors).toBeUndefined();
    expect(again.data!.logInWithGoogle.user.id).toBe(user.id);
    expect(jwksRequests).toBeGreaterThan(0);

    // One account, announced once (stats counts it as a Google sign-up).
    const announced = await auth.service.orm.orm.em
      .fork()
      .getConnection()
      .execute<{ payload: { method: string } }[]>(`select payload from auth.outbox where key = ?`, [user.id]);
    expect(announced.map((row) => row.payload.method)).toEqual(['google']);
  });

  it('links Google to an existing account with the same email; the password keeps working', async () => {
    const email = `linked-${randomUUID().slice(0, 8)}@example.com`;
    const existing = await seedUser(auth.service.orm, { email, password: 'concert2026', name: 'Linked' });
    const res = await logInWithGoogle(googleIdToken({ email: email.toUpperCase() }));
    expect(res.errors).toBeUndefined();
    expect(res.data!.logInWithGoogle.user).toMatchObject({ id: existing.id, name: 'Linked' });
    const logIn = await auth.call('mutation ($i: LogInInput!) { logIn(input: $i) { user { id } } }', {
      i: { email, password: 'concert2026' },
    });
    expect(logIn.data?.logIn.user.id).toBe(existing.id);
  });

  it('refuses a token for another audience', () =>
    expectRefused(
      googleIdToken({ audience: 'someone-else.apps.googleusercontent.com' }),
      /could not be verified/,
    ));

  it('refuses a token from another issuer', () =>
    expectRefused(googleIdToken({ issuer: 'https://evil.example.com' }), /could not be verified/));

  it('refuses an expired token', () => expectRefused(googleIdToken({ expiresIn: -120 }), /expired/));

  it("refuses a token signed by another key under Google's key id", () =>
    expectRefused(googleIdToken({ key: strangerKey.privateKey }), /could not be verified/));

  it('refuses an unsigned token (alg: none)', () => {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const unsigned = `${part({ alg: 'none', typ: 'JWT', kid: GOOGLE_KID })}.${part({
      iss: 'https://accounts.google.com',
      aud: DEV_CLIENT_ID,
      sub: 'none-attacker',
      email: 'victim@example.com',
      email_verified: true,
      iat: now,
      exp: now + 3600,
    })}.`;
    return expectRefused(unsigned, /could not be verified/);
  });

  it('refuses a Google account whose email is not verified', async () => {
    await expectRefused(googleIdToken({ emailVerified: false }), /not verified/);
    // Only the boolean true counts.
    await expectRefused(googleIdToken({ emailVerified: 'true' }), /not verified/);
  });

  it('refuses garbage', () => expectRefused('not-a-jwt', /could not be verified/));
});
