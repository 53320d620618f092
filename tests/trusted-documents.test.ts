import { readFileSync } from 'node:fs';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import {
  bootstrap as bootstrapRouter,
  loadConfig as loadRouterConfig,
  type RunningRouter,
} from '@tiketi/router';
import { createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { bearer, hold, type Seat, seatEvent, tokenMinter, until } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Trusted documents and GraphQL over HTTP (issue 18), through real routers over real auth and catalog: a
 * production router runs only the apps' registered documents for first-party callers (by id or by their exact
 * text), partners keep arbitrary documents under the limits, and request errors answer 200 with
 * `application/json` and 4xx with `application/graphql-response+json`.
 */
const tokens = tokenMinter();
const admin = bearer(tokens.admin());
const web = JSON.parse(
  readFileSync(new URL('../web/src/__generated__/persisted-documents.json', import.meta.url), 'utf8'),
) as Record<string, string>;
const idOf = (operation: string) => {
  const found = Object.entries(web).find(([, text]) =>
    new RegExp(`(?:^|\\} )(?:query|subscription) ${operation}\\b`).test(text),
  );
  if (!found) throw new Error(`no ${operation} in the web manifest`);
  return found;
};
const [HOME_ID, HOME_TEXT] = idOf('HomeQuery');
const [SEAT_CHANGED_ID] = idOf('SeatChanged');
const UNREGISTERED = '{ categories }';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

let stack: Stack;
let production: RunningRouter;
let partnerKey: Record<string, string>;
let seats: Seat[];

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: GRAPHQL_RESPONSE, ...headers },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  stack = await startStack({
    seating: 1,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem }, router: { API_KEY_CACHE_MS: '0' } },
  });
  await seedCatalog(stack.catalog.orm);
  seats = await seatEvent(stack, SEED_IDS.events.iuHereh, tokens.admin());
  production = await bootstrapRouter(
    loadRouterConfig(
      // Production logs in to Redis as the router's own ACL user (issue 15).
      stack.infra.serviceEnv('router', {
        TIKETI_ENV: 'production',
        AUTH_JWKS_URL: stack.auth.jwksUrl,
        API_KEY_CACHE_MS: '0',
        GRAPHQL_MAX_DEPTH: '4',
      }),
    ),
    { subgraphUrls: { auth: stack.auth.url, catalog: stack.catalog.url, seating: stack.seating[0]!.url } },
  );
  const created = await gql(
    stack.routerUrl,
    'mutation { createApiKey(input: { name: "trusted-documents", scopes: [EVENTS_READ] }) { secret } }',
    undefined,
    admin,
  );
  expect(created.errors).toBeUndefined();
  partnerKey = { 'x-api-key': created.data!.createApiKey.secret as string };
});
afterAll(async () => {
  await production?.stop();
  await stack?.stop();
});

describe('trusted documents in production', () => {
  it('refuses an unregistered document from a first-party client with DOCUMENT_NOT_REGISTERED', async () => {
    for (const headers of [{}, admin]) {
      const res = await post(production.url, { query: UNREGISTERED }, headers);
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
      const body = await res.json();
      expect(body.data).toBeUndefined();
      expect(body.errors[0].extensions.code).toBe('DOCUMENT_NOT_REGISTERED');
    }
    // The same refusal for application/json is a 200 with `errors` (GraphQL over HTTP).
    const json = await post(production.url, { query: UNREGISTERED }, { accept: 'application/json' });
    expect(json.status).toBe(200);
    expect((await json.json()).errors[0].extensions.code).toBe('DOCUMENT_NOT_REGISTERED');
  });

  it('runs a registered document by documentId, by APQ hash and by its exact text', async () => {
    const hex = HOME_ID.slice('sha256:'.length);
    for (const body of [
      { documentId: HOME_ID },
      { extensions: { persistedQuery: { version: 1, sha256Hash: hex } } },
      { extensions: { persistedQuery: { version: 1, sha256Hash: HOME_ID } } },
      { query: HOME_TEXT },
    ]) {
      const res = await post(production.url, body);
      const result = await res.json();
      expect(res.status, JSON.stringify(body)).toBe(200);
      expect(result.errors, JSON.stringify(body)).toBeUndefined();
      expect(result.data.categories.length).toBeGreaterThan(0);
    }
    // A GET carries the id in the query string.
    const get = await fetch(`${production.url}?documentId=${encodeURIComponent(HOME_ID)}`, {
      headers: { 'apollo-require-preflight': 'true', accept: GRAPHQL_RESPONSE },
    });
    expect(get.status).toBe(200);
    expect((await get.json()).data.categories.length).toBeGreaterThan(0);
  });

  it('answers an unknown id with PERSISTED_QUERY_NOT_FOUND', async () => {
    const res = await post(production.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets partners send arbitrary documents, under the limits', async () => {
    const res = await gql(production.url, UNREGISTERED, undefined, partnerKey);
    expect(res.status).toBe(200);
    expect(res.data?.categories.length).toBeGreaterThan(0);
    const deep = await gql(
      production.url,
      '{ events(first: 1) { edges { node { venue { name } } } } }',
      undefined,
      partnerKey,
    );
    expect(deep.status).toBe(400);
    expect(deep.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses an unregistered subscription and accepts a registered one by id over graphql-ws', async () => {
    const client = createClient({
      url: production.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
    });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe(
          { query: 'subscription { seatChanged(eventId: "1") { version } }' },
          { next: () => {}, error: resolve, complete: () => resolve(null) },
        );
      });
      expect((errors as { extensions?: { code?: string } }[])[0]?.extensions?.code).toBe(
        'DOCUMENT_NOT_REGISTERED',
      );

      // The web app's seat map subscription, by id (graphql-ws requires a `query` string: empty).
      const changed: string[] = [];
      const failures: unknown[] = [];
      const stop = client.subscribe<{ seatChanged: { seats: { id: string; status: string }[] } }>(
        {
          query: '',
          extensions: { persistedQuery: { version: 1, sha256Hash: SEAT_CHANGED_ID } },
          variables: { eventId: SEED_IDS.events.iuHereh },
        },
        {
          next: (result) => {
            if (result.errors) failures.push(result.errors);
            for (const seat of result.data?.seatChanged.seats ?? [])
              changed.push(`${seat.id} ${seat.status}`);
          },
          error: (error) => failures.push(error),
          complete: () => {},
        },
      );
      // The router's upstream subscription to seating settles just after the subscribe.
      await new Promise((r) => setTimeout(r, 500));
      await hold(stack.routerUrl, tokens.buyer(), SEED_IDS.events.iuHereh, [seats[0]!.id]);
      await until(async () => changed.includes(`${seats[0]!.id} HELD`), 10_000, 'the seat change');
      expect(failures).toEqual([]);
      stop();
    } finally {
      await client.dispose();
    }
  });
});

describe('development', () => {
  it('runs arbitrary documents and registered ids alike', async () => {
    const text = await post(stack.routerUrl, { query: UNREGISTERED });
    expect((await text.json()).data.categories.length).toBeGreaterThan(0);
    const id = await post(stack.routerUrl, { documentId: HOME_ID });
    expect((await id.json()).data.categories.length).toBeGreaterThan(0);
  });
});

describe('GraphQL over HTTP status codes', () => {
  const cases: [string, unknown, string][] = [
    ['parse', { query: '{ categories' }, 'GRAPHQL_PARSE_FAILED'],
    ['validation', { query: '{ categoriez }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'variable coercion',
      { query: 'query($n: Int!) { events(first: $n) { edges { node { id } } } }', variables: { n: 'ten' } },
      'BAD_USER_INPUT',
    ],
  ];

  it.each(cases)('a %s error answers 200 with errors for application/json', async (_kind, body, code) => {
    for (const accept of ['application/json', 'application/json, */*;q=0.5', '*/*']) {
      const res = await post(stack.routerUrl, body, { accept });
      expect(res.status, accept).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const result = await res.json();
      expect(result.data).toBeUndefined();
      expect(result.errors[0].extensions.code).toBe(code);
    }
  });

  it.each(cases)(
    'a %s error answers 400 for application/graphql-response+json',
    async (_kind, body, code) => {
      for (const accept of [GRAPHQL_RESPONSE, `${GRAPHQL_RESPONSE}, application/json;q=0.9`]) {
        const res = await post(stack.routerUrl, body, { accept });
        expect(res.status, accept).toBe(400);
        expect(res.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
        expect((await res.json()).errors[0].extensions.code).toBe(code);
      }
    },
  );

  it('a request that is not well-formed GraphQL over HTTP keeps its 4xx with either', async () => {
    for (const accept of ['application/json', GRAPHQL_RESPONSE]) {
      const malformed = await fetch(stack.routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept },
        body: '{"query": ',
      });
      expect(malformed.status, accept).toBe(400);
      const noQuery = await post(stack.routerUrl, { variables: {} }, { accept });
      expect(noQuery.status, accept).toBe(400);
      expect((await noQuery.json()).errors[0].extensions.code).toBe('BAD_REQUEST');
    }
  });
});
