import { bootstrap as bootstrapAuth, loadConfig as loadAuthConfig } from '@tiketi/auth';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { apiKeyRedisKey, hashApiKey } from '@tiketi/kit';
import { gql } from '@tiketi/kit/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Partners read the public graph with an API key (SPEC.md "Partner integrators"): admins issue keys in auth,
 * the router checks every request's key (Redis), its rate and its scopes. Real auth, catalog, seating, router.
 */
const tokens = tokenMinter();
const admin = bearer(tokens.admin());
const CREATE = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { secret apiKey { id name prefix scopes ratePerMinute revokedAt } } }`;
const REVOKE = `mutation($id: ID!) { revokeApiKey(id: $id) { id revokedAt } }`;
const EVENTS = '{ events(first: 2) { edges { node { id title } } } }';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack({
    seating: 1,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem }, router: { API_KEY_CACHE_MS: '0' } },
  });
  await seedCatalog(stack.catalog.orm);
  await seatEvent(stack, SEED_IDS.events.iuHereh, tokens.admin());
});
afterAll(() => stack?.stop());

async function newKey(input: { name: string; scopes: string[]; ratePerMinute?: number }) {
  const res = await gql(stack.routerUrl, CREATE, { input }, admin);
  expect(res.errors).toBeUndefined();
  return res.data!.createApiKey as { secret: string; apiKey: { id: string; prefix: string } };
}

const asPartner = (secret: string, query: string, variables?: Record<string, unknown>) =>
  gql(stack.routerUrl, query, variables, { 'x-api-key': secret });

describe('partner API keys', () => {
  it('reads what its scopes cover, and nothing else', async () => {
    const { secret, apiKey } = await newKey({ name: '인터파크 연동', scopes: ['EVENTS_READ'] });
    expect(secret).toMatch(/^tk_[A-Za-z0-9_-]{43}$/);
    expect(apiKey.prefix).toBe(secret.slice(0, 10));

    const events = await asPartner(secret, EVENTS);
    expect(events.status).toBe(200);
    expect(events.data?.events.edges).toHaveLength(2);

    const refused = [
      [
        '{ news(first: 1) { edges { node { title } } } }',
        'Query.news needs an API key with the NEWS_READ scope.',
      ],
      [
        `{ event(id: "${SEED_IDS.events.iuHereh}") { title availability { available } } }`,
        'Event.availability needs an API key with the AVAILABILITY_READ scope.',
      ],
      ['{ me { id } }', 'Query.me is not part of the partner API.'],
      [
        `{ event(id: "${SEED_IDS.events.iuHereh}") { sales { revenue } } }`,
        'Event.sales is not part of the partner API.',
      ],
      [
        'mutation { logOut(refreshToken: "x") }',
        'An API key can only read (queries). Mutations and subscriptions need a signed-in user.',
      ],
    ] as const;
    for (const [query, message] of refused) {
      const res = await asPartner(secret, query);
      expect(res.status, query).toBe(403);
      expect(res.errors?.[0], query).toMatchObject({ message, extensions: { code: 'FORBIDDEN' } });
      expect(res.data ?? null).toBeNull();
    }
  });

  it('reads availability and news with those scopes', async () => {
    const { secret } = await newKey({
      name: 'wide',
      scopes: ['EVENTS_READ', 'AVAILABILITY_READ', 'NEWS_READ'],
    });
    const res = await asPartner(
      secret,
      `query($id: ID!) { event(id: $id) { title ticketTypes { code price } availability { total available } } news(first: 1) { edges { node { title } } } }`,
      { id: SEED_IDS.events.iuHereh },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data?.event.availability.total).toBeGreaterThan(0);
    expect(res.data?.event.ticketTypes.length).toBeGreaterThan(0);
  });

  it('is limited per key, across requests, with Retry-After', async () => {
    const { secret } = await newKey({ name: 'small', scopes: ['EVENTS_READ'], ratePerMinute: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await asPartner(secret, EVENTS)).status);
    expect(statuses).toEqual([200, 200, 200, 429]);
    const res = await fetch(stack.routerUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': secret },
      body: JSON.stringify({ query: EVENTS }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await res.json()).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another key is not affected.
    const other = await newKey({ name: 'other', scopes: ['EVENTS_READ'], ratePerMinute: 3 });
    expect((await asPartner(other.secret, EVENTS)).status).toBe(200);
  });

  it('stops working once revoked; unknown keys and a key with a token are refused', async () => {
    const { secret, apiKey } = await newKey({ name: 'to revoke', scopes: ['EVENTS_READ'] });
    expect((await asPartner(secret, EVENTS)).status).toBe(200);
    const revoked = await gql(stack.routerUrl, REVOKE, { id: apiKey.id }, admin);
    expect(revoked.data?.revokeApiKey.revokedAt).toBeTruthy();
    const after = await asPartner(secret, EVENTS);
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    expect((await asPartner('tk_not-a-key', EVENTS)).status).toBe(401);
    const both = await gql(stack.routerUrl, EVENTS, {}, { 'x-api-key': secret, ...admin });
    expect(both.status).toBe(400);
  });

  it('comes back after Redis lost it: auth publishes every live key again at start', async () => {
    const { secret } = await newKey({ name: 'survivor', scopes: ['EVENTS_READ'] });
    const redis = new Redis(stack.infra.redisUrl, { keyPrefix: stack.infra.redisPrefix });
    try {
      await redis.del(apiKeyRedisKey(hashApiKey(secret)));
      expect((await asPartner(secret, EVENTS)).status).toBe(401);
      // An auth replica starting (or auth restarting) puts it back.
      const replica = await bootstrapAuth(
        loadAuthConfig(stack.infra.env({ AUTH_JWT_PRIVATE_KEY: tokens.pem })),
      );
      await replica.stop();
      expect((await asPartner(secret, EVENTS)).status).toBe(200);
    } finally {
      redis.disconnect();
    }
  });

  it('is issued and listed by admins only, and never shows a secret again', async () => {
    const buyer = await gql(
      stack.routerUrl,
      CREATE,
      { input: { name: 'x', scopes: ['EVENTS_READ'] } },
      bearer(tokens.buyer()),
    );
    expect(buyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const bad = await gql(stack.routerUrl, CREATE, { input: { name: 'x', scopes: [] } }, admin);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'scopes' });
    const { secret } = await newKey({ name: 'listed', scopes: ['NEWS_READ'] });
    const list = await gql(stack.routerUrl, '{ apiKeys { name prefix scopes revokedAt } }', {}, admin);
    expect(list.data?.apiKeys.map((k: { name: string }) => k.name)).toEqual(
      expect.arrayContaining(['인터파크 연동', 'listed']),
    );
    expect(JSON.stringify(list.data)).not.toContain(secret);
    const listAsBuyer = await gql(stack.routerUrl, '{ apiKeys { name } }', {}, bearer(tokens.buyer()));
    expect(listAsBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
