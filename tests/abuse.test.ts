import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { seedUser } from '@tiketi/auth';
import { listenHost, ROUTER_ASSERTION_HEADER } from '@tiketi/kit';
import { type GraphQLResponse, gql, TEST_ROUTER_SECRET } from '@tiketi/kit/testing';
import { bootstrap as bootstrapRouter, loadConfig as loadRouterConfig } from '@tiketi/router';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The holes issue 16 found by attacking the running platform, each closed and checked through the real router
 * in front of the real subgraphs (real Postgres, real Redis, real HTTP).
 */

let stack: Stack;
let url: string;
let adminToken: string;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

const metricsOf = async (graphqlUrl: string) =>
  (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Omit<GraphQLResponse, 'status'> };
}

beforeAll(async () => {
  stack = await startStack({ routers: 2 });
  url = stack.routerUrl;
  await seedUser(stack.auth.orm, { email: 'admin@example.com', password: 'admin-pass-123', role: 'ADMIN' });
  const admin = await gql(
    url,
    'mutation { logIn(input: { email: "admin@example.com", password: "admin-pass-123" }) { accessToken } }',
  );
  adminToken = admin.data!.logIn.accessToken;
});

afterAll(async () => {
  await stack?.stop();
});

describe('1. metrics labels are bounded', () => {
  it('labels a made-up operationName as "other" in the router and the subgraphs, a known one as itself', async () => {
    const routerBefore = (await metricsOf(url)).length;
    for (let i = 0; i < 10; i++) {
      const name = `Bot${i}${'x'.repeat(1000)}`;
      const res = await post({
        query: `query ${name} { events(first: 1) { edges { node { id } } } }`,
        operationName: name,
      });
      expect(res.body.errors).toBeUndefined();
    }
    const known = await post({
      query: 'query HomeQuery { events(first: 1) { edges { node { id venue { name } } } } }',
      operationName: 'HomeQuery',
    });
    expect(known.body.errors).toBeUndefined();

    const router = await metricsOf(url);
    const catalog = await metricsOf(stack.catalog.url);
    for (const text of [router, catalog]) {
      expect(text).not.toContain('xxxxxxxxxx');
      expect(text).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="other"/);
    }
    expect(router).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="HomeQuery"/);
    // The router named its fetch HomeQuery__catalog__0: catalog labels it by the client's known operation.
    expect(catalog).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="HomeQuery"/);
    // Ten 1,000-character names grew the router's /metrics by 145 KB before; now by a few series at most.
    expect(router.length - routerBefore).toBeLessThan(8_000);
  });
});

describe('4. lists are counted by their size', () => {
  const costRefusal = (res: Awaited<ReturnType<typeof post>>) => {
    // A request error: 200 under `application/json`, 400 under `application/graphql-response+json`.
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.body.errors?.[0]?.message).toMatch(/^Cost limit of \d+ exceeded.*fewer seat maps/);
  };

  it('fifteen aliases of a seat map are refused before anything runs', async () => {
    const aliases = Array.from({ length: 15 }, (_, i) => `m${i}: seatMap { seats { id status } }`);
    costRefusal(await post({ query: `{ event(id: "1") { id ${aliases.join(' ')} } }` }));
    // So are fifteen packed maps (what the buyer's page reads, one value standing for every seat).
    const packed = Array.from({ length: 15 }, (_, i) => `m${i}: seatMap { statusCodes layout { seats } }`);
    costRefusal(await post({ query: `{ event(id: "1") { id ${packed.join(' ')} } }` }));
  });

  it('events(first: 100) with seat maps is refused; a page of event cards is not', async () => {
    costRefusal(
      await post({
        query: '{ events(first: 100) { edges { node { id seatMap { seats { id status } } } } } }',
      }),
    );
    costRefusal(
      await post({
        query: 'query($n: Int) { events(first: $n) { edges { node { seatMap { statusCodes } } } } }',
        variables: { n: 100 },
      }),
    );
    const cards = await post({
      query: '{ events(first: 100) { edges { node { id title artists { name } venue { name } } } } }',
    });
    expect(cards.status).toBe(200);
    expect(cards.body.errors).toBeUndefined();
  });
});

describe('4. anonymous and signed-in callers are rate limited at the router', () => {
  it('counts one address across two routers on one Redis: 429 RATE_LIMITED with Retry-After; a signed-in buyer behind it is counted apart', async () => {
    // Behind a proxy that names the client (TRUST_PROXY), with a low limit for the test.
    const env = {
      AUTH_JWKS_URL: stack.auth.jwksUrl,
      TRUST_PROXY: 'loopback',
      RATE_LIMIT_PER_IP: '5',
      RATE_LIMIT_PER_USER: '3',
      RATE_LIMIT_WINDOW_SECONDS: '30',
    };
    const routers = await Promise.all(
      [0, 1].map(() =>
        bootstrapRouter(loadRouterConfig(stack.infra.serviceEnv('router', env)), {
          subgraphUrls: { auth: stack.auth.url, catalog: stack.catalog.url },
        }),
      ),
    );
    try {
      const client = { 'x-forwarded-for': '198.51.100.23' };
      const events = '{ events(first: 1) { edges { node { id } } } }';
      for (let i = 0; i < 5; i++)
        expect((await gql(routers[i % 2]!.url, events, undefined, client)).status).toBe(200);
      const res = await fetch(routers[1]!.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...client },
        body: JSON.stringify({ query: events }),
      });
      expect(res.status).toBe(429);
      const retryAfter = Number(res.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(30);
      expect(await res.json()).toEqual({
        errors: [
          {
            message: expect.stringMatching(/^Too many requests from your network address/),
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retryAfter },
          },
        ],
      });
      // The admin behind the same address is a user of their own, limited apart.
      const me = '{ me { id } }';
      const admin = { ...client, ...bearer(adminToken) };
      for (let i = 0; i < 3; i++)
        expect((await gql(routers[i % 2]!.url, me, undefined, admin)).status).toBe(200);
      const limited = await gql(routers[0]!.url, me, undefined, admin);
      expect(limited.status).toBe(429);
      expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    } finally {
      await Promise.all(routers.map((r) => r.stop()));
    }
  });
});

describe('5. development services listen on the loopback interface only', () => {
  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  const reach = (host: string, port: number) =>
    new Promise<'connected' | string>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
  const portOf = (u: string) => Number(new URL(u).port);

  it.skipIf(!lanAddress)(
    "the router and a subgraph refuse connections on the machine's network address",
    async () => {
      for (const port of [portOf(url), portOf(stack.catalog.url), portOf(stack.auth.url)]) {
        expect(await reach('127.0.0.1', port)).toBe('connected');
        expect(await reach(lanAddress!, port)).toBe('ECONNREFUSED');
      }
    },
  );

  it('HOST chooses the interface; production listens on every interface unless told otherwise', () => {
    expect(listenHost('development', undefined)).toBe('127.0.0.1');
    expect(listenHost('test', undefined)).toBe('127.0.0.1');
    expect(listenHost('development', '0.0.0.0')).toBe('0.0.0.0');
    expect(listenHost('production', undefined)).toBeUndefined();
    expect(listenHost('production', '10.0.0.5')).toBe('10.0.0.5');
  });
});

describe('6. smaller holes', () => {
  const EVENTS = 'query($q: String) { events(query: $q, first: 1) { edges { node { id } } } }';

  it("logOut ends the session's access tokens at every router, and only that session's", async () => {
    const signedUp = await gql(
      url,
      'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken refreshToken user { id } } }',
      { i: { email: 'leaver@example.com', password: 'correct-horse-9', name: 'Leaver' } },
    );
    const { accessToken, refreshToken } = signedUp.data!.signUp;
    const other = await gql(
      url,
      'mutation { logIn(input: { email: "leaver@example.com", password: "correct-horse-9" }) { accessToken } }',
    );
    const ME = '{ me { id } }';
    for (const router of stack.routers) {
      expect((await gql(router.url, ME, undefined, bearer(accessToken))).data?.me?.id).toBe(
        signedUp.data!.signUp.user.id,
      );
    }
    const out = await gql(url, 'mutation($t: String!) { logOut(refreshToken: $t) }', { t: refreshToken });
    expect(out.data?.logOut).toBe(true);
    // Routers remember a live session for a second at most.
    await new Promise((r) => setTimeout(r, 1_100));
    for (const router of stack.routers) {
      const after = await gql(router.url, ME, undefined, bearer(accessToken));
      expect(after.status).toBe(401);
      expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect(after.errors?.[0]?.message).toMatch(/ended/);
    }
    // The same account's other session goes on.
    const still = await gql(url, ME, undefined, bearer(other.data!.logIn.accessToken));
    expect(still.data?.me?.id).toBe(signedUp.data!.signUp.user.id);
  });

  it('a subgraph refuses a router assertion without exp', async () => {
    const call = (assertion: string) =>
      gql(stack.catalog.url, '{ __typename }', undefined, { [ROUTER_ASSERTION_HEADER]: assertion });
    const sign = (options: jwt.SignOptions) =>
      jwt.sign({ anon: true, ip: '127.0.0.1' }, TEST_ROUTER_SECRET, {
        algorithm: 'HS256',
        audience: 'tiketi-subgraph',
        issuer: 'tiketi-router',
        ...options,
      });
    expect((await call(sign({ expiresIn: 60 }))).status).toBe(200);
    const forever = await call(sign({}));
    expect(forever.status).toBe(401);
    expect(forever.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('NUL characters are BAD_USER_INPUT, in variables and in literals', async () => {
    const inVariable = await gql(url, EVENTS, { q: 'a\u0000b' });
    const inLiteral = await gql(url, '{ events(query: "a\\u0000b", first: 1) { edges { node { id } } } }');
    const inSignUp = await gql(url, 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }', {
      i: { email: 'nul@example.com', password: 'correct-horse-9', name: 'a\u0000' },
    });
    for (const res of [inVariable, inLiteral, inSignUp]) {
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.message).toMatch(/NUL/);
    }
  });

  it('invalid DateTime and Date values are BAD_USER_INPUT, in variables and in literals', async () => {
    const byVariable =
      'query($f: DateTime) { events(filter: { from: $f }, first: 1) { edges { node { id } } } }';
    for (const f of ['garbage', '2026-02-30T10:00:00Z', '2026-12-24T25:00:00Z', '2026-12-24']) {
      const res = await gql(url, byVariable, { f });
      expect(res.errors?.[0]?.extensions?.code, f).toBe('BAD_USER_INPUT');
    }
    const literal = await gql(
      url,
      '{ events(filter: { from: "garbage" }, first: 1) { edges { node { id } } } }',
    );
    expect(literal.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const day = await gql(
      url,
      'query($from: Date!) { event(id: "1") { dailySales(from: $from, to: "2026-12-31") { date } } }',
      { from: '2026-02-30' },
      bearer(adminToken),
    );
    expect(day.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const good = await gql(url, byVariable, { f: '2026-12-24T19:00:00+09:00' });
    expect(good.errors).toBeUndefined();
  });

  it('a partner key with every scope cannot read Event.dailySales or the admin-only QueueStatus fields', async () => {
    const created = await gql(
      url,
      'mutation { createApiKey(input: { name: "abuse", scopes: [EVENTS_READ, AVAILABILITY_READ, NEWS_READ] }) { secret } }',
      undefined,
      bearer(adminToken),
    );
    const key = { 'x-api-key': created.data!.createApiKey.secret as string };
    expect(
      (await gql(url, '{ event(id: "1") { id queue { enabled paused waiting } } }', undefined, key)).status,
    ).toBe(200);
    for (const field of [
      'dailySales(from: "2026-12-01", to: "2026-12-31") { date }',
      'queue { mode }',
      'queue { capacity }',
      'queue { activeShoppers }',
    ]) {
      const res = await gql(url, `{ event(id: "1") { id ${field} } }`, undefined, key);
      expect(res.status, field).toBe(403);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('one address may hold only so many WebSockets; another address still connects', async () => {
    const router = await bootstrapRouter(
      loadRouterConfig(
        stack.infra.serviceEnv('router', {
          AUTH_JWKS_URL: stack.auth.jwksUrl,
          TRUST_PROXY: 'loopback',
          SUBSCRIPTION_MAX_SOCKETS_PER_IP: '2',
        }),
      ),
      { subgraphUrls: { auth: stack.auth.url, catalog: stack.catalog.url } },
    );
    const sockets: WebSocket[] = [];
    const open = (address: string) =>
      new Promise<number>((resolve, reject) => {
        const socket = new WebSocket(router.wsUrl, 'graphql-transport-ws', {
          headers: { 'x-forwarded-for': address },
        });
        sockets.push(socket);
        socket.once('open', () => resolve(101));
        socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.once('error', reject);
      });
    try {
      expect(await open('198.51.100.40')).toBe(101);
      expect(await open('198.51.100.40')).toBe(101);
      expect(await open('198.51.100.40')).toBe(429);
      expect(await open('198.51.100.41')).toBe(101);
    } finally {
      for (const socket of sockets) socket.terminate();
      await router.stop();
    }
  });

  it('limit errors do not quote the limits in production', async () => {
    const production = await bootstrapRouter(
      loadRouterConfig(
        // Production logs in to Redis as the router's own ACL user (issue 15).
        stack.infra.serviceEnv('router', {
          TIKETI_ENV: 'production',
          AUTH_JWKS_URL: stack.auth.jwksUrl,
          GRAPHQL_MAX_TOKENS: '300',
          GRAPHQL_MAX_DEPTH: '3',
        }),
      ),
      { subgraphUrls: { auth: stack.auth.url, catalog: stack.catalog.url } },
    );
    try {
      const deep = '{ events(first: 1) { edges { node { venue { name } } } } }';
      const aliases = `{ ${Array.from({ length: 20 }, (_, i) => `a${i}: categories`).join(' ')} }`;
      const tokens = `{ ${Array.from({ length: 200 }, (_, i) => `a${i}: __typename`).join(' ')} }`;
      // Eleven packed seat maps: over the cost limit within the depth and alias limits.
      const costly = `{ event(id: "1") { ${Array.from({ length: 11 }, (_, i) => `m${i}: seatMap { statusCodes }`).join(' ')} } }`;
      // As a partner: production runs first-party callers' registered documents only, partners' any query.
      const created = await gql(
        url,
        'mutation { createApiKey(input: { name: "limits", scopes: [EVENTS_READ] }) { secret } }',
        undefined,
        bearer(adminToken),
      );
      const key = { 'x-api-key': created.data!.createApiKey.secret as string };
      for (const query of [deep, aliases, tokens, costly]) {
        const res = await gql(production.url, query, undefined, key);
        expect(res.errors?.[0]?.message).not.toMatch(/\d/);
        expect(res.errors?.[0]?.extensions?.code).toMatch(/^GRAPHQL_(VALIDATION|PARSE)_FAILED$/);
      }
      // Development still quotes them, to help whoever writes the query.
      expect((await gql(url, aliases)).errors?.[0]?.message).toMatch(/15/);
    } finally {
      await production.stop();
    }
  });
});
