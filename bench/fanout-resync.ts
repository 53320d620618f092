/**
 * `npx tsx bench/fanout-resync.ts`: a rolling restart of two routers as their seat pages see it (issue 19).
 * BENCH_PAGES live seat pages (live client + version tracker, split over two routers in front of two seating
 * replicas) watch one event of BENCH_SEATS seats while buyers hold seats at BENCH_RATE/s; every socket of router
 * 0 drops, then (BENCH_GAP_MS later) every socket of router 1. Run twice: pages that reload their statuses after
 * a reconnect (`before`: no catch-up, as until issue 19) and pages that catch up from seating's history
 * (`after`). Prints the bytes the pages re-read after the drops (answers' bodies), per page against one full
 * status map, catch-ups and reloads, and the time from the last drop until every page equals the database.
 *
 * By default everything runs in this one process (stack, routers, pages), and the restart is every socket of a
 * router dropped: bytes and time to sync are the figures; CPU is not split per process. `--processes`: the
 * services run as their own processes (auth, catalog, two seating and two routers, each pair behind a
 * balancer as behind a Service), the pages reach the routers through the balancer, and the routers really
 * restart one after the other (SIGTERM, drained, started again on their port): this process then holds only the
 * pages (10,000 fit under a 20,000-descriptor limit), and the run also prints the routers' and seating's CPU
 * over the restart and the routers' peak (the most CPU they used in any one second). Options (env):
 * BENCH_PAGES (400), BENCH_SEATS (5000), BENCH_RATE (20), BENCH_GAP_MS (1000; in-process only), BENCH_MODES
 * (`before,after`).
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { unpackLayout, unpackStatuses } from '../router/client/src/index.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { bearer, seatEvent, tokenMinter, until } from '../tests/support/live.ts';
import { openSeatPage, postCounting, SEAT_MAP_QUERIES, type SeatPage } from '../tests/support/seat-page.ts';
import { startStack } from '../tests/support/stack.ts';
import { cpuSampler, fmt, numberEnv, sleep } from './support/machine.ts';
import { adminAtSeating, createOnSaleEvent, startPlatform } from './support/services.ts';

const PAGES = numberEnv('BENCH_PAGES', 400);
const SEATS = numberEnv('BENCH_SEATS', 5_000);
const RATE = numberEnv('BENCH_RATE', 20);
const GAP_MS = numberEnv('BENCH_GAP_MS', 1_000);
const PROCESSES = process.argv.includes('--processes');
/** Which runs, in order: `before` (pages reload after a reconnect), `after` (they catch up from the history). */
const MODES = (process.env.BENCH_MODES ?? 'before,after').split(',') as ('before' | 'after')[];
const tokens = tokenMinter();

/** What a run needs of the platform: in-process (a stack) or as processes. */
interface Target {
  /** Where buyers and the admin go. */
  routerUrl: string;
  /** The router page `i` watches through. */
  pageRouter(i: number): { url: string; wsUrl: string };
  /** A new event with a BENCH_SEATS layout, on sale. */
  newEvent(): Promise<string>;
  /** The rolling restart; resolves when the last router is back. */
  roll(pages: SeatPage[]): Promise<void>;
  /** CPU of the routers and seating over the run (processes only). */
  cpu?: () => ReturnType<typeof cpuSampler>;
  stop(): Promise<unknown>;
}

/** A layout of `count` seats in rows of 100, as the seat layout mutation takes it. */
function bigLayoutInput(count: number) {
  const perRow = 100;
  const rows = Array.from({ length: Math.ceil(count / perRow) }, (_, r) => ({
    name: String(r + 1),
    seats: Array.from({ length: Math.min(perRow, count - r * perRow) }, (_, i) => ({
      number: i + 1,
      x: 100 + i * 8,
      y: 50 + r * 8,
    })),
  }));
  return {
    name: `resync ${count} ${randomUUID().slice(0, 8)}`,
    width: 1000,
    height: 1000,
    stage: { x: 400, y: 0, width: 200, height: 20 },
    sections: [{ name: 'A', ticketType: 'R', rows }],
  };
}
const CREATE_LAYOUT = 'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }';
const ATTACH =
  'mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }';
const ticketTypes = [{ code: 'R', name: 'R석', price: 99_000 }];

async function inProcess(): Promise<Target> {
  const stack = await startStack({
    seating: 2,
    routers: 2,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
  });
  await seedCatalog(stack.catalog.orm);
  const admin = bearer(tokens.admin());
  const events = [SEED_IDS.events.iuHereh, SEED_IDS.events.iuFanMeeting];
  return {
    routerUrl: stack.routerUrl,
    pageRouter: (i) => stack.routers[i % 2]!,
    async newEvent() {
      const eventId = events.shift()!;
      await seatEvent(stack, eventId, tokens.admin(), 10);
      const layout = await gql(stack.routerUrl, CREATE_LAYOUT, { input: bigLayoutInput(SEATS) }, admin);
      if (layout.errors) throw new Error(JSON.stringify(layout.errors));
      const attached = await gql(
        stack.routerUrl,
        ATTACH,
        { e: eventId, i: { layoutId: layout.data!.createSeatLayout.id, ticketTypes } },
        admin,
      );
      if (attached.errors) throw new Error(JSON.stringify(attached.errors));
      return eventId;
    },
    // Every socket of router 0 drops, then GAP_MS later every socket of router 1: a restart as clients see it.
    async roll(pages) {
      for (const [i, p] of pages.entries()) if (i % 2 === 0) p.client.reconnect('rolling restart: router 0');
      await sleep(GAP_MS);
      for (const [i, p] of pages.entries()) if (i % 2 === 1) p.client.reconnect('rolling restart: router 1');
    },
    stop: () => stack.stop(),
  };
}

async function asProcesses(): Promise<Target> {
  const infra = await createTestInfra();
  const platform = await startPlatform({
    infra,
    authKeyPem: tokens.pem,
    logDir: `${tmpdir()}/tiketi-bench-resync`,
    subgraphs: ['auth', 'catalog', 'seating'],
    replicas: { seating: 2, router: 2 },
  });
  const admin = bearer(tokens.admin());
  const seatingUrl = platform.subgraphUrl('seating');
  return {
    routerUrl: platform.routerUrl,
    pageRouter: () => ({ url: platform.routerUrl, wsUrl: platform.wsUrl }),
    async newEvent() {
      const eventId = await createOnSaleEvent(platform.routerUrl, 'Resync bench', admin);
      const { createSeatLayout } = await adminAtSeating<{ createSeatLayout: { id: string } }>(
        seatingUrl,
        CREATE_LAYOUT,
        { input: bigLayoutInput(SEATS) },
      );
      // Seating learns the event from catalog's outbox: NOT_FOUND until then.
      await until(
        async () =>
          adminAtSeating(seatingUrl, ATTACH, {
            e: eventId,
            i: { layoutId: createSeatLayout.id, ticketTypes },
          }).then(
            () => true,
            () => false,
          ),
        30_000,
        'seating to learn the event',
      );
      return eventId;
    },
    // Each router in turn: SIGTERM (it drains and closes its sockets with 1001), started again on its port.
    async roll() {
      for (const router of platform.replicas('router')) {
        await platform.kill(router, 'SIGTERM');
        await platform.respawn(router);
      }
    },
    cpu: () =>
      cpuSampler(() => {
        const pids = platform.pids();
        return {
          routers: platform.replicas('router').map((r) => pids[r]!),
          seating: platform.replicas('seating').map((r) => pids[r]!),
        };
      }, 100),
    async stop() {
      await platform.stop();
      await infra.dispose();
    },
  };
}

async function run(mode: 'before' | 'after', target: Target) {
  const eventId = await target.newEvent();
  const full = await postCounting<{
    event: { seatMap: { version: number; statusCodes: string; layout: { seats: string } } };
  }>(target.routerUrl, SEAT_MAP_QUERIES.full, { id: eventId }, { value: 0 });
  const ids = unpackLayout(full.event.seatMap.layout.seats).map((s) => s.id);
  const statusBytes = Buffer.byteLength(
    JSON.stringify({
      data: { event: { seatMap: { version: 1, statusCodes: full.event.seatMap.statusCodes } } },
    }),
  );
  // Pages open 500 a second (each reads the statuses once; the layout is cached by revision).
  const pages: SeatPage[] = [];
  for (let i = 0; i < PAGES; i++) {
    pages.push(openSeatPage({ eventId, router: target.pageRouter(i), catchUp: mode === 'after', ids }));
    if (i % 50 === 49) await sleep(100);
  }
  try {
    await until(() => pages.every((p) => p.tracker.version !== null), 300_000, 'every page loaded');
    await sleep(1_000);
    for (const p of pages) p.bytes.value = 0;
    const stats0 = pages.map((p) => ({ ...p.tracker.stats }));
    // Buyers at RATE/s for the whole restart, one free seat each.
    let stopBuying = false;
    let next = Math.floor(Math.random() * ids.length);
    const buying = (async () => {
      while (!stopBuying) {
        const seat = ids[next++ % ids.length]!;
        void gql(
          target.routerUrl,
          'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }',
          { input: { eventId, seatIds: [seat] } },
          bearer(tokens.buyer()),
        ).catch(() => undefined);
        await sleep(1_000 / RATE);
      }
    })();
    await sleep(500);
    const sampler = target.cpu?.();
    const rollStarted = performance.now();
    await target.roll(pages);
    const back = performance.now();
    await sleep(500);
    stopBuying = true;
    await buying;
    await sleep(300);
    // One change after the buyers, so a page behind it sees the gap; then wait for every page to equal the DB.
    await gql(
      target.routerUrl,
      'mutation($e: ID!, $s: [ID!]!) { blockSeats(eventId: $e, seatIds: $s) { version } }',
      { e: eventId, s: [ids[ids.length - 1]!] },
      bearer(tokens.admin()),
    ).catch(() => {});
    const db = await postCounting<{ event: { seatMap: { version: number; statusCodes: string } } }>(
      target.routerUrl,
      SEAT_MAP_QUERIES.statuses,
      { id: eventId },
      { value: 0 },
    );
    // Every page at the database's version, or the count of those still behind after three minutes.
    const behind = () =>
      pages.filter((p) => p.tracker.version === null || p.tracker.version < db.event.seatMap.version).length;
    for (const deadline = performance.now() + 180_000; behind() > 0 && performance.now() < deadline; )
      await sleep(100);
    const stillBehind = behind();
    const syncMs = performance.now() - back;
    const cpu = sampler?.stop();
    const expected = unpackStatuses(ids, db.event.seatMap.statusCodes)!;
    const wrong = pages.filter(
      (p) =>
        p.tracker.version === db.event.seatMap.version &&
        expected.some((s) => p.statuses.get(s.id) !== s.status),
    ).length;
    const total = pages.reduce((n, p) => n + p.bytes.value, 0);
    const catchUps = pages.reduce((n, p, i) => n + p.tracker.stats.catchUps - stats0[i]!.catchUps, 0);
    const reloads = pages.reduce((n, p, i) => n + p.tracker.stats.reloads - stats0[i]!.reloads, 0);
    return {
      mode,
      'bytes re-read': `${(total / 1024).toFixed(0)} KiB, ${(total / PAGES).toFixed(0)} B per page = ${((100 * total) / PAGES / statusBytes).toFixed(1)} % of one status map (${statusBytes} B)`,
      'catch-ups / reloads': `${catchUps} / ${reloads}`,
      [PROCESSES ? 'restart took' : 'drops took']: `${fmt(back - rollStarted)} ms`,
      'in sync after the last router was back':
        stillBehind === 0
          ? `${syncMs.toFixed(0)} ms`
          : `NOT in sync: ${stillBehind} pages behind after ${syncMs.toFixed(0)} ms`,
      'pages unequal to the DB': String(wrong),
      ...(cpu && sampler
        ? {
            'CPU-s routers / seating (restart → in sync)': `${fmt(cpu.routers! / 1000, 1)} / ${fmt(cpu.seating! / 1000, 1)}`,
            'routers peak (cores, any 1 s)': fmt(sampler.peak('routers'), 2),
          }
        : {}),
    };
  } finally {
    await Promise.all(pages.map((p) => p.stop()));
  }
}

async function main() {
  const target = PROCESSES ? await asProcesses() : await inProcess();
  try {
    const rows: Record<string, unknown>[] = [];
    for (const mode of MODES) rows.push(await run(mode, target));
    console.log(
      PROCESSES
        ? `\nresync — rolling restart of 2 router processes behind a balancer (each SIGTERM, drained, started again), ${PAGES} pages, ${SEATS} seats, holds at ${RATE}/s; Node ${process.version}`
        : `\nresync — rolling restart of 2 routers (sockets dropped ${GAP_MS} ms apart), ${PAGES} pages, ${SEATS} seats, holds at ${RATE}/s; one process, Node ${process.version}`,
    );
    console.table(Object.fromEntries(rows.map(({ mode, ...r }) => [String(mode), r])));
  } finally {
    await target.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
