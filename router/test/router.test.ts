import { randomUUID } from 'node:crypto';
import { propagation } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '@tiketi/kit/identity';
import { asRouter, gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, type Harness, startHarness } from './support/harness.ts';
import { signAccessToken } from './support/jwks.ts';
import { UNREACHABLE_URL } from './support/subgraphs.ts';

let h: Harness;
beforeAll(async () => {
  // What the kit's telemetry register does in a real process (NodeSDK registers the W3C propagator).
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  h = await startHarness();
});
afterAll(async () => {
  await h?.stop();
  propagation.disable();
});

/** `{ nested { child { … { value } } } }` with exactly `depth` levels of fields. */
const nestedQuery = (depth: number) =>
  `{ nested { ${'child { '.repeat(depth - 2)}value${' }'.repeat(depth - 2)} } }`;

const post = (body: string, headers: Record<string, string>) =>
  fetch(h.router.url, { method: 'POST', headers, body });

describe('queries through the router', () => {
  it('joins entities across both subgraphs for an anonymous caller', async () => {
    const res = await gql(h.router.url, '{ shows { title owner { name shows { id } } } }');
    expect(res.status).toBe(200);
    expect(res.errors).toBeUndefined();
    expect(res.data?.shows).toEqual([
      { title: 'IU HEREH World Tour', owner: { name: 'Jisoo', shows: [{ id: 's1' }] } },
      { title: 'Les Misérables', owner: { name: 'Minho', shows: [{ id: 's2' }] } },
    ]);
  });

  it('tells subgraphs the caller is anonymous and where the request came from', async () => {
    const res = await gql(h.router.url, '{ whoami { userId role clientIp } }');
    expect(res.data?.whoami).toEqual({ userId: null, role: null, clientIp: '127.0.0.1' });
  });

  it('ignores X-Forwarded-For by default, so a client cannot choose its rate-limit identity', async () => {
    const res = await gql(h.router.url, '{ whoami { clientIp } }', undefined, {
      'x-forwarded-for': '203.0.113.9',
    });
    expect(res.data?.whoami).toEqual({ clientIp: '127.0.0.1' });
  });

  it('passes subgraph errors through with their code, without naming the subgraph', async () => {
    const res = await gql(h.router.url, '{ missing }');
    expect(res.status).toBe(200);
    expect(res.errors).toEqual([
      { message: 'The show was not found.', path: ['missing'], extensions: { code: 'NOT_FOUND' } },
    ]);
  });

  it('shows an internal subgraph failure as a generic error', async () => {
    const res = await gql(h.router.url, '{ broken hello }');
    expect(res.data).toEqual({ broken: null, hello: 'world' });
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(res)).not.toMatch(/secret_table|relation/);
  });

  it('answers a generic error when a subgraph is down, without its address', async () => {
    const router = await h.startRouter({ AUTH_SUBGRAPH_URL: UNREACHABLE_URL });
    const res = await gql(router.url, '{ hello }');
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(res)).not.toContain('127.0.0.1:9');
  });

  it('does not blame the client when subgraphs refuse the router (wrong ROUTER_SECRET)', async () => {
    const router = await h.startRouter({ ROUTER_SECRET: 'another-router-secret-0123456789abcdef0123' });
    const res = await gql(router.url, '{ hello }');
    expect(res.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    expect(JSON.stringify(res)).not.toContain(h.subgraphs.accounts.url);
  });
});

describe('request hardening', () => {
  it('refuses malformed GraphQL with 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await gql(h.router.url, '{ hello');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses an unknown field with 400 GRAPHQL_VALIDATION_FAILED (suggestions outside production)', async () => {
    const res = await gql(h.router.url, '{ helo }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toContain('Did you mean "hello"?');
  });

  it('allows introspection outside production', async () => {
    const res = await gql(h.router.url, '{ __schema { queryType { name } } }');
    expect(res.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('allows depth 10 and refuses depth 11', async () => {
    const ok = await gql(h.router.url, nestedQuery(10));
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
    const res = await gql(h.router.url, nestedQuery(11));
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/depth limit of 10/);
  });

  it('allows 15 aliases and refuses 16', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: hello`).join(' ')} }`;
    const ok = await gql(h.router.url, aliases(15));
    expect(ok.status).toBe(200);
    expect(ok.data?.a14).toBe('world');
    const res = await gql(h.router.url, aliases(16));
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/[Aa]liases limit of 15/);
  });

  it('refuses more than 10 directives', async () => {
    const res = await gql(h.router.url, `{ hello ${'@include(if: true) '.repeat(11)}}`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/[Dd]irectives limit of 10/);
  });

  it('stops parsing a document of more than 2000 tokens', async () => {
    const res = await gql(h.router.url, `{ ${'__typename '.repeat(2000)}}`);
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('refuses an operation over the cost limit', async () => {
    const router = await h.startRouter({ GRAPHQL_MAX_COST: '20' });
    const cheap = await gql(router.url, '{ hello }');
    expect(cheap.data).toEqual({ hello: 'world' });
    const res = await gql(router.url, '{ shows { id title owner { id name shows { id title } } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/[Cc]ost limit of 20/);
  });

  it('refuses a body over MAX_BODY_BYTES with 413 in the GraphQL error shape', async () => {
    const query = `{ hello } # ${'x'.repeat(150 * 1024)}`;
    const res = await post(JSON.stringify({ query }), { 'content-type': 'application/json' });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [{ message: 'The request body is too large.', extensions: { code: 'BAD_REQUEST' } }],
    });
  });

  it('lets a signed-in admin send up to ADMIN_MAX_BODY_BYTES (seat layouts), nobody else', async () => {
    const query = `{ whoami { role } } # ${'x'.repeat(300 * 1024)}`;
    const body = JSON.stringify({ query });
    const as = (role: 'USER' | 'ADMIN') => ({
      'content-type': 'application/json',
      authorization: `Bearer ${signAccessToken(h.key, { sub: randomUUID(), role })}`,
    });
    const admin = await post(body, as('ADMIN'));
    expect(admin.status).toBe(200);
    expect(await admin.json()).toEqual({ data: { whoami: { role: 'ADMIN' } } });
    expect((await post(body, as('USER'))).status).toBe(413);
    const tooLarge = JSON.stringify({ query: `${query}${'x'.repeat(1024 * 1024)}` });
    expect((await post(tooLarge, as('ADMIN'))).status).toBe(413);
  });

  it('refuses a body that is not JSON with 400 BAD_REQUEST', async () => {
    const res = await post('{"query": ', { 'content-type': 'application/json' });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
  });

  it('refuses a body in another charset or content encoding with 415, and runs one with a quoted UTF-8 charset', async () => {
    const body = JSON.stringify({ query: '{ hello }' });
    const refused: Record<string, string>[] = [
      { 'content-type': 'application/json; charset=latin1' },
      { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    ];
    for (const headers of refused) {
      const res = await post(body, headers);
      expect(res.status, JSON.stringify(headers)).toBe(415);
      expect(await res.json()).toEqual({
        errors: [{ message: 'Send the request body as UTF-8 JSON.', extensions: { code: 'BAD_REQUEST' } }],
      });
    }
    const quoted = await post(body, { 'content-type': 'application/json; charset="UTF-8"' });
    expect(quoted.status).toBe(200);
  });

  it('refuses batched operations', async () => {
    const res = await post(JSON.stringify([{ query: '{ hello }' }, { query: '{ hello }' }]), {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(400);
  });
});

describe('browsers', () => {
  const preflight = (origin: string) =>
    fetch(h.router.url, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });

  it('allows a preflight from the web app with credentials and the Authorization header', async () => {
    const res = await preflight('http://localhost:3000');
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/content-type/);
  });

  it('does not allow a preflight from an unknown origin', async () => {
    const res = await preflight('https://evil.example');
    // Without Access-Control-Allow-Origin the browser refuses the actual request.
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const actual = await post(JSON.stringify({ query: '{ hello }' }), {
      origin: 'https://evil.example',
      'content-type': 'application/json',
    });
    expect(actual.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the web app read a 401 (CORS headers on refusals too)', async () => {
    const res = await post(JSON.stringify({ query: '{ hello }' }), {
      origin: 'http://localhost:3001',
      'content-type': 'application/json',
      authorization: 'Bearer nonsense',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
  });

  it('refuses a cross-site GET mutation without a preflight-forcing header (CSRF)', async () => {
    const before = h.subgraphs.likes;
    const res = await fetch(`${h.router.url}?query=${encodeURIComponent('mutation { like }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/Cross-Site Request Forgery/);
    expect(h.subgraphs.likes).toBe(before);
  });

  it('refuses a text/plain POST mutation (CSRF), while a JSON POST runs it', async () => {
    const before = h.subgraphs.likes;
    const body = JSON.stringify({ query: 'mutation { like }' });
    const refused = await post(body, { 'content-type': 'text/plain' });
    expect(refused.status).toBe(400);
    expect(h.subgraphs.likes).toBe(before);
    const ok = await post(body, { 'content-type': 'application/json' });
    expect(ok.status).toBe(200);
    expect(h.subgraphs.likes).toBe(before + 1);
  });

  it('serves a GET query that carries apollo-require-preflight', async () => {
    const res = await fetch(`${h.router.url}?query=${encodeURIComponent('{ hello }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ data: { hello: 'world' } });
  });
});

describe('operations', () => {
  it('answers /health', async () => {
    const res = await fetch(`${baseUrl(h.router)}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok' });
  });

  it('is ready with the supergraph loaded and Redis reachable', async () => {
    const res = await fetch(`${baseUrl(h.router)}/ready`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ready', supergraph: true, redis: true });
  });

  it('exposes Prometheus metrics, operations included (names no app ships as "other")', async () => {
    await gql(h.router.url, 'query HomeQuery { hello }');
    await gql(h.router.url, 'query MetricsProbe { hello }');
    const res = await fetch(`${baseUrl(h.router)}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="HomeQuery"/);
    expect(text).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="other"/);
    expect(text).not.toContain('MetricsProbe');
    expect(text).toContain('service="router"');
  });

  it('continues the caller’s trace in the subgraphs (W3C traceparent)', async () => {
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const res = await gql(h.router.url, '{ traceparent }', undefined, {
      traceparent: `00-${traceId}-00f067aa0ba902b7-01`,
    });
    expect(res.data?.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
  });

  it('starts no trace of its own for a caller without one (no span is active without the SDK)', async () => {
    const res = await gql(h.router.url, '{ traceparent }');
    expect(res.data).toEqual({ traceparent: null });
  });
});

describe('subgraphs called directly', () => {
  it('refuse a request without router credentials', async () => {
    const res = await gql(h.subgraphs.accounts.url, '{ hello }');
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuse an assertion signed with another secret', async () => {
    const forged = signRouterAssertion('an-attackers-secret-0123456789abcdef012345', {
      identity: { userId: 'u1', role: 'ADMIN' },
      clientIp: '127.0.0.1',
    });
    const res = await gql(h.subgraphs.accounts.url, '{ whoami { role } }', undefined, {
      [ROUTER_ASSERTION_HEADER]: forged,
    });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('accept the router’s own assertion', async () => {
    const res = await gql(h.subgraphs.accounts.url, '{ whoami { role } }', undefined, {
      ...asRouter({ userId: 'u1', role: 'ADMIN' }),
    });
    expect(res.data).toEqual({ whoami: { role: 'ADMIN' } });
  });
});
