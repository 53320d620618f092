/**
 * `npm run bench:holds`: a flash sale. 10,000 simulated buyers race for a 5,000-seat event (the development
 * arena layout) through the router, a fixed number of requests in flight; then the database is checked for
 * double holds. Prints successful holds/s, p50/p99 latency of every hold request, double holds and time to
 * sell out, and each process's CPU per successful hold. By default the same sale also runs straight against
 * the seating subgraph (with the router's credentials), which splits the cost between the router and
 * everything behind it.
 *
 * Each service runs as its own process, as deployed; the load generator shares the 2 cores with them.
 *
 * Buyers: each wants 1–4 seats (mostly 2) of one price class (VIP, R, S or A, weighted by seats and
 * popularity). About one in five asks for "best available" of their class; the others pick seats side by side
 * near the front of their class on the seat map they see (a few rows back at random, more often mid-row) and
 * hold those (`holdSeats`); after SEAT_UNAVAILABLE they look at the map again and retry a limited number of
 * times; a class with no room left sends them to the others. The seat map is fetched once through the router
 * and then kept current by the seat changes seating publishes (what the router's `seatChanged` subscription
 * carries to browsers), as a browser would. Access tokens are minted up front with auth's signing key, so
 * signing in is not part of the figure.
 *
 * Options (env): BENCH_BUYERS (10000), BENCH_CONCURRENCY (96), BENCH_ROUNDS (3 measured sales per target,
 * after one warm-up sale per target), BENCH_TARGETS (router,direct; router-lean-off: the router with
 * LEAN_PATH=false, its lean path for single-fetch plans off, as a second process — issue 18), BENCH_RETRIES (3), BENCH_BEST_SHARE (0.2),
 * BENCH_ROW_SPREAD (10: rows with room a buyer passes over on average), BENCH_CPU_PROFILE (a directory: seating
 * and router run with --cpu-prof and write their profiles there), BENCH_SEATING_DIR (run another copy of the
 * seating workspace, e.g. an older version, for comparisons), BENCH_ROUTER_DIR (the same for the router),
 * BENCH_TRACE_RATIO (unset: no tracing, as above; a ratio such as 1 or 0.1: every service runs with the
 * OpenTelemetry SDK as deployed — `parentbased_traceidratio` at that ratio — exporting to a local OTLP/HTTP
 * sink in this process that counts what it receives; the `bench` column then includes the sink),
 * BENCH_COMPILED=1 (every service runs from `npm run build`'s bundles, `node dist/main.js` as the images run
 * it, instead of its TypeScript under tsx; issue 15).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '@tiketi/catalog';
import { DEFAULT_LAYOUTS } from '@tiketi/seating';
import { Redis } from 'ioredis';
import pg from 'pg';
import { DEV_SECRETS } from '../subgraphs/kit/src/config.ts';
import { buildServices } from '../subgraphs/kit/src/dev/build.ts';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../subgraphs/kit/src/identity.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { type Data, graphqlClient } from './support/http.ts';
import {
  cpuMs,
  fmt,
  freePort,
  machineCpu,
  numberEnv,
  percentile,
  postgresBackends,
  sleep,
  waitReady,
} from './support/machine.ts';
import { accessToken, type Keys, signingKeys } from './support/tokens.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUYERS = numberEnv('BENCH_BUYERS', 10_000);
const CONCURRENCY = numberEnv('BENCH_CONCURRENCY', 96);
const ROUNDS = numberEnv('BENCH_ROUNDS', 3);
const RETRIES = numberEnv('BENCH_RETRIES', 3);
const BEST_SHARE = numberEnv('BENCH_BEST_SHARE', 0.2);
/** How many rows with seats left a buyer passes over, on average, before settling on one (front first). */
const ROW_SPREAD = numberEnv('BENCH_ROW_SPREAD', 10);
const TARGETS = (process.env.BENCH_TARGETS ?? 'router,direct').split(',').map((t) => t.trim()) as Target[];
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
/** Other copies of the seating or router workspace to run instead (before/after comparisons). */
const SEATING_DIR = process.env.BENCH_SEATING_DIR;
const ROUTER_DIR = process.env.BENCH_ROUTER_DIR;
const TRACE_RATIO = process.env.BENCH_TRACE_RATIO;
const COMPILED = process.env.BENCH_COMPILED === '1';
/** Where `npm run build -- --out` put the services when BENCH_COMPILED=1 (built in main). */
let compiledRoot: string | undefined;
/** Where the services export traces when BENCH_TRACE_RATIO is set (started in main). */
let otlpEndpoint: string | undefined;
const ROUTER_SECRET = DEV_SECRETS.ROUTER_SECRET;
const LOG_DIR = `${tmpdir()}/tiketi-bench-holds`;
const ARENA = DEFAULT_LAYOUTS.find((l) => l.name.toLowerCase().includes('arena')) ?? DEFAULT_LAYOUTS[0]!;

/** `router-lean-off`: a second router process with the lean path for single-fetch plans off (issue 18). */
type Target = 'router' | 'direct' | 'router-lean-off';

// ---------------------------------------------------------------------------------------------------------
// Processes

function spawnService(dir: string, env: Record<string, string>): ChildProcess {
  const profile = CPU_PROFILE_DIR && (dir === 'router' || dir === 'subgraphs/seating');
  // One directory per service: Node writes a profile per thread (tsx's loader runs in a worker).
  const args = profile
    ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}/${dir.replace('subgraphs/', '')}`]
    : [];
  const other = dir === 'subgraphs/seating' ? SEATING_DIR : dir === 'router' ? ROUTER_DIR : undefined;
  const cwd = compiledRoot ? join(compiledRoot, dir) : (other ?? `${root}${dir}`);
  // As deployed (the Dockerfile's entry point): the SDK registered before the app loads.
  const telemetry = otlpEndpoint
    ? ['--import', compiledRoot ? './dist/telemetry.js' : '@tiketi/kit/telemetry/register']
    : [];
  const entry = compiledRoot
    ? [...telemetry, 'dist/main.js']
    : ['--import', 'tsx', ...telemetry, 'src/main.ts'];
  const tracing = otlpEndpoint
    ? {
        OTEL_SERVICE_NAME: dir.replace('subgraphs/', ''),
        OTEL_EXPORTER_OTLP_ENDPOINT: otlpEndpoint,
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: String(TRACE_RATIO),
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      }
    : {};
  return spawn(process.execPath, [...args, ...entry], {
    cwd,
    // NODE_ENV as in the image (k8s/docker/Dockerfile): graphql-js skips its development-only checks.
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ROUTER_SECRET, ...tracing, ...env },
    // Services log (pino, warn and up) to stdout: kept in a file per service for when something goes wrong.
    stdio: ['ignore', openSync(`${LOG_DIR}/${dir.replace('subgraphs/', '')}.log`, 'w'), 'inherit'],
  });
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

const { post, postBody, call, close: closeHttp } = graphqlClient(CONCURRENCY);

// ---------------------------------------------------------------------------------------------------------
// Tokens

// ---------------------------------------------------------------------------------------------------------
// The seat map a buyer sees

interface MapSeat {
  id: string;
  section: string;
  row: string;
  number: number;
  x: number;
  y: number;
  status: string;
  ticketType: { id: string; code: string };
}

interface Stage {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface SeatBatch {
  version: number;
  seats: { id: string; status: string }[];
}

interface BoardRow {
  /** Seat indexes in number order. */
  seats: number[];
  available: number;
}

/**
 * One event's seats as buyers see them: a snapshot, then every published change applied (statuses are
 * absolute; a seat takes a batch only if it is newer than the last one that touched it, so batches arriving out
 * of order do no harm). Rows are ordered by distance from the stage: buyers want the front.
 */
class Board {
  readonly ids: string[];
  readonly index = new Map<string, number>();
  private readonly typeOf: string[];
  private readonly taken: Uint8Array;
  private readonly seenVersion: Float64Array;
  private readonly rows: BoardRow[];
  private readonly rowOf: Int32Array;
  private readonly availableByType = new Map<string, number>();
  private readonly types: { id: string; code: string }[];
  private readonly codes: Map<string, string>;

  constructor(seats: MapSeat[], version: number, stage: Stage) {
    this.ids = seats.map((s) => s.id);
    this.typeOf = seats.map((s) => s.ticketType.id);
    this.taken = new Uint8Array(seats.length);
    this.seenVersion = new Float64Array(seats.length).fill(version);
    this.rowOf = new Int32Array(seats.length);
    const types = new Map<string, string>();
    const rows = new Map<string, { seats: number[]; distance: number }>();
    seats.forEach((s, i) => {
      this.index.set(s.id, i);
      types.set(s.ticketType.id, s.ticketType.code);
      const dx = Math.max(stage.x - s.x, 0, s.x - (stage.x + stage.width));
      const dy = Math.max(stage.y - s.y, 0, s.y - (stage.y + stage.height));
      const key = `${s.section}\u0000${s.row}`;
      const row = rows.get(key) ?? { seats: [], distance: Number.POSITIVE_INFINITY };
      rows.set(key, row);
      row.seats.push(i);
      row.distance = Math.min(row.distance, Math.hypot(dx, dy));
    });
    this.types = [...types].map(([id, code]) => ({ id, code }));
    this.codes = types;
    for (const { id } of this.types) this.availableByType.set(id, 0);
    this.rows = [...rows.values()]
      .sort((a, b) => a.distance - b.distance)
      .map((r) => ({ seats: r.seats.sort((a, b) => seats[a]!.number - seats[b]!.number), available: 0 }));
    this.rows.forEach((row, r) => {
      for (const i of row.seats) this.rowOf[i] = r;
    });
    // Every seat starts taken, then the free ones are counted in.
    this.taken.fill(1);
    seats.forEach((s, i) => {
      if (s.status === 'AVAILABLE') this.set(i, false);
    });
  }

  private set(i: number, taken: boolean) {
    if ((this.taken[i] === 1) === taken) return;
    this.taken[i] = taken ? 1 : 0;
    const delta = taken ? -1 : 1;
    this.rows[this.rowOf[i]!]!.available += delta;
    const type = this.typeOf[i]!;
    this.availableByType.set(type, (this.availableByType.get(type) ?? 0) + delta);
  }

  apply(batch: SeatBatch) {
    for (const seat of batch.seats) {
      const i = this.index.get(seat.id);
      if (i === undefined || this.seenVersion[i]! >= batch.version) continue;
      this.seenVersion[i] = batch.version;
      this.set(i, seat.status !== 'AVAILABLE');
    }
  }

  /** Seats this client just got: shown taken at once, before the published change arrives. */
  markTaken(ids: readonly string[]) {
    for (const id of ids) {
      const i = this.index.get(id);
      if (i !== undefined) this.set(i, true);
    }
  }

  /**
   * The seats a buyer clicks: `quantity` side by side in a row of their price class near the front (skipping
   * a few rows at random, as people do), more likely in the middle of the row than at its ends; any class when
   * theirs has no such row left; when no row has that many together, the free seats nearest the stage (fewer
   * than wanted when fewer are left). `avoid`: seats this buyer was just told are gone.
   */
  pick(quantity: number, code: string, avoid: ReadonlySet<number>): string[] | null {
    return (
      this.pickInRows(quantity, avoid, (row) => this.codeOf(row) === code) ??
      this.pickInRows(quantity, avoid, () => true) ??
      this.scattered(quantity, avoid)
    );
  }

  private codeOf(row: BoardRow): string | undefined {
    return this.codes.get(this.typeOf[row.seats[0]!]!);
  }

  private pickInRows(quantity: number, avoid: ReadonlySet<number>, wanted: (row: BoardRow) => boolean) {
    const free = (i: number) => this.taken[i] === 0 && !avoid.has(i);
    let skip = Math.floor(-Math.log(1 - Math.random()) * ROW_SPREAD);
    let fallback: number[] | null = null;
    for (const row of this.rows) {
      if (row.available < quantity || !wanted(row)) continue;
      const windows: number[] = [];
      let run = 0;
      for (let k = 0; k < row.seats.length; k++) {
        run = free(row.seats[k]!) ? run + 1 : 0;
        if (run >= quantity) windows.push(k - quantity + 1);
      }
      if (windows.length === 0) continue;
      if (skip-- > 0) {
        fallback ??= this.window(row, windows, quantity);
        continue;
      }
      return this.window(row, windows, quantity).map((i) => this.ids[i]!);
    }
    return fallback ? fallback.map((i) => this.ids[i]!) : null;
  }

  private scattered(quantity: number, avoid: ReadonlySet<number>): string[] | null {
    const seats: number[] = [];
    for (const row of this.rows) {
      for (const i of row.seats) {
        if (this.taken[i] === 0 && !avoid.has(i) && seats.length < quantity) seats.push(i);
      }
      if (seats.length === quantity) break;
    }
    return seats.length ? seats.map((i) => this.ids[i]!) : null;
  }

  /** A window in the row, more likely near its middle. */
  private window(row: BoardRow, windows: number[], quantity: number): number[] {
    const centre = (row.seats.length - quantity) / 2;
    const sorted = windows.sort((a, b) => Math.abs(a - centre) - Math.abs(b - centre));
    const start = sorted[Math.floor(Math.random() ** 2 * sorted.length)]!;
    return row.seats.slice(start, start + quantity);
  }

  /** The buyer's class for "best available" while it has seats left, else another class that has. */
  bestType(quantity: number, code: string, tried: ReadonlySet<string>): string | null {
    const open = this.types.filter(
      (t) => !tried.has(t.id) && (this.availableByType.get(t.id) ?? 0) >= quantity,
    );
    return (open.find((t) => t.code === code) ?? open[Math.floor(Math.random() * open.length)])?.id ?? null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// A sale

/** A registered document's id: `sha256:` and the SHA-256 of its text, as the apps' manifests have them. */
const documentIdOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

const HOLD_SEATS = `mutation Hold($input: HoldSeatsInput!) {
  holdSeats(input: $input) { id expiresAt totalAmount seats { id label status } }
}`;
const HOLD_BEST = `mutation Best($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!) {
  holdBestAvailable(eventId: $eventId, ticketTypeId: $ticketTypeId, quantity: $quantity) {
    id expiresAt totalAmount seats { id label status }
  }
}`;
// The tiers' codes apart from the seats: a seat map of objects counts every seat field against the router's cost
// limit (router/src/cost.ts, a 20,000-seat map), and with `ticketType { id code }` per seat it is over.
const SEAT_MAP = `query Map($id: ID!) { event(id: $id) { id ticketTypes { id code } seatMap {
  version stage { x y width height } seats { id section row number x y status ticketType { id } } } } }`;

interface Buyer {
  userId: string;
  token: string;
  quantity: number;
  /** The price class they want (by code), drawn for every sale. */
  code: string;
  best: boolean;
}

/**
 * Which class buyers want: the arena's seats per class weighted by how much more the front classes are
 * wanted (VIP 480 seats × 2, R 600 × 1.5, S 2,592 × 1, A 1,320 × 0.7): ≈ 18 / 17 / 48 / 17%.
 */
const CLASS_DEMAND: [string, number][] = [
  ['VIP', 480 * 2],
  ['R', 600 * 1.5],
  ['S', 2592],
  ['A', 1320 * 0.7],
];
function drawClass(): string {
  const total = CLASS_DEMAND.reduce((sum, [, w]) => sum + w, 0);
  let draw = Math.random() * total;
  for (const [code, w] of CLASS_DEMAND) {
    draw -= w;
    if (draw <= 0) return code;
  }
  return 'S';
}

function buyers(keys: Keys): Buyer[] {
  const quantity = () => {
    const u = Math.random();
    return u < 0.15 ? 1 : u < 0.75 ? 2 : u < 0.85 ? 3 : 4;
  };
  return Array.from({ length: BUYERS }, () => {
    const userId = randomUUID();
    return { userId, token: accessToken(keys, userId, 'USER'), quantity: quantity(), code: 'S', best: false };
  });
}

interface AcknowledgedHold {
  holdId: string;
  userId: string;
  /** What the buyer asked for: the seat ids (`holdSeats`) or a count (`holdBestAvailable`). */
  asked: string[] | number;
  seats: string[];
}

interface SaleResult {
  target: Target;
  eventId: string;
  round: string;
  holds: AcknowledgedHold[];
  seatsSold: number;
  attempts: number;
  unavailable: number;
  otherErrors: Map<string, number>;
  latencies: number[];
  successLatencies: number[];
  soldOutMs: number | null;
  lastHoldMs: number;
  wallMs: number;
  cpu: Record<string, number>;
  machineBusyShare: number;
  /** Committed seat changes the feed delivered during the sale (a change carries one or more holds). */
  changes: number;
}

interface Sale {
  eventId: string;
  /** Seat changes received from seating's feed so far. */
  changes(): number;
  board: Board;
  totalSeats: number;
  stopFeed(): Promise<void>;
}

interface Stack {
  routerUrl: URL;
  /** The router with LEAN_PATH=false (BENCH_TARGETS router-lean-off), or null. */
  leanOffUrl: URL | null;
  seatingUrl: URL;
  admin: Record<string, string>;
  layoutId: string;
  redisUrl: string;
  redisPrefix: string;
  pids: Record<string, number>;
  databaseName: string;
}

/** A new on-sale event in catalog with the arena attached in seating, and the board fed by its seat changes. */
async function prepareSale(stack: Stack, title: string): Promise<Sale> {
  const hour = 3_600_000;
  const created = await call(
    stack.routerUrl,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        title,
        category: 'concert',
        venueId: SEED_IDS.venues.kspoDome,
        startsAt: new Date(Date.now() + 30 * 24 * hour).toISOString(),
        saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        status: 'SCHEDULED',
      },
    },
    stack.admin,
  );
  const eventId = created.createEvent.id as string;
  const ticketTypes = ARENA.ticketTypes.map((t) => ({ ...t }));
  // catalog.event.changed reaches seating through catalog's outbox relay and Redis Streams: until then seating
  // does not know the event (NOT_FOUND).
  for (let i = 0; ; i++) {
    const res = await post(
      stack.routerUrl,
      `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
      { e: eventId, i: { layoutId: stack.layoutId, ticketTypes } },
      stack.admin,
    );
    if (!res.errors?.length) break;
    if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300) {
      throw new Error(`attachSeatLayout: ${JSON.stringify(res.errors)}`);
    }
    await sleep(100);
  }

  // Subscribe before the snapshot, so no change falls between them.
  const subscriber = new Redis(stack.redisUrl);
  const pending: SeatBatch[] = [];
  let board: Board | null = null;
  let changes = 0;
  subscriber.on('message', (_channel, message: string) => {
    changes++;
    const batch = JSON.parse(message) as SeatBatch;
    if (board) board.apply(batch);
    else pending.push(batch);
  });
  await subscriber.subscribe(`${stack.redisPrefix}seating.seat-changed.${eventId}`);
  const snapshot = await call(stack.routerUrl, SEAT_MAP, { id: eventId }, {});
  const map = snapshot.event.seatMap as {
    version: number;
    stage: Stage | null;
    seats: { ticketType: { id: string } }[];
  };
  const codes = new Map(
    (snapshot.event.ticketTypes as { id: string; code: string }[]).map((t) => [t.id, t.code]),
  );
  const seats = map.seats.map((s) => ({
    ...s,
    ticketType: { ...s.ticketType, code: codes.get(s.ticketType.id)! },
  }));
  board = new Board(seats as MapSeat[], map.version, map.stage ?? { x: 0, y: 0, width: 0, height: 0 });
  for (const batch of pending) board.apply(batch);
  return {
    eventId,
    board,
    totalSeats: map.seats.length,
    changes: () => changes,
    async stopFeed() {
      await subscriber.quit();
    },
  };
}

async function runSale(stack: Stack, target: Target, round: string, crowd: Buyer[]): Promise<SaleResult> {
  const sale = await prepareSale(stack, `Flash sale ${target} ${round}`);
  const { board, eventId } = sale;
  const url =
    target === 'router'
      ? stack.routerUrl
      : target === 'router-lean-off' && stack.leanOffUrl
        ? stack.leanOffUrl
        : stack.seatingUrl;
  for (const b of crowd) {
    b.best = Math.random() < BEST_SHARE;
    b.code = drawClass();
  }

  const headersFor = (buyer: Buyer): Record<string, string> =>
    target !== 'direct'
      ? { authorization: `Bearer ${buyer.token}` }
      : {
          [ROUTER_ASSERTION_HEADER]: signRouterAssertion(ROUTER_SECRET, {
            identity: { userId: buyer.userId, role: 'USER' },
            clientIp: '127.0.0.1',
          }),
        };

  const holds: AcknowledgedHold[] = [];
  const latencies: number[] = [];
  const successLatencies: number[] = [];
  const otherErrors = new Map<string, number>();
  let attempts = 0;
  let unavailable = 0;
  let seatsSold = 0;
  let soldOutMs: number | null = null;
  let lastHoldMs = 0;

  const cpuBefore = Object.fromEntries(Object.entries(stack.pids).map(([name, pid]) => [name, cpuMs(pid)]));
  const pgBefore = new Map(postgresBackends(stack.databaseName).map((pid) => [pid, cpuMs(pid)]));
  const benchBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const started = performance.now();

  const attempt = async (buyer: Buyer, query: string, variables: Data) => {
    attempts++;
    const t0 = performance.now();
    // Through a router, the hold goes by the id of its registered document, as the web app sends HoldSeats.
    const res =
      target === 'direct'
        ? await post(url, query, variables, headersFor(buyer))
        : await postBody(
            url,
            JSON.stringify({ documentId: documentIdOf(query), variables }),
            headersFor(buyer),
          );
    const ms = performance.now() - t0;
    latencies.push(ms);
    const error = res.errors?.[0];
    if (!error && res.data) {
      successLatencies.push(ms);
      return { ok: true as const, hold: (res.data.holdSeats ?? res.data.holdBestAvailable) as Data };
    }
    const code = error?.extensions?.code ?? `HTTP ${res.status}`;
    if (code === 'SEAT_UNAVAILABLE') unavailable++;
    else otherErrors.set(code, (otherErrors.get(code) ?? 0) + 1);
    return { ok: false as const, code, seatIds: (error?.extensions?.seatIds ?? []) as string[] };
  };

  const acknowledge = (buyer: Buyer, hold: Data, asked: string[] | number) => {
    const seats = (hold.seats as { id: string }[]).map((s) => s.id);
    holds.push({ holdId: hold.id as string, userId: buyer.userId, asked, seats });
    board.markTaken(seats);
    seatsSold += seats.length;
    lastHoldMs = performance.now() - started;
    if (seatsSold === sale.totalSeats) soldOutMs = lastHoldMs;
  };

  const shop = async (buyer: Buyer) => {
    if (buyer.best) {
      const tried = new Set<string>();
      for (let i = 0; i <= RETRIES; i++) {
        const type = board.bestType(buyer.quantity, buyer.code, tried);
        if (!type) break;
        const res = await attempt(buyer, HOLD_BEST, {
          eventId,
          ticketTypeId: type,
          quantity: buyer.quantity,
        });
        if (res.ok) return acknowledge(buyer, res.hold, buyer.quantity);
        if (res.code !== 'SEAT_UNAVAILABLE') return;
        tried.add(type);
      }
      // Best available found nothing: the buyer goes to the map like everyone else.
    }
    const avoid = new Set<number>();
    for (let i = 0; i <= RETRIES; i++) {
      const seatIds = board.pick(buyer.quantity, buyer.code, avoid);
      if (!seatIds) return; // the map shows the event sold out
      const res = await attempt(buyer, HOLD_SEATS, { input: { eventId, seatIds } });
      if (res.ok) return acknowledge(buyer, res.hold, seatIds);
      if (res.code !== 'SEAT_UNAVAILABLE') return;
      for (const id of res.seatIds) {
        const index = board.index.get(id);
        if (index !== undefined) avoid.add(index);
      }
    }
  };

  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < crowd.length) await shop(crowd[next++]!);
    }),
  );
  const wallMs = performance.now() - started;

  const machineAfter = machineCpu();
  const benchCpu = process.cpuUsage(benchBefore);
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(stack.pids)) cpu[name] = cpuMs(pid) - (cpuBefore[name] ?? 0);
  cpu.postgres = postgresBackends(stack.databaseName).reduce(
    (sum, pid) => sum + cpuMs(pid) - (pgBefore.get(pid) ?? 0),
    0,
  );
  cpu.bench = (benchCpu.user + benchCpu.system) / 1000;
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  const machineBusy = machineAfter.busy - machineBefore.busy;
  const changes = sale.changes();
  await sale.stopFeed();
  const result: SaleResult = {
    target,
    eventId,
    round,
    holds,
    seatsSold,
    attempts,
    unavailable,
    otherErrors,
    latencies,
    successLatencies,
    soldOutMs,
    lastHoldMs,
    wallMs,
    cpu,
    // Busy CPU time on the machine that was not ours: other work competing for the cores.
    machineBusyShare: machineBusy > 0 ? Math.max(0, (machineBusy - ours) / machineBusy) : 0,
    changes,
  };
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Verification: read-only SQL on the seating schema

interface Verdict {
  doubleHolds: number;
  problems: string[];
}

async function verify(databaseUrl: string, eventId: string, result: SaleResult): Promise<Verdict> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const problems: string[] = [];
  let doubleHolds = 0;
  try {
    await client.query('begin transaction read only');
    const { rows: holdRows } = await client.query<{
      id: string;
      user_id: string;
      seat_count: number;
      status: string;
      live: boolean;
      seats: string[] | null;
    }>(
      `select h.id, h.user_id, h.seat_count, h.status, h.expires_at > now() as live,
              array_agg(s.id::text order by s.id) filter (where s.id is not null) as seats
         from seating.holds h left join seating.seats s on s.hold_id = h.id and s.status = 'HELD'
        where h.event_id = $1 group by h.id`,
      [eventId],
    );
    const { rows: seatRows } = await client.query<{ status: string; n: number }>(
      `select status, count(*)::int as n from seating.seats where event_id = $1 group by status`,
      [eventId],
    );
    await client.query('commit');

    const dbHolds = new Map(holdRows.map((h) => [h.id, h]));
    // A seat in two live holds, by what buyers were told and by what the database says.
    const claims = new Map<string, number>();
    for (const hold of result.holds)
      for (const seat of hold.seats) claims.set(seat, (claims.get(seat) ?? 0) + 1);
    const acknowledged = new Set(result.holds.map((a) => a.holdId));
    for (const h of holdRows) {
      if (!h.live || h.status !== 'ACTIVE' || acknowledged.has(h.id)) continue;
      for (const seat of h.seats ?? []) claims.set(seat, (claims.get(seat) ?? 0) + 1);
    }
    const doubled = [...claims.values()].filter((n) => n > 1).length;
    doubleHolds += doubled;
    if (doubled) problems.push(`${doubled} seats in more than one live hold`);

    // Every acknowledged hold is live in the database with exactly the seats it asked for.
    let wrong = 0;
    for (const ack of result.holds) {
      const db = dbHolds.get(ack.holdId);
      const dbSeats = [...(db?.seats ?? [])].sort();
      const told = [...ack.seats].sort();
      const asked = typeof ack.asked === 'number' ? null : [...ack.asked].sort();
      const count = typeof ack.asked === 'number' ? ack.asked : ack.asked.length;
      const ok =
        db?.live === true &&
        db.status === 'ACTIVE' &&
        db.user_id === ack.userId &&
        db.seat_count === count &&
        dbSeats.length === count &&
        dbSeats.join() === told.join() &&
        (asked === null || asked.join() === told.join());
      if (!ok) wrong++;
    }
    doubleHolds += wrong;
    if (wrong) problems.push(`${wrong} acknowledged holds without exactly the seats asked for`);

    const unacknowledged = holdRows.filter((h) => !acknowledged.has(h.id)).length;
    if (unacknowledged) problems.push(`${unacknowledged} holds in the database that no buyer heard of`);
    const held = seatRows.find((r) => r.status === 'HELD')?.n ?? 0;
    const inHolds = holdRows
      .filter((h) => h.live && h.status === 'ACTIVE')
      .reduce((n, h) => n + h.seat_count, 0);
    if (held !== inHolds || held !== result.seatsSold) {
      problems.push(
        `HELD seats ${held}, seats of live holds ${inHolds}, seats buyers were given ${result.seatsSold}`,
      );
    }
  } finally {
    await client.end();
  }
  return { doubleHolds, problems };
}

// ---------------------------------------------------------------------------------------------------------

/** CPU time of every process of the sale (services, their Postgres backends, the load generator), in ms. */
const totalCpu = (result: SaleResult) => Object.values(result.cpu).reduce((a, b) => a + b, 0);

function row(result: SaleResult, verdict: Verdict) {
  const seconds = (result.soldOutMs ?? result.lastHoldMs) / 1000;
  const perHold = (ms: number) => fmt(ms / Math.max(result.holds.length, 1), 2);
  return {
    target: result.target,
    sale: result.round,
    'holds/s': fmt(result.holds.length / seconds),
    holds: result.holds.length,
    seats: result.seatsSold,
    'attempts/s': fmt(result.attempts / seconds),
    'p50 ms': fmt(percentile(result.latencies, 50), 1),
    'p99 ms': fmt(percentile(result.latencies, 99), 1),
    'unavail.': result.unavailable,
    errors: [...result.otherErrors.values()].reduce((a, b) => a + b, 0),
    'sold out s': result.soldOutMs === null ? 'no' : fmt(result.soldOutMs / 1000, 2),
    'double holds': verdict.doubleHolds,
    'cpu ms/hold router': perHold(result.cpu[result.target === 'direct' ? 'router' : result.target] ?? 0),
    seating: perHold(result.cpu.seating ?? 0),
    postgres: perHold(result.cpu.postgres ?? 0),
    bench: perHold(result.cpu.bench ?? 0),
    all: perHold(totalCpu(result)),
    'other load': `${fmt(result.machineBusyShare * 100)}%`,
  };
}

/**
 * The stand-in for the collector: answers OTLP/HTTP trace exports and counts them without decoding (decoding
 * is the collector's work, not ours).
 */
async function startOtlpSink() {
  const received = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    req.on('data', (chunk: Buffer) => {
      received.bytes += chunk.length;
    });
    req.on('end', () => {
      received.requests++;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, received, close: () => server.close() };
}

async function main() {
  mkdirSync(LOG_DIR, { recursive: true });
  if (COMPILED) {
    compiledRoot = mkdtempSync(join(tmpdir(), 'tiketi-bench-compiled-'));
    await buildServices({ outDir: compiledRoot, services: ['auth', 'catalog', 'seating', 'router'] });
    symlinkSync(join(root, 'node_modules'), join(compiledRoot, 'node_modules'));
    process.stdout.write(`services: compiled bundles in ${compiledRoot}\n`);
  }
  const sink = TRACE_RATIO === undefined ? undefined : await startOtlpSink();
  otlpEndpoint = sink?.url;
  const keys = signingKeys();
  const infra = await createTestInfra();
  const [authPort, catalogPort, seatingPort, routerPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = {
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: infra.redisPrefix,
  };
  const children: Record<string, ChildProcess> = {
    auth: spawnService('subgraphs/auth', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(authPort),
      AUTH_JWT_PRIVATE_KEY: keys.pem,
    }),
    // development: catalog seeds its venues (the sale's event is created through the router).
    catalog: spawnService('subgraphs/catalog', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(catalogPort),
    }),
    // test: no development seed, so seating does not seat the event on its own; the bench attaches the arena.
    seating: spawnService('subgraphs/seating', { ...common, TIKETI_ENV: 'test', PORT: String(seatingPort) }),
  };
  // The holds as trusted documents next to the apps' (TRUSTED_DOCUMENTS): the routers get them by id.
  const manifest = join(mkdtempSync(join(tmpdir(), 'bench-holds-')), 'documents.json');
  writeFileSync(
    manifest,
    JSON.stringify(Object.fromEntries([HOLD_SEATS, HOLD_BEST].map((q) => [documentIdOf(q), q]))),
  );
  const trustedDocuments = ['web', 'admin']
    .map((app) => `${root}${app}/src/__generated__/persisted-documents.json`)
    .concat(manifest)
    .join(',');
  const results: { result: SaleResult; verdict: Verdict }[] = [];
  try {
    await Promise.all(
      [authPort, catalogPort, seatingPort].map((port) => waitReady(`http://127.0.0.1:${port}/ready`)),
    );
    children.router = spawnService('router', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(routerPort),
      AUTH_SUBGRAPH_URL: `http://127.0.0.1:${authPort}/graphql`,
      CATALOG_SUBGRAPH_URL: `http://127.0.0.1:${catalogPort}/graphql`,
      SEATING_SUBGRAPH_URL: `http://127.0.0.1:${seatingPort}/graphql`,
      AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
      SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
      TRUSTED_DOCUMENTS: trustedDocuments,
    });
    await waitReady(`http://127.0.0.1:${routerPort}/ready`);
    let leanOffUrl: URL | null = null;
    if (TARGETS.includes('router-lean-off')) {
      const port = await freePort();
      children['router-lean-off'] = spawnService('router', {
        ...common,
        TIKETI_ENV: 'development',
        PORT: String(port),
        AUTH_SUBGRAPH_URL: `http://127.0.0.1:${authPort}/graphql`,
        CATALOG_SUBGRAPH_URL: `http://127.0.0.1:${catalogPort}/graphql`,
        SEATING_SUBGRAPH_URL: `http://127.0.0.1:${seatingPort}/graphql`,
        AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
        SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
        TRUSTED_DOCUMENTS: trustedDocuments,
        LEAN_PATH: 'false',
      });
      await waitReady(`http://127.0.0.1:${port}/ready`);
      leanOffUrl = new URL(`http://127.0.0.1:${port}/graphql`);
    }

    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const routerUrl = new URL(`http://127.0.0.1:${routerPort}/graphql`);
    const { name: _name, ...template } = ARENA.template as typeof ARENA.template & { name?: string };
    const seatingUrl = new URL(`http://127.0.0.1:${seatingPort}/graphql`);
    // Straight to seating: the arena template (≈ 160 kB of JSON) is larger than the router accepts
    // (MAX_BODY_BYTES, 100 kB by default).
    const layout = await call(
      seatingUrl,
      `mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id seatCount } }`,
      { input: { name: `bench ${ARENA.name}`, ...template } },
      {
        [ROUTER_ASSERTION_HEADER]: signRouterAssertion(ROUTER_SECRET, {
          identity: { userId: randomUUID(), role: 'ADMIN' },
          clientIp: '127.0.0.1',
        }),
      },
    );
    const stack: Stack = {
      routerUrl,
      leanOffUrl,
      seatingUrl,
      admin,
      layoutId: layout.createSeatLayout.id,
      redisUrl: infra.redisUrl,
      redisPrefix: infra.redisPrefix,
      pids: Object.fromEntries(Object.entries(children).map(([name, child]) => [name, child.pid ?? 0])),
      databaseName: new URL(infra.databaseUrl).pathname.slice(1),
    };
    const mintStart = performance.now();
    const crowd = buyers(keys);
    const mintMs = performance.now() - mintStart;

    console.log(
      `\nbench:holds — ${BUYERS} buyers, ${CONCURRENCY} in flight, ${layout.createSeatLayout.seatCount}-seat arena, ` +
        `${fmt(BEST_SHARE * 100)}% best available, ≤ ${RETRIES} retries; ${crowd.length} tokens minted in ` +
        `${fmt(mintMs)} ms (not measured); ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; ` +
        (sink ? `traced: OpenTelemetry, parentbased_traceidratio ${TRACE_RATIO}` : 'not traced'),
    );
    console.log(
      'holds/s: successful holds until sold out; attempts/s: every hold request; p50/p99: latency of every ' +
        'hold request (refused ones too); unavail.: SEAT_UNAVAILABLE answers; cpu ms/hold: CPU of each process ' +
        "(Postgres: this database's backends) per successful hold; other load: busy CPU that was not this sale's",
    );
    for (const target of TARGETS) {
      // Warm-up: JIT, connection pools, prepared statements, query plans.
      await runSale(stack, target, 'warm-up', crowd);
      for (let round = 1; round <= ROUNDS; round++) {
        const result = await runSale(stack, target, String(round), crowd);
        const verdict = await verify(infra.databaseUrl, result.eventId, result);
        results.push({ result, verdict });
        console.table([row(result, verdict)]);
        console.log(
          `  ${result.changes} seat changes published for ${result.holds.length} holds ` +
            `(${fmt(result.holds.length / Math.max(result.changes, 1), 1)} holds per transaction)`,
        );
        if (sink) {
          console.log(
            `  traces exported so far: ${sink.received.requests} OTLP requests, ${fmt(sink.received.bytes / 1e6, 1)} MB`,
          );
        }
        for (const problem of verdict.problems) console.log(`  ! ${problem}`);
        if (result.otherErrors.size) console.log('  errors:', Object.fromEntries(result.otherErrors));
      }
    }

    console.log('\nsummary (median of the measured sales, [min – max]):');
    const summary = TARGETS.map((target) => {
      const mine = results.filter((r) => r.result.target === target);
      const rates = mine.map(
        (r) => r.result.holds.length / ((r.result.soldOutMs ?? r.result.lastHoldMs) / 1000),
      );
      const p50 = mine.map((r) => percentile(r.result.latencies, 50));
      const p99 = mine.map((r) => percentile(r.result.latencies, 99));
      const soldOut = mine.map((r) => (r.result.soldOutMs ?? Number.NaN) / 1000);
      const spread = (xs: number[], d = 0) =>
        `${fmt(percentile(xs, 50), d)} [${fmt(Math.min(...xs), d)} – ${fmt(Math.max(...xs), d)}]`;
      return {
        target,
        'successful holds/s': spread(rates),
        'p50 ms': spread(p50, 1),
        'p99 ms': spread(p99, 1),
        'sell-out s': spread(soldOut, 2),
        'double holds': mine.reduce((n, r) => n + r.verdict.doubleHolds, 0),
        // What the sale's own CPU per hold allows on 2 otherwise idle cores: comparable while others load the
        // machine, which the measured rate is not.
        'holds/s on 2 idle cores': spread(
          mine.map((r) => (2 * 1000 * r.result.holds.length) / totalCpu(r.result)),
        ),
      };
    });
    console.table(summary);
    // How each router ran the holds (issue 18): direct (in front of Apollo Server), lean, lean_shaped, general.
    for (const [name, url] of [
      ['router', routerUrl],
      ['router-lean-off', leanOffUrl],
    ] as const) {
      if (!url) continue;
      const metrics = await (await fetch(new URL('/metrics', url))).text();
      const paths = [
        ...metrics.matchAll(/^router_lean_path_requests_total\{[^}]*path="(\w+)"[^}]*\} (\d+)/gm),
      ];
      console.log(
        `${name}: operations by path ${paths.map(([, path, n]) => `${path} ${n}`).join(', ') || 'none'}`,
      );
    }
    const failed = results.some((r) => r.verdict.doubleHolds > 0 || r.verdict.problems.length > 0);
    if (failed) process.exitCode = 1;
  } finally {
    closeHttp();
    for (const child of Object.values(children)) child.kill('SIGTERM');
    await Promise.all(
      Object.values(children).map(
        (c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))),
      ),
    );
    await infra.dispose();
    sink?.close();
  }
}

main().catch((err) => {
  console.error(err);
  console.error(`service logs: ${LOG_DIR}`);
  process.exit(1);
});
