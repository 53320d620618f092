import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { ConfigError, DEV_SECRETS, solveProofOfWork } from '@tiketi/kit';
import { asRouter, createTestInfra, gql, type TestInfra } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthService, bootstrap, loadConfig } from '../src/index.ts';
import { type AuthPayloadData, PAYLOAD, verifyAccessToken } from './helpers.ts';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${PAYLOAD} } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { ${PAYLOAD} } }`;

const rsa = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyA = rsa();
const keyB = rsa();
const pkcs8 = (key: KeyObject) => key.export({ format: 'pem', type: 'pkcs8' }).toString();
const spki = (key: KeyObject) => key.export({ format: 'pem', type: 'spki' }).toString();
/** RFC 7638, computed here independently of the service. */
const thumbprint = (key: KeyObject) => {
  const { e, n } = key.export({ format: 'jwk' });
  return createHash('sha256').update(`{"e":"${e}","kty":"RSA","n":"${n}"}`).digest('base64url');
};

async function count(service: AuthService, sql: string): Promise<number> {
  const rows = await service.orm.orm.em.fork().getConnection().execute<{ n: number }[]>(sql);
  return rows[0]!.n;
}

async function jwksKids(jwksUrl: string): Promise<string[]> {
  const { keys } = (await (await fetch(jwksUrl)).json()) as {
    keys: { kid: string; alg: string; use: string }[];
  };
  for (const key of keys) expect(key).toMatchObject({ alg: 'RS256', use: 'sig' });
  return keys.map((k) => k.kid);
}

describe('configuration', () => {
  const base = {
    TIKETI_ENV: 'production',
    // The service's own Postgres role and Redis user (issue 15).
    DATABASE_URL: 'postgres://tiketi_auth:pw@127.0.0.1:5432/x',
    REDIS_URL: 'redis://tiketi-auth:pw@127.0.0.1:6379',
    ROUTER_SECRET: 'a-real-router-secret-0123456789abcdef0123',
    AUTH_JWT_PRIVATE_KEY: pkcs8(keyA.privateKey),
    GOOGLE_CLIENT_ID: '1234.apps.googleusercontent.com',
    POW_SECRET: 'a-real-proof-of-work-secret-0123456789abcdef',
  };
  const problemsOf = (env: Record<string, string | undefined>): string[] => {
    try {
      loadConfig(env);
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      return (err as ConfigError).problems;
    }
    throw new Error('expected a ConfigError');
  };

  it('accepts a complete production configuration, with the PEM on one line', () => {
    const config = loadConfig({
      ...base,
      AUTH_JWT_PRIVATE_KEY: base.AUTH_JWT_PRIVATE_KEY.replace(/\n/g, '\\n'),
    });
    expect(config.mode).toBe('production');
    expect(config.http.port).toBe(4001);
    expect(config.jwt.signingKey.source).toBe('configured');
    expect(config.jwt.accessTokenTtlSeconds).toBe(900);
    expect(config.refreshTokenTtlSeconds).toBe(30 * 24 * 3600);
    expect(config.loginLimits).toEqual({ perEmail: 5, perIp: 30, windowSeconds: 900, maxDelaySeconds: 60 });
    expect(config.google).toEqual({
      clientId: base.GOOGLE_CLIENT_ID,
      jwksUrl: 'https://www.googleapis.com/oauth2/v3/certs',
    });
  });

  it('refuses production with the development POW_SECRET (issue 16)', () => {
    expect(problemsOf({ ...base, POW_SECRET: undefined })).toEqual([expect.stringMatching(/^POW_SECRET: /)]);
    expect(loadConfig(base).proofOfWork).toMatchObject({ enabled: true, difficulty: 2_000, cost: 1_000 });
  });

  it('refuses production without AUTH_JWT_PRIVATE_KEY', () => {
    const problems = problemsOf({ ...base, AUTH_JWT_PRIVATE_KEY: undefined });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^AUTH_JWT_PRIVATE_KEY: required in production/);
  });

  it('refuses production with the development ROUTER_SECRET, listing every problem at once', () => {
    expect(problemsOf({ ...base, ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET })).toEqual([
      expect.stringMatching(/^ROUTER_SECRET: /),
    ]);
    const all = problemsOf({
      ...base,
      ROUTER_SECRET: undefined,
      AUTH_JWT_PRIVATE_KEY: undefined,
      GOOGLE_CLIENT_ID: '',
    });
    expect(all.map((p) => p.split(':')[0])).toEqual([
      'ROUTER_SECRET',
      'AUTH_JWT_PRIVATE_KEY',
      'GOOGLE_CLIENT_ID',
    ]);
  });

  it('refuses unreadable or unsuitable keys, naming the variable', () => {
    expect(problemsOf({ ...base, AUTH_JWT_PRIVATE_KEY: 'not a pem' })[0]).toMatch(/^AUTH_JWT_PRIVATE_KEY: /);
    const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(problemsOf({ ...base, AUTH_JWT_PRIVATE_KEY: pkcs8(ec.privateKey) })[0]).toMatch(
      /^AUTH_JWT_PRIVATE_KEY: must be an RSA key/,
    );
    expect(problemsOf({ ...base, AUTH_JWT_PREVIOUS_PUBLIC_KEYS: 'garbage' })[0]).toMatch(
      /^AUTH_JWT_PREVIOUS_PUBLIC_KEYS: /,
    );
  });

  it('outside production runs without a key (generated at start) and defaults the Google client id', () => {
    const config = loadConfig({ DATABASE_URL: base.DATABASE_URL });
    expect(config.mode).toBe('development');
    expect(config.jwt.signingKey).toEqual({ source: 'generated' });
    expect(config.google.clientId).toBe('tiketi-dev.apps.googleusercontent.com');
  });
});

describe('signing keys, rotation and seeding', () => {
  let infra: TestInfra;
  let tokenFromKeyA: string;
  beforeAll(async () => {
    infra = await createTestInfra();
  });
  afterAll(() => infra?.dispose());

  it('production mode signs with the configured key (kid = RFC 7638 thumbprint) and seeds nothing', async () => {
    const service = await bootstrap(
      loadConfig(
        // Production logs in as auth's own Postgres role and Redis user (issue 15).
        infra.serviceEnv('auth', {
          TIKETI_ENV: 'production',
          MIGRATE_ON_START: 'true',
          AUTH_JWT_PRIVATE_KEY: pkcs8(keyA.privateKey),
          GOOGLE_CLIENT_ID: 'prod.apps.googleusercontent.com',
          POW_SECRET: 'a-real-proof-of-work-secret-0123456789abcdef',
        }),
      ),
    );
    try {
      expect(await jwksKids(service.jwksUrl)).toEqual([thumbprint(keyA.publicKey)]);
      const n = await count(service, 'select count(*)::int as n from auth.users');
      expect(n).toBe(0);
      // Production asks for proof of work at sign-up: solved here as a scripted client would (README).
      const issued = await gql<{ signUpChallenge: { challenge: string } }>(
        service.url,
        '{ signUpChallenge { challenge } }',
        {},
        asRouter(null),
      );
      const proof = await solveProofOfWork(issued.data!.signUpChallenge.challenge);
      const input = { email: 'rotation@example.com', password: 'concert2026', name: 'Rotation', proof };
      const res = await gql<{ signUp: AuthPayloadData }>(service.url, SIGN_UP, { input }, asRouter(null));
      tokenFromKeyA = res.data!.signUp.accessToken;
      expect((await verifyAccessToken(service.jwksUrl, tokenFromKeyA)).sub).toBe(res.data!.signUp.user.id);
    } finally {
      await service.stop();
    }
  });

  it('after rotation, a token signed by the previous key still verifies against the JWKS listing both', async () => {
    expect(tokenFromKeyA).toBeDefined();
    const service = await bootstrap(
      loadConfig(
        // Production logs in as auth's own Postgres role and Redis user (issue 15).
        infra.serviceEnv('auth', {
          AUTH_JWT_PRIVATE_KEY: pkcs8(keyB.privateKey),
          // Concatenated SPKI PEMs; the same key twice is published once.
          AUTH_JWT_PREVIOUS_PUBLIC_KEYS: spki(keyA.publicKey) + spki(keyA.publicKey),
        }),
      ),
    );
    try {
      expect(await jwksKids(service.jwksUrl)).toEqual([
        thumbprint(keyB.publicKey),
        thumbprint(keyA.publicKey),
      ]);
      await expect(verifyAccessToken(service.jwksUrl, tokenFromKeyA)).resolves.toMatchObject({
        role: 'USER',
      });
      const input = { email: 'rotation@example.com', password: 'concert2026' };
      const res = await gql<{ logIn: AuthPayloadData }>(service.url, LOG_IN, { input }, asRouter(null));
      const fresh = res.data!.logIn.accessToken;
      expect(JSON.parse(Buffer.from(fresh.split('.')[0]!, 'base64url').toString()).kid).toBe(
        thumbprint(keyB.publicKey),
      );
      await expect(verifyAccessToken(service.jwksUrl, fresh)).resolves.toMatchObject({ role: 'USER' });
    } finally {
      await service.stop();
    }
  });

  it('development mode seeds the admin and the buyer, idempotently', async () => {
    for (let start = 0; start < 2; start++) {
      const service = await bootstrap(loadConfig(infra.env({ TIKETI_ENV: 'development' })));
      try {
        const logIn = (email: string, password: string) =>
          gql<{ logIn: AuthPayloadData }>(
            service.url,
            LOG_IN,
            { input: { email, password } },
            asRouter(null),
          );
        expect((await logIn('admin@tiketi.gg', 'admin123')).data?.logIn.user.role).toBe('ADMIN');
        expect((await logIn('buyer@tiketi.gg', 'buyer1234')).data?.logIn.user.role).toBe('USER');
        const n = await count(
          service,
          `select count(*)::int as n from auth.users where email like '%@tiketi.gg'`,
        );
        expect(n).toBe(2);
      } finally {
        await service.stop();
      }
    }
  });
});
