/**
 * `npm run bench:resync` (`npx tsx bench/fanout-resync.ts`): a rolling restart of two routers as their seat pages
 * see it (issue 19). BENCH_PAGES live seat pages (live client + version tracker, split over two routers in front
 * of two seating replicas) watch one event of BENCH_SEATS seats while buyers hold seats at BENCH_RATE/s; every
 * socket of router 0 drops, then (BENCH_GAP_MS later) every socket of router 1. Run twice: pages that reload their
 * statuses after a reconnect (`before`: no catch-up, as until issue 19) and pages that catch up from seating's
 * history (`after`). Prints the bytes the pages re-read after the drops (answers' bodies), per page against one
 * full status map, catch-ups and reloads, and the time from the last drop until every page equals the database.
 *
 * The pages live in BENCH_PAGE_PROCS processes of their own (bench/resync-pages.ts), as browsers on their own
 * devices: each parses every seat change it receives, which at 10,000 pages and 20 changes a second is more
 * than one core can do. By default the stack runs in this one process and the restart is every socket of a
 * router dropped: bytes and time to sync are the figures. `--processes`: the services run as their own
 * processes (auth, catalog, two seating and two routers, each pair behind a balancer as behind a Service), the
 * pages reach the routers through BENCH_FRONTS balancer processes (ingress replicas; one per 4,000 pages, so
 * none runs out of descriptors; 0: each page straight to one router's own port, coming back to it after its
 * restart), and the routers really restart one after the other (SIGTERM, drained, started
 * again on their port); the run also prints the routers', seating's, the balancers' and the pages' CPU over the
 * restart, in cores during 10 s with the buyers on before it (what is left of the machine for a restart), and
 * the routers' peak (the most CPU they used in any one second).
 *
 * `--floor` (`npm run bench:resync-floor`): the same pages, balancer processes and rolling restart (SIGTERM, the
 * router's paced drain, a new process on the same port) with two bare servers in place of the routers, answering
 * the pages' reads and broadcasting the changes from memory (bench/resync-floor.ts), and nothing behind them: what
 * the pages, the balancers and the drain alone take on this machine. Changes come at BENCH_RATE/s from this process.
 *
 * Bytes are set against two sizes: one full seat map as a page first loads it (layout and statuses: what the
 * issue calls a full seat map) and the statuses alone (what a page re-reads when it reloads, the layout being
 * kept by revision). Options (env): BENCH_PAGES (400), BENCH_PAGE_PROCS (1 per 2,500 pages, at least 1),
 * BENCH_SEATS (5000), BENCH_RATE (20), BENCH_GAP_MS (1000; in-process only), BENCH_MODES (`before,after`).
 */
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { unpackLayout } from '../router/client/src/index.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { bearer, seatEvent, tokenMinter, until } from '../tests/support/live.ts';
import { postCounting, SEAT_MAP_QUERIES } from '../tests/support/seat-page.ts';
import { startStack } from '../tests/support/stack.ts';
import { shareOf } from './fanout-protocol.ts';
import { type FloorRouters, startFloorRouters } from './resync-floor.ts';
import { type FromPages, forkPages, type PageProcess } from './resync-protocol.ts';
import { balancerProcess } from './support/chaos.ts';
import { cpuSampler, fmt, freePort, numberEnv, sleep } from './support/machine.ts';
import { adminAtSeating, createOnSaleEvent, startPlatform } from './support/services.ts';

const PAGES = numberEnv('BENCH_PAGES', 400);
const SEATS = numberEnv('BENCH_SEATS', 5_000);
const RATE = numberEnv('BENCH_RATE', 20);
const GAP_MS = numberEnv('BENCH_GAP_MS', 1_000);
const PAGE_PROCS = numberEnv('BENCH_PAGE_PROCS', Math.max(1, Math.round(PAGES / 2_500)));
/** Balancer processes in front of the routers (`--processes`): each proxied socket holds two descriptors. */
const FRONTS = numberEnv('BENCH_FRONTS', Math.max(1, Math.ceil(PAGES / 4_000)));
/** `--processes`: CPU is also sampled this long with the buyers on, before the restart. */
const STEADY_MS = 10_000;
/** `--floor`: bare servers in place of routers and subgraphs (bench/resync-floor.ts); implies `--processes`. */
const FLOOR = process.argv.includes('--floor');
const PROCESSES = FLOOR || process.argv.includes('--processes');
/** Which runs, in order: `before` (pages reload after a reconnect), `after` (they catch up from the history). */
const MODES = (process.env.BENCH_MODES ?? 'before,after').split(',') as ('before' | 'after')[];
const tokens = tokenMinter();

/** What a run needs of the platform: in-process (a stack) or as processes. */
interface Target {
  /** Where buyers and the admin go. */
  routerUrl: string;
  /** Where the pages watch: page `i` through `pageRouters[i % pageRouters.length]`. */
  pageRouters: { url: string; wsUrl: string }[];
  /** A new event with a BENCH_SEATS layout, on sale. */
  newEvent(): Promise<string>;
  /** Its seat ids in layout order, and the bytes of its full seat map (layout and statuses) and of its statuses. */
  readMap(eventId: string): Promise<{ ids: string[]; fullBytes: number; statusBytes: number }>;
  /** A buyer holds seat `index` (fire and forget). */
  hold(eventId: string, index: number, seatId: string): void;
  /** The admin blocks seat `index`. */
  block(eventId: string, index: number, seatId: string): Promise<void>;
  /** The seat map as the database has it. */
  database(eventId: string): Promise<{ version: number; statusCodes: string }>;
  /** The rolling restart; resolves when the last router is back. `drop(k)` replaces the sockets of router k. */
  roll(drop: (router: number) => Promise<void>): Promise<void>;
  /** CPU of the routers, seating and the pages' processes over the run (processes only). */
  cpu?: (pagePids: number[]) => ReturnType<typeof cpuSampler>;
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

/** A target's seat map, holds and blocks through its router, as buyers, admins and pages reach them. */
function viaRouter(routerUrl: string): Pick<Target, 'readMap' | 'hold' | 'block' | 'database'> {
  return {
    async readMap(eventId) {
      const fullBytes = { value: 0 };
      const full = await postCounting<{
        event: { seatMap: { version: number; statusCodes: string; layout: { seats: string } } };
      }>(routerUrl, SEAT_MAP_QUERIES.full, { id: eventId }, fullBytes);
      return {
        ids: unpackLayout(full.event.seatMap.layout.seats).map((s) => s.id),
        fullBytes: fullBytes.value,
        statusBytes: statusBytesOf(full.event.seatMap.statusCodes),
      };
    },
    hold(eventId, _index, seatId) {
      void gql(
        routerUrl,
        'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }',
        { input: { eventId, seatIds: [seatId] } },
        bearer(tokens.buyer()),
      ).catch(() => undefined);
    },
    async block(eventId, _index, seatId) {
      await gql(
        routerUrl,
        'mutation($e: ID!, $s: [ID!]!) { blockSeats(eventId: $e, seatIds: $s) { version } }',
        { e: eventId, s: [seatId] },
        bearer(tokens.admin()),
      ).catch(() => {});
    },
    async database(eventId) {
      const db = await postCounting<{ event: { seatMap: { version: number; statusCodes: string } } }>(
        routerUrl,
        SEAT_MAP_QUERIES.statuses,
        { id: eventId },
        { value: 0 },
      );
      return db.event.seatMap;
    },
  };
}

/** The bytes of a seat map's statuses as a page re-reads them. */
const statusBytesOf = (statusCodes: string) =>
  Buffer.byteLength(JSON.stringify({ data: { event: { seatMap: { version: 1, statusCodes } } } }));

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
    ...viaRouter(stack.routerUrl),
    pageRouters: stack.routers.map(({ url, wsUrl }) => ({ url, wsUrl })),
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
    async roll(drop) {
      await drop(0);
      await sleep(GAP_MS);
      await drop(1);
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
    ...(FRONTS > 0 ? { routerFronts: FRONTS } : {}),
  });
  const admin = bearer(tokens.admin());
  const seatingUrl = platform.subgraphUrl('seating');
  return {
    routerUrl: platform.routerUrl,
    ...viaRouter(platform.routerUrl),
    // Through the balancers, or (BENCH_FRONTS=0) straight to each router's own port: a page then comes back to
    // its own router once it is up again, and the balancers' CPU is off the machine.
    pageRouters:
      FRONTS > 0
        ? platform.routerFronts.map(({ url, wsUrl }) => ({ url, wsUrl }))
        : platform.replicas('router').map((r) => {
            const port = platform.replicaPort(r);
            return { url: `http://127.0.0.1:${port}/graphql`, wsUrl: `ws://127.0.0.1:${port}/graphql` };
          }),
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
    cpu: (pagePids) =>
      cpuSampler(() => {
        const pids = platform.pids();
        return {
          routers: platform.replicas('router').map((r) => pids[r]!),
          seating: platform.replicas('seating').map((r) => pids[r]!),
          pages: pagePids,
          balancers: platform.routerFronts.map((f) => f.pid),
        };
      }, 100),
    async stop() {
      await platform.stop();
      await infra.dispose();
    },
  };
}

/**
 * The floor (`--floor`): two bare servers that answer the pages from memory (bench/resync-floor.ts) stand for the
 * routers, seating, Postgres and Redis, behind the same balancer processes, restarted the same way. Holds and
 * blocks are changes this process makes and sends them.
 */
async function floorProcesses(): Promise<Target> {
  const ports = [await freePort(), await freePort()];
  const fronts = await Promise.all(Array.from({ length: Math.max(1, FRONTS) }, () => balancerProcess(ports)));
  let floor: FloorRouters | undefined;
  return {
    routerUrl: fronts[0]!.url('/graphql'),
    pageRouters: fronts.map((f) => ({ url: f.url('/graphql'), wsUrl: `ws://127.0.0.1:${f.port}/graphql` })),
    async newEvent() {
      await floor?.stop();
      const eventId = randomUUID();
      floor = await startFloorRouters(
        ports,
        eventId,
        Array.from({ length: SEATS }, () => randomUUID()),
      );
      return eventId;
    },
    async readMap() {
      const { ids, codes } = floor!.state();
      // No layout here: a full seat map's size is the router's (compare with its run).
      return { ids, fullBytes: Number.NaN, statusBytes: statusBytesOf(codes) };
    },
    hold: (_eventId, index) => floor!.change(index, 'H'),
    block: async (_eventId, index) => floor!.change(index, 'B'),
    database: async () => {
      const { version, codes } = floor!.state();
      return { version, statusCodes: codes };
    },
    async roll() {
      for (const i of ports.keys()) await floor!.restart(i);
    },
    cpu: (pagePids) =>
      cpuSampler(
        () => ({
          routers: floor!.pids(),
          seating: [],
          pages: pagePids,
          balancers: fronts.map((f) => f.pid!),
        }),
        100,
      ),
    async stop() {
      await floor?.stop();
      await Promise.all(fronts.map((f) => f.close()));
    },
  };
}

/** Sums the page processes' answers to `status`. */
function total(answers: Extract<FromPages, { type: 'status' }>[]) {
  const sum = { behind: 0, wrong: 0, bytes: 0, catchUps: 0, reloads: 0, reconnects: 0, mostReconnects: 0 };
  const why: Record<string, number> = {};
  const errors: Record<string, number> = {};
  for (const a of answers) {
    for (const key of Object.keys(sum) as (keyof typeof sum)[])
      sum[key] = key === 'mostReconnects' ? Math.max(sum[key], a[key]) : sum[key] + a[key];
    for (const [reason, n] of Object.entries(a.why)) why[reason] = (why[reason] ?? 0) + n;
    for (const [error, n] of Object.entries(a.errors ?? {})) errors[error] = (errors[error] ?? 0) + n;
  }
  return { ...sum, why, errors };
}

async function run(mode: 'before' | 'after', target: Target, procs: PageProcess[]) {
  const eventId = await target.newEvent();
  const { ids, fullBytes, statusBytes } = await target.readMap(eventId);
  // Pages open 500 a second in all (each reads the statuses once; the layout is cached by revision).
  let first = 0;
  for (const [i, proc] of procs.entries()) {
    const count = shareOf(PAGES, procs.length, i);
    proc.tell({
      type: 'open',
      eventId,
      routers: target.pageRouters,
      first,
      count,
      catchUp: mode === 'after',
      ids,
      perSecond: 500 / procs.length,
    });
    first += count;
  }
  const ask = async <T extends FromPages['type']>(message: Parameters<PageProcess['tell']>[0], answer: T) =>
    Promise.all(
      procs.map((p) => {
        p.tell(message);
        return p.next(answer);
      }),
    );
  try {
    await Promise.all(procs.map((p) => p.next('opened')));
    await sleep(1_000);
    await ask({ type: 'mark' }, 'marked');
    // Buyers at RATE/s for the whole restart, one free seat each.
    let stopBuying = false;
    let next = Math.floor(Math.random() * ids.length);
    const buying = (async () => {
      while (!stopBuying) {
        const index = next++ % ids.length;
        target.hold(eventId, index, ids[index]!);
        await sleep(1_000 / RATE);
      }
    })();
    await sleep(500);
    const pagePids = procs.map((p) => p.child.pid!);
    // What the run costs before any restart, with the buyers on: the share of the cores left for a restart.
    const steadySampler = target.cpu?.(pagePids);
    if (steadySampler) await sleep(STEADY_MS);
    const steady = steadySampler?.stop();
    const sampler = target.cpu?.(pagePids);
    const rollStarted = performance.now();
    await target.roll(async (router) => {
      await ask({ type: 'drop', router, reason: `rolling restart: router ${router}` }, 'dropped');
    });
    const back = performance.now();
    await sleep(500);
    stopBuying = true;
    await buying;
    await sleep(300);
    // One change after the buyers, so a page behind it sees the gap; then wait for every page to equal the DB.
    await target.block(eventId, ids.length - 1, ids[ids.length - 1]!);
    const { version, statusCodes } = await target.database(eventId);
    const status = async (compare = false) =>
      total(await ask({ type: 'status', version, statusCodes: compare ? statusCodes : null }, 'status'));
    // Every page at the database's version, or those still behind after three minutes, and why.
    let now = await status();
    let told = performance.now();
    for (const deadline = performance.now() + 180_000; now.behind > 0 && performance.now() < deadline; ) {
      await sleep(100);
      now = await status();
      if (performance.now() - told >= 5_000) {
        told = performance.now();
        console.error(
          `${((told - back) / 1000).toFixed(0)} s after the last router was back: ${now.behind} pages behind ${JSON.stringify(now.why)}`,
        );
      }
    }
    const syncMs = performance.now() - back;
    const cpu = sampler?.stop();
    if (now.behind === 0) now = await status(true);
    const perPage = now.bytes / PAGES;
    return {
      mode,
      'bytes re-read per page': `${perPage.toFixed(0)} B = ${Number.isFinite(fullBytes) ? `${((100 * perPage) / fullBytes).toFixed(1)} % of one full seat map (${fullBytes} B)` : '(no full map here)'}, ${((100 * perPage) / statusBytes).toFixed(1)} % of its statuses (${statusBytes} B)`,
      'catch-ups / reloads': `${now.catchUps} / ${now.reloads}`,
      'reconnects (most of one page)': `${now.reconnects} (${now.mostReconnects})`,
      [PROCESSES ? 'restart took' : 'drops took']: `${fmt(back - rollStarted)} ms`,
      'in sync after the last router was back':
        now.behind === 0
          ? `${syncMs.toFixed(0)} ms`
          : `NOT in sync: ${now.behind} pages behind after ${syncMs.toFixed(0)} ms (${JSON.stringify(now.why)})`,
      'pages unequal to the DB': String(now.wrong),
      // What the trackers' failed catch-ups and reloads were (each retried with backoff), the most frequent first.
      'failed catch-ups and reloads': JSON.stringify(
        Object.fromEntries(
          Object.entries(now.errors)
            .sort(([, a], [, b]) => b - a)
            .slice(0, 5),
        ),
      ),
      ...(cpu && sampler
        ? {
            'CPU-s routers / seating / balancers / pages (restart → in sync)': `${fmt(cpu.routers! / 1000, 1)} / ${fmt(cpu.seating! / 1000, 1)} / ${fmt(cpu.balancers! / 1000, 1)} / ${fmt(cpu.pages! / 1000, 1)}`,
            'cores before the restart: routers / seating / balancers / pages': [
              steady!.routers!,
              steady!.seating!,
              steady!.balancers ?? 0,
              steady!.pages!,
            ]
              .map((ms) => fmt(ms / STEADY_MS, 2))
              .join(' / '),
            'peak cores, any 1 s: routers / pages': `${fmt(sampler.peak('routers'), 2)} / ${fmt(sampler.peak('pages'), 2)}`,
          }
        : {}),
    };
  } finally {
    await ask({ type: 'stop' }, 'stopped');
  }
}

async function main() {
  const target = FLOOR ? await floorProcesses() : PROCESSES ? await asProcesses() : await inProcess();
  const procs = Array.from({ length: PAGE_PROCS }, forkPages);
  try {
    const rows: Record<string, unknown>[] = [];
    for (const mode of MODES) rows.push(await run(mode, target, procs));
    console.log(
      FLOOR
        ? `\nresync floor — rolling restart of 2 bare servers answering the pages from memory (each SIGTERM, drained, started again), ${PAGES} pages in ${PAGE_PROCS} processes through ${Math.max(1, FRONTS)} balancer processes, ${SEATS} seats, changes at ${RATE}/s; Node ${process.version}`
        : PROCESSES
          ? `\nresync — rolling restart of 2 router processes behind a balancer (each SIGTERM, drained, started again), ${PAGES} pages in ${PAGE_PROCS} processes ${FRONTS > 0 ? `through ${FRONTS} balancer processes` : 'each straight to its own router'}, ${SEATS} seats, holds at ${RATE}/s; Node ${process.version}`
          : `\nresync — rolling restart of 2 routers (sockets dropped ${GAP_MS} ms apart), ${PAGES} pages in ${PAGE_PROCS} processes, ${SEATS} seats, holds at ${RATE}/s; the stack in one process, Node ${process.version}`,
    );
    console.table(Object.fromEntries(rows.map(({ mode, ...r }) => [String(mode), r])));
  } finally {
    for (const p of procs) p.child.kill();
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
