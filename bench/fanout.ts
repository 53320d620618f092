/**
 * `npm run bench:fanout`: N WebSocket clients (default 10,000) watch one event's `seatChanged` through one
 * router, with `event { title }` resolved from catalog; meanwhile buyers hold one seat each through the same
 * router at a fixed rate (default 50 holds/s for 30 s). Prints connect time, latency from sending a hold to each
 * client's receipt of that seat (p50/p95/p99), delivered and missed seat receipts, deliveries per router
 * CPU-second and the router's RSS per connection.
 *
 * Auth, catalog, seating and the router each run as their own process, as deployed; the clients run in
 * BENCH_CLIENT_PROCS forked processes (bench/fanout-clients.ts). Everything shares the machine's cores.
 *
 * Options (env): BENCH_CLIENTS (10000), BENCH_RATE (holds/s, 50), BENCH_SECONDS (30), BENCH_CLIENT_PROCS (2),
 * BENCH_COALESCE_MS (the router's SUBSCRIPTION_COALESCE_MS, its default when unset), BENCH_HOLDS_VIA (`seating`:
 * straight to the seating subgraph with the assertion the router would sign, so the router's CPU is the
 * subscription path alone — the default; `router`: through the router's HTTP endpoint, as buyers do),
 * BENCH_CPU_PROFILE (a directory: the router runs with --cpu-prof and writes its profile there), `--hog` (or
 * BENCH_HOG=1: a spinning process takes one core for the whole run, as on a crowded node; bench/fanout-hog.ts).
 * Each client is a socket in a client process and one in the router: `ulimit -n` must exceed
 * BENCH_CLIENTS + a few hundred for the router (20,000 on the development machine; raise it with
 * `ulimit -n 65536` in the shell that runs the bench if yours is lower).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '@tiketi/catalog';
import { Redis } from 'ioredis';
import { DEV_SECRETS } from '../subgraphs/kit/src/config.ts';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../subgraphs/kit/src/identity.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { HOG, type Hog, startHog } from './fanout-hog.ts';
import { type ClientProcess, forkClients, mergeHistograms, percentile, shareOf } from './fanout-protocol.ts';
import { graphqlClient } from './support/http.ts';
import {
  cpuMs,
  freePort,
  machineBusyMs,
  numberEnv,
  postgresBackends,
  sleep,
  waitReady,
} from './support/machine.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const CLIENTS = numberEnv('BENCH_CLIENTS', 10_000);
const RATE = numberEnv('BENCH_RATE', 50);
const SECONDS = numberEnv('BENCH_SECONDS', 30);
const CLIENT_PROCS = Math.max(1, numberEnv('BENCH_CLIENT_PROCS', 2));
const COALESCE_MS = process.env.BENCH_COALESCE_MS;
const HOLDS_VIA = process.env.BENCH_HOLDS_VIA === 'router' ? 'router' : 'seating';
/** A directory: the router runs with --cpu-prof and writes its profile there. */
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const HOLDS = RATE * SECONDS;
/** Time after the last hold for the last deliveries to land before counting what was missed. */
const SETTLE_MS = 5_000;

const WATCH = `subscription Watch($e: ID!) {
  seatChanged(eventId: $e) { version seats { id status } event { title } }
}`;

const now = () => performance.timeOrigin + performance.now();

// ---------------------------------------------------------------------------------------------------------
// Processes

function spawnService(dir: string, env: Record<string, string>): ChildProcess {
  const profile =
    CPU_PROFILE_DIR && dir === 'router' ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', 'src/main.ts'], {
    cwd: `${root}${dir}`,
    // NODE_ENV as in the image (k8s/docker/Dockerfile): graphql-js skips its development-only checks.
    env: {
      ...process.env,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET,
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** A Prometheus sample of the router, e.g. `process_cpu_seconds_total`. */
async function scrape(baseUrl: string): Promise<Map<string, number>> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text();
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line === '') continue;
    // A `stage` label goes into the name: `router_subscription_stage_seconds.write_bucket`.
    const stage = /stage="([^"]+)"/.exec(line)?.[1];
    const bare = line.slice(0, line.search(/[ {]/));
    const name = stage ? bare.replace(/_(bucket|sum|count)$/, `.${stage}_$1`) : bare;
    if (!samples.has(name)) samples.set(name, Number(line.split(' ').at(-1)));
    // Histogram buckets by their bound: `router_subscription_lag_seconds_bucket:0.1`.
    const le = /le="([^"]+)"/.exec(line)?.[1];
    if (le) samples.set(`${name}:${le}`, Number(line.split(' ').at(-1)));
  }
  return samples;
}

/** The smallest bucket bound under which a share `q` of the observations fell between two scrapes. */
function bucketQuantile(
  before: Map<string, number>,
  after: Map<string, number>,
  name: string,
  q: number,
): string {
  const bounds = [...after.keys()]
    .filter((k) => k.startsWith(`${name}_bucket:`))
    .map((k) => k.slice(name.length + 8));
  const count = (le: string) =>
    (after.get(`${name}_bucket:${le}`) ?? 0) - (before.get(`${name}_bucket:${le}`) ?? 0);
  const total = count('+Inf');
  const hit = bounds.find((le) => count(le) >= total * q);
  return hit === undefined || hit === '+Inf' ? '> max' : `≤ ${Number(hit) * 1_000} ms`;
}

// ---------------------------------------------------------------------------------------------------------
// HTTP and tokens

const { post } = graphqlClient(64);

// ---------------------------------------------------------------------------------------------------------
// The event

/** Rows of 50 seats, enough for every hold of the run. */
function layoutFor(seats: number) {
  const perRow = 50;
  const rows = Math.ceil(seats / perRow);
  return {
    width: 2_000,
    height: 2_000,
    stage: { x: 800, y: 0, width: 400, height: 40 },
    sections: [
      {
        name: 'FLOOR',
        ticketType: 'R',
        rows: Array.from({ length: rows }, (_, r) => ({
          name: String(r + 1),
          seats: Array.from({ length: perRow }, (_, i) => ({
            number: i + 1,
            x: 100 + i * 30,
            y: 100 + r * 30,
          })),
        })),
      },
    ],
  };
}

async function seatTheEvent(routerUrl: string, admin: Record<string, string>, eventId: string) {
  const layout = await post(
    routerUrl,
    'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
    { input: { name: `fan-out ${randomUUID().slice(0, 8)}`, ...layoutFor(HOLDS) } },
    admin,
  );
  if (layout.errors) throw new Error(`createSeatLayout: ${JSON.stringify(layout.errors)}`);
  // catalog.event.changed reaches seating through catalog's outbox relay and Redis Streams: until then seating
  // does not know the event (NOT_FOUND).
  for (let i = 0; ; i++) {
    const res = await post(
      routerUrl,
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
      admin,
    );
    if (!res.errors?.length)
      return (res.data!.attachSeatLayout.seatMap.seats as { id: string }[]).map((s) => s.id);
    if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300) {
      throw new Error(`attachSeatLayout: ${JSON.stringify(res.errors)}`);
    }
    await sleep(100);
  }
}

// ---------------------------------------------------------------------------------------------------------
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const at = (values: number[], p: number) =>
  values[Math.min(values.length - 1, Math.floor(values.length * p))] ?? 0;

// ---------------------------------------------------------------------------------------------------------

async function main() {
  const infra = await createTestInfra();
  const keys = signingKeys();
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
    // development: catalog seeds its events and announces them to seating.
    catalog: spawnService('subgraphs/catalog', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(catalogPort),
    }),
    // test: seating does not seat the event on its own; the bench attaches a layout with enough seats.
    seating: spawnService('subgraphs/seating', { ...common, TIKETI_ENV: 'test', PORT: String(seatingPort) }),
  };
  const clientProcs: ClientProcess[] = [];
  // `--hog`: one core taken by a spinning process for the whole run (bench/fanout-hog.ts).
  const hog: Hog | null = HOG ? startHog() : null;
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
      ...(COALESCE_MS !== undefined ? { SUBSCRIPTION_COALESCE_MS: COALESCE_MS } : {}),
    });
    const routerBase = `http://127.0.0.1:${routerPort}`;
    const routerUrl = `${routerBase}/graphql`;
    await waitReady(`${routerBase}/ready`);

    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const eventId = SEED_IDS.events.iuHereh;
    const seatIds = (await seatTheEvent(routerUrl, admin, eventId)).slice(0, HOLDS);
    if (seatIds.length < HOLDS) throw new Error(`only ${seatIds.length} seats for ${HOLDS} holds`);
    // One live hold per buyer and event (issue 16): a buyer per hold.
    const buyerIds = Array.from({ length: HOLDS }, () => randomUUID());
    const buyers =
      HOLDS_VIA === 'router'
        ? buyerIds.map((id) => ({ authorization: `Bearer ${accessToken(keys, id, 'USER')}` }))
        : buyerIds.map((id) => ({
            // A fresh assertion per hold would cost the bench CPU; one lives 60 s, longer than the run's holds.
            [ROUTER_ASSERTION_HEADER]: signRouterAssertion(DEV_SECRETS.ROUTER_SECRET, {
              identity: { userId: id, role: 'USER' },
              clientIp: '127.0.0.1',
            }),
          }));
    const holdUrl = HOLDS_VIA === 'router' ? routerUrl : `http://127.0.0.1:${seatingPort}/graphql`;

    // Connect the clients.
    const idle = await scrape(routerBase);
    console.error(`services ready, event seated; connecting ${CLIENTS} clients`);
    for (let i = 0; i < CLIENT_PROCS; i++) clientProcs.push(forkClients());
    const connectStarted = now();
    clientProcs.forEach((proc, i) => {
      proc.tell({
        type: 'connect',
        url: `ws://127.0.0.1:${routerPort}/graphql`,
        count: shareOf(CLIENTS, CLIENT_PROCS, i),
        query: WATCH,
        variables: { e: eventId },
      });
    });
    const connected = await Promise.all(clientProcs.map((p) => p.next('connected')));
    const connectMs = now() - connectStarted;
    const handshakes = sorted(connected.flatMap((c) => c.handshakesMs));
    const failedConnects = connected.reduce((n, c) => n + c.failed, 0);
    for (let i = 0; ; i++) {
      const samples = await scrape(routerBase);
      if ((samples.get('router_subscription_active') ?? 0) >= CLIENTS - failedConnects) break;
      if (i > 600) throw new Error(`only ${samples.get('router_subscription_active')} subscriptions joined`);
      await sleep(100);
    }
    const subscribedMs = now() - connectStarted;
    console.error(`${CLIENTS - failedConnects} clients subscribed; holding ${HOLDS} seats at ${RATE}/s`);
    for (const proc of clientProcs) proc.tell({ type: 'seats', seatIds });
    await sleep(2_000);
    const afterConnect = await scrape(routerBase);
    const before = afterConnect;
    // What seating publishes, to compare with what the router received.
    const published = { batches: 0, seats: 0 };
    const feed = new Redis(infra.redisUrl);
    feed.on('message', (_channel, message: string) => {
      published.batches++;
      published.seats += (JSON.parse(message) as { seats: unknown[] }).seats.length;
    });
    await feed.subscribe(`${infra.redisPrefix}seating.seat-changed.${eventId}`);
    const tracked = {
      router: children.router.pid,
      seating: children.seating?.pid,
      catalog: children.catalog?.pid,
      auth: children.auth?.pid,
      clients: undefined,
    } as Record<string, number | undefined>;
    const pgPids = postgresBackends(new URL(infra.databaseUrl).pathname.slice(1));
    const cpuNow = () => ({
      ...Object.fromEntries(Object.entries(tracked).map(([name, pid]) => [name, cpuMs(pid) / 1000])),
      clients: clientProcs.reduce((sum, p) => sum + cpuMs(p.child.pid) / 1000, 0),
      postgres: pgPids.reduce((sum, pid) => sum + cpuMs(pid) / 1000, 0),
      bench: process.cpuUsage().user / 1e6 + process.cpuUsage().system / 1e6,
      machine: machineBusyMs() / 1000,
    });
    const cpuBefore = cpuNow();

    // The sale: one hold every 1/RATE s, each from the schedule's own start (no drift), never waiting.
    let holdErrors = 0;
    const held: number[] = [];
    const holdLatencies: number[] = [];
    const pending: Promise<void>[] = [];
    const start = now();
    for (let i = 0; i < HOLDS; i++) {
      const due = start + (i * 1_000) / RATE;
      const wait = due - now();
      if (wait > 0) await sleep(wait);
      const sentAt = now();
      for (const proc of clientProcs) proc.tell({ type: 'sent', seat: i, at: sentAt });
      pending.push(
        post(
          holdUrl,
          'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }',
          { input: { eventId, seatIds: [seatIds[i]] } },
          buyers[i]!,
        ).then(
          (res) => {
            holdLatencies.push(now() - sentAt);
            if (res.errors?.length) {
              holdErrors++;
              if (holdErrors <= 3) console.error('hold failed:', JSON.stringify(res.errors));
            } else held.push(i);
          },
          () => {
            holdErrors++;
          },
        ),
      );
    }
    await Promise.all(pending);
    console.error(`holds done; waiting ${SETTLE_MS} ms for the last deliveries`);
    const holdSeconds = (now() - start) / 1_000;
    await sleep(SETTLE_MS);
    const after = await scrape(routerBase);
    const cpuAfter = cpuNow();
    await feed.quit();
    console.error('collecting the clients’ results');
    for (const proc of clientProcs) proc.tell({ type: 'finish', held });
    const results = await Promise.race([
      Promise.all(clientProcs.map((p) => p.next('result'))),
      sleep(60_000).then(() => {
        throw new Error('the client processes did not report their results within 60 s');
      }),
    ]);

    const histogram = mergeHistograms(results.map((r) => r.histogram));
    const delivered = results.reduce((n, r) => n + r.delivered, 0);
    const missed = results.reduce((n, r) => n + r.missed, 0);
    const messages = results.reduce((n, r) => n + r.messages, 0);
    const closedSockets = results.reduce((n, r) => n + r.closed, 0);
    const delta = (name: string) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
    const routerCpu = delta('process_cpu_seconds_total');
    const deliveries = delta('router_subscription_deliveries_total');
    const rss = after.get('process_resident_memory_bytes') ?? 0;
    const rssIdle = idle.get('process_resident_memory_bytes') ?? 0;
    const rssConnected = afterConnect.get('process_resident_memory_bytes') ?? 0;
    const heap = (m: Map<string, number>) => m.get('nodejs_heap_size_used_bytes') ?? 0;
    const cpuUse = Object.fromEntries(
      Object.keys(cpuAfter).map((k) => [
        k,
        ((cpuAfter as Record<string, number>)[k]! - (cpuBefore as Record<string, number>)[k]!).toFixed(1),
      ]),
    );
    const sockets = after.get('router_subscription_sockets') ?? 0;
    const holdsSorted = sorted(holdLatencies);

    const p = (q: number) => percentile(histogram, delivered, q);
    console.log(
      `\nbench:fanout — ${CLIENTS} clients on one router watching seatChanged { version seats event { title } }, ` +
        `${held.length}/${HOLDS} holds at ${RATE}/s over ${holdSeconds.toFixed(1)} s through the same router; ` +
        `holds via ${HOLDS_VIA}; coalescing window ${COALESCE_MS ?? 'default (50)'} ms; ${CLIENT_PROCS} client processes; ` +
        `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    );
    console.table({
      connect: {
        value: `${(connectMs / 1_000).toFixed(1)} s for ${CLIENTS} (all subscribed after ${(subscribedMs / 1_000).toFixed(1)} s); handshake p50 ${at(handshakes, 0.5).toFixed(0)} ms, p99 ${at(handshakes, 0.99).toFixed(0)} ms; ${failedConnects} failed`,
      },
      'hold → receipt': { value: `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms` },
      'seat receipts': { value: `${delivered} delivered, ${missed} missed (${held.length} holds × clients)` },
      'hold mutation': {
        value: `p50 ${at(holdsSorted, 0.5).toFixed(0)} ms, p99 ${at(holdsSorted, 0.99).toFixed(0)} ms, ${holdErrors} failed`,
      },
      messages: {
        value: `${deliveries} written by the router (${(deliveries / Math.max(1, CLIENTS) / holdSeconds).toFixed(1)}/client/s), ${messages} read by clients; seating published ${published.batches} batches (${published.seats} seats), the router received ${delta('router_subscription_upstream_events_total')} and executed ${delta('router_subscription_executions_total')}`,
      },
      'router lag': {
        value: `upstream event → written to every socket: p50 ${bucketQuantile(before, after, 'router_subscription_lag_seconds', 0.5)}, p99 ${bucketQuantile(before, after, 'router_subscription_lag_seconds', 0.99)}`,
      },
      'router stages': {
        value: (['wait', 'resolve', 'write'] as const)
          .map(
            (stage) =>
              `${stage} p50 ${bucketQuantile(before, after, `router_subscription_stage_seconds.${stage}`, 0.5)}, p99 ${bucketQuantile(before, after, `router_subscription_stage_seconds.${stage}`, 0.99)}`,
          )
          .join('; '),
      },
      'router CPU': {
        value: `${routerCpu.toFixed(1)} s over ${((holdSeconds * 1_000 + SETTLE_MS) / 1_000).toFixed(0)} s: ${Math.round(deliveries / routerCpu)} messages/CPU-s, ${Math.round(delivered / routerCpu)} seat receipts/CPU-s`,
      },
      'router RSS': {
        value: `${(rssIdle / 2 ** 20).toFixed(0)} MiB idle, ${(rssConnected / 2 ** 20).toFixed(0)} MiB connected, ${(rss / 2 ** 20).toFixed(0)} MiB after the sale (${sockets} sockets): ${((rssConnected - rssIdle) / Math.max(1, sockets) / 1_024).toFixed(1)} KiB per connection connected, ${((rss - rssIdle) / Math.max(1, sockets) / 1_024).toFixed(1)} KiB after`,
      },
      'router heap': {
        value: `${(heap(idle) / 2 ** 20).toFixed(0)} → ${(heap(afterConnect) / 2 ** 20).toFixed(0)} → ${(heap(after) / 2 ** 20).toFixed(0)} MiB used: ${((heap(afterConnect) - heap(idle)) / Math.max(1, sockets) / 1_024).toFixed(1)} KiB per connection`,
      },
      'CPU seconds': { value: JSON.stringify(cpuUse) },
      'sockets closed early': { value: String(closedSockets) },
      'CPU hog': { value: hog ? hog.describe() : 'none (add --hog to take one core away)' },
    });
  } finally {
    await hog?.stop();
    for (const proc of clientProcs) proc.child.kill('SIGTERM');
    for (const child of Object.values(children)) child.kill('SIGTERM');
    await Promise.all(
      [...Object.values(children), ...clientProcs.map((p) => p.child)].map(
        (c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))),
      ),
    );
    await infra.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
