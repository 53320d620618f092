/**
 * `npm run bench:onsale`: a whole on-sale as buyers live it, through the router, against the Toss emulator.
 *
 * BENCH_BUYERS buyers (10,000), each with their own access token, arrive within BENCH_ARRIVAL_SECONDS (10) at a new
 * on-sale event with the development arena (4,992 seats) and its waiting room ON at BENCH_CAPACITY active
 * shoppers (300), so the line is admitted in waves as shoppers finish. Every buyer:
 *
 *   joinQueue → waits (one in BENCH_BUYERS / BENCH_WATCHERS watches `queuePosition` over graphql-ws; the others
 *   poll `myQueueTicket` as a page without a socket would: every 2 s near the front, at most BENCH_POLL_MAX_SECONDS
 *   (60) apart, half the ETA in between; the queue pushes a watcher's position at most every
 *   BENCH_QUEUE_UPDATE_MS, 5 s) → admitted → loads the seat map and watches `seatChanged` over graphql-ws
 *   → looks at the map for about BENCH_THINK_SECONDS (2) → holds 1–4 seats of one price class (one in five `holdBestAvailable`, the others picked side by side on the
 *   live map, looking again after SEAT_UNAVAILABLE) → createReservation → preparePayment (with the reservation's
 *   checkout token) → types the card (BENCH_THINK_SECONDS) → authorizes at the emulator (the widget) → confirmPayment → its seats SOLD on its own
 *   subscription → reads the reservation CONFIRMED with its QR ticket.
 *
 * A share abandons after holding (BENCH_ABANDON_SHARE, 0.1): they come back after the hold expired
 * (SEAT_HOLD_SECONDS = BENCH_HOLD_SECONDS, 20) and try to reserve (HOLD_EXPIRED). A share pays with a card that
 * is declined (BENCH_DECLINE_SHARE, 0.05). Buyers who find nothing left leave the line; once everything is sold,
 * those still waiting leave too.
 *
 * Prints the time to sell out and purchases/s, the funnel, p50/p99 of every step (and from admission to ticket),
 * errors by code, and CPU ms per completed purchase of every process (the load generator, Postgres and Redis
 * included). Then checks, with read-only SQL and the emulator's own records, that no seat was sold twice, every
 * DONE payment has a CONFIRMED reservation with SOLD seats or was refunded, every buyer was charged at most once,
 * no hold outlived its expiry by more than a second (as seen on a live seat map), and admissions followed the line.
 * Exits non-zero when a check fails.
 *
 * `--chaos` (or BENCH_CHAOS=1): the same sale under a schedule of faults (issue 19), injected one after another
 * from BENCH_CHAOS_START_SECONDS (5) every BENCH_CHAOS_GAP_SECONDS (12), each once the previous has recovered:
 * `kill -9` of one of two seating replicas during the hold storm; `kill -9` of one of two payment replicas
 * between Toss' DONE and our commit; a crash and restart of Redis (the run's own, with production's append-only
 * file); a restart of Postgres (the run's own cluster, fast shutdown); a rolling restart of the two routers with
 * every client attached; Toss answering 5xx, then not answering, for BENCH_TOSS_FAULT_SECONDS (20). Seating,
 * payment and the router run two replicas each behind balancers (bench/support/chaos.ts); buyers retry what
 * failed in transit, as a person presses again. Besides every check above: BENCH_PAGES (100) live seat pages
 * equal the database's map, BENCH_LINE_PROBES (100) buyers waiting in a second, paused line see the position
 * Redis holds for them, and no payment is left unsettled once reconciliation ran. Prints each fault, its time to
 * recover and its effect on the funnel. BENCH_SEATS (all but one) puts only that many seats on sale (the rest are
 * blocked), so a small run can sell out.
 *
 * Other options: BENCH_CHECKOUT_SECONDS (CHECKOUT_EXTENSION_SECONDS, 30), BENCH_BEST_SHARE (0.2),
 * BENCH_MAX_SECONDS (900: buyers still busy then count as unfinished), BENCH_CPU_PROFILE (a directory: every
 * service writes CPU profiles there).
 */

import { randomUUID } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seatChannel } from '@tiketi/seating';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import pg from 'pg';
import WebSocket from 'ws';
import { backoffDelay, unpackLayout, unpackStatuses } from '../router/client/src/index.ts';
import { streamGroups } from '../subgraphs/kit/src/events/outbox.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { EMULATOR_SECRET_KEY } from '../subgraphs/payment/src/toss-emulator/keys.ts';
import { openSeatPage, type SeatPage } from '../tests/support/seat-page.ts';
import { privatePostgres, privateRedis } from './support/chaos.ts';
import { type Data, type GraphQLResult, graphqlClient } from './support/http.ts';
import {
  cpuMs,
  cpuSampler,
  fmt,
  machineBusyMs,
  numberEnv,
  percentile,
  pidsOf,
  postgresBackends,
  sleep,
} from './support/machine.ts';
import {
  ARENA,
  adminAtSeating,
  createArenaLayout,
  createOnSaleEvent,
  type Platform,
  startPlatform,
} from './support/services.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const BUYERS = numberEnv('BENCH_BUYERS', 10_000);
const ARRIVAL_S = numberEnv('BENCH_ARRIVAL_SECONDS', 10);
const WATCHERS = numberEnv('BENCH_WATCHERS', 1_000);
/**
 * Active shoppers the waiting room admits. A buyer who walks away keeps a slot for the room's idle time (120 s),
 * so 100 slots held the sale to about 6 admissions/s, below what the CPU allows once a seat page is cheap: 300 keep
 * the sale bound by the machine, still in waves.
 */
const CAPACITY = numberEnv('BENCH_CAPACITY', 300);
/** Seconds a buyer looks at the map before picking, and types the card before paying. */
const THINK_S = numberEnv('BENCH_THINK_SECONDS', 2);
const HOLD_S = numberEnv('BENCH_HOLD_SECONDS', 20);
const CHECKOUT_S = numberEnv('BENCH_CHECKOUT_SECONDS', 30);
const ABANDON_SHARE = numberEnv('BENCH_ABANDON_SHARE', 0.1);
const DECLINE_SHARE = numberEnv('BENCH_DECLINE_SHARE', 0.05);
const BEST_SHARE = numberEnv('BENCH_BEST_SHARE', 0.2);
const POLL_MAX_S = numberEnv('BENCH_POLL_MAX_SECONDS', 60);
/** The queue's QUEUE_UPDATE_INTERVAL_MS: least time between two `queuePosition` pushes to one buyer. */
const UPDATE_MS = numberEnv('BENCH_QUEUE_UPDATE_MS', 5_000);
const MAX_S = numberEnv('BENCH_MAX_SECONDS', 900);
/** Seat-map loads before the sale that measure one load's CPU per process. */
const SEAT_MAP_LOADS = numberEnv('BENCH_SEAT_MAP_LOADS', 100);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const CHAOS = process.argv.includes('--chaos') || process.env.BENCH_CHAOS === '1';
const CHAOS_START_S = numberEnv('BENCH_CHAOS_START_SECONDS', 5);
const CHAOS_GAP_S = numberEnv('BENCH_CHAOS_GAP_SECONDS', 12);
const TOSS_FAULT_S = numberEnv('BENCH_TOSS_FAULT_SECONDS', 20);
/** Seconds before a killed replica is started again (its pod restarting). */
const RESTART_DELAY_S = numberEnv('BENCH_RESTART_DELAY_SECONDS', 1);
/** How long a buyer keeps pressing again after failures in transit (chaos). */
const RETRY_S = numberEnv('BENCH_RETRY_SECONDS', 60);
const PAGES = CHAOS ? numberEnv('BENCH_PAGES', 100) : 0;
const LINE_PROBES = CHAOS ? numberEnv('BENCH_LINE_PROBES', 100) : 0;
/** Seats on sale; the rest of the arena is blocked. One seat always stays blocked: the reveal seat (verify). */
const SEATS_ON_SALE = numberEnv('BENCH_SEATS', Number.POSITIVE_INFINITY);
const LOG_DIR = `${tmpdir()}/tiketi-bench-onsale`;
/** Codes a buyer meets in a healthy on-sale: someone was faster, a card was declined, a hold was left to expire. */
const EXPECTED = new Set(['SEAT_UNAVAILABLE', 'PAYMENT_DECLINED', 'HOLD_EXPIRED']);

const { post, call, close: closeHttp } = graphqlClient(512);

// ---------------------------------------------------------------------------------------------------------
// Operations, as the web app sends them

const JOIN = `mutation JoinQueue($e: ID!) { joinQueue(eventId: $e) { state number position etaSeconds admissionPass } }`;
const TICKET = `query MyTicket($e: ID!) { myQueueTicket(eventId: $e) { state number position etaSeconds admissionPass } }`;
const POSITION = `subscription QueuePosition($e: ID!) { queuePosition(eventId: $e) { state number position etaSeconds admissionPass } }`;
const LEAVE = `mutation LeaveQueue($e: ID!) { leaveQueue(eventId: $e) }`;
/** The web app's seat page (web/src/pages/Seats.tsx): the event, its tiers, and the packed seat map. */
const SEAT_MAP = `query SeatsQuery($id: ID!) {
  event(id: $id) { id title titleEn status startsAt saleStartsAt venue { id name nameEn }
    ticketTypes { id name code price color }
    seatMap { version statusCodes layout { revision seats } width height stage { x y width height label } } } }`;
/** Its statuses alone, read again once the page's socket has settled (web/src/seatmap/live-seats.ts). */
const SEAT_STATUSES = `query SeatStatusQuery($id: ID!) {
  event(id: $id) { id seatMap { version statusCodes layout { revision } } } }`;
const WATCH = `subscription SeatChanged($e: ID!) { seatChanged(eventId: $e) { version seats { id status } } }`;
const HOLD = `mutation HoldSeats($input: HoldSeatsInput!) { holdSeats(input: $input) { id expiresAt totalAmount } }`;
const HOLD_BEST = `mutation HoldBest($e: ID!, $t: ID!, $q: Int!, $p: String) {
  holdBestAvailable(eventId: $e, ticketTypeId: $t, quantity: $q, admissionPass: $p) { id expiresAt totalAmount seats { id } } }`;
const RESERVE = `mutation Reserve($hold: ID!) { createReservation(holdId: $hold) { id totalAmount expiresAt checkoutToken } }`;
const PREPARE = `mutation Prepare($id: ID!, $token: String) {
  preparePayment(reservationId: $id, checkoutToken: $token) { orderId amount } }`;
const CONFIRM = `mutation Confirm($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id status } }`;
const READ_TICKET = `query Ticket($id: ID!) { reservation(id: $id) { status qrCode } }`;

// ---------------------------------------------------------------------------------------------------------
// What the run records

type Step =
  | 'join'
  | 'poll'
  | 'wait in line'
  | 'seat map'
  | 'seat statuses'
  | 'hold'
  | 'reserve'
  | 'prepare'
  | 'authorize'
  | 'confirm'
  | 'read ticket'
  | 'leave'
  | 'confirm → ticket'
  | 'admission → ticket';

const latencies = new Map<Step, number[]>();
const record = (step: Step, ms: number) => {
  const list = latencies.get(step);
  if (list) list.push(ms);
  else latencies.set(step, [ms]);
};
const funnel = {
  arrived: 0,
  joined: 0,
  admitted: 0,
  'seat map': 0,
  held: 0,
  reserved: 0,
  prepared: 0,
  authorized: 0,
  paid: 0,
  ticket: 0,
  abandoned: 0,
  declined: 0,
  'nothing left': 0,
  'left line (sold out)': 0,
  'failed (unexpected error)': 0,
  unfinished: 0,
};
const errors = new Map<string, number>();
const firstErrors = new Map<string, string>();
/** When subscriptions failed (performance.now()). */
const subscriptionErrorsAt: number[] = [];
/** Every error with when it happened (performance.now()): the chaos run's effect of each fault. */
const errorLog: { at: number; key: string }[] = [];
/** When buyers got their tickets (performance.now()). */
const ticketsAt: number[] = [];
const countError = (step: string, code: string, message: string) => {
  const key = `${code} (${step})`;
  errorLog.push({ at: performance.now(), key });
  if (code === 'SUBSCRIPTION') subscriptionErrorsAt.push(performance.now());
  errors.set(key, (errors.get(key) ?? 0) + 1);
  if (!firstErrors.has(key)) firstErrors.set(key, message.slice(0, 300));
};

class StepError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A failure in transit rather than an answer: the connection broke, a 5xx, or the router could not reach a
 * subgraph. A person presses again; the chaos run's buyers do too (`step`).
 */
const inTransit = (code: string) =>
  code === 'NETWORK' ||
  code.startsWith('HTTP 5') ||
  code === 'INTERNAL_SERVER_ERROR' ||
  code === 'SERVICE_UNAVAILABLE';
let retries = 0;

/**
 * A timed GraphQL call through the router; throws StepError with the first error's code. In the chaos run a
 * failure in transit is tried again, with full-jitter backoff, for up to BENCH_RETRY_SECONDS.
 */
async function step(name: Step, query: string, variables: Data, auth: Record<string, string>) {
  if (!CHAOS) return once(name, query, variables, auth);
  const giveUp = performance.now() + RETRY_S * 1000;
  for (let attempt = 0; ; attempt++) {
    try {
      return await once(name, query, variables, auth);
    } catch (err) {
      if (!(err instanceof StepError) || !inTransit(err.code) || performance.now() > giveUp) throw err;
      retries++;
      await sleep(backoffDelay(attempt, { initialMs: 250, maxMs: 4_000 }));
    }
  }
}

async function once(name: Step, query: string, variables: Data, auth: Record<string, string>) {
  const started = performance.now();
  let res: GraphQLResult;
  try {
    res = await post(routerUrl, query, variables, auth);
  } catch (err) {
    countError(name, 'NETWORK', (err as Error).message);
    throw new StepError('NETWORK', (err as Error).message);
  }
  record(name, performance.now() - started);
  if (res.errors?.length || !res.data) {
    const code = res.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;
    countError(name, code, JSON.stringify(res.errors));
    throw new StepError(code, res.errors?.[0]?.message ?? '');
  }
  return res.data;
}

// ---------------------------------------------------------------------------------------------------------
// The sale's live seat map, as the bench's own `seatChanged` subscription shows it

interface MapSeat {
  id: string;
  section: string;
  row: string;
  number: number;
  status: string;
  ticketType: { id: string; code: string };
}

const status = new Map<string, string>();
/**
 * Per seat: every status seating announced for it, with when (epoch ms), read from seating's own channel in Redis:
 * when a hold's seats came back, before any fan-out delay.
 */
const announced = new Map<string, { at: number; status: string }[]>();
/** Per seat: when the bench's own subscription through the router showed each status (epoch ms). */
const shown = new Map<string, { at: number; status: string }[]>();
const remember = (log: typeof shown, seats: { id: string; status: string }[]) => {
  const at = Date.now();
  for (const s of seats) {
    const h = log.get(s.id);
    if (h) h.push({ at, status: s.status });
    else log.set(s.id, [{ at, status: s.status }]);
  }
};
/** Seats of each price class, by row, side by side (what "pick seats next to each other" needs). */
const rowsByTier = new Map<string, MapSeat[][]>();
const tierIds = new Map<string, string>();
let soldOutAt: number | null = null;
let totalSeats = 0;
const soldOut = () => soldOutAt !== null;

/** The seat page's answer as seats: the packed layout's columns with the status codes (seatmap/packed.ts). */
function unpackSeatMap(event: {
  ticketTypes: { id: string; code: string }[];
  seatMap: { statusCodes: string; layout: { seats: string } };
}): MapSeat[] {
  const layout = unpackLayout(event.seatMap.layout.seats);
  const statuses = unpackStatuses(
    layout.map((s) => s.id),
    event.seatMap.statusCodes,
  );
  const codes = new Map(event.ticketTypes.map((t) => [t.id, t.code]));
  return layout.map((seat, i) => ({
    id: seat.id,
    section: seat.section,
    row: seat.row,
    number: seat.number,
    status: statuses?.[i]?.status ?? 'BLOCKED',
    ticketType: { id: seat.ticketTypeId, code: codes.get(seat.ticketTypeId) ?? '?' },
  }));
}

function learnGeometry(seats: MapSeat[]) {
  const rows = new Map<string, MapSeat[]>();
  layoutIds = seats.map((s) => s.id);
  for (const seat of seats) {
    status.set(seat.id, seat.status);
    tierIds.set(seat.ticketType.code, seat.ticketType.id);
    const key = `${seat.ticketType.code}|${seat.section}|${seat.row}`;
    const row = rows.get(key);
    if (row) row.push(seat);
    else rows.set(key, [seat]);
  }
  for (const [key, row] of rows) {
    row.sort((a, b) => a.number - b.number);
    const tier = key.split('|')[0]!;
    const list = rowsByTier.get(tier);
    if (list) list.push(row);
    else rowsByTier.set(tier, [row]);
  }
  totalSeats = seats.filter((s) => s.status !== 'BLOCKED').length;
}

/** The seat ids in the packed layout's order. */
let layoutIds: string[] = [];
/** A seat kept blocked: unblocked and blocked again after the sale, a change every live page must see. */
let revealSeat: string | null = null;

/** The bench's live map after its socket came back: the statuses read again, what changed applied. */
async function reloadStatuses() {
  const data = await call(routerUrl, SEAT_STATUSES, { id: eventId }, {});
  const changed = (unpackStatuses(layoutIds, data.event.seatMap.statusCodes) ?? []).filter(
    (s) => status.get(s.id) !== s.status,
  );
  if (changed.length > 0) applyChange(changed);
}

function applyChange(seats: { id: string; status: string }[]) {
  const at = performance.now();
  for (const s of seats) status.set(s.id, s.status);
  remember(shown, seats);
  if (soldOutAt === null) {
    let sold = 0;
    for (const s of status.values()) if (s === 'SOLD') sold++;
    if (sold === totalSeats) soldOutAt = at;
  }
}

const available = () => {
  let n = 0;
  for (const s of status.values()) if (s === 'AVAILABLE') n++;
  return n;
};

/** `n` seats side by side in one row of `tier`, front rows more likely; any `n` free seats when none are. */
function pick(tier: string, n: number): string[] | null {
  const rows = rowsByTier.get(tier) ?? [];
  const start = Math.floor(Math.random() ** 2 * rows.length);
  for (let k = 0; k < rows.length; k++) {
    const row = rows[(start + k) % rows.length]!;
    let run: string[] = [];
    for (let i = 0; i < row.length; i++) {
      const seat = row[i]!;
      const adjacent = i > 0 && seat.number === row[i - 1]!.number + 1;
      if (status.get(seat.id) !== 'AVAILABLE') run = [];
      else {
        if (!adjacent) run = [];
        run.push(seat.id);
        if (run.length === n) return run;
      }
    }
  }
  // Nothing side by side: whatever is left, anywhere.
  const left = [...status].filter(([, s]) => s === 'AVAILABLE').map(([id]) => id);
  if (left.length === 0) return null;
  const from = Math.floor(Math.random() * left.length);
  return [...left.slice(from), ...left.slice(0, from)].slice(0, Math.min(n, left.length));
}

// ---------------------------------------------------------------------------------------------------------
// A buyer

let routerUrl = '';
let wsUrl = '';
let tossUrl = '';
let eventId = '';
let redisUrl = '';
let redisPrefix = '';

interface Outcome {
  userId: string;
  /** Join number (the line's order). */
  number: number | null;
  admittedAt: number | null;
  abandonedHold: { seatIds: string[]; expiresAt: number } | null;
}

const weightedTier = () => {
  const r = Math.random();
  return r < 0.15 ? 'VIP' : r < 0.35 ? 'R' : r < 0.8 ? 'S' : 'A';
};
const wantedSeats = () => {
  const r = Math.random();
  return r < 0.15 ? 1 : r < 0.75 ? 2 : r < 0.9 ? 3 : 4;
};

function socket(token: string): Client {
  return createClient({
    url: wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    // As the web app's live client (router/client): a dropped socket is reconnected, whatever ended it, and
    // its subscriptions resume; the page reloads what it may have missed.
    retryAttempts: CHAOS ? Number.POSITIVE_INFINITY : 5,
    shouldRetry: () => true,
    lazy: true,
    on: {
      connected: (_socket, _payload, wasRetry) => {
        if (wasRetry) reconnects++;
      },
      // How sockets ended, other than by the client's own normal close: 1006 is a reset or a dropped peer.
      closed: (event) => {
        const code = (event as { code?: number })?.code ?? 0;
        if (code !== 1000) socketCloses.set(code, (socketCloses.get(code) ?? 0) + 1);
      },
    },
  });
}

/** Socket endings by close code (not 1000), across every buyer's socket, and the reconnections that followed. */
const socketCloses = new Map<number, number>();
let reconnects = 0;
/** The load generator's own event-loop delay: its clock stamps every latency and announcement here. */
const loopDelay = monitorEventLoopDelay({ resolution: 20 });

interface QueueTicket {
  state: string;
  number: number | null;
  position: number | null;
  etaSeconds: number | null;
  admissionPass: string | null;
}

/** Waits in line: on a socket (`queuePosition`) or by polling; the admitted ticket, or null (left: sold out). */
async function waitInLine(
  ticket: QueueTicket,
  auth: Record<string, string>,
  ws: Client | null,
): Promise<QueueTicket | null> {
  if (ticket.state === 'ADMITTED') return ticket;
  if (ws) {
    return new Promise((resolve) => {
      let done = false;
      const finish = (t: QueueTicket | null) => {
        if (done) return;
        done = true;
        clearInterval(timer);
        stop();
        resolve(t);
      };
      const stop = ws.subscribe<{ queuePosition: QueueTicket }>(
        { query: POSITION, variables: { e: eventId } },
        {
          next: (r) => {
            const t = r.data?.queuePosition;
            if (t?.state === 'ADMITTED') finish(t);
            else if (t && t.state !== 'WAITING') finish(null);
          },
          error: (err) => {
            countError('queuePosition', 'SUBSCRIPTION', String((err as Error)?.message ?? err));
            finish(null);
          },
          complete: () => finish(null),
        },
      );
      // The page shows "sold out" and the buyer leaves.
      const timer = setInterval(() => {
        if (soldOut()) finish(null);
      }, 1_000);
    });
  }
  let current = ticket;
  for (;;) {
    const position = current.position ?? 1;
    const wait =
      position <= CAPACITY / 4
        ? 2
        : Math.min(POLL_MAX_S, Math.max(2, current.etaSeconds === null ? 5 : current.etaSeconds / 2));
    const until = performance.now() + wait * 1000;
    while (performance.now() < until) {
      if (soldOut()) return null;
      await sleep(Math.min(1_000, until - performance.now()));
    }
    const data = await step('poll', TICKET, { e: eventId }, auth);
    const t = data.myQueueTicket as QueueTicket | null;
    if (!t || (t.state !== 'WAITING' && t.state !== 'ADMITTED')) return null;
    if (t.state === 'ADMITTED') return t;
    current = t;
  }
}

/** Holds seats: picked side by side (retrying after SEAT_UNAVAILABLE) or best available; null: nothing left. */
async function holdSomething(auth: Record<string, string>, pass: string | null) {
  const tier = weightedTier();
  const n = wantedSeats();
  if (Math.random() < BEST_SHARE) {
    try {
      const data = await step('hold', HOLD_BEST, { e: eventId, t: tierIds.get(tier), q: n, p: pass }, auth);
      const h = data.holdBestAvailable;
      return {
        id: h.id as string,
        seatIds: (h.seats as { id: string }[]).map((s) => s.id),
        expiresAt: h.expiresAt,
      };
    } catch (err) {
      if (!(err instanceof StepError) || err.code !== 'SEAT_UNAVAILABLE') throw err;
      // That class is gone: pick on the map, any class.
    }
  }
  for (let attempt = 0; attempt < 4; attempt++) {
    const seatIds = pick(attempt === 0 ? tier : weightedTier(), n);
    if (!seatIds) return null;
    try {
      const data = await step('hold', HOLD, { input: { eventId, seatIds, admissionPass: pass } }, auth);
      return { id: data.holdSeats.id as string, seatIds, expiresAt: data.holdSeats.expiresAt as string };
    } catch (err) {
      if (!(err instanceof StepError) || err.code !== 'SEAT_UNAVAILABLE') throw err;
    }
  }
  return null;
}

/** The widget's part: `POST /sandbox/authorize` on the emulator. */
async function authorize(orderId: string, amount: number, card: string) {
  const started = performance.now();
  const res = await fetch(`${tossUrl}/sandbox/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount, card }),
  });
  if (!res.ok) {
    countError('authorize', `HTTP ${res.status}`, await res.text());
    throw new StepError(`HTTP ${res.status}`, 'authorize');
  }
  record('authorize', performance.now() - started);
  return (await res.json()) as { paymentKey: string; orderId: string; amount: number };
}

async function buyer(index: number, token: string, outcome: Outcome): Promise<void> {
  const auth = { authorization: `Bearer ${token}` };
  await sleep((index * ARRIVAL_S * 1000) / BUYERS);
  funnel.arrived++;
  const watcher = index % Math.max(1, Math.floor(BUYERS / WATCHERS)) === 0;
  let ws: Client | null = watcher ? socket(token) : null;
  try {
    const joined = (await step('join', JOIN, { e: eventId }, auth)).joinQueue as QueueTicket;
    funnel.joined++;
    outcome.number = joined.number;
    const joinedAt = performance.now();
    const ticket = await waitInLine(joined, auth, ws);
    if (!ticket) {
      funnel['left line (sold out)']++;
      await step('leave', LEAVE, { e: eventId }, auth).catch(() => undefined);
      return;
    }
    const admittedAt = performance.now();
    outcome.admittedAt = admittedAt;
    record('wait in line', admittedAt - joinedAt);
    funnel.admitted++;

    // The seat page: the map, then its live changes on the buyer's own socket.
    await step('seat map', SEAT_MAP, { id: eventId }, auth);
    funnel['seat map']++;
    ws ??= socket(token);
    // Errors are counted by `step`; the page carries on with the statuses it has.
    const settled = sleep(500)
      .then(() => step('seat statuses', SEAT_STATUSES, { id: eventId }, auth))
      .catch(() => undefined);
    const mine = new Set<string>();
    let sold: (() => void) | null = null;
    // A socket that reconnected may have missed this buyer's seats turning SOLD: the page reads the ticket.
    const offReconnect = ws.on('connected', (_socket, _payload, wasRetry) => {
      if (wasRetry) sold?.();
    });
    const stopWatching = ws.subscribe<{ seatChanged: { seats: { id: string; status: string }[] } }>(
      { query: WATCH, variables: { e: eventId } },
      {
        next: (r) => {
          if (!sold) return;
          const seats = r.data?.seatChanged.seats ?? [];
          for (const s of seats) if (mine.has(s.id) && s.status === 'SOLD') mine.delete(s.id);
          if (mine.size === 0) sold();
        },
        error: (err) => countError('seatChanged', 'SUBSCRIPTION', String((err as Error)?.message ?? err)),
        complete: () => {},
      },
    );
    try {
      await sleep(THINK_S * 1000 * (0.5 + Math.random()));
      if (available() === 0) {
        funnel['nothing left']++;
        await step('leave', LEAVE, { e: eventId }, auth).catch(() => undefined);
        return;
      }
      const hold = await holdSomething(auth, ticket.admissionPass);
      if (!hold) {
        funnel['nothing left']++;
        await step('leave', LEAVE, { e: eventId }, auth).catch(() => undefined);
        return;
      }
      funnel.held++;
      const fate = Math.random();
      if (fate < ABANDON_SHARE) {
        // Gone (a call, a closed tab); back after the hold ran out, when reserving can only fail.
        funnel.abandoned++;
        const expiresAt = Date.parse(hold.expiresAt);
        outcome.abandonedHold = { seatIds: hold.seatIds, expiresAt };
        stopWatching();
        await sleep(Math.max(0, expiresAt - Date.now()) + 1_500);
        await step('reserve', RESERVE, { hold: hold.id }, auth).catch(() => undefined);
        return;
      }
      for (const id of hold.seatIds) mine.add(id);
      const reservation = (await step('reserve', RESERVE, { hold: hold.id }, auth)).createReservation;
      funnel.reserved++;
      const order = (
        await step('prepare', PREPARE, { id: reservation.id, token: reservation.checkoutToken }, auth)
      ).preparePayment;
      funnel.prepared++;
      const declined = fate < ABANDON_SHARE + DECLINE_SHARE;
      await sleep(THINK_S * 1000 * (0.5 + Math.random()));
      const widget = await authorize(order.orderId, order.amount, declined ? 'decline' : 'success');
      funnel.authorized++;
      const confirmedAt = performance.now();
      const soldSeen = new Promise<void>((resolve) => {
        sold = resolve;
      });
      try {
        await step('confirm', CONFIRM, { input: widget }, auth);
      } catch (err) {
        if (declined && err instanceof StepError && err.code === 'PAYMENT_DECLINED') {
          funnel.declined++;
          await step('leave', LEAVE, { e: eventId }, auth).catch(() => undefined);
          return;
        }
        throw err;
      }
      funnel.paid++;
      // The success page shows the ticket once seating has sold the seats (one transaction with CONFIRMED).
      await Promise.race([soldSeen, sleep(30_000)]);
      // The page waits while the payment is being confirmed (a Toss outage: until reconciliation resumes it).
      const waitUntil = performance.now() + (CHAOS ? RETRY_S : 20) * 1000;
      for (;;) {
        const r = (await step('read ticket', READ_TICKET, { id: reservation.id }, auth)).reservation;
        if (r.status === 'CONFIRMED' && r.qrCode) break;
        if (performance.now() > waitUntil) {
          countError('read ticket', 'NOT_CONFIRMED', `reservation ${reservation.id} is ${r.status}`);
          throw new StepError('NOT_CONFIRMED', `reservation ${reservation.id} is ${r.status}`);
        }
        await sleep(200);
      }
      const done = performance.now();
      record('confirm → ticket', done - confirmedAt);
      record('admission → ticket', done - admittedAt);
      funnel.ticket++;
      ticketsAt.push(done);
    } finally {
      stopWatching();
      offReconnect();
      await settled;
    }
  } catch (err) {
    if (!(err instanceof StepError)) countError('buyer', 'EXCEPTION', (err as Error).message);
    funnel['failed (unexpected error)']++;
  } finally {
    // A socket still connecting when the services stop rejects its dispose with the close event.
    await Promise.resolve(ws?.dispose()).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Set-up

async function openSale(admin: Record<string, string>, seatingUrl: string) {
  const layoutId = await createArenaLayout(seatingUrl);
  eventId = await createOnSaleEvent(routerUrl, 'On-sale bench', admin);
  // Seating and queue learn the event from catalog's outbox through Redis: NOT_FOUND until then.
  const retry = async (query: string, variables: Data) => {
    for (let i = 0; ; i++) {
      const res = await post(routerUrl, query, variables, admin);
      if (!res.errors?.length) return res.data!;
      if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300)
        throw new Error(JSON.stringify(res.errors));
      await sleep(100);
    }
  };
  await retry(
    `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
    {
      e: eventId,
      i: { layoutId: layoutId, ticketTypes: ARENA.ticketTypes.map((t) => ({ ...t })) },
    },
  );
  // Only BENCH_SEATS on sale (and in the chaos run one seat kept back, the reveal seat): the rest is blocked.
  const arena = unpackSeatMap((await call(routerUrl, SEAT_MAP, { id: eventId }, {})).event);
  const keep = Math.min(SEATS_ON_SALE, CHAOS ? arena.length - 1 : arena.length);
  const blocked = arena.slice(keep).map((s) => s.id);
  for (let i = 0; i < blocked.length; i += 1_000) {
    await adminAtSeating(
      seatingUrl,
      'mutation($e: ID!, $s: [ID!]!) { blockSeats(eventId: $e, seatIds: $s) { version } }',
      { e: eventId, s: blocked.slice(i, i + 1_000) },
    );
  }
  revealSeat = blocked.at(-1) ?? null;
  learnGeometry(unpackSeatMap((await call(routerUrl, SEAT_MAP, { id: eventId }, {})).event));

  // The bench's own live map: one subscription through the router, live before the room opens. After its
  // socket came back it reads the statuses again (what it missed meanwhile is gone).
  const observer = socket(accessToken(keys, randomUUID(), 'USER'));
  observer.on('connected', (_socket, _payload, wasRetry) => {
    if (wasRetry) void reloadStatuses().catch(() => undefined);
  });
  const probe = pick('A', 1)!;
  let live = false;
  const stop = observer.subscribe<{ seatChanged: { seats: { id: string; status: string }[] } }>(
    { query: WATCH, variables: { e: eventId } },
    {
      next: (r) => {
        const seats = r.data?.seatChanged.seats ?? [];
        if (seats.some((s) => s.id === probe[0])) live = true;
        applyChange(seats);
      },
      error: (err) => console.error('  observer subscription ended:', err),
      complete: () => {},
    },
  );
  // Seating's own announcements, straight from its channel: when a seat changed, before the router's fan-out.
  const feed = new Redis(redisUrl, { lazyConnect: true });
  await feed.connect();
  await feed.subscribe(`${redisPrefix}${seatChannel(eventId)}`);
  feed.on('message', (_channel, message) => {
    remember(announced, (JSON.parse(message) as { seats: { id: string; status: string }[] }).seats);
  });
  const probeAuth = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'USER')}` };
  for (let attempt = 0; !live; attempt++) {
    if (attempt === 30) throw new Error('the seatChanged subscription through the router delivered nothing');
    const { holdSeats } = await call(routerUrl, HOLD, { input: { eventId, seatIds: probe } }, probeAuth);
    for (let i = 0; i < 20 && !live; i++) await sleep(50);
    await call(routerUrl, 'mutation($h: ID!) { releaseHold(holdId: $h) }', { h: holdSeats.id }, probeAuth);
  }
  await retry(
    `mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { enabled } }`,
    { e: eventId, i: { mode: 'ON', capacity: CAPACITY } },
  );
  return {
    observer,
    stopObserver: () => {
      stop();
      feed.disconnect();
    },
  };
}

/**
 * CPU of one seat map load through the router, per process: BENCH_SEAT_MAP_LOADS loads, 8 at a time, before the sale starts (the
 * map is public: no buyer, no slot).
 */
async function calibrateSeatMap(pids: Record<string, number>, databaseName: string) {
  const loads = SEAT_MAP_LOADS;
  const names = ['router', 'seating', 'catalog'];
  const before = Object.fromEntries(names.map((n) => [n, cpuMs(pids[n])]));
  const pgBefore = new Map(postgresBackends(databaseName).map((pid) => [pid, cpuMs(pid)]));
  const benchBefore = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next++ < loads) await call(routerUrl, SEAT_MAP, { id: eventId }, {});
    }),
  );
  const bench = process.cpuUsage(benchBefore);
  const cost: Record<string, number> = {};
  for (const n of names) cost[n] = (cpuMs(pids[n]) - (before[n] ?? 0)) / loads;
  cost.postgres =
    postgresBackends(databaseName).reduce((s, pid) => s + cpuMs(pid) - (pgBefore.get(pid) ?? 0), 0) / loads;
  cost['load generator'] = (bench.user + bench.system) / 1000 / loads;
  return cost;
}

// ---------------------------------------------------------------------------------------------------------
// Checks afterwards: read-only SQL, the emulator's records, and what the live map showed

async function verify(databaseUrl: string, outcomes: Outcome[]) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const problems: string[] = [];
  const one = async <T>(text: string, params: unknown[] = [eventId]) =>
    (await db.query(text, params)).rows[0] as T;
  try {
    // Domain events still travelling (payment.confirmed, confirm_failed, cancellations) are handled first…
    const redis = new Redis(redisUrl);
    try {
      for (let i = 0; i < 120; i++) {
        // Events committed but not yet relayed count too.
        let outstanding = (
          await one<{ n: number }>(
            `select (select count(*)::int from seating.outbox where published_at is null)
                  + (select count(*)::int from payment.outbox where published_at is null) as n`,
            [],
          )
        ).n;
        for (const key of await redis.keys(`${redisPrefix}events:*`)) {
          for (const g of await streamGroups(redis, key)) outstanding += g.pending + (g.lag ?? 0);
        }
        if (outstanding === 0) break;
        await sleep(500);
      }
    } finally {
      redis.disconnect();
    }
    // …then refunds and confirmations Toss has not answered yet (seconds at most: reconciliation resumes the
    // confirms of a Toss outage PAYMENT_RECHECK_MS after, doubling).
    let unsettled = { payments: 0, refunds: 0 };
    for (let i = 0; i < 120; i++) {
      unsettled = await one<{ payments: number; refunds: number }>(
        `select (select count(*)::int from payment.payments p join seating.reservations r on r.id = p.reservation_id
                  where r.event_id = $1 and p.status = 'IN_PROGRESS') as payments,
                (select count(*)::int from payment.refund_requests q join payment.payments p on p.id = q.payment_id
                   join seating.reservations r on r.id = p.reservation_id where r.event_id = $1 and q.status = 'PENDING') as refunds`,
      );
      if (unsettled.payments + unsettled.refunds === 0) break;
      await sleep(500);
    }
    if (unsettled.payments + unsettled.refunds > 0)
      problems.push(
        `left unsettled after reconciliation: ${unsettled.payments} payments IN_PROGRESS, ${unsettled.refunds} refunds PENDING`,
      );
    const twice = await one<{ n: number }>(
      `select count(*)::int as n from (select i.seat_id from seating.reservation_items i
         join seating.reservations r on r.id = i.reservation_id
        where r.event_id = $1 and r.status = 'CONFIRMED' group by i.seat_id having count(*) > 1) t`,
    );
    if (twice.n > 0) problems.push(`${twice.n} seats sold twice`);
    const sold = await one<{ seats: number; items: number }>(
      `select (select count(*)::int from seating.seats where event_id = $1 and status = 'SOLD') as seats,
              (select count(*)::int from seating.reservation_items i join seating.reservations r on r.id = i.reservation_id
                where r.event_id = $1 and r.status = 'CONFIRMED') as items`,
    );
    if (sold.seats !== sold.items)
      problems.push(`${sold.seats} seats SOLD but ${sold.items} seats in CONFIRMED reservations`);
    const orphan = await one<{ n: number }>(
      `select count(*)::int as n from payment.payments p join seating.reservations r on r.id = p.reservation_id
        where r.event_id = $1 and p.status in ('DONE', 'PARTIAL_CANCELED') and r.status <> 'CONFIRMED'`,
    );
    if (orphan.n > 0) {
      const detail = await db.query(
        `select p.id, p.status as payment, r.status as reservation, r.expires_at, p.approved_at,
                (select string_agg(q.status, ',') from payment.refund_requests q where q.payment_id = p.id) as refunds
           from payment.payments p join seating.reservations r on r.id = p.reservation_id
          where r.event_id = $1 and p.status in ('DONE', 'PARTIAL_CANCELED') and r.status <> 'CONFIRMED' limit 5`,
        [eventId],
      );
      problems.push(
        `${orphan.n} DONE payments without a CONFIRMED reservation and not refunded: ${JSON.stringify(detail.rows)}`,
      );
    }
    const chargedTwice = await one<{ n: number }>(
      `select count(*)::int as n from (select p.user_id from payment.payments p
         join seating.reservations r on r.id = p.reservation_id
        where r.event_id = $1 and p.approved_at is not null group by p.user_id having count(*) > 1) t`,
    );
    if (chargedTwice.n > 0) problems.push(`${chargedTwice.n} buyers charged more than once (our records)`);

    // The emulator's own records: every order we hold, as Toss knows it.
    const orders = (
      await db.query<{ order_id: string; user_id: string; status: string }>(
        `select p.order_id, p.user_id, p.status from payment.payments p
           join seating.reservations r on r.id = p.reservation_id where r.event_id = $1`,
        [eventId],
      )
    ).rows;
    const approvedAtToss = new Map<string, number>();
    let disagree = 0;
    const auth = `Basic ${Buffer.from(`${EMULATOR_SECRET_KEY}:`).toString('base64')}`;
    for (let i = 0; i < orders.length; i += 32) {
      await Promise.all(
        orders.slice(i, i + 32).map(async (o) => {
          const res = await fetch(`${tossUrl}/v1/payments/orders/${o.order_id}`, {
            headers: { authorization: auth },
          });
          if (res.status === 404) {
            if (o.status === 'DONE') disagree++;
            return;
          }
          const toss = (await res.json()) as { status: string; approvedAt: string | null };
          if (toss.approvedAt) approvedAtToss.set(o.user_id, (approvedAtToss.get(o.user_id) ?? 0) + 1);
          const ours = o.status;
          if ((ours === 'DONE' || ours === 'CANCELED' || ours === 'PARTIAL_CANCELED') && ours !== toss.status)
            disagree++;
        }),
      );
    }
    if (disagree > 0) problems.push(`${disagree} payments whose status differs from the emulator's`);
    const twiceAtToss = [...approvedAtToss.values()].filter((n) => n > 1).length;
    if (twiceAtToss > 0)
      problems.push(`${twiceAtToss} buyers charged more than once (the emulator's records)`);
    const stillHeld = await one<{ n: number }>(
      `select count(*)::int as n from seating.seats where event_id = $1 and status = 'HELD' and held_until < now() - interval '1 second'`,
    );
    if (stillHeld.n > 0) problems.push(`${stillHeld.n} seats still HELD more than a second past their hold`);

    // Holds left to expire: when seating announced their seats free (its channel in Redis), and when the live
    // map through the router showed it.
    const lateness: number[] = [];
    const shownLate: number[] = [];
    // The first word of the seat after the hold's end: AVAILABLE from the sweeper, or HELD by a buyer who took it
    // over (an expired hold already reads free, so a hold request may take its seats before the sweeper runs).
    const freedAt = (log: typeof shown, id: string, expiresAt: number) =>
      log.get(id)?.find((h) => h.at >= expiresAt)?.at ?? Number.POSITIVE_INFINITY;
    const checkedAt = Date.now();
    for (const o of outcomes) {
      // A run stopped at BENCH_MAX_SECONDS may check holds that have not ended yet.
      if (!o.abandonedHold || o.abandonedHold.expiresAt > checkedAt - 1_000) continue;
      const { seatIds, expiresAt } = o.abandonedHold;
      // A hold that ended while a fault lasted is freed once the fault is over: not judged.
      const endedAt = performance.now() - (Date.now() - expiresAt);
      if (faults.some((f) => endedAt >= f.at - 1_000 && endedAt <= (f.recoveredAt ?? Infinity) + 2_000))
        continue;
      for (const id of seatIds) {
        lateness.push(freedAt(announced, id, expiresAt) - expiresAt);
        shownLate.push(freedAt(shown, id, expiresAt) - expiresAt);
      }
    }
    const late = lateness.filter((l) => l > 1_000).length;
    if (late > 0)
      problems.push(
        `${late} of ${lateness.length} abandoned seats freed more than 1 s after their hold ended`,
      );

    // Admission in join order: the queue's admission log (written by its own event, so wait for it).
    const admittedHere = outcomes.filter((o) => o.admittedAt !== null).length;
    let logged = 0;
    for (let i = 0; i < 60; i++) {
      logged = (
        await one<{ n: number }>(`select count(*)::int as n from queue.admissions where event_id = $1`)
      ).n;
      if (logged >= admittedHere) break;
      await sleep(500);
    }
    const out = await one<{ n: number }>(
      `select count(*)::int as n from (select join_seq, lag(join_seq) over (order by admit_no) as before
         from queue.admissions where event_id = $1 and via = 'line') t where before is not null and join_seq < before`,
    );
    if (out.n > 0) problems.push(`${out.n} admissions out of join order`);
    return { problems, lateness, shownLate, logged, admittedHere };
  } finally {
    await db.end();
  }
}

// ---------------------------------------------------------------------------------------------------------
// The chaos run: the faults, the live pages that must end equal to the database, the line that must survive

interface Fault {
  name: string;
  /**
   * performance.now() when it struck, when it was over (the process started again, Toss answering again), and
   * when every process and a read through the router answered again (null: not within two minutes).
   */
  at: number;
  over: number;
  recoveredAt: number | null;
  note: string;
}
const faults: Fault[] = [];

interface ChaosParts {
  platform: Platform;
  redis: Awaited<ReturnType<typeof privateRedis>>;
  postgres: Awaited<ReturnType<typeof privatePostgres>>;
}

const services = (platform: Platform) =>
  (['auth', 'catalog', 'queue', 'seating', 'payment', 'router'] as const).flatMap((n) =>
    platform.replicas(n),
  );

/**
 * When every process answers its own `/ready` and the seat map reads through the router; null when that has not
 * happened within two minutes.
 */
async function recovered(platform: Platform) {
  for (const deadline = performance.now() + 120_000; performance.now() < deadline; ) {
    const ready = await Promise.all(
      services(platform).map(async (n) => {
        try {
          return (await fetch(platform.readyUrl(n), { signal: AbortSignal.timeout(2_000) })).ok;
        } catch {
          return false;
        }
      }),
    );
    if (ready.every(Boolean)) {
      const res = await post(routerUrl, SEAT_STATUSES, { id: eventId }, {}).catch(() => null);
      if (res?.data && !res.errors) return performance.now();
    }
    await sleep(100);
  }
  return null;
}

/** The fault schedule, one after another, each once the previous one has recovered. */
async function runFaults({ platform, redis, postgres }: ChaosParts, started: number) {
  const seating = platform.replicas('seating').at(-1)!;
  const restartDelay = () => sleep(RESTART_DELAY_S * 1000);
  const schedule: { name: string; strike: () => Promise<{ note?: string; at?: number }> }[] = [
    {
      name: `kill -9 of ${seating} (one of two) in the hold storm`,
      strike: async () => {
        await platform.kill(seating, 'SIGKILL');
        await restartDelay();
        await platform.respawn(seating);
        return {};
      },
    },
    {
      name: "kill -9 of a payment replica (one of two) between Toss' DONE and our commit",
      strike: async () => {
        // Armed on both: the replica whose confirm Toss answers DONE first is killed before the answer arrives.
        let at = 0;
        let victim = '';
        const killed = new Promise<void>((resolve) => {
          for (const [i, gate] of platform.gates.entries()) {
            gate.killOnDone(() => {
              for (const g of platform.gates) g.killOnDone(null);
              at = performance.now();
              victim = platform.replicas('payment')[i]!;
              void platform.kill(victim, 'SIGKILL').then(resolve);
            });
          }
        });
        const fired = await Promise.race([killed.then(() => true), sleep(60_000).then(() => false)]);
        if (!fired) {
          for (const g of platform.gates) g.killOnDone(null);
          at = performance.now();
          victim = platform.replicas('payment').at(-1)!;
          await platform.kill(victim, 'SIGKILL');
        }
        await restartDelay();
        await platform.respawn(victim);
        return {
          at,
          note: fired ? `${victim} killed` : `no confirm within 60 s: ${victim} killed without one in flight`,
        };
      },
    },
    {
      name: 'Redis crash (kill -9) and restart on its append-only file',
      strike: async () => {
        await redis.crash();
        await restartDelay();
        await redis.start();
        return {};
      },
    },
    {
      name: 'Postgres restart (fast shutdown)',
      strike: async () => {
        await postgres.restart();
        return {};
      },
    },
    {
      name: 'rolling restart of both routers, every client attached',
      strike: async () => {
        for (const router of platform.replicas('router')) {
          await platform.kill(router, 'SIGTERM');
          await platform.respawn(router);
        }
        return {};
      },
    },
    {
      name: `Toss answering 500 for ${TOSS_FAULT_S / 2} s, then not answering for ${TOSS_FAULT_S / 2} s`,
      strike: async () => {
        for (const g of platform.gates) g.mode = '5xx';
        await sleep(TOSS_FAULT_S * 500);
        for (const g of platform.gates) g.mode = 'timeout';
        await sleep(TOSS_FAULT_S * 500);
        for (const g of platform.gates) g.mode = 'pass';
        const sum = (k: 'failed' | 'held') => platform.gates.reduce((n, g) => n + g.counts[k], 0);
        return {
          note: `${sum('failed')} calls answered 500, ${sum('held')} done at Toss and never answered`,
        };
      },
    },
  ];
  let next = started + CHAOS_START_S * 1000;
  for (const fault of schedule) {
    await sleep(Math.max(0, next - performance.now()));
    const struck = performance.now();
    console.log(`  ${fmt((struck - started) / 1000, 1)} s: ${fault.name}`);
    const { note = '', at = struck } = await fault.strike();
    const over = performance.now();
    const recoveredAt = await recovered(platform);
    faults.push({ name: fault.name, at, over, recoveredAt, note });
    if (recoveredAt === null) return;
    next = Math.max(struck + CHAOS_GAP_S * 1000, recoveredAt + 3_000);
  }
}

/** A buyer waiting in the paused line of a second event, watching `queuePosition`; a third of them leave. */
interface LineProbe {
  userId: string;
  last: QueueTicket | null;
  joined: boolean;
  left: boolean;
  stop(): Promise<void>;
}

/** The second event: a waiting room held still (paused), where only leaving moves anyone. */
async function openLine(admin: Record<string, string>) {
  const lineId = await createOnSaleEvent(routerUrl, 'On-sale bench: the line', admin);
  for (let i = 0; ; i++) {
    const res = await post(
      routerUrl,
      `mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { enabled } }`,
      { e: lineId, i: { mode: 'ON', paused: true, capacity: 1 } },
      admin,
    );
    if (!res.errors?.length) return lineId;
    if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300)
      throw new Error(JSON.stringify(res.errors));
    await sleep(100);
  }
}

async function lineProbe(lineId: string, joinAt: number, leaveAt: number | null): Promise<LineProbe> {
  const userId = randomUUID();
  const token = accessToken(keys, userId, 'USER');
  const auth = { authorization: `Bearer ${token}` };
  const ws = socket(token);
  const probe: LineProbe = {
    userId,
    last: null,
    joined: false,
    left: false,
    stop: async () => {
      await Promise.resolve(ws.dispose()).catch(() => undefined);
    },
  };
  await sleep(Math.max(0, joinAt - performance.now()));
  try {
    const joined = (await step('join', JOIN, { e: lineId }, auth)).joinQueue as QueueTicket;
    probe.joined = true;
    probe.last = joined;
  } catch {
    return probe;
  }
  ws.subscribe<{ queuePosition: QueueTicket }>(
    { query: POSITION, variables: { e: lineId } },
    {
      next: (r) => {
        if (r.data?.queuePosition) probe.last = r.data.queuePosition;
      },
      error: (err) => countError('queuePosition', 'SUBSCRIPTION', String((err as Error)?.message ?? err)),
      complete: () => {},
    },
  );
  if (leaveAt !== null) {
    await sleep(Math.max(0, leaveAt - performance.now()));
    try {
      await step('leave', LEAVE, { e: lineId }, auth);
      probe.left = true;
    } catch {}
  }
  return probe;
}

/**
 * After the sale: every probe still in line sees the position Redis holds for it (the line's ZRANK + 1), and
 * the line holds exactly the probes that joined and did not leave, in join order: nobody lost, nobody twice.
 */
async function verifyLine(lineId: string, probes: LineProbe[]) {
  const problems: string[] = [];
  const redis = new Redis(redisUrl, { keyPrefix: redisPrefix });
  try {
    const key = `queue:${lineId}:line`;
    // The line pushes positions at most every BENCH_QUEUE_UPDATE_MS and re-reads each subscriber as often.
    let wrong: string[] = [];
    for (let i = 0; i < 30; i++) {
      await sleep(i === 0 ? UPDATE_MS + 1_000 : 1_000);
      const line = await redis.zrange(key, '0', '-1');
      const rank = new Map(line.map((u, i) => [u, i + 1]));
      wrong = [];
      const expected = probes.filter((p) => p.joined && !p.left);
      const missing = expected.filter((p) => !rank.has(p.userId)).length;
      const stray = line.length - (expected.length - missing);
      if (missing > 0) wrong.push(`${missing} probes that never left are not in the line`);
      if (stray > 0) wrong.push(`${stray} buyers in the line who left or never joined`);
      const off = expected.filter(
        (p) => rank.has(p.userId) && (p.last?.state !== 'WAITING' || p.last.position !== rank.get(p.userId)),
      );
      if (off.length > 0)
        wrong.push(
          `${off.length} of ${expected.length} probes see another position than Redis' (e.g. ${off
            .slice(0, 3)
            .map((p) => `${p.last?.state} ${p.last?.position} ≠ ${rank.get(p.userId)}`)
            .join(', ')})`,
        );
      if (wrong.length === 0) {
        console.log(
          `  the line: ${expected.length} probes waiting, each seeing its position in Redis; ` +
            `${probes.filter((p) => p.left).length} left, ${probes.filter((p) => !p.joined).length} never joined`,
        );
        break;
      }
    }
    problems.push(...wrong);
  } finally {
    redis.disconnect();
  }
  return problems;
}

/** The seat map the database holds (a hold past its end reads free, as the API says). */
async function databaseMap(db: pg.Client) {
  const rows = (
    await db.query<{ id: string; status: string }>(
      `select id, (case when status = 'HELD' and held_until <= now() then 'AVAILABLE' else status end) as status
         from seating.seats where event_id = $1`,
      [eventId],
    )
  ).rows;
  const version = (
    await db.query<{ version: number }>('select version from seating.event_inventory where event_id = $1', [
      eventId,
    ])
  ).rows[0]?.version;
  return { version: Number(version), statuses: new Map(rows.map((r) => [r.id, r.status])) };
}

/**
 * After the sale: one last change every page must see (the reveal seat unblocked and blocked again), then every
 * live page reaches the database's version with the database's statuses.
 */
async function verifyPages(databaseUrl: string, pages: SeatPage[], seatingUrl: string) {
  const problems: string[] = [];
  if (revealSeat) {
    for (const mutation of ['unblockSeats', 'blockSeats'])
      await adminAtSeating(
        seatingUrl,
        `mutation($e: ID!, $s: [ID!]!) { ${mutation}(eventId: $e, seatIds: $s) { version } }`,
        {
          e: eventId,
          s: [revealSeat],
        },
      );
  }
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    let unequal = pages.length;
    let truth = await databaseMap(db);
    for (let i = 0; i < 60 && unequal > 0; i++) {
      await sleep(500);
      truth = await databaseMap(db);
      unequal = pages.filter((p) => {
        if (p.tracker.version !== truth.version) return true;
        for (const [id, s] of truth.statuses) if (p.statuses.get(id) !== s) return true;
        return false;
      }).length;
    }
    const stats = pages.reduce(
      (a, p) => ({
        catchUps: a.catchUps + p.tracker.stats.catchUps,
        reloads: a.reloads + p.tracker.stats.reloads,
      }),
      { catchUps: 0, reloads: 0 },
    );
    console.log(
      `  live seat pages: ${pages.length - unequal} of ${pages.length} equal to the database at version ${truth.version}; ` +
        `${stats.catchUps} catch-ups from the history, ${stats.reloads} reloads (the first load included)`,
    );
    if (unequal > 0)
      problems.push(`${unequal} of ${pages.length} live seat pages differ from the database's map`);
  } finally {
    await db.end();
  }
  return problems;
}

/** Errors and tickets while a fault lasted (from its strike to 2 s after it recovered), against the minute before. */
function faultReport(started: number) {
  const rows: Record<string, Record<string, string | number>> = {};
  for (const f of faults) {
    const end = (f.recoveredAt ?? f.over) + 2_000;
    const during = errorLog.filter((e) => e.at >= f.at && e.at <= end);
    const byKey = new Map<string, number>();
    for (const e of during) byKey.set(e.key, (byKey.get(e.key) ?? 0) + 1);
    const rate = (from: number, to: number) =>
      ticketsAt.filter((t) => t >= from && t < to).length / Math.max(0.001, (to - from) / 1000);
    rows[f.name] = {
      'at (s)': fmt((f.at - started) / 1000, 1),
      'lasted (s)': fmt((f.over - f.at) / 1000, 1),
      'every process ready and reads through the router, after it was over (s)':
        f.recoveredAt === null ? 'NOT within 2 minutes' : fmt((f.recoveredAt - f.over) / 1000, 1),
      'first ticket after it was over (s)': ((t) => (t === undefined ? 'none' : fmt((t - f.over) / 1000, 1)))(
        ticketsAt.find((t) => t >= f.over),
      ),
      'tickets/s before → during': `${fmt(rate(f.at - 10_000, f.at), 1)} → ${fmt(rate(f.at, end), 1)}`,
      'errors while it lasted': [...byKey].map(([k, n]) => `${k} ×${n}`).join(', ') || 'none',
      note: f.note,
    };
  }
  console.log('\nfaults:');
  for (const [name, row] of Object.entries(rows)) {
    console.log(`  ${name}`);
    for (const [k, v] of Object.entries(row)) if (v !== '') console.log(`      ${k}: ${v}`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Report

const keys = signingKeys();

async function main() {
  // The chaos run restarts Postgres and Redis: its own, never the machine's shared servers.
  const chaosDir = CHAOS ? mkdtempSync(`${tmpdir()}/tiketi-chaos-`) : null;
  // As root, the embedded cluster runs as the `postgres` user, which must reach its directory.
  if (chaosDir) chmodSync(chaosDir, 0o755);
  const postgres = chaosDir ? await privatePostgres(`${chaosDir}/postgres`) : null;
  const ownRedis = chaosDir ? await privateRedis(`${chaosDir}/redis`) : null;
  if (postgres) process.env.TEST_DATABASE_URL = postgres.adminUrl;
  if (ownRedis) process.env.TEST_REDIS_URL = ownRedis.url;
  const infra = await createTestInfra();
  const platform = await startPlatform({
    infra,
    authKeyPem: keys.pem,
    logDir: LOG_DIR,
    ...(CPU_PROFILE_DIR ? { cpuProfileDir: CPU_PROFILE_DIR } : {}),
    subgraphs: ['auth', 'catalog', 'seating', 'queue', 'payment'],
    env: {
      seating: { SEAT_HOLD_SECONDS: String(HOLD_S), CHECKOUT_EXTENSION_SECONDS: String(CHECKOUT_S) },
      // The shipped idle time (120 s): an abandoned slot goes to the next buyer in line then.
      queue: { QUEUE_UPDATE_INTERVAL_MS: String(UPDATE_MS) },
    },
    ...(CHAOS ? { replicas: { seating: 2, payment: 2, router: 2 }, tossGates: true } : {}),
  });
  routerUrl = platform.routerUrl;
  redisUrl = infra.redisUrl;
  redisPrefix = infra.redisPrefix;
  wsUrl = platform.wsUrl;
  tossUrl = platform.tossUrl;
  let observer: Client | null = null;
  const pages: SeatPage[] = [];
  const probes: Promise<LineProbe>[] = [];
  try {
    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const sale = await openSale(admin, platform.subgraphUrl('seating'));
    observer = sale.observer;
    const lineId = CHAOS ? await openLine(admin) : null;
    for (let i = 0; i < PAGES; i++) {
      pages.push(
        openSeatPage({
          eventId,
          router: { url: routerUrl, wsUrl },
          ids: layoutIds,
          backoff: { initialMs: 500, maxMs: 5_000 },
        }),
      );
    }
    console.log(
      `\nbench:onsale — ${BUYERS} buyers arrive within ${ARRIVAL_S} s at an on-sale of the arena (${totalSeats} seats); ` +
        `waiting room ON at ${CAPACITY} active shoppers; ${Math.min(WATCHERS, BUYERS)} watch queuePosition over ` +
        `graphql-ws, the rest poll; holds ${HOLD_S} s (checkout ${CHECKOUT_S} s); ${ABANDON_SHARE * 100}% abandon, ` +
        `${DECLINE_SHARE * 100}% declined; ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ` +
        `${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    const tokens = Array.from({ length: BUYERS }, () => randomUUID()).map((id) => ({
      id,
      token: accessToken(keys, id, 'USER'),
    }));
    const outcomes: Outcome[] = tokens.map(({ id }) => ({
      userId: id,
      number: null,
      admittedAt: null,
      abandonedHold: null,
    }));

    const databaseName = new URL(infra.databaseUrl).pathname.slice(1);
    const seatMapCost = await calibrateSeatMap(platform.pids(), databaseName);
    const sampler = cpuSampler(() => ({
      ...Object.fromEntries(Object.entries(platform.pids()).map(([n, pid]) => [n, [pid]])),
      postgres: postgresBackends(databaseName),
      redis: ownRedis ? [ownRedis.pid()] : pidsOf('redis-server', '6379'),
    }));
    const benchBefore = process.cpuUsage();
    const busyBefore = machineBusyMs();
    const started = performance.now();
    loopDelay.enable();
    const chaos =
      postgres && ownRedis ? runFaults({ platform, redis: ownRedis, postgres }, started) : Promise.resolve();
    if (lineId) {
      // The probes join over the fault schedule; a third leave 5–30 s after joining.
      const spreadMs = (CHAOS_START_S + 5 * CHAOS_GAP_S) * 1000;
      for (let i = 0; i < LINE_PROBES; i++) {
        const joinAt = started + (i * spreadMs) / LINE_PROBES;
        probes.push(lineProbe(lineId, joinAt, i % 3 === 2 ? joinAt + 5_000 + Math.random() * 25_000 : null));
      }
    }

    const progress = setInterval(() => {
      const soldNow = [...status.values()].filter((s) => s === 'SOLD').length;
      console.log(
        `  ${fmt((performance.now() - started) / 1000)} s: joined ${funnel.joined}, admitted ${funnel.admitted}, ` +
          `tickets ${funnel.ticket}, seats sold ${soldNow}/${totalSeats}`,
      );
    }, 10_000);
    const all = Promise.allSettled(tokens.map(({ token }, i) => buyer(i, token, outcomes[i]!)));
    await Promise.race([all, sleep(MAX_S * 1000)]);
    const wallMs = performance.now() - started;
    // Every fault struck and recovered, every probe in line settled (joined, or joined and left).
    await chaos;
    const lineProbes = await Promise.all(probes);
    clearInterval(progress);
    funnel.unfinished =
      BUYERS -
      funnel.ticket -
      funnel.abandoned -
      funnel.declined -
      funnel['nothing left'] -
      funnel['left line (sold out)'] -
      funnel['failed (unexpected error)'];

    const cpu: Record<string, number> = sampler.stop();
    const bench = process.cpuUsage(benchBefore);
    cpu['load generator'] = (bench.user + bench.system) / 1000;
    const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
    const busy = machineBusyMs() - busyBefore;

    const sellOutS = soldOutAt === null ? null : (soldOutAt - started) / 1000;
    const purchases = funnel.ticket;
    console.log(
      `\nsold out: ${sellOutS === null ? `NOT sold out (${available()} seats left)` : `${fmt(sellOutS, 1)} s`} after the first arrival; ` +
        `${purchases} purchases in ${fmt(wallMs / 1000, 1)} s: ${fmt(purchases / ((sellOutS ?? wallMs / 1000) || 1), 1)} purchases/s to sell-out`,
    );
    console.log('\nfunnel:');
    console.table(funnel);
    console.log('step latencies (ms; hold includes refused requests):');
    console.table(
      Object.fromEntries(
        [...latencies].map(([name, values]) => [
          name,
          { n: values.length, p50: fmt(percentile(values, 50)), p99: fmt(percentile(values, 99)) },
        ]),
      ),
    );
    console.log('errors by code (step):');
    console.table(
      Object.fromEntries([...errors].map(([k, n]) => [k, { n, expected: EXPECTED.has(k.split(' ')[0]!) }])),
    );
    for (const [k, message] of firstErrors)
      if (!EXPECTED.has(k.split(' ')[0]!)) console.log(`  first ${k}: ${message}`);
    if (subscriptionErrorsAt.length > 0) {
      const at = subscriptionErrorsAt.map((t) => fmt((t - started) / 1000)).sort((a, b) => a - b);
      console.log(`  subscription failures at (s after the first arrival): ${at.join(', ')}`);
    }
    console.log(
      `  sockets ended other than by the client (close code: count): ${
        [...socketCloses].map(([code, n]) => `${code}: ${n}`).join(', ') || 'none'
      }, ${reconnects} reconnected; the load generator's event-loop delay p50 ${fmt(loopDelay.percentile(50) / 1e6)} / p99 ` +
        `${fmt(loopDelay.percentile(99) / 1e6)} / max ${fmt(loopDelay.max / 1e6)} ms`,
    );

    const perPurchase = (ms: number) => fmt(ms / Math.max(1, purchases), 1);
    console.log(`CPU ms per completed purchase (${purchases}), whole on-sale, every request of every buyer:`);
    console.table({
      ...Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, perPurchase(v)])),
      total: perPurchase(ours),
    });
    const allowed = (cpus().length * 1000) / (ours / Math.max(1, purchases));
    const rate = purchases / ((sellOutS ?? wallMs / 1000) || 1);
    console.log(
      `  other load: ${fmt(busy > 0 ? (Math.max(0, busy - ours) / busy) * 100 : 0)}%; the measured CPU per purchase allows ` +
        `${fmt(allowed, 1)} purchases/s on ${cpus().length} cores: ${fmt(rate, 1)} is ${fmt(rate / allowed, 2)} of it (goal ≥ 0.8)`,
    );
    const p = (s: Step, q: number) => percentile(latencies.get(s) ?? [], q);
    console.log(
      `  goals: preparePayment p99 ${fmt(p('prepare', 99))} ms ≤ holdSeats p99 ${fmt(p('hold', 99))} ms: ` +
        `${p('prepare', 99) <= p('hold', 99) ? 'met' : 'NOT met'}; confirm → CONFIRMED with QR p50 ${fmt(p('confirm → ticket', 50))} ms ≤ ` +
        `2 × holdSeats p50 ${fmt(2 * p('hold', 50))} ms: ${p('confirm → ticket', 50) <= 2 * p('hold', 50) ? 'met' : 'NOT met'}`,
    );

    console.log(
      `  one seat map load (${totalSeats} seats, what every admitted buyer's seat page asks), measured before the sale: ` +
        Object.entries(seatMapCost)
          .map(([k, v]) => `${k} ${fmt(v, 1)}`)
          .join(', ') +
        ` ms of CPU; ${funnel['seat map']} loads here ≈ ` +
        `${fmt((funnel['seat map'] * Object.values(seatMapCost).reduce((a, b) => a + b, 0)) / Math.max(1, purchases), 1)} ms per purchase`,
    );

    const checked = await verify(infra.databaseUrl, outcomes);
    console.log(
      `\nchecks: ${checked.lateness.length} abandoned seats announced free p50 ${fmt(percentile(checked.lateness, 50))} / ` +
        `max ${fmt(Math.max(0, ...checked.lateness))} ms after their hold's end, shown on a live map through the router ` +
        `p50 ${fmt(percentile(checked.shownLate, 50))} / p99 ${fmt(percentile(checked.shownLate, 99))} ms after it; ` +
        `${checked.logged} admissions logged for ${checked.admittedHere} admitted buyers`,
    );
    const unexpected = [...errors].filter(([k]) => !EXPECTED.has(k.split(' ')[0]!));
    if (CHAOS) {
      // Under fire, errors are the faults' effect on the funnel (above); the bench's own failures are not.
      const bugs = unexpected.filter(([k]) => k.startsWith('EXCEPTION'));
      if (bugs.length > 0)
        checked.problems.push(`the load generator failed: ${bugs.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
      console.log(`  ${retries} requests tried again after a failure in transit`);
      checked.problems.push(
        ...(await verifyPages(infra.databaseUrl, pages, platform.subgraphUrl('seating'))),
      );
      if (lineId) checked.problems.push(...(await verifyLine(lineId, lineProbes)));
      faultReport(started);
      if (faults.length < 6) checked.problems.push(`only ${faults.length} of 6 faults struck`);
      for (const f of faults.filter((f) => f.recoveredAt === null))
        checked.problems.push(`not recovered within 2 minutes: ${f.name}`);
      checked.problems.push(...platform.unexpectedExits);
    } else if (unexpected.length > 0)
      checked.problems.push(`unexpected errors: ${unexpected.map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    if (soldOutAt === null) {
      if (CHAOS) console.log(`  the event did not sell out: ${available()} seats left`);
      else checked.problems.push('the event did not sell out');
    }
    for (const problem of checked.problems) console.log(`  ! ${problem}`);
    if (checked.problems.length === 0)
      console.log(
        '  verified: no seat sold twice; every DONE payment CONFIRMED with SOLD seats or refunded; nobody charged twice ' +
          "(ours and the emulator's records); no hold outlived its end by more than 1 s; admissions in join order",
      );
    if (checked.problems.length > 0) process.exitCode = 1;
    sale.stopObserver();
  } finally {
    await Promise.all(pages.map((p) => p.stop()));
    await Promise.all(probes.map(async (p) => (await p).stop()));
    await observer?.dispose();
    closeHttp();
    for (const crash of await platform.stop()) {
      console.log(`  ! ${crash}`);
      process.exitCode = 1;
    }
    await infra.dispose();
    await ownRedis?.stop();
    await postgres?.stop();
    if (chaosDir) rmSync(chaosDir, { recursive: true, force: true });
  }
}

main().then(
  // Buyers' sockets that were still reconnecting when the services stopped would keep the process alive.
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    console.error(err);
    console.error(`service logs: ${LOG_DIR}`);
    process.exit(1);
  },
);
