/**
 * `npm run bench:checkout`: complete purchases per second through the router against the project's Toss
 * emulator. One purchase is what a buyer's browser does after picking seats:
 *
 *   holdSeats → createReservation → preparePayment → Toss widget (`POST /sandbox/authorize` on the emulator)
 *   → confirmPayment (payment calls Toss' confirm) → its seats SOLD on the router's `seatChanged`
 *   subscription → `reservation(id) { status qrCode }` CONFIRMED with its ticket
 *
 * CONFIRMED needs payment's `payment.confirmed` to reach seating (outbox → relay → Redis stream → seating's
 * consumer), so the figure includes the saga, not only the HTTP calls. The buyers' pages learn the sale from
 * one graphql-ws subscription of the router (what every seat map of the event receives) instead of polling,
 * which would cost more than the purchase itself. Each purchase is a new buyer taking two seats no one else
 * wants (this measures checkout, not the race for seats: see bench:holds). The emulator sends its
 * PAYMENT_STATUS_CHANGED webhooks to payment, which re-reads each payment from it, as with Toss.
 *
 * Every service and the emulator run as their own process, as deployed; the load generator and Postgres share
 * the cores with them. After each run, SQL checks that every purchase was charged once and its seats sold.
 *
 * Options (env): BENCH_PURCHASES (1000 measured purchases at most), BENCH_SECONDS (45: no measured purchase
 * starts after this), BENCH_WARMUP (30), BENCH_CONCURRENCY (16 buyers checking out at once), BENCH_CPU_PROFILE
 * (a directory: every service runs with --cpu-prof and writes its profiles there).
 */

import { type KeyObject, randomUUID } from 'node:crypto';
import { cpus, tmpdir, totalmem } from 'node:os';
import { SEED_IDS } from '@tiketi/catalog';
import { createClient } from 'graphql-ws';
import pg from 'pg';
import WebSocket from 'ws';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import {
  cpuMs,
  fmt,
  machineBusyMs,
  numberEnv,
  percentile,
  postgresBackends,
  sleep,
} from './support/machine.ts';
import { ARENA, createArenaLayout, startPlatform } from './support/services.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const PURCHASES = numberEnv('BENCH_PURCHASES', 1_000);
const SECONDS = numberEnv('BENCH_SECONDS', 45);
const WARMUP = numberEnv('BENCH_WARMUP', 30);
const CONCURRENCY = numberEnv('BENCH_CONCURRENCY', 16);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
/** A purchase not CONFIRMED this long after its confirm counts as failed (STUCK). */
const STUCK_MS = 30_000;
const SEATS_PER_PURCHASE = 2;
const LOG_DIR = `${tmpdir()}/tiketi-bench-checkout`;

/** `promise`, or an error with `code` once `ms` have passed. */
async function within<T>(promise: Promise<T>, ms: number, code: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(`not done after ${ms} ms`), { code })), ms);
  });
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// HTTP and tokens

interface GraphQLResult {
  // biome-ignore lint/suspicious/noExplicitAny: the bench reads response data loosely and checks what it uses
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

async function call(url: string, query: string, variables: object, headers: Record<string, string>) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResult;
  if (body.errors?.length || !body.data) {
    const code = body.errors?.[0]?.extensions?.code ?? `HTTP ${res.status}`;
    throw Object.assign(new Error(`${query.slice(0, 50)}…: ${JSON.stringify(body.errors)}`), { code });
  }
  return body.data;
}

// ---------------------------------------------------------------------------------------------------------
// The event's seat changes through the router, as every open seat map of it receives them

/** One graphql-ws subscription to `seatChanged` of the sale's event through the router. */
function watchSales(wsUrl: string, eventId: string) {
  const sold = new Set<string>();
  const waiting = new Map<string, () => void>();
  const seen = new Set<string>();
  const client = createClient({ url: wsUrl, webSocketImpl: WebSocket, retryAttempts: 0 });
  let failure: unknown = null;
  const stop = client.subscribe<{ seatChanged: { seats: { id: string; status: string }[] } }>(
    { query: WATCH, variables: { e: eventId } },
    {
      next(result) {
        for (const seat of result.data?.seatChanged.seats ?? []) {
          seen.add(seat.id);
          if (seat.status !== 'SOLD') continue;
          sold.add(seat.id);
          waiting.get(seat.id)?.();
          waiting.delete(seat.id);
        }
      },
      error(err) {
        failure = err;
        console.error('  seatChanged subscription ended:', err);
      },
      complete() {},
    },
  );
  const soldOne = (id: string) =>
    sold.has(id) ? Promise.resolve() : new Promise<void>((resolve) => waiting.set(id, resolve));
  return {
    eventId,
    sold: async (seatIds: string[]) => {
      await Promise.all(seatIds.map(soldOne));
    },
    /** Resolves once the subscription has delivered a change of `seatId` (so it is live). */
    async saw(seatId: string) {
      while (!seen.has(seatId)) {
        if (failure) throw failure;
        await sleep(20);
      }
    },
    async dispose() {
      stop();
      await client.dispose();
    },
  };
}

/**
 * Holds and releases a probe pair until the subscription shows it: the router subscribes upstream at seating
 * only after the client subscribed, so changes before that are not delivered. From then on no sale is missed.
 */
async function subscriptionLive(
  routerUrl: string,
  probe: string[],
  keys: { privateKey: KeyObject; kid: string },
  sales: ReturnType<typeof watchSales>,
) {
  const auth = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'USER')}` };
  for (let attempt = 1; ; attempt++) {
    const { holdSeats } = await call(
      routerUrl,
      HOLD,
      { input: { eventId: sales.eventId, seatIds: probe } },
      auth,
    );
    const seen = await within(sales.saw(probe[0]!), 1_000, 'SUBSCRIPTION').then(
      () => true,
      () => false,
    );
    await call(routerUrl, 'mutation($h: ID!) { releaseHold(holdId: $h) }', { h: holdSeats.id }, auth);
    if (seen) return;
    if (attempt === 30) throw new Error('the seatChanged subscription through the router delivered nothing');
  }
}

// ---------------------------------------------------------------------------------------------------------
// A purchase

const HOLD = `mutation Hold($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }`;
const RESERVE = `mutation Reserve($hold: ID!) { createReservation(holdId: $hold) { id checkoutToken } }`;
const PREPARE = `mutation Prepare($id: ID!, $token: String) {
  preparePayment(reservationId: $id, checkoutToken: $token) { orderId amount } }`;
const CONFIRM = `mutation Confirm($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { id status } }`;
const TICKET = `query Ticket($id: ID!) { reservation(id: $id) { status qrCode } }`;
const WATCH = `subscription Watch($e: ID!) { seatChanged(eventId: $e) { seats { id status } } }`;

interface Stack {
  routerUrl: string;
  tossUrl: string;
  /** Resolves once every seat is SOLD on the router's seatChanged subscription. */
  sold(seatIds: string[]): Promise<void>;
}

interface Purchase {
  token: string;
  seatIds: string[];
}

/** Milliseconds from the hold request to each step's answer. */
interface Timing {
  reserved: number;
  prepared: number;
  authorized: number;
  paid: number;
  confirmed: number;
}

async function purchase(stack: Stack, eventId: string, p: Purchase): Promise<Timing> {
  const auth = { authorization: `Bearer ${p.token}` };
  const started = performance.now();
  const since = () => performance.now() - started;
  const { holdSeats } = await call(stack.routerUrl, HOLD, { input: { eventId, seatIds: p.seatIds } }, auth);
  const { createReservation } = await call(stack.routerUrl, RESERVE, { hold: holdSeats.id }, auth);
  const reserved = since();
  // With the checkout token seating signed: payment charges from it, without waiting for seating's event.
  const { preparePayment: order } = await call(
    stack.routerUrl,
    PREPARE,
    { id: createReservation.id, token: createReservation.checkoutToken },
    auth,
  );
  const prepared = since();
  // The browser and Toss' widget: the widget hands the success URL paymentKey, orderId and amount.
  const authorizeRes = await fetch(`${stack.tossUrl}/sandbox/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId: order.orderId, amount: order.amount, card: 'success' }),
  });
  if (!authorizeRes.ok) throw Object.assign(new Error(await authorizeRes.text()), { code: 'AUTHORIZE' });
  const widget = await authorizeRes.json();
  const authorized = since();
  const { confirmPayment } = await call(stack.routerUrl, CONFIRM, { input: widget }, auth);
  if (confirmPayment.status !== 'DONE')
    throw Object.assign(new Error(confirmPayment.status), { code: 'NOT_DONE' });
  const paid = since();
  // The success page shows the ticket once seating has sold the seats (one transaction with CONFIRMED).
  await within(stack.sold(p.seatIds), STUCK_MS, 'STUCK');
  const { reservation } = await call(stack.routerUrl, TICKET, { id: createReservation.id }, auth);
  if (reservation.status !== 'CONFIRMED' || !reservation.qrCode)
    throw Object.assign(new Error(reservation.status), { code: 'NOT_CONFIRMED' });
  return { reserved, prepared, authorized, paid, confirmed: since() };
}

interface RunResult {
  eventId: string;
  timings: Timing[];
  errors: Map<string, number>;
  wallMs: number;
  /** Postgres transactions (committed and rolled back) of this database during the run. */
  transactions: number;
  cpu: Record<string, number>;
  otherLoad: number;
}

/** A new on-sale event with the arena attached; its seats in pairs, one pair per purchase. */
async function newSale(routerUrl: string, admin: Record<string, string>, layoutId: string, title: string) {
  const day = 24 * 3_600_000;
  const { createEvent } = await call(
    routerUrl,
    `mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }`,
    {
      input: {
        title,
        category: 'concert',
        venueId: SEED_IDS.venues.kspoDome,
        startsAt: new Date(Date.now() + 30 * day).toISOString(),
        saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        status: 'SCHEDULED',
      },
    },
    admin,
  );
  const eventId = createEvent.id as string;
  // Seating learns the event from catalog's outbox through Redis: NOT_FOUND until then.
  for (let i = 0; ; i++) {
    try {
      await call(
        routerUrl,
        `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
        { e: eventId, i: { layoutId, ticketTypes: ARENA.ticketTypes.map((t) => ({ ...t })) } },
        admin,
      );
      break;
    } catch (err) {
      if ((err as { code?: string }).code !== 'NOT_FOUND' || i > 300) throw err;
      await sleep(100);
    }
  }
  const { event } = await call(
    routerUrl,
    'query($id: ID!) { event(id: $id) { seatMap { seats { id } } } }',
    { id: eventId },
    {},
  );
  const ids = (event.seatMap.seats as { id: string }[]).map((s) => s.id);
  const pairs: string[][] = [];
  for (let i = 0; i + SEATS_PER_PURCHASE <= ids.length; i += SEATS_PER_PURCHASE) {
    pairs.push(ids.slice(i, i + SEATS_PER_PURCHASE));
  }
  return { eventId, pairs };
}

let statsDb: pg.Client | null = null;
async function transactions(databaseName: string): Promise<number> {
  const { rows } = await statsDb!.query<{ n: string }>(
    'select xact_commit + xact_rollback as n from pg_stat_database where datname = $1',
    [databaseName],
  );
  return Number(rows[0]?.n ?? 0);
}

async function run(
  stack: Stack,
  sale: { eventId: string; pairs: string[][] },
  purchases: Purchase[],
  pids: Record<string, number>,
  databaseName: string,
  seconds = Number.POSITIVE_INFINITY,
): Promise<RunResult> {
  const timings: Timing[] = [];
  const errors = new Map<string, number>();
  const transactionsBefore = await transactions(databaseName);
  const cpuBefore = Object.fromEntries(Object.entries(pids).map(([n, pid]) => [n, cpuMs(pid)]));
  const pgBefore = new Map(postgresBackends(databaseName).map((pid) => [pid, cpuMs(pid)]));
  const benchBefore = process.cpuUsage();
  const busyBefore = machineBusyMs();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < purchases.length && performance.now() < deadline) {
        const p = purchases[next++]!;
        try {
          timings.push(await purchase(stack, sale.eventId, p));
        } catch (err) {
          const code = (err as { code?: string }).code ?? (err as Error).message;
          if (!errors.has(code)) console.log(`  first ${code}: ${(err as Error).message.slice(0, 300)}`);
          errors.set(code, (errors.get(code) ?? 0) + 1);
        }
      }
    }),
  );
  const wallMs = performance.now() - started;
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(pids)) cpu[name] = cpuMs(pid) - (cpuBefore[name] ?? 0);
  cpu.postgres = postgresBackends(databaseName).reduce(
    (sum, pid) => sum + cpuMs(pid) - (pgBefore.get(pid) ?? 0),
    0,
  );
  const bench = process.cpuUsage(benchBefore);
  cpu.bench = (bench.user + bench.system) / 1000;
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  const busy = machineBusyMs() - busyBefore;
  // Backends report their counts when they go idle (at the latest 10 s later, Postgres' PGSTAT_IDLE_INTERVAL).
  await sleep(11_000);
  return {
    eventId: sale.eventId,
    timings,
    errors,
    wallMs,
    cpu,
    transactions: (await transactions(databaseName)) - transactionsBefore,
    otherLoad: busy > 0 ? Math.max(0, (busy - ours) / busy) : 0,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Verification: read-only SQL on seating's and payment's schemas

/** Problems found: purchases not charged exactly once, seats not sold, or money taken without seats. */
async function verify(databaseUrl: string, eventId: string, completed: number): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, number>>(
      `with r as (select id, status from seating.reservations where event_id = $1)
       select
         (select count(*)::int from r where status = 'CONFIRMED') as confirmed,
         (select count(*)::int from seating.seats where event_id = $1 and status = 'SOLD') as sold,
         (select count(*)::int from payment.payments p join r on r.id = p.reservation_id
           where p.status = 'DONE') as paid,
         (select count(*)::int from payment.payments p join r on r.id = p.reservation_id
           where p.status = 'DONE' and r.status <> 'CONFIRMED') as paid_without_seats,
         (select count(*)::int from (
            select l.payment_id from payment.payment_logs l
              join payment.payments p on p.id = l.payment_id join r on r.id = p.reservation_id
             where l.operation = 'confirm' and l.http_status = 200
             group by l.payment_id having count(*) > 1) twice) as charged_twice`,
      [eventId],
    );
    const c = rows[0]!;
    const problems: string[] = [];
    if (c.confirmed !== completed)
      problems.push(`${c.confirmed} reservations CONFIRMED, ${completed} purchases`);
    if (c.sold !== completed * SEATS_PER_PURCHASE)
      problems.push(`${c.sold} seats SOLD for ${completed} purchases`);
    if (c.paid !== completed) problems.push(`${c.paid} payments DONE for ${completed} purchases`);
    if (c.paid_without_seats)
      problems.push(`${c.paid_without_seats} payments DONE without a CONFIRMED reservation`);
    if (c.charged_twice) problems.push(`${c.charged_twice} payments confirmed at Toss more than once`);
    return problems;
  } finally {
    await client.end();
  }
}

/**
 * How long the saga's two hops took, from the producer's commit (outbox `occurred_at`) to the consumer's
 * (inbox `processed_at`): seating → payment for a new reservation (preparePayment waits for it), payment →
 * seating for a payment (the reservation is CONFIRMED then). Seconds, p50 and p99, warm-up included.
 */
async function sagaLags(databaseUrl: string) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const hop = async (producer: string, consumer: string, topic: string) => {
    const { rows } = await client.query<{ n: number; p: number[] | null }>(
      `select count(*)::int as n, percentile_cont(array[0.5, 0.99]) within group
                (order by extract(epoch from i.processed_at - o.occurred_at)) as p
         from ${producer}.outbox o join ${consumer}.inbox i on i.event_id = '${producer}:' || o.id
        where o.topic = $1`,
      [topic],
    );
    const [p50 = 0, p99 = 0] = rows[0]?.p ?? [];
    return {
      hop: `${topic} (${producer} → ${consumer})`,
      events: rows[0]?.n ?? 0,
      'p50 ms': fmt(p50 * 1000),
      'p99 ms': fmt(p99 * 1000),
    };
  };
  try {
    return [
      await hop('seating', 'payment', 'seating.reservation.created'),
      await hop('payment', 'seating', 'payment.confirmed'),
    ];
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------------------

function report(label: string, r: RunResult) {
  const done = r.timings.length;
  const step = (pick: (t: Timing) => number) => fmt(percentile(r.timings.map(pick), 50), 1);
  const perPurchase = (ms = 0) => fmt(ms / Math.max(done, 1), 1);
  return {
    run: label,
    'purchases/s': fmt(done / (r.wallMs / 1000), 1),
    purchases: done,
    errors: [...r.errors.values()].reduce((a, b) => a + b, 0),
    'p50 ms': fmt(
      percentile(
        r.timings.map((t) => t.confirmed),
        50,
      ),
    ),
    'p99 ms': fmt(
      percentile(
        r.timings.map((t) => t.confirmed),
        99,
      ),
    ),
    // Medians of when each step answered, from the hold request: where a purchase's time goes.
    'p50 reserved / prepared / authorized / paid ms': `${step((t) => t.reserved)} / ${step((t) => t.prepared)} / ${step((t) => t.authorized)} / ${step((t) => t.paid)}`,
    'cpu ms/purchase router': perPurchase(r.cpu.router),
    seating: perPurchase(r.cpu.seating),
    payment: perPurchase(r.cpu.payment),
    toss: perPurchase(r.cpu.toss),
    'auth+catalog': perPurchase((r.cpu.auth ?? 0) + (r.cpu.catalog ?? 0)),
    postgres: perPurchase(r.cpu.postgres),
    'pg transactions/purchase': perPurchase(r.transactions),
    bench: perPurchase(r.cpu.bench),
    'other load': `${fmt(r.otherLoad * 100)}%`,
  };
}

async function main() {
  if (2 * (WARMUP + PURCHASES) > 4_992)
    throw new Error('BENCH_WARMUP + BENCH_PURCHASES: at most 2,496 (the arena)');
  const keys = signingKeys();
  const infra = await createTestInfra();
  const platform = await startPlatform({
    infra,
    authKeyPem: keys.pem,
    logDir: LOG_DIR,
    ...(CPU_PROFILE_DIR ? { cpuProfileDir: CPU_PROFILE_DIR } : {}),
    subgraphs: ['auth', 'catalog', 'seating', 'payment'],
  });
  let sales: ReturnType<typeof watchSales> | null = null;
  try {
    const { routerUrl } = platform;
    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const layoutId = await createArenaLayout(platform.subgraphUrl('seating'));
    const sale = await newSale(routerUrl, admin, layoutId, 'Checkout bench');
    sales = watchSales(platform.wsUrl, sale.eventId);
    await subscriptionLive(routerUrl, sale.pairs.pop()!, keys, sales);
    const stack: Stack = { routerUrl, tossUrl: platform.tossUrl, sold: sales.sold };
    const buyers = sale.pairs.slice(0, WARMUP + PURCHASES).map((seatIds) => ({
      token: accessToken(keys, randomUUID(), 'USER'),
      seatIds,
    }));
    const pids = platform.pids();
    const databaseName = new URL(infra.databaseUrl).pathname.slice(1);
    statsDb = new pg.Client({ connectionString: infra.databaseUrl });
    await statsDb.connect();

    console.log(
      `\nbench:checkout — up to ${PURCHASES} purchases or ${SECONDS} s (after ${WARMUP} warm-up) of ` +
        `${SEATS_PER_PURCHASE} seats each, ${CONCURRENCY} buyers checking out at once; tokens minted up front; ` +
        `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
    );
    console.log(
      'purchase: holdSeats → createReservation → preparePayment → emulator authorize → confirmPayment → ' +
        'seats SOLD on seatChanged → reservation CONFIRMED with its qrCode, all through the router but the ' +
        'authorize; p50/p99 of whole ' +
        "purchases; cpu ms/purchase: each process's CPU (Postgres: this database's backends); other load: " +
        "busy CPU that was not this benchmark's",
    );
    const warm = await run(stack, sale, buyers.slice(0, WARMUP), pids, databaseName);
    const measured = await run(stack, sale, buyers.slice(WARMUP), pids, databaseName, SECONDS);
    console.table([report('warm-up', warm), report('measured', measured)]);
    for (const r of [warm, measured])
      if (r.errors.size) console.log('  errors:', Object.fromEntries(r.errors));
    console.table(await sagaLags(infra.databaseUrl));
    const problems = await verify(
      infra.databaseUrl,
      sale.eventId,
      warm.timings.length + measured.timings.length,
    );
    for (const problem of problems) console.log(`  ! ${problem}`);
    if (problems.length === 0)
      console.log('  verified: every purchase charged once, its seats SOLD, its reservation CONFIRMED');
    if (problems.length > 0 || measured.errors.size > 0) process.exitCode = 1;
  } finally {
    await sales?.dispose();
    await statsDb?.end();
    await platform.stop();
    await infra.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  console.error(`service logs: ${LOG_DIR}`);
  process.exit(1);
});
