/**
 * `npm run bench:soak`: the platform under steady mixed traffic for BENCH_SOAK_MINUTES (30), watching what must
 * not drift: the memory of every process, the p99 of every operation, and the Postgres and Redis resources
 * (connections, Redis memory and keys, stream lengths, table sizes).
 *
 * Traffic, through the router, all of it at once (rates per second, each an option):
 *   - browsing (BENCH_BROWSE_RPS, 10): anonymous home page `events(first: 10)`, an event page, now and then its
 *     packed seat map;
 *   - the line (BENCH_JOIN_RPS, 3): a buyer joins a waiting room that is ON, polls its ticket every 2 s and leaves
 *     after 5–30 s;
 *   - holds (BENCH_HOLD_RPS, 3): a buyer holds 1–4 seats and releases them, or (one in three) lets the hold expire
 *     (SEAT_HOLD_SECONDS 20 here);
 *   - purchases (BENCH_PURCHASE_RPS, 1): hold → reserve → prepare → authorize at the Toss emulator → confirm → the
 *     ticket; BENCH_CANCEL_SHARE (0.8) of them cancel 5–60 s later (a full refund), so seats come back;
 *   - subscriptions coming and going (BENCH_SOCKETS, 100): sockets watching `seatChanged`, each open for 10–60 s,
 *     then replaced.
 *
 * Every BENCH_SAMPLE_SECONDS (15) it samples: RSS of each service, of the load generator and of Redis; Postgres
 * connections to the bench database; Redis memory, keys under the run's prefix, and the length of each stream;
 * rows and bytes of every table. And per window, p50/p99 per operation.
 *
 * At the end it prints the series (every 5th sample), a verdict per process (RSS slope over the second half, in
 * MB per hour), per operation (p99 of the last third against the first third) and per resource (growth per
 * hour), and saves two PNG plots (memory, p99) drawn with Chart.js in Debian's Chromium to BENCH_SOAK_OUT
 * (bench/soak). Growth is judged, not just shown: a transient resource (connections, holds, streams, outbox) must
 * not grow; business records (reservations, payments, tickets, logs) grow with the business, by design.
 */

import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import { chromium } from 'playwright-core';
import WebSocket from 'ws';
import { unpackLayout, unpackStatuses } from '../router/client/src/index.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { type Data, graphqlClient } from './support/http.ts';
import { cpuMs, fmt, numberEnv, percentile, pidsOf, sleep } from './support/machine.ts';
import { ARENA, createArenaLayout, createOnSaleEvent, startPlatform } from './support/services.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const MINUTES = numberEnv('BENCH_SOAK_MINUTES', 30);
const SAMPLE_S = numberEnv('BENCH_SAMPLE_SECONDS', 15);
const BROWSE_RPS = numberEnv('BENCH_BROWSE_RPS', 10);
const JOIN_RPS = numberEnv('BENCH_JOIN_RPS', 3);
const HOLD_RPS = numberEnv('BENCH_HOLD_RPS', 3);
const PURCHASE_RPS = numberEnv('BENCH_PURCHASE_RPS', 1);
const CANCEL_SHARE = numberEnv('BENCH_CANCEL_SHARE', 0.8);
const SOCKETS = numberEnv('BENCH_SOCKETS', 100);
const HOLD_S = 20;
/** The kit's `maxStreamLength` default (subgraphs/kit/src/events/outbox.ts). */
const STREAM_CAP = 100_000;
const OUT_DIR = process.env.BENCH_SOAK_OUT ?? fileURLToPath(new URL('./soak', import.meta.url));
const LOG_DIR = `${tmpdir()}/tiketi-bench-soak`;

const { post, call, close: closeHttp } = graphqlClient(256);
const keys = signingKeys();

// ---------------------------------------------------------------------------------------------------------
// Operations, as the apps send them

const HOME = `query Home { events(first: 10) { edges { node { id title startsAt venue { name } ticketTypes { name price } } } } }`;
const EVENT = `query EventPage($id: ID!) { event(id: $id) { id title description startsAt saleStartsAt status
  venue { id name } ticketTypes { id name code price } } }`;
const SEAT_MAP = `query SeatsQuery($id: ID!) { event(id: $id) { id ticketTypes { id code }
  seatMap { version statusCodes layout { revision seats } } } }`;
const JOIN = `mutation JoinQueue($e: ID!) { joinQueue(eventId: $e) { state number position etaSeconds } }`;
const TICKET = `query MyTicket($e: ID!) { myQueueTicket(eventId: $e) { state position etaSeconds } }`;
const LEAVE = `mutation LeaveQueue($e: ID!) { leaveQueue(eventId: $e) }`;
const HOLD = `mutation HoldSeats($input: HoldSeatsInput!) { holdSeats(input: $input) { id expiresAt totalAmount } }`;
const RELEASE = `mutation Release($h: ID!) { releaseHold(holdId: $h) }`;
const RESERVE = `mutation Reserve($hold: ID!) { createReservation(holdId: $hold) { id totalAmount checkoutToken } }`;
const PREPARE = `mutation Prepare($id: ID!, $token: String) { preparePayment(reservationId: $id, checkoutToken: $token) { orderId amount } }`;
const CONFIRM = `mutation Confirm($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id status } }`;
const READ_TICKET = `query Ticket($id: ID!) { reservation(id: $id) { status qrCode } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelReservation(id: $id) { id status } }`;
const WATCH = `subscription SeatChanged($e: ID!) { seatChanged(eventId: $e) { version seats { id status } } }`;

type Op =
  | 'home'
  | 'event page'
  | 'seat map'
  | 'join'
  | 'poll'
  | 'leave'
  | 'hold'
  | 'release'
  | 'reserve'
  | 'prepare'
  | 'confirm'
  | 'read ticket'
  | 'cancel';

// ---------------------------------------------------------------------------------------------------------
// What the run records: latencies per sampling window, errors by code

let window = new Map<Op, number[]>();
const errors = new Map<string, number>();
const firstErrors = new Map<string, string>();
/** Refusals a healthy platform gives under this traffic. */
const EXPECTED = new Set(['SEAT_UNAVAILABLE', 'HOLD_EXPIRED', 'HOLD_ALREADY_ACTIVE']);

class OpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

let routerUrl = '';
let wsUrl = '';
let tossUrl = '';

async function op(name: Op, query: string, variables: Data, auth: Record<string, string>) {
  const started = performance.now();
  let res: Awaited<ReturnType<typeof post>>;
  try {
    res = await post(routerUrl, query, variables, auth);
  } catch (err) {
    count(name, 'NETWORK', (err as Error).message);
    throw new OpError('NETWORK', (err as Error).message);
  }
  const list = window.get(name);
  const ms = performance.now() - started;
  if (list) list.push(ms);
  else window.set(name, [ms]);
  if (res.errors?.length || !res.data) {
    const code = res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;
    count(name, String(code), JSON.stringify(res.errors));
    throw new OpError(String(code), res.errors?.[0]?.message ?? '');
  }
  return res.data;
}

function count(name: string, code: string, message: string) {
  const key = `${code} (${name})`;
  errors.set(key, (errors.get(key) ?? 0) + 1);
  if (!firstErrors.has(key)) firstErrors.set(key, message.slice(0, 300));
}

// ---------------------------------------------------------------------------------------------------------
// The sale: one event for holds and purchases, one whose waiting room is ON for the line

let saleEvent = '';
let lineEvent = '';
/** Seat ids of the sale, by price class id, with the status the bench last saw. */
const seatsByTier = new Map<string, string[]>();
const status = new Map<string, string>();
const tierIds: string[] = [];

async function createEvent(admin: Record<string, string>, layoutId: string, title: string) {
  const id = await createOnSaleEvent(routerUrl, title, admin);
  // Seating and queue learn the event from catalog's outbox: NOT_FOUND until then.
  for (let i = 0; ; i++) {
    const res = await post(
      routerUrl,
      `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
      { e: id, i: { layoutId, ticketTypes: ARENA.ticketTypes.map((t) => ({ ...t })) } },
      admin,
    );
    if (!res.errors?.length) break;
    if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300)
      throw new Error(JSON.stringify(res.errors));
    await sleep(100);
  }
  return id;
}

async function learnSeats() {
  const { event } = await call(routerUrl, SEAT_MAP, { id: saleEvent }, {});
  const layout = unpackLayout(event.seatMap.layout.seats);
  const statuses = unpackStatuses(
    layout.map((s) => s.id),
    event.seatMap.statusCodes,
  );
  layout.forEach((seat, i) => {
    status.set(seat.id, statuses?.[i]?.status ?? 'BLOCKED');
    const list = seatsByTier.get(seat.ticketTypeId);
    if (list) list.push(seat.id);
    else seatsByTier.set(seat.ticketTypeId, [seat.id]);
  });
  tierIds.push(...seatsByTier.keys());
}

/** 1–4 seats of one class the bench last saw AVAILABLE, side by side in its list when it can. */
function pick(): string[] {
  const tier = tierIds[Math.floor(Math.random() * tierIds.length)]!;
  const seats = seatsByTier.get(tier) ?? [];
  const n = 1 + Math.floor(Math.random() * 4);
  const start = Math.floor(Math.random() * seats.length);
  const picked: string[] = [];
  for (let k = 0; k < seats.length && picked.length < n; k++) {
    const id = seats[(start + k) % seats.length]!;
    if (status.get(id) === 'AVAILABLE') picked.push(id);
  }
  return picked;
}

const buyer = () => ({ authorization: `Bearer ${accessToken(keys, randomUUID(), 'USER')}` });

// ---------------------------------------------------------------------------------------------------------
// The traffic

async function browse() {
  await op('home', HOME, {}, {});
  const id = Math.random() < 0.5 ? saleEvent : lineEvent;
  await op('event page', EVENT, { id }, {});
  if (Math.random() < 0.2) await op('seat map', SEAT_MAP, { id }, {});
}

async function waitInLine() {
  const auth = buyer();
  await op('join', JOIN, { e: lineEvent }, auth);
  const until = performance.now() + 5_000 + Math.random() * 25_000;
  while (performance.now() < until) {
    await sleep(2_000);
    await op('poll', TICKET, { e: lineEvent }, auth);
  }
  await op('leave', LEAVE, { e: lineEvent }, auth);
}

async function holdOnly() {
  const auth = buyer();
  const seatIds = pick();
  if (seatIds.length === 0) return;
  const { holdSeats } = await op('hold', HOLD, { input: { eventId: saleEvent, seatIds } }, auth);
  await sleep(1_000 + Math.random() * 4_000);
  // One in three walks away: the sweeper frees the seats when the hold ends.
  if (Math.random() < 2 / 3) await op('release', RELEASE, { h: holdSeats.id }, auth);
}

async function purchase() {
  const auth = buyer();
  const seatIds = pick();
  if (seatIds.length === 0) return;
  const { holdSeats } = await op('hold', HOLD, { input: { eventId: saleEvent, seatIds } }, auth);
  const { createReservation: reservation } = await op('reserve', RESERVE, { hold: holdSeats.id }, auth);
  const { preparePayment: order } = await op(
    'prepare',
    PREPARE,
    { id: reservation.id, token: reservation.checkoutToken },
    auth,
  );
  const res = await fetch(`${tossUrl}/sandbox/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: order.orderId, amount: order.amount, card: 'success' }),
  });
  if (!res.ok) {
    count('authorize', `HTTP ${res.status}`, await res.text());
    return;
  }
  await op('confirm', CONFIRM, { input: await res.json() }, auth);
  for (let i = 0; ; i++) {
    const { reservation: r } = await op('read ticket', READ_TICKET, { id: reservation.id }, auth);
    if (r.status === 'CONFIRMED' && r.qrCode) break;
    if (i === 100) throw new OpError('NOT_CONFIRMED', `reservation ${reservation.id} is ${r.status}`);
    await sleep(200);
  }
  if (Math.random() < CANCEL_SHARE) {
    await sleep(5_000 + Math.random() * 55_000);
    await op('cancel', CANCEL, { id: reservation.id }, auth);
  }
}

/** Starts `task` about `perSecond` times a second (Poisson arrivals) until `stopAt`; resolves when all ended. */
async function arrivals(perSecond: number, stopAt: number, task: () => Promise<void>) {
  const running = new Set<Promise<void>>();
  while (perSecond > 0 && performance.now() < stopAt) {
    const p = task()
      .catch((err) => {
        if (!(err instanceof OpError)) count('task', 'EXCEPTION', (err as Error).stack ?? String(err));
      })
      .finally(() => running.delete(p));
    running.add(p);
    await sleep(-Math.log(1 - Math.random()) * (1000 / perSecond));
  }
  await Promise.all(running);
}

/** `n` sockets watching the sale's seats, each for 10–60 s, replaced when it closes; keeps `status` current. */
async function sockets(n: number, stopAt: number) {
  let opened = 0;
  const one = async () => {
    while (performance.now() < stopAt) {
      const client: Client = createClient({
        url: wsUrl,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: buyer().authorization },
        lazy: true,
        retryAttempts: 0,
      });
      opened++;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 10_000 + Math.random() * 50_000);
        client.subscribe<{ seatChanged: { seats: { id: string; status: string }[] } }>(
          { query: WATCH, variables: { e: saleEvent } },
          {
            next: (r) => {
              for (const s of r.data?.seatChanged.seats ?? []) status.set(s.id, s.status);
            },
            error: (err) => {
              count('seatChanged', 'SUBSCRIPTION', String((err as Error)?.message ?? JSON.stringify(err)));
              clearTimeout(timer);
              resolve();
            },
            complete: () => {},
          },
        );
      });
      await Promise.resolve(client.dispose()).catch(() => undefined);
    }
  };
  // Staggered, so they do not all end together.
  await Promise.all(
    Array.from({ length: n }, async (_, i) => {
      await sleep((i * 10_000) / Math.max(1, n));
      await one();
    }),
  );
  return opened;
}

// ---------------------------------------------------------------------------------------------------------
// Sampling

interface Sample {
  /** Seconds since the traffic started. */
  t: number;
  /** RSS in MB by process. */
  rss: Record<string, number>;
  /** p50/p99 ms per operation in the window that ended here. */
  latency: Record<string, { n: number; p50: number; p99: number }>;
  pgConnections: number;
  redisUsedMb: number;
  redisKeys: number;
  /** Entries and bytes (`MEMORY USAGE`) per stream. */
  streams: Record<string, { length: number; bytes: number }>;
  /** rows / MB per table (`schema.table`). */
  tables: Record<string, { rows: number; mb: number }>;
}

const rssMb = (pid: number) => {
  try {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
};

async function sample(
  t: number,
  pids: Record<string, number>,
  db: pg.Client,
  databaseName: string,
  redis: Redis,
  prefix: string,
): Promise<Sample> {
  const rss: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) rss[name] = rssMb(pid);
  rss['load generator'] = process.memoryUsage().rss / 2 ** 20;
  const latency: Sample['latency'] = {};
  for (const [name, values] of window) {
    latency[name] = { n: values.length, p50: percentile(values, 50), p99: percentile(values, 99) };
  }
  window = new Map();
  const connections = await db.query<{ n: string }>(
    'select count(*) as n from pg_stat_activity where datname = $1',
    [databaseName],
  );
  const tableRows = await db.query<{ name: string; rows: string; bytes: string }>(
    `select schemaname || '.' || relname as name, n_live_tup as rows, pg_total_relation_size(relid) as bytes
       from pg_stat_user_tables order by 1`,
  );
  const tables: Sample['tables'] = {};
  for (const r of tableRows.rows) tables[r.name] = { rows: Number(r.rows), mb: Number(r.bytes) / 2 ** 20 };
  const memory = await redis.info('memory');
  let redisKeys = 0;
  const streams: Sample['streams'] = {};
  let cursor = '0';
  do {
    const [next, found] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    redisKeys += found.length;
    for (const key of found) {
      if ((await redis.type(key)) === 'stream') {
        streams[key.slice(prefix.length)] = {
          length: await redis.xlen(key),
          bytes: Number(await redis.memory('USAGE', key, 'SAMPLES', '0')),
        };
      }
    }
  } while (cursor !== '0');
  return {
    t,
    rss,
    latency,
    pgConnections: Number(connections.rows[0]?.n ?? 0),
    redisUsedMb: Number(/used_memory:(\d+)/.exec(memory)?.[1] ?? 0) / 2 ** 20,
    redisKeys,
    streams,
    tables,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Verdicts

/** Least-squares slope of y over x. */
function slope(points: [number, number][]) {
  const n = points.length;
  if (n < 2) return 0;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  const num = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0);
  const den = points.reduce((s, [x]) => s + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

/**
 * Tables that hold business records grow with the business: one row per purchase, payment, ticket, log line.
 * The domain events' outbox and inbox are pruned after their retention (7 days), so they grow for that long.
 * Everything else is working state and must stay bounded.
 */
const RECORDS =
  /\.(reservations|reservation_items|payments|payment_logs|refund_requests|tickets|admissions|admin_audit_log|admin_actions|orders|cancellations|refunds|users|refresh_tokens)$/;
const RETAINED = /\.(outbox|inbox)$/;

// ---------------------------------------------------------------------------------------------------------
// Plots: Chart.js in Chromium, saved as PNG

async function plot(file: string, title: string, yLabel: string, series: Record<string, [number, number][]>) {
  const require = createRequire(import.meta.url);
  // The UMD build (a browser global) beside the package's CommonJS entry; the package exports no path to it.
  const chartJs = readFileSync(join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'), 'utf8');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 600 } });
    await page.setContent(
      '<html><body style="margin:0;background:#fff"><canvas id="c"></canvas></body></html>',
    );
    await page.addScriptTag({ content: chartJs });
    await page.evaluate(
      ({ title, yLabel, series }) => {
        const palette = [
          '#1f77b4',
          '#d62728',
          '#2ca02c',
          '#ff7f0e',
          '#9467bd',
          '#8c564b',
          '#e377c2',
          '#7f7f7f',
          '#17becf',
          '#bcbd22',
          '#393b79',
          '#637939',
          '#8c6d31',
        ];
        const canvas = document.getElementById('c') as HTMLCanvasElement;
        canvas.width = 1200;
        canvas.height = 600;
        // biome-ignore lint/suspicious/noExplicitAny: Chart.js is loaded into the page as a global
        new (window as any).Chart(canvas, {
          type: 'line',
          data: {
            datasets: Object.entries(series).map(([label, points], i) => ({
              label,
              data: points.map(([x, y]) => ({ x, y })),
              borderColor: palette[i % palette.length],
              pointRadius: 0,
              borderWidth: 2,
              // Colour-blind readers tell the lines apart by their dashes too.
              borderDash: i < palette.length ? [] : [6, 3],
            })),
          },
          options: {
            animation: false,
            responsive: false,
            plugins: { title: { display: true, text: title } },
            scales: {
              x: { type: 'linear', title: { display: true, text: 'minutes' } },
              y: { beginAtZero: true, title: { display: true, text: yLabel } },
            },
          },
        });
      },
      { title, yLabel, series },
    );
    await page.locator('#c').screenshot({ path: file });
  } finally {
    await browser.close();
  }
}

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const infra = await createTestInfra();
  const platform = await startPlatform({
    infra,
    authKeyPem: keys.pem,
    logDir: LOG_DIR,
    subgraphs: ['auth', 'catalog', 'seating', 'queue', 'payment'],
    env: { seating: { SEAT_HOLD_SECONDS: String(HOLD_S) } },
  });
  routerUrl = platform.routerUrl;
  wsUrl = platform.wsUrl;
  tossUrl = platform.tossUrl;
  const databaseName = new URL(infra.databaseUrl).pathname.slice(1);
  const db = new pg.Client({ connectionString: infra.databaseUrl });
  await db.connect();
  const redis = new Redis(infra.redisUrl);
  let failed = false;
  try {
    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const seatingUrl = platform.subgraphUrl('seating');
    const layoutId = await createArenaLayout(seatingUrl);
    saleEvent = await createEvent(admin, layoutId, 'Soak: on sale');
    lineEvent = await createEvent(admin, layoutId, 'Soak: the line');
    for (let i = 0; ; i++) {
      const res = await post(
        routerUrl,
        `mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { enabled } }`,
        { e: lineEvent, i: { mode: 'ON', capacity: 20 } },
        admin,
      );
      if (!res.errors?.length) break;
      if (i > 300) throw new Error(JSON.stringify(res.errors));
      await sleep(100);
    }
    await learnSeats();

    console.log(
      `\nbench:soak — ${MINUTES} min of mixed traffic through the router: browsing ${BROWSE_RPS}/s, line ${JOIN_RPS}/s, ` +
        `holds ${HOLD_RPS}/s, purchases ${PURCHASE_RPS}/s (${CANCEL_SHARE * 100}% cancelled), ${SOCKETS} sockets ` +
        `coming and going; sampled every ${SAMPLE_S} s; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    const pids: Record<string, number> = { ...platform.pids() };
    const redisPid = pidsOf('redis-server', '6379')[0];
    if (redisPid) pids.redis = redisPid;
    const cpuBefore = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, cpuMs(pid)]));
    const started = performance.now();
    const stopAt = started + MINUTES * 60_000;
    const samples: Sample[] = [await sample(0, pids, db, databaseName, redis, infra.redisPrefix)];
    const sampler = (async () => {
      while (performance.now() < stopAt) {
        await sleep(Math.min(SAMPLE_S * 1000, stopAt - performance.now()));
        const s = await sample(
          (performance.now() - started) / 1000,
          pids,
          db,
          databaseName,
          redis,
          infra.redisPrefix,
        );
        samples.push(s);
        if (samples.length % 4 === 1) {
          console.log(
            `  ${fmt(s.t / 60, 1)} min: RSS ${Object.entries(s.rss)
              .map(([k, v]) => `${k} ${fmt(v)}`)
              .join(
                ', ',
              )} MB; pg ${s.pgConnections} conns; redis ${fmt(s.redisUsedMb, 1)} MB, ${s.redisKeys} keys`,
          );
        }
      }
    })();
    const [opened] = await Promise.all([
      sockets(SOCKETS, stopAt),
      arrivals(BROWSE_RPS, stopAt, browse),
      arrivals(JOIN_RPS, stopAt, waitInLine),
      arrivals(HOLD_RPS, stopAt, holdOnly),
      arrivals(PURCHASE_RPS, stopAt, purchase),
      sampler,
    ]);
    const wallS = (performance.now() - started) / 1000;
    const cpu = Object.fromEntries(
      Object.entries(pids).map(([n, pid]) => [n, fmt((cpuMs(pid) - (cpuBefore[n] ?? 0)) / 1000 / wallS, 3)]),
    );

    // ----- report
    console.log(`\nran ${fmt(wallS / 60, 1)} min; ${opened} sockets opened in all; CPU (cores, average):`);
    console.table(cpu);
    console.log('errors by code (operation):');
    console.table(
      Object.fromEntries([...errors].map(([k, n]) => [k, { n, expected: EXPECTED.has(k.split(' ')[0]!) }])),
    );
    for (const [k, message] of firstErrors)
      if (!EXPECTED.has(k.split(' ')[0]!)) console.log(`  first ${k}: ${message}`);

    const hours = (a: Sample, b: Sample) => Math.max(1e-9, (b.t - a.t) / 3600);
    const secondHalf = samples.filter((s) => s.t >= wallS / 2);
    console.log(
      '\nmemory (RSS MB): start → end, and the slope over the second half of its 2-minute medians (MB/hour):',
    );
    const memory: Record<
      string,
      { start: number; end: number; 'MB/h (2nd half)': number; flat: boolean | string }
    > = {};
    /** Medians of consecutive 2-minute windows: a collection's dip or a burst's peak does not tilt the line. */
    const windowMedians = (name: string): [number, number][] => {
      const size = Math.max(2, Math.round(120 / SAMPLE_S));
      const out: [number, number][] = [];
      for (let i = 0; i + size <= secondHalf.length; i += size) {
        const chunk = secondHalf.slice(i, i + size);
        out.push([
          chunk.reduce((sum, x) => sum + x.t, 0) / chunk.length / 3600,
          percentile(
            chunk.map((x) => x.rss[name] ?? 0),
            50,
          ),
        ]);
      }
      return out;
    };
    for (const name of Object.keys(samples[0]!.rss)) {
      const s = slope(windowMedians(name));
      const start = samples[1]?.rss[name] ?? 0;
      memory[name] = {
        start: fmt(start),
        end: fmt(samples.at(-1)!.rss[name] ?? 0),
        'MB/h (2nd half)': fmt(s, 1),
        // Flat: under 5% of the process's size, or 10 MB, per hour. Redis is the machine's shared server, its
        // streams filling towards their cap by design: shown, judged below by what the run's keys hold.
        flat: name === 'redis' ? 'shared' : s < Math.max(10, 0.05 * start),
      };
    }
    console.table(memory);

    console.log('p99 per operation (ms): first third → last third:');
    const third = wallS / 3;
    const p99Of = (from: number, to: number, name: string) => {
      const windows = samples.filter((s) => s.t > from && s.t <= to && s.latency[name]);
      const values = windows.map((s) => s.latency[name]!.p99);
      return values.length ? percentile(values, 50) : 0;
    };
    const ops = [...new Set(samples.flatMap((s) => Object.keys(s.latency)))];
    const stability: Record<string, { first: number; last: number; ratio: number; stable: boolean }> = {};
    for (const name of ops) {
      const first = p99Of(0, third, name);
      const last = p99Of(2 * third, wallS + 1, name);
      // Stable: the last third's median window p99 within 1.5× the first third's (plus 20 ms of noise).
      stability[name] = {
        first: fmt(first),
        last: fmt(last),
        ratio: fmt(first > 0 ? last / first : 0, 2),
        stable: last <= first * 1.5 + 20,
      };
    }
    console.table(stability);

    const [first, last] = [samples[1] ?? samples[0]!, samples.at(-1)!];
    console.log('Postgres and Redis: start → end (per hour of traffic):');
    const resources: Record<
      string,
      { start: number; end: number; 'per hour': number; kind: string; ok: boolean }
    > = {};
    const peakConnections = Math.max(...samples.map((s) => s.pgConnections));
    resources['pg connections (peak)'] = {
      start: first.pgConnections,
      end: peakConnections,
      'per hour': fmt((last.pgConnections - first.pgConnections) / hours(first, last)),
      kind: 'working state',
      ok: peakConnections <= first.pgConnections + 10,
    };
    resources['redis used MB'] = {
      start: fmt(first.redisUsedMb, 1),
      end: fmt(last.redisUsedMb, 1),
      'per hour': fmt(slope(secondHalf.map((s) => [s.t / 3600, s.redisUsedMb])), 1),
      kind: 'working state (shared server)',
      ok: slope(secondHalf.map((s) => [s.t / 3600, s.redisUsedMb])) < 50,
    };
    resources['redis keys (run prefix)'] = {
      start: first.redisKeys,
      end: last.redisKeys,
      'per hour': fmt(slope(secondHalf.map((s) => [s.t / 3600, s.redisKeys]))),
      kind: 'working state',
      ok: slope(secondHalf.map((s) => [s.t / 3600, s.redisKeys])) < 1000,
    };
    for (const name of Object.keys(last.streams)) {
      const growth = slope(secondHalf.map((s) => [s.t / 3600, s.streams[name]?.length ?? 0]));
      const end = last.streams[name] ?? { length: 0, bytes: 0 };
      resources[`stream ${name}`] = {
        start: first.streams[name]?.length ?? 0,
        end: end.length,
        'per hour': fmt(growth),
        // The kit trims every stream to STREAM_CAP entries once its consumer groups have read them.
        kind: `events (capped at ${STREAM_CAP}; ${end.length ? fmt(end.bytes / end.length) : '?'} B/entry)`,
        ok: end.length <= STREAM_CAP * 1.01,
      };
    }
    // What the streams would hold at the cap, at the entry sizes measured here: against Redis' maxmemory.
    const atCap = Object.values(last.streams).reduce(
      (sum, s) => sum + (s.length ? (s.bytes / s.length) * STREAM_CAP : 0),
      0,
    );
    console.log(
      `  the ${Object.keys(last.streams).length} streams at their cap of ${STREAM_CAP} entries would hold ` +
        `${fmt(atCap / 2 ** 20)} MB of Redis at these entry sizes (k8s maxmemory: 1 GB)`,
    );
    for (const name of Object.keys(last.tables)) {
      const [a, b] = [first.tables[name] ?? { rows: 0, mb: 0 }, last.tables[name]!];
      if (a.rows === b.rows && fmt(a.mb, 1) === fmt(b.mb, 1)) continue;
      const kind = RECORDS.test(name)
        ? 'records (grow with the business)'
        : RETAINED.test(name)
          ? 'events (pruned after 7 days)'
          : 'working state';
      const perHour = (b.rows - a.rows) / hours(first, last);
      resources[`table ${name} (rows)`] = {
        start: a.rows,
        end: b.rows,
        'per hour': fmt(perHour),
        kind,
        ok: kind !== 'working state' || perHour < 1000,
      };
    }
    console.table(resources);

    mkdirSync(OUT_DIR, { recursive: true });
    const minutes = (s: Sample) => fmt(s.t / 60, 2);
    const memoryPng = join(OUT_DIR, 'soak-memory.png');
    await plot(
      memoryPng,
      `RSS per process, ${fmt(wallS / 60)} min of mixed traffic`,
      'MB',
      Object.fromEntries(
        Object.keys(samples[0]!.rss).map((name) => [
          name,
          samples.map((s) => [minutes(s), fmt(s.rss[name] ?? 0, 1)]),
        ]),
      ),
    );
    const p99Png = join(OUT_DIR, 'soak-p99.png');
    await plot(
      p99Png,
      `p99 per operation per ${SAMPLE_S} s window`,
      'ms',
      Object.fromEntries(
        ops.map((name) => [
          name,
          samples.filter((s) => s.latency[name]).map((s) => [minutes(s), fmt(s.latency[name]!.p99)]),
        ]),
      ),
    );
    writeFileSync(join(OUT_DIR, 'soak-samples.json'), `${JSON.stringify(samples)}\n`);
    console.log(`\nplots: ${memoryPng}, ${p99Png}; samples: ${join(OUT_DIR, 'soak-samples.json')}`);

    const unexpected = [...errors.keys()].filter((k) => !EXPECTED.has(k.split(' ')[0]!));
    const drifting = [
      ...Object.entries(memory)
        .filter(([, v]) => v.flat === false)
        .map(([k]) => `memory of ${k}`),
      ...Object.entries(stability)
        .filter(([, v]) => !v.stable)
        .map(([k]) => `p99 of ${k}`),
      ...Object.entries(resources)
        .filter(([, v]) => !v.ok)
        .map(([k]) => k),
    ];
    console.log(
      `\nverdict: ${drifting.length === 0 ? 'nothing drifts' : `DRIFTING: ${drifting.join('; ')}`}; ` +
        `${unexpected.length === 0 ? 'only expected errors' : `UNEXPECTED ERRORS: ${unexpected.join('; ')}`}`,
    );
    failed = drifting.length > 0 || unexpected.length > 0;
  } finally {
    closeHttp();
    await db.end();
    redis.disconnect();
    await platform.stop();
    await infra.dispose();
  }
  process.exit(failed ? 1 : 0);
}

await main();
