import { readFileSync } from 'node:fs';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, hold, type Seat, seatEvent, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The router's cache of anonymous public reads (issue 18), through two real routers over real subgraphs, Postgres
 * and Redis: a signed-in caller's answer never reaches anyone else, a hold through one replica shows on the
 * other replica's cached seat map at once (well inside the 1 s bound), and a persisted anonymous read by GET
 * carries a Cache-Control a CDN can honour.
 */
const tokens = tokenMinter();
const adminToken = tokens.admin();
const manifests = ['web', 'admin'].map(
  (app) =>
    JSON.parse(
      readFileSync(new URL(`../${app}/src/__generated__/persisted-documents.json`, import.meta.url), 'utf8'),
    ) as Record<string, string>,
);
const idOf = (operation: string) => {
  for (const manifest of manifests) {
    const found = Object.keys(manifest).find((id) =>
      new RegExp(`(?:^|\\} )query ${operation}\\b`).test(manifest[id]!),
    );
    if (found) return found;
  }
  throw new Error(`no ${operation} in the manifests`);
};
const SEAT_MAP = idOf('AdminSeatMap');
const AUDIT_EVENT = idOf('AuditEvent');
const LAYOUT = idOf('LayoutQuery');
const CACHE = 'x-tiketi-cache';

let stack: Stack;
let seats: Seat[];
const eventId = SEED_IDS.events.iuHereh;

const read = (url: string, documentId: string, variables: object, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ documentId, variables }),
  });

type SeatMapAnswer = {
  data: { event: { seatMap: { version: number; seats: { id: string; status: string }[] } } };
};

beforeAll(async () => {
  stack = await startStack({
    seating: 1,
    routers: 2,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
  });
  await seedCatalog(stack.catalog.orm);
  seats = await seatEvent(stack, eventId, adminToken);
});
afterAll(async () => {
  await stack?.stop();
});

describe('the response cache', () => {
  it('never serves one caller’s answer to another, signed-in and anonymous callers mixed', async () => {
    // A draft event: an admin sees it, nobody else does.
    const created = await gql(
      stack.routerUrl,
      `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
      {
        input: {
          title: 'Secret draft',
          category: 'concert',
          venueId: SEED_IDS.venues.kspoDome,
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          saleStartsAt: new Date(Date.now() + 86_400_000).toISOString(),
          status: 'DRAFT',
        },
      },
      bearer(adminToken),
    );
    expect(created.errors).toBeUndefined();
    const draftId = created.data!.createEvent.id as string;
    const users = await Promise.all(
      Array.from({ length: 6 }, async (_, i) => {
        const signedUp = await gql(
          stack.routerUrl,
          'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken user { id } } }',
          {
            input: {
              email: `cache-${i}-${Date.now()}@example.com`,
              password: 'correct horse 1',
              name: `Buyer ${i}`,
            },
          },
        );
        expect(signedUp.errors).toBeUndefined();
        return {
          token: signedUp.data!.signUp.accessToken as string,
          userId: signedUp.data!.signUp.user.id as string,
        };
      }),
    );

    // Rounds of everyone at once: the admin and the users read first in every round, anonymous callers alongside.
    for (let round = 0; round < 3; round++) {
      const admin = read(stack.routerUrl, AUDIT_EVENT, { id: draftId }, bearer(adminToken));
      const mine = users.map((u) => read(stack.routerUrl, LAYOUT, {}, bearer(u.token)));
      const anonymous = Array.from({ length: 6 }, (_, i) =>
        i % 2 === 0 ? read(stack.routerUrl, AUDIT_EVENT, { id: draftId }) : read(stack.routerUrl, LAYOUT, {}),
      );
      const adminRes = await admin;
      expect(adminRes.headers.get('cache-control') ?? '').not.toMatch(/public/);
      expect((await adminRes.json()).data.event.title).toBe('Secret draft');
      for (const [i, res] of (await Promise.all(mine)).entries()) {
        expect(res.headers.get('cache-control') ?? '').not.toMatch(/public/);
        expect(res.headers.get(CACHE)).toBeNull();
        expect((await res.json()).data.me.id).toBe(users[i]!.userId);
      }
      for (const [i, res] of (await Promise.all(anonymous)).entries()) {
        const body = await res.json();
        if (i % 2 === 0) {
          // The public read is cacheable; what anonymous callers get is the anonymous answer.
          expect(res.headers.get(CACHE)).toMatch(/^(HIT|MISS)$/);
          expect(body.data.event).toBeNull();
        } else {
          // Personal fields are never cacheable.
          expect(res.headers.get(CACHE)).toBeNull();
          expect(body.data?.me ?? null).toBeNull();
        }
      }
    }
    // And the other way round: a signed-in caller never gets a cached anonymous answer.
    await read(stack.routerUrl, AUDIT_EVENT, { id: draftId });
    const again = await read(stack.routerUrl, AUDIT_EVENT, { id: draftId }, bearer(adminToken));
    expect(again.headers.get(CACHE)).toBeNull();
    expect((await again.json()).data.event.title).toBe('Secret draft');
  });

  it('shows a hold through one replica on the other replica’s cached seat map within 1 s', async () => {
    const [first, second] = stack.routers;
    const seat = seats[3]!;
    // Fill replica 2's cache and see it answer from it.
    await read(second!.url, SEAT_MAP, { id: eventId });
    const cached = await read(second!.url, SEAT_MAP, { id: eventId });
    expect(cached.headers.get(CACHE)).toBe('HIT');
    const before = (await cached.json()) as SeatMapAnswer;
    expect(before.data.event.seatMap.seats.find((s) => s.id === seat.id)?.status).toBe('AVAILABLE');

    const held = Date.now();
    await hold(first!.url, tokens.buyer(), eventId, [seat.id]);
    let seen: number | null = null;
    while (Date.now() - held < 2_000) {
      const answer = (await (await read(second!.url, SEAT_MAP, { id: eventId })).json()) as SeatMapAnswer;
      if (answer.data.event.seatMap.seats.find((s) => s.id === seat.id)?.status === 'HELD') {
        seen = Date.now() - held;
        expect(answer.data.event.seatMap.version).toBeGreaterThan(before.data.event.seatMap.version);
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen, 'the hold never showed on the cached seat map').not.toBeNull();
    expect(seen!).toBeLessThan(1_000);
    // The entry was fresh when the hold came: only the invalidation (not the 1 s expiry) can explain this.
    expect(seen!).toBeLessThan(500);
  });

  it('shows an admin’s change of an event at once on the replica it went through', async () => {
    const target = stack.routers[0]!.url;
    await read(target, AUDIT_EVENT, { id: eventId });
    const cached = await read(target, AUDIT_EVENT, { id: eventId });
    expect(cached.headers.get(CACHE)).toBe('HIT');
    await cached.arrayBuffer();
    const title = `Renamed ${Date.now()}`;
    const updated = await gql(
      target,
      'mutation($id: ID!, $input: UpdateEventInput!) { updateEvent(id: $id, input: $input) { id } }',
      { id: eventId, input: { title } },
      bearer(adminToken),
    );
    expect(updated.errors).toBeUndefined();
    const after = await read(target, AUDIT_EVENT, { id: eventId });
    expect((await after.json()).data.event.title).toBe(title);
  });

  it('answers a persisted anonymous read by GET with a Cache-Control a CDN can honour', async () => {
    const url = `${stack.routerUrl}?documentId=${encodeURIComponent(SEAT_MAP)}&variables=${encodeURIComponent(
      JSON.stringify({ id: eventId }),
    )}`;
    const first = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('cache-control')).toBe('public, max-age=1');
    expect(first.headers.get('vary')).toMatch(/accept/i);
    expect((await first.json()).data.event.seatMap.seats.length).toBe(seats.length);
    const second = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(second.headers.get(CACHE)).toBe('HIT');
    expect(second.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    await second.arrayBuffer();
    // Cached answers are counted (Apollo's own metrics never see them).
    const metrics = await (await fetch(stack.routerUrl.replace(/\/graphql$/, '/metrics'))).text();
    const hits = metrics
      .split('\n')
      .find((l) => /^router_response_cache_requests_total\{.*result="hit"/.test(l));
    expect(Number(hits?.split(' ').pop())).toBeGreaterThan(0);

    // Signed in, the same URL is neither cached nor marked public (and needs Apollo's CSRF header as before).
    const signedIn = await fetch(url, {
      headers: { ...bearer(adminToken), 'apollo-require-preflight': 'true' },
    });
    expect(signedIn.status).toBe(200);
    expect(signedIn.headers.get('cache-control') ?? '').not.toMatch(/public/);
    expect(signedIn.headers.get(CACHE)).toBeNull();
    await signedIn.arrayBuffer();
  });
});
