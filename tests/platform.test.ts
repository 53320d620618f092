import { generateKeyPairSync } from 'node:crypto';
import { jwkThumbprint, seedUser } from '@tiketi/auth';
import { seedCatalog } from '@tiketi/catalog';
import { asRouter, gql } from '@tiketi/kit/testing';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The platform as clients see it: the real router in front of the real auth and catalog subgraphs, over HTTP,
 * on a fresh database. Each "Must show" of the foundation issue that concerns the public API is checked here.
 */

// The test owns auth's signing key, so it can mint tokens that are valid in every way but one.
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const kid = jwkThumbprint(publicKey);

let stack: Stack;
let url: string;
let adminToken: string;
let buyerToken: string;
let buyerId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const ME = '{ me { id email role } }';

function mint(claims: Record<string, unknown>, options: jwt.SignOptions = {}) {
  return jwt.sign({ role: 'USER', ...claims }, signingPem, {
    algorithm: 'RS256',
    keyid: kid,
    issuer: 'tiketi-auth',
    audience: 'tiketi',
    expiresIn: 300,
    ...options,
  });
}

beforeAll(async () => {
  stack = await startStack({ env: { auth: { AUTH_JWT_PRIVATE_KEY: signingPem } } });
  url = stack.routerUrl;
  await seedCatalog(stack.catalog.orm);
  await seedUser(stack.auth.orm, { email: 'admin@example.com', password: 'admin-pass-123', role: 'ADMIN' });
  const admin = await gql(
    url,
    'mutation { logIn(input: { email: "admin@example.com", password: "admin-pass-123" }) { accessToken } }',
  );
  adminToken = admin.data!.logIn.accessToken;
  const buyer = await gql(
    url,
    'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken expiresIn user { id email role } } }',
    { input: { email: 'Buyer@Example.com', password: 'correct-horse-9', name: '김민지' } },
  );
  expect(buyer.errors).toBeUndefined();
  buyerToken = buyer.data!.signUp.accessToken;
  buyerId = buyer.data!.signUp.user.id;
  expect(buyer.data!.signUp.user).toMatchObject({ email: 'buyer@example.com', role: 'USER' });
  expect(buyer.data!.signUp.expiresIn).toBe(900);
});

afterAll(async () => {
  await stack?.stop();
});

describe('catalog through the router', () => {
  it('answers the events query with venues and artists from the seed', async () => {
    const res = await gql(
      url,
      '{ events(first: 5) { edges { node { title venue { name } artists { name } } } } }',
    );
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.events.edges.map((e: { node: unknown }) => e.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) expect(node.venue.name).toEqual(expect.any(String));
  });

  it('finds IU by 아이유 and BTS by 방탄소년단 and by the typo BTSS', async () => {
    const search = async (query: string) => {
      const res = await gql(
        url,
        'query($q: String) { events(query: $q, first: 5) { edges { node { title artists { name } } } } }',
        {
          q: query,
        },
      );
      expect(res.errors).toBeUndefined();
      return res.data!.events.edges.map(
        (e: { node: { title: string; artists: { name: string }[] } }) => e.node,
      );
    };
    const mentions = (nodes: { title: string; artists: { name: string }[] }[], name: RegExp) =>
      nodes.length > 0 && name.test(`${nodes[0]!.title} ${nodes[0]!.artists.map((a) => a.name).join(' ')}`);
    expect(mentions(await search('아이유'), /IU|아이유/)).toBe(true);
    expect(mentions(await search('방탄소년단'), /BTS|방탄소년단/)).toBe(true);
    expect(mentions(await search('BTSS'), /BTS|방탄소년단/)).toBe(true);
  });

  it('resolves venues and artists with a bounded number of SQL statements whatever the page size', async () => {
    const query =
      'query($n: Int) { events(first: $n) { edges { node { title venue { name city } artists { name } } } } }';
    const statementsFor = async (n: number) => {
      const before = stack.catalog.orm.statements;
      const res = await gql(url, query, { n });
      expect(res.errors).toBeUndefined();
      expect(res.data!.events.edges).toHaveLength(n);
      return stack.catalog.orm.statements - before;
    };
    const small = await statementsFor(2);
    const large = await statementsFor(20);
    expect(large).toBe(small);
    expect(large).toBeLessThanOrEqual(4);
  });
});

describe('accounts through the router', () => {
  it('signs in, reads me with the access token, refreshes', async () => {
    const login = await gql(
      url,
      'mutation { logIn(input: { email: "buyer@example.com", password: "correct-horse-9" }) { accessToken refreshToken } }',
    );
    expect(login.errors).toBeUndefined();
    const me = await gql(url, ME, undefined, bearer(login.data!.logIn.accessToken));
    expect(me.data!.me).toEqual({ id: buyerId, email: 'buyer@example.com', role: 'USER' });
    const refreshed = await gql(
      url,
      'mutation($t: String!) { refreshSession(refreshToken: $t) { accessToken refreshToken } }',
      {
        t: login.data!.logIn.refreshToken,
      },
    );
    expect(refreshed.errors).toBeUndefined();
    expect(refreshed.data!.refreshSession.refreshToken).not.toBe(login.data!.logIn.refreshToken);
    const anonymous = await gql(url, ME);
    expect(anonymous.data!.me).toBeNull();
  });

  it('wrong password and unknown email give the same UNAUTHENTICATED answer', async () => {
    const wrong = await gql(
      url,
      'mutation { logIn(input: { email: "buyer@example.com", password: "nope-nope-1" }) { accessToken } }',
    );
    const unknown = await gql(
      url,
      'mutation { logIn(input: { email: "nobody@example.com", password: "nope-nope-1" }) { accessToken } }',
    );
    expect(wrong.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(unknown.errors?.[0]).toEqual(wrong.errors?.[0]);
  });

  it('refuses a duplicate email with CONFLICT and a weak password with BAD_USER_INPUT', async () => {
    const signUp = 'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken } }';
    const dup = await gql(url, signUp, {
      input: { email: 'BUYER@example.com', password: 'another-pass-1', name: 'x' },
    });
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const weak = await gql(url, signUp, {
      input: { email: 'weak@example.com', password: 'short', name: 'x' },
    });
    expect(weak.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
  });
});

describe('tokens the router refuses (401 UNAUTHENTICATED, never anonymous)', () => {
  const header = (value: string) => ({ authorization: value });
  const cases: [string, () => Record<string, string>][] = [
    ['garbage', () => header('Bearer not-a-jwt')],
    [
      'expired',
      () => bearer(mint({ sub: buyerId, iat: Math.floor(Date.now() / 1000) - 3600 }, { expiresIn: 60 })),
    ],
    [
      'tampered (role raised to ADMIN after signing)',
      () => {
        const [h, p, s] = buyerToken.split('.');
        const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
        return bearer(
          `${h}.${Buffer.from(JSON.stringify({ ...claims, role: 'ADMIN' })).toString('base64url')}.${s}`,
        );
      },
    ],
    [
      'alg: none',
      () => {
        const claims = JSON.parse(Buffer.from(buyerToken.split('.')[1]!, 'base64url').toString());
        const enc = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
        return bearer(`${enc({ alg: 'none', typ: 'JWT', kid })}.${enc({ ...claims, role: 'ADMIN' })}.`);
      },
    ],
    [
      'signed by another key',
      () =>
        bearer(
          jwt.sign(
            { sub: buyerId, role: 'ADMIN' },
            generateKeyPairSync('rsa', { modulusLength: 2048 })
              .privateKey.export({ type: 'pkcs8', format: 'pem' })
              .toString(),
            { algorithm: 'RS256', keyid: kid, issuer: 'tiketi-auth', audience: 'tiketi', expiresIn: 300 },
          ),
        ),
    ],
  ];
  it.each(cases)('%s', async (_name, headers) => {
    const res = await gql(url, ME, undefined, headers());
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('the same claims, properly signed, are accepted (the refusals above are about the token, not the claims)', async () => {
    const res = await gql(url, ME, undefined, bearer(mint({ sub: buyerId })));
    expect(res.status).toBe(200);
    expect(res.data!.me.id).toBe(buyerId);
  });
});

describe('bad requests', () => {
  it('malformed GraphQL is GRAPHQL_PARSE_FAILED (400)', async () => {
    const res = await gql(url, '{ events(first: 5) { edges { node { title }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('an unknown field is GRAPHQL_VALIDATION_FAILED (400)', async () => {
    const res = await gql(url, '{ events(first: 1) { edges { node { ticketPrice } } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('too many aliases are refused with 400 before any subgraph works (depth is covered in router/test)', async () => {
    const before = stack.catalog.orm.statements;
    const aliases = Array.from({ length: 40 }, (_, i) => `e${i}: events(first: 100) { totalCount }`).join(
      ' ',
    );
    const res = await gql(url, `{ ${aliases} }`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(stack.catalog.orm.statements).toBe(before);
  });

  it('an oversized body is refused with 413', async () => {
    const res = await gql(url, `{ events(query: "${'x'.repeat(200_000)}") { totalCount } }`);
    expect(res.status).toBe(413);
  });
});

describe('authorization', () => {
  const createVenue = 'mutation($input: CreateVenueInput!) { createVenue(input: $input) { id name city } }';
  const input = { name: '테스트홀', city: 'Seoul' };

  it('an admin may create a venue', async () => {
    const res = await gql(url, createVenue, { input }, bearer(adminToken));
    expect(res.errors).toBeUndefined();
    expect(res.data!.createVenue).toMatchObject(input);
  });

  it('a buyer calling an admin mutation gets FORBIDDEN, an anonymous caller UNAUTHENTICATED', async () => {
    const buyer = await gql(url, createVenue, { input }, bearer(buyerToken));
    expect(buyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(buyer.data).toBeNull();
    const anonymous = await gql(url, createVenue, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('a direct call to a subgraph without router credentials is refused, even with a valid access token', async () => {
    for (const subgraph of [stack.auth.url, stack.catalog.url]) {
      const res = await gql(subgraph, ME, undefined, bearer(adminToken));
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    // The same request with router credentials goes through: the refusal is about the credentials.
    const ok = await gql(stack.catalog.url, '{ __typename }', undefined, asRouter(null));
    expect(ok.status).toBe(200);
  });
});
