import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql, type PrivateRedis, startPrivateRedis } from '@tiketi/kit/testing';
import {
  bootstrap as bootstrapRouter,
  loadConfig as loadRouterConfig,
  type RunningRouter,
} from '@tiketi/router';
import { seatChannel } from '@tiketi/seating';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter, until } from './support/live.ts';
import { openSeatPage, type SeatPage } from './support/seat-page.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The on-sale under fire, CI-sized (issue 19), first part: 200 in-process seat pages (live client + version
 * tracker with catch-up, split over two routers in front of two seating replicas) and 200 buyers holding seats
 * at once, while faults hit: a restart of Redis (the test's own redis-server, never the shared one; no
 * persistence, so the seat history is lost too) and every socket of one router dropped at once (what its
 * clients see of a router restart), then a real restart of that router on its port. Afterwards nothing is held or sold twice and every page's seat map equals
 * the database's. Toss 5xx: tests/chaos-payment.test.ts. Not yet here (see the issue): kill -9
 * of a seating or payment replica (the stack runs them in-process), a Postgres restart, queue positions.
 */
const tokens = tokenMinter();
const PAGES = 200;
const BUYERS = 200;
let redis: PrivateRedis;
let stack: Stack;
const eventId = SEED_IDS.events.iuHereh;
let seatIds: string[] = [];

beforeAll(async () => {
  redis = await startPrivateRedis();
  stack = await startStack({
    seating: 2,
    routers: 2,
    redisUrl: redis.url,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
  });
  await seedCatalog(stack.catalog.orm);
  seatIds = (await seatEvent(stack, eventId, tokens.admin(), 80)).map((s) => s.id);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await redis?.kill();
});

type Page = SeatPage;

const openPage = (routerIndex: number): Page =>
  openSeatPage({ eventId, router: stack.routers[routerIndex]!, backoff: { initialMs: 300, maxMs: 2_000 } });

async function database() {
  const rows = await stack.seating[0]!.orm.orm.em.fork()
    .getConnection()
    .execute<{ id: string; status: string }[]>(
      `select id, (case when status = 'HELD' and held_until <= now() then 'AVAILABLE' else status end) as status
         from seating.seats where event_id = ?`,
      [eventId],
    );
  const [{ version }] = (await stack.seating[0]!.orm.orm.em.fork()
    .getConnection()
    .execute('select version from seating.event_inventory where event_id = ?', [eventId])) as [
    { version: number },
  ];
  return { version, statuses: new Map(rows.map((r) => [r.id, r.status])) };
}

function totals(pages: Page[]) {
  return pages.reduce(
    (a, p) => ({
      catchUps: a.catchUps + p.tracker.stats.catchUps,
      reloads: a.reloads + p.tracker.stats.reloads,
    }),
    { catchUps: 0, reloads: 0 },
  );
}

/** Blocks `seatId` (a change every page receives), then waits until every page reached the database's version. */
async function revealAndSync(pages: Page[], seatId: string, unblock = false) {
  // After a Redis restart seating's subscribers come back on their own (ioredis); a change published before
  // that reaches nobody, and pages would only notice at the next one.
  await until(
    async () => {
      const probe = new Redis(redis.url, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        retryStrategy: () => null,
      });
      probe.on('error', () => {});
      try {
        await probe.connect();
        const [, n] = (await probe.pubsub('NUMSUB', `${stack.infra.redisPrefix}${seatChannel(eventId)}`)) as [
          string,
          number,
        ];
        return Number(n) >= 2;
      } catch {
        return false;
      } finally {
        probe.disconnect();
      }
    },
    20_000,
    'both routers subscribed upstream again',
  );
  await until(
    async () =>
      !(
        await gql(
          stack.routerUrl,
          `mutation($e: ID!, $s: [ID!]!) { ${unblock ? 'unblockSeats' : 'blockSeats'}(eventId: $e, seatIds: $s) { version } }`,
          { e: eventId, s: [seatId] },
          bearer(tokens.admin()),
        )
      ).errors,
    15_000,
    'seating to accept changes again',
  );
  const db = await database();
  await until(
    () => pages.every((p) => p.tracker.version !== null && p.tracker.version >= db.version),
    30_000,
    'every page in sync',
  );
}

/** 200 buyers at once (the last two seats left to `revealAndSync`), each wanting 1–2 seats through a random router; conflicts are refused. */
async function buyersRush(count: number) {
  const HOLD = 'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id seats { id } } }';
  const results = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const want = [
        seatIds[(i * 7) % (seatIds.length - 2)]!,
        seatIds[(i * 13 + 5) % (seatIds.length - 2)]!,
      ].slice(0, 1 + (i % 2));
      const router = stack.routers[i % 2]!;
      const res = await gql(
        router.url,
        HOLD,
        { input: { eventId, seatIds: [...new Set(want)] } },
        bearer(tokens.buyer()),
      );
      return res.errors ? 0 : 1;
    }),
  );
  return results.reduce<number>((a, b) => a + b, 0);
}

describe('the on-sale under fire (CI-sized)', () => {
  it('Redis restart, a router’s sockets dropped and a router restart, mid-rush: nothing held twice, every page equals the database', async () => {
    const pages = Array.from({ length: PAGES }, (_, i) => openPage(i % 2));
    let restarted: RunningRouter | undefined;
    try {
      await until(() => pages.every((p) => p.tracker.version !== null), 30_000, 'every page loaded');
      const faults: { fault: string; recoverMs: number }[] = [];

      // Fault 1: Redis dies during the rush and comes back empty (history and in-flight messages lost).
      const rush1 = buyersRush(BUYERS / 2);
      await new Promise((r) => setTimeout(r, 50));
      await redis.kill();
      const down = Date.now();
      await rush1;
      redis = await startPrivateRedis(redis.port);
      faults.push({ fault: 'redis restart', recoverMs: Date.now() - down });

      // A change after the fault, so a page that lost messages sees the gap (as pages do in a live sale), then
      // every page in sync: the history died with Redis, so each page that missed a change reloads once.
      await revealAndSync(pages, seatIds[78]!);
      const before = totals(pages);

      // Fault 2: every socket of router 0 drops at once (a router restart as its clients see it), mid-rush.
      const rush2 = buyersRush(BUYERS / 2);
      const dropped = Date.now();
      for (const [i, page] of pages.entries())
        if (i % 2 === 0) page.client.reconnect('chaos: router restart');
      await rush2;
      faults.push({ fault: 'router 0 sockets dropped', recoverMs: Date.now() - dropped });
      const synced = Date.now();
      await revealAndSync(pages, seatIds[79]!);
      const after = totals(pages);
      // Router 0's pages caught up from the history; nobody reloaded the whole map. (A page whose socket came back
      // before any change went by has nothing to catch up: most do, not always all, so only "some" is asserted.)
      expect(after.catchUps - before.catchUps).toBeGreaterThan(0);
      expect(after.reloads - before.reloads).toBe(0);

      // Fault 3: router 0 really restarts (stopped: its sockets closed with 1001; a new one on the same port)
      // with its 100 pages attached, mid-rush.
      const rush3 = buyersRush(BUYERS / 2);
      const old = stack.routers[0]!;
      const restartedAt = Date.now();
      await old.stop();
      restarted = await bootstrapRouter(
        loadRouterConfig(
          stack.infra.env({
            REDIS_URL: redis.url,
            AUTH_JWKS_URL: stack.auth.jwksUrl,
            PORT: String(old.port),
          }),
        ),
        {
          subgraphUrls: { auth: stack.auth.url, catalog: stack.catalog.url, seating: stack.seating[0]!.url },
        },
      );
      await rush3;
      faults.push({ fault: 'router 0 restart', recoverMs: Date.now() - restartedAt });
      await revealAndSync(pages, seatIds[78]!, true);
      const afterRestart = totals(pages);
      expect(afterRestart.catchUps - after.catchUps).toBeGreaterThan(0);
      expect(afterRestart.reloads - after.reloads).toBe(0);

      // Invariant: no seat in two live holds or sold twice (one hold id per seat by construction; check it).
      const doubled = await stack.seating[0]!.orm.orm.em.fork()
        .getConnection()
        .execute(
          `select seat_id, count(*) from seating.reservation_items ri join seating.reservations r on r.id = ri.reservation_id
             where r.event_id = ? and r.status in ('PENDING', 'CONFIRMED') group by seat_id having count(*) > 1`,
          [eventId],
        );
      expect(doubled).toEqual([]);

      // Invariant: every page's seat map equals the database's.
      const final = await database();
      for (const page of pages) {
        expect(page.tracker.version).toBe(final.version);
        expect(page.statuses).toEqual(final.statuses);
      }
      const stats = totals(pages);
      console.log(
        `chaos: ${faults.map((f) => `${f.fault} (${f.recoverMs} ms)`).join(', ')}; all ${PAGES} pages in sync ` +
          `${Date.now() - synced} ms of faults 2–3 and resync; catch-ups ${stats.catchUps}, reloads ${stats.reloads} ` +
          `(${PAGES} of them the first load)`,
      );
      expect(stats.reloads).toBeLessThanOrEqual(2 * PAGES);
    } finally {
      await Promise.all(pages.map((p) => p.stop()));
      await restarted?.stop();
    }
  }, 120_000);
});
