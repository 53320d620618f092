import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createVersionTracker,
  unpackChanges,
  unpackLayout,
  unpackStatuses,
  type VersionedChange,
} from '../router/client/src/index.ts';
import { hold, seatEvent, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Resync without a stampede, end to end: a client whose seat map fell behind (socket down, router restarted)
 * asks the router for `SeatMap.changesSince(version)` — seating's history in Redis, shared by every replica —
 * and reloads the whole map only when the history no longer covers the gap.
 */
const tokens = tokenMinter();
let stack: Stack;
let admin: string;

beforeAll(async () => {
  stack = await startStack({ seating: 2, routers: 2, env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } } });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
});
afterAll(() => stack?.stop());

/** A POST through a router, returning the answer and its size on the wire (body bytes). */
async function post<T>(url: string, query: string, variables: Record<string, unknown>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  const body = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return { data: body.data as T, bytes: Buffer.byteLength(text) };
}

const FULL = `query($id: ID!) { event(id: $id) { seatMap { version statusCodes layout { revision seats } } } }`;
const SINCE = `query($id: ID!, $v: Int!) { event(id: $id) { seatMap {
  changesSince(version: $v) { version seatIndexes statusCodes } } } }`;

interface FullMap {
  event: { seatMap: { version: number; statusCodes: string; layout: { revision: number; seats: string } } };
}
interface Since {
  event: {
    seatMap: { changesSince: { version: number; seatIndexes: number[]; statusCodes: string } | null };
  };
}

/** A seat page's state kept by the live client's tracker, against router `url` (switchable, as after a restart). */
function seatPage(eventId: string, url: () => string) {
  const statuses = new Map<string, string>();
  const bytes = { reload: 0, catchUp: 0 };
  let ids: string[] = [];
  const tracker = createVersionTracker<VersionedChange>({
    async refetch() {
      // What a page reloads on a gap: the statuses (the layout it keeps by revision).
      const { data, bytes: n } = await post<FullMap>(url(), FULL, { id: eventId });
      const map = data.event.seatMap;
      ids = unpackLayout(map.layout.seats).map((s) => s.id);
      statuses.clear();
      for (const s of unpackStatuses(ids, map.statusCodes) ?? []) statuses.set(s.id, s.status);
      bytes.reload += Buffer.byteLength(map.statusCodes) + 40;
      void n;
      return map.version;
    },
    async catchUp(version) {
      const { data, bytes: n } = await post<Since>(url(), SINCE, { id: eventId, v: version });
      bytes.catchUp += n;
      const changes = data.event.seatMap.changesSince;
      if (!changes) return null;
      for (const s of unpackChanges(ids, changes.seatIndexes, changes.statusCodes) ?? [])
        statuses.set(s.id, s.status);
      return changes.version;
    },
    apply: () => {},
  });
  return { tracker, statuses, bytes };
}

/** Attaches a layout of `count` seats (rows of 100) to an event that already has seats. */
async function bigLayout(eventId: string, count: number) {
  const auth = { authorization: `Bearer ${admin}` };
  const rows = Array.from({ length: count / 100 }, (_, r) => ({
    name: String(r + 1),
    seats: Array.from({ length: 100 }, (_, i) => ({ number: i + 1, x: 100 + i * 8, y: 100 + r * 8 })),
  }));
  const layout = await gql(
    stack.routerUrl,
    'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
    {
      input: {
        name: `big ${eventId.slice(0, 8)}`,
        width: 1000,
        height: 1000,
        stage: { x: 400, y: 0, width: 200, height: 20 },
        sections: [{ name: 'A', ticketType: 'R', rows }],
      },
    },
    auth,
  );
  if (layout.errors) throw new Error(JSON.stringify(layout.errors));
  const attached = await gql(
    stack.routerUrl,
    `mutation($e: ID!, $i: AttachSeatLayoutInput!) {
      attachSeatLayout(eventId: $e, input: $i) { seatMap { seats { id } } }
    }`,
    {
      e: eventId,
      i: {
        layoutId: layout.data!.createSeatLayout.id,
        ticketTypes: [{ code: 'R', name: 'R석', price: 99_000 }],
      },
    },
    auth,
  );
  if (attached.errors) throw new Error(JSON.stringify(attached.errors));
  return attached.data!.attachSeatLayout.seatMap.seats as { id: string }[];
}

async function settled(tracker: { version: number | null }, version: number) {
  const deadline = Date.now() + 10_000;
  while (tracker.version !== version) {
    if (Date.now() > deadline) throw new Error(`tracker at ${tracker.version}, expected ${version}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function dbMap(eventId: string) {
  const { data } = await post<FullMap>(stack.routerUrl, FULL, { id: eventId });
  const map = data.event.seatMap;
  const ids = unpackLayout(map.layout.seats).map((s) => s.id);
  return {
    version: map.version,
    statuses: new Map(unpackStatuses(ids, map.statusCodes)!.map((s) => [s.id, s.status])),
  };
}

describe('resync from seating’s seat history, through the routers', () => {
  it('a client that missed N changes catches up from the history with far fewer bytes than a full map', async () => {
    const eventId = SEED_IDS.events.iuHereh;
    await seatEvent(stack, eventId, admin, 10);
    const seats = await bigLayout(eventId, 1_000);
    const [routerA, routerB] = stack.routers;
    let url = routerA!.url;
    const page = seatPage(eventId, () => url);
    await settled(page.tracker, (await dbMap(eventId)).version);
    const fullBytes = page.bytes.reload;

    // 15 holds through the other router while this client is away (its router restarting).
    for (let i = 0; i < 15; i++) await hold(routerB!.url, tokens.buyer(), eventId, [seats[i * 3]!.id]);
    url = routerB!.url; // reconnected to the other router
    page.tracker.resync();
    const db = await dbMap(eventId);
    await settled(page.tracker, db.version);
    expect(page.tracker.stats).toEqual({ catchUps: 1, reloads: 1 });
    expect(page.statuses).toEqual(db.statuses);
    // The catch-up's whole HTTP answer against the statuses alone of a 1,000-seat map (the layout, kept by
    // revision, is not counted in the reload either).
    expect(page.bytes.catchUp).toBeLessThan(fullBytes / 3);
    expect(page.bytes.catchUp).toBeGreaterThan(0);
    console.log(
      `resync: 15 missed changes of a 1,000-seat map: catch-up ${page.bytes.catchUp} B (whole HTTP answer), ` +
        `a reload's statuses alone ${fullBytes} B`,
    );
    page.tracker.stop();
  });

  it('a gap beyond the history falls back to a full reload, and the map still equals the database', async () => {
    const eventId = SEED_IDS.events.iuFanMeeting;
    const seats = await seatEvent(stack, eventId, admin, 40);
    const page = seatPage(eventId, () => stack.routerUrl);
    await settled(page.tracker, (await dbMap(eventId)).version);
    for (let i = 0; i < 5; i++) await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[i]!.id]);
    // The history lost what this client needs (trimmed, expired, or Redis restarted without persistence).
    const redis = new Redis(stack.infra.redisUrl, { keyPrefix: stack.infra.redisPrefix });
    try {
      await redis.del(`seating:seat-history:${eventId}`);
    } finally {
      redis.disconnect();
    }
    await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[10]!.id]);
    page.tracker.resync();
    const db = await dbMap(eventId);
    await settled(page.tracker, db.version);
    expect(page.tracker.stats).toEqual({ catchUps: 0, reloads: 2 });
    expect(page.statuses).toEqual(db.statuses);
    page.tracker.stop();
  });
});
