/**
 * `npm run bench:peer`: the router against a peer gateway, Hive Gateway's JS runtime
 * (`@graphql-hive/gateway-runtime`, with `@graphql-mesh/transport-http` to the subgraphs), on our own supergraph
 * (schema/supergraph.graphql), in front of the same subgraph processes, with the same operations, alternating in
 * one run (router, hive, router, hive, …) so that other work on the machine falls on both alike:
 *
 * - `events`: the anonymous home-page read, `events(first: 10)` with venue, availability and ticket types
 *   (catalog, then seating for the entities);
 * - `cache` (not Hive): the `events` read again, sent by document id (registered in a manifest this bench writes),
 *   through the router with its response cache off (`router`, as in the two above) and on (`cached`, a second
 *   router process), alternating; meanwhile a buyer holds a seat every 250 ms and a probe reads that event's
 *   counts every 10 ms through the same router: the staleness printed is from the hold's answer to the first read
 *   that shows it;
 * - `holdSeats`: a signed-in buyer holds one seat of an on-sale arena event (a fresh buyer and token per hold, so
 *   neither gateway answers from a verified-token cache; one fetch to seating). The routers get it by the id of a
 *   registered document, as the web app sends `HoldSeats`; Hive gets the text.
 *
 * `events` and `holdSeats` also run through `general`, a third router process with the lean path off
 * (`LEAN_PATH=false`, issue 18), alternating with the other two: `holdSeats` is a single-fetch plan, `events` a root
 * fetch and one entity fetch (catalog, then seating); both take the lean path, so its effect shows in the same run.
 * The routers get `events` by document id, as the apps send their reads; Hive gets the text.
 *
 * Subgraphs accept only router-signed requests (kit identity.ts): Hive gets the same credentials through its own
 * plugin hooks — `onContextBuilding` verifies the buyer's bearer token with the router's own verifier (JWKS from
 * auth, RS256), `onFetch` adds the signed router assertion (`x-tiketi-router`, the kit's cached signer, as the
 * router does) to every subgraph request. Nothing in the subgraphs is relaxed.
 *
 * Printed per phase and summed per gateway: requests/s, p50/p99 latency, errors, and CPU ms per request of the
 * gateway process and of the subgraphs behind it (from /proc), and the share of the machine other work took.
 *
 * Options (env): BENCH_SECONDS (8: one `events` phase), BENCH_HOLDS (600: holds per `holdSeats` phase),
 * BENCH_ROUNDS (2 measured phases per gateway and operation, after one warm-up phase each),
 * BENCH_CONCURRENCY (32 requests in flight), BENCH_OPS (events,holdSeats), BENCH_HIVE_DEDUPE (1: Hive's default,
 * identical subgraph requests in flight share one fetch — with 32 identical anonymous reads in flight most of
 * them do; 0 turns it off, so that both gateways send every subgraph request).
 */

import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '@tiketi/catalog';
import { DEV_SECRETS } from '../subgraphs/kit/src/config.ts';
import {
  createAssertionSigner,
  type Identity,
  ROUTER_ASSERTION_HEADER,
} from '../subgraphs/kit/src/identity.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { graphqlClient } from './support/http.ts';
import {
  cpuMs,
  fmt,
  freePort,
  machineCpu,
  numberEnv,
  percentile,
  sleep,
  waitReady,
} from './support/machine.ts';
import { ARENA, createArenaLayout, local, processes, startPlatform } from './support/services.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = numberEnv('BENCH_SECONDS', 8);
const HOLDS = numberEnv('BENCH_HOLDS', 600);
const ROUNDS = numberEnv('BENCH_ROUNDS', 2);
const CONCURRENCY = numberEnv('BENCH_CONCURRENCY', 32);
const OPS = (process.env.BENCH_OPS ?? 'events,holdSeats,cache').split(',');
const LOG_DIR = `${tmpdir()}/tiketi-bench-peer`;
const SUBGRAPHS = ['auth', 'catalog', 'seating'] as const;

const EVENTS = `query HomeEvents {
  events(first: 10) {
    totalCount
    edges { node { id title startsAt status venue { id name city }
      availability { total available held sold } ticketTypes { id name price } } }
  }
}`;
/** The cache's staleness probe: one event's counts, a registered anonymous public read like the list. */
const AVAILABILITY = `query EventAvailability($id: ID!) { event(id: $id) { id availability { total held } } }`;
const documentId = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
const HOLD = `mutation Hold($input: HoldSeatsInput!) {
  holdSeats(input: $input) { id expiresAt totalAmount seats { id section row number status } }
}`;

// ---------------------------------------------------------------------------------------------------------
// Hive Gateway (this file run with PEER_ROLE=hive)

async function serveHive() {
  const [{ createGatewayRuntime }, http, { createAccessTokenVerifier }, { GraphQLError }] = await Promise.all(
    [
      import('@graphql-hive/gateway-runtime'),
      import('@graphql-mesh/transport-http'),
      import('../router/src/auth.ts'),
      import('graphql'),
    ],
  );
  const urls = JSON.parse(process.env.PEER_SUBGRAPH_URLS ?? '{}') as Record<string, string>;
  // The committed supergraph, each subgraph at this run's address (the router takes the same as env overrides).
  const supergraph = readFileSync(`${root}schema/supergraph.graphql`, 'utf8').replace(
    /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
    (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole),
  );
  const verify = createAccessTokenVerifier({ jwksUrl: process.env.AUTH_JWKS_URL ?? '' });
  const sign = createAssertionSigner(process.env.ROUTER_SECRET ?? DEV_SECRETS.ROUTER_SECRET);
  type PeerContext = { req?: IncomingMessage; request: Request; identity?: Identity };
  const gateway = createGatewayRuntime<PeerContext>({
    supergraph,
    transports: { http },
    // Hive's default: identical subgraph requests in flight at once share one fetch (BENCH_HIVE_DEDUPE=0: off).
    transportEntries: {
      '*.http': { options: { deduplicateInflightRequests: process.env.PEER_DEDUPE !== '0' } },
    },
    logging: 'warn',
    landingPage: false,
    graphiql: false,
    plugins: () => [
      {
        // Who is calling: the router's own verifier (no header: anonymous; a bad token: refused).
        async onContextBuilding({
          context,
          extendContext,
        }: {
          context: PeerContext;
          extendContext: (more: Partial<PeerContext>) => void;
        }) {
          try {
            extendContext({
              identity: await verify(context.request.headers.get('authorization') ?? undefined),
            });
          } catch (err) {
            throw new GraphQLError((err as Error).message, { extensions: { code: 'UNAUTHENTICATED' } });
          }
        },
        // What every subgraph requires: the router assertion of that caller.
        onFetch({ options, setOptions, context }) {
          const ctx = context as Partial<PeerContext> | undefined;
          setOptions({
            ...options,
            headers: {
              ...(options.headers as Record<string, string>),
              [ROUTER_ASSERTION_HEADER]: sign({
                identity: ctx?.identity ?? null,
                clientIp: ctx?.req?.socket.remoteAddress ?? 'unknown',
              }),
            },
          });
        },
      },
    ],
  });
  const port = Number(process.env.PORT);
  createServer(gateway).listen(port, '127.0.0.1');
}

// ---------------------------------------------------------------------------------------------------------
// The load

type Gateway = 'router' | 'hive' | 'cached' | 'general';

interface Phase {
  gateway: Gateway;
  op: string;
  requests: number;
  errors: number;
  firstError?: string;
  seconds: number;
  latencies: number[];
  cpu: Record<string, number>;
  otherLoad: number;
}

async function drive(
  client: ReturnType<typeof graphqlClient>,
  url: string,
  next: () => { body: string; headers: Record<string, string> } | null,
  until: () => boolean,
) {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (!until()) {
      const request = next();
      if (!request) return;
      const started = performance.now();
      try {
        const res = await client.postBody(url, request.body, request.headers);
        if (res.errors?.length || res.status !== 200) {
          errors++;
          firstError ??= JSON.stringify(res.errors ?? res.status).slice(0, 300);
        }
      } catch (err) {
        errors++;
        firstError ??= (err as Error).message;
      }
      latencies.push(performance.now() - started);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return { latencies, errors, firstError };
}

async function measure(
  gateway: Gateway,
  op: string,
  pids: Record<string, number>,
  run: () => Promise<{ latencies: number[]; errors: number; firstError?: string }>,
): Promise<Phase> {
  const names = [gateway, ...SUBGRAPHS];
  const before = Object.fromEntries(names.map((n) => [n, cpuMs(pids[n])]));
  const benchBefore = process.cpuUsage();
  const machineBefore = machineCpu();
  const started = performance.now();
  const { latencies, errors, firstError } = await run();
  const seconds = (performance.now() - started) / 1000;
  const machineAfter = machineCpu();
  const bench = process.cpuUsage(benchBefore);
  const cpu = Object.fromEntries(names.map((n) => [n, cpuMs(pids[n]) - (before[n] ?? 0)]));
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0) + (bench.user + bench.system) / 1000;
  const busy = machineAfter.busy - machineBefore.busy;
  const total = machineAfter.total - machineBefore.total;
  return {
    gateway,
    op,
    requests: latencies.length,
    errors,
    ...(firstError ? { firstError } : {}),
    seconds,
    latencies,
    cpu,
    otherLoad: total > 0 ? Math.max(0, busy - ours) / total : 0,
  };
}

function row(p: Phase) {
  const per = (ms: number) => fmt(ms / Math.max(1, p.requests), 3);
  return {
    op: p.op,
    gateway: p.gateway,
    'req/s': fmt(p.requests / p.seconds),
    'p50 ms': fmt(percentile(p.latencies, 50), 1),
    'p99 ms': fmt(percentile(p.latencies, 99), 1),
    errors: p.errors,
    'gateway CPU ms/req': per(p.cpu[p.gateway] ?? 0),
    'catalog ms/req': per(p.cpu.catalog ?? 0),
    'seating ms/req': per(p.cpu.seating ?? 0),
    'auth ms/req': per(p.cpu.auth ?? 0),
    'other load': `${fmt(p.otherLoad * 100)}%`,
  };
}

async function main() {
  const keys = signingKeys();
  const infra = await createTestInfra();
  // The bench's reads registered as trusted documents next to the apps' (the cache keeps registered reads only).
  mkdirSync(LOG_DIR, { recursive: true });
  const manifest = `${LOG_DIR}/bench-documents.json`;
  writeFileSync(
    manifest,
    JSON.stringify({
      [documentId(EVENTS)]: EVENTS,
      [documentId(AVAILABILITY)]: AVAILABILITY,
      [documentId(HOLD)]: HOLD,
    }),
  );
  const trustedDocuments = ['web', 'admin']
    .map((app) => `${root}${app}/src/__generated__/persisted-documents.json`)
    .concat(manifest)
    .join(',');
  // `router` answers every read itself (cache off), as Hive does; `cached` is the same router with its cache on.
  const routerEnv = { TRUSTED_DOCUMENTS: trustedDocuments };
  const platform = await startPlatform({
    infra,
    authKeyPem: keys.pem,
    logDir: LOG_DIR,
    subgraphs: [...SUBGRAPHS],
    env: { router: { ...routerEnv, RESPONSE_CACHE_TTL_MS: '0' } },
  });
  const peers = processes({ logDir: LOG_DIR });
  const client = graphqlClient(CONCURRENCY);
  try {
    const hivePort = await freePort();
    peers.start('hive', '', 'bench/peer.ts', {
      PEER_ROLE: 'hive',
      PEER_DEDUPE: process.env.BENCH_HIVE_DEDUPE ?? '1',
      PORT: String(hivePort),
      TIKETI_ENV: 'development',
      AUTH_JWKS_URL: platform.subgraphUrl('auth').replace('/graphql', '/.well-known/jwks.json'),
      PEER_SUBGRAPH_URLS: JSON.stringify(
        Object.fromEntries(SUBGRAPHS.map((s) => [s, platform.subgraphUrl(s)])),
      ),
    });
    // The router again with the lean path off: what every single-fetch plan cost before it (issue 18).
    const generalPort = await freePort();
    peers.start('general', 'router', 'src/main.ts', {
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      REDIS_PREFIX: infra.redisPrefix,
      TIKETI_ENV: 'development',
      PORT: String(generalPort),
      ...Object.fromEntries(
        SUBGRAPHS.map((s) => [`${s.toUpperCase()}_SUBGRAPH_URL`, platform.subgraphUrl(s)]),
      ),
      AUTH_JWKS_URL: platform.subgraphUrl('auth').replace('/graphql', '/.well-known/jwks.json'),
      SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
      ...routerEnv,
      RESPONSE_CACHE_TTL_MS: '0',
      LEAN_PATH: 'false',
    });
    const cachedPort = await freePort();
    peers.start('cached', 'router', 'src/main.ts', {
      DATABASE_URL: infra.databaseUrl,
      REDIS_URL: infra.redisUrl,
      REDIS_PREFIX: infra.redisPrefix,
      TIKETI_ENV: 'development',
      PORT: String(cachedPort),
      ...Object.fromEntries(
        SUBGRAPHS.map((s) => [`${s.toUpperCase()}_SUBGRAPH_URL`, platform.subgraphUrl(s)]),
      ),
      AUTH_JWKS_URL: platform.subgraphUrl('auth').replace('/graphql', '/.well-known/jwks.json'),
      SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
      ...routerEnv,
    });
    await Promise.all([
      waitReady(local(hivePort, '/healthcheck')),
      waitReady(local(cachedPort, '/ready')),
      waitReady(local(generalPort, '/ready')),
    ]);
    const urls: Record<Gateway, string> = {
      router: platform.routerUrl,
      general: local(generalPort, '/graphql'),
      hive: local(hivePort, '/graphql'),
      cached: local(cachedPort, '/graphql'),
    };
    const pids = { ...platform.pids(), ...peers.pids() };

    // Same answer from both (the check that they run the same plan on the same data).
    const eventsBody = JSON.stringify({ query: EVENTS });
    const [fromRouter, fromHive] = await Promise.all(
      (['router', 'hive'] as const).map((g) => client.postBody(urls[g], eventsBody, {})),
    );
    if (
      fromRouter?.errors ||
      fromHive?.errors ||
      JSON.stringify(fromRouter?.data) !== JSON.stringify(fromHive?.data)
    )
      throw new Error(
        `events differ: router ${JSON.stringify(fromRouter).slice(0, 300)} hive ${JSON.stringify(fromHive).slice(0, 300)}`,
      );

    const admin = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'ADMIN')}` };
    const layoutId =
      OPS.includes('holdSeats') || OPS.includes('cache')
        ? await createArenaLayout(platform.subgraphUrl('seating'))
        : '';
    const phases: Phase[] = [];
    const staleness: number[] = [];

    for (const op of OPS) {
      let seats: { eventId: string; ids: string[] } = { eventId: '', ids: [] };
      const pair: Gateway[] = op === 'cache' ? ['router', 'cached'] : ['router', 'general', 'hive'];
      const order: Gateway[] = [];
      for (let r = 0; r <= ROUNDS; r++) order.push(...pair);
      for (const [i, gateway] of order.entries()) {
        const warmup = i < pair.length;
        let phase: Phase;
        if (op === 'cache') {
          // The same read by its document id; while it runs, a buyer holds a seat every 250 ms and a probe reads
          // the event's counts through the same router every 10 ms: staleness is hold answered → probe sees it.
          if (seats.ids.length < 100) seats = await newSale(client, platform.routerUrl, admin, layoutId);
          const end = Date.now() + (warmup ? 3 : SECONDS) * 1000;
          const request = { body: JSON.stringify({ documentId: documentId(EVENTS) }), headers: {} };
          const probe = staleProbe(client, urls[gateway], seats, keys, () => Date.now() >= end);
          phase = await measure(gateway, op, pids, () =>
            drive(
              client,
              urls[gateway],
              () => request,
              () => Date.now() >= end,
            ),
          );
          const lags = await probe;
          if (!warmup && gateway === 'cached') staleness.push(...lags);
        } else if (op === 'events') {
          const end = Date.now() + (warmup ? 3 : SECONDS) * 1000;
          const request = {
            body: gateway === 'hive' ? eventsBody : JSON.stringify({ documentId: documentId(EVENTS) }),
            headers: {},
          };
          phase = await measure(gateway, op, pids, () =>
            drive(
              client,
              urls[gateway],
              () => request,
              () => Date.now() >= end,
            ),
          );
        } else {
          const count = warmup ? Math.min(200, HOLDS) : HOLDS;
          if (seats.ids.length < count) seats = await newSale(client, platform.routerUrl, admin, layoutId);
          const mine = seats.ids.splice(0, count);
          // Tokens minted before the phase: signing is not part of the figure.
          const requests = mine.map((id) => ({
            // The routers get the hold by its registered id, as the web app sends HoldSeats; Hive gets the text,
            // which its parse and validation caches key on.
            body: JSON.stringify({
              ...(gateway === 'hive' ? { query: HOLD } : { documentId: documentId(HOLD) }),
              variables: { input: { eventId: seats.eventId, seatIds: [id] } },
            }),
            headers: { authorization: `Bearer ${accessToken(keys, randomUUID(), 'USER')}` },
          }));
          phase = await measure(gateway, op, pids, () =>
            drive(
              client,
              urls[gateway],
              () => requests.shift() ?? null,
              () => false,
            ),
          );
        }
        if (phase.firstError)
          console.error(`  ${op} via ${gateway}: ${phase.errors} errors, first: ${phase.firstError}`);
        if (!warmup) phases.push(phase);
      }
    }

    console.log(
      `\nbench:peer — router vs Hive Gateway JS (@graphql-hive/gateway-runtime), same supergraph and subgraphs; ` +
        `${CONCURRENCY} in flight; events: ${SECONDS}s per phase; holdSeats: ${HOLDS} holds (1 seat, fresh ` +
        `buyer) per phase; ${ROUNDS} measured phases per gateway after a warm-up, alternating; ` +
        `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    );
    console.table(phases.map(row));
    const summary = [];
    for (const op of OPS) {
      const totals = (g: Gateway) => {
        const mine = phases.filter((p) => p.op === op && p.gateway === g);
        const requests = mine.reduce((a, p) => a + p.requests, 0);
        const cpu = mine.reduce((a, p) => a + (p.cpu[g] ?? 0), 0);
        const seconds = mine.reduce((a, p) => a + p.seconds, 0);
        return { perRequest: cpu / Math.max(1, requests), rps: requests / seconds };
      };
      const [r, g, h] = [totals('router'), totals('general'), totals('hive')];
      summary.push({
        op,
        'router CPU ms/req': fmt(r.perRequest, 3),
        'lean off CPU ms/req': fmt(g.perRequest, 3),
        'hive CPU ms/req': fmt(h.perRequest, 3),
        'router / hive': fmt(r.perRequest / h.perRequest, 2),
        'lean off / hive': fmt(g.perRequest / h.perRequest, 2),
        'router req/s': fmt(r.rps),
        'lean off req/s': fmt(g.rps),
        'hive req/s': fmt(h.rps),
      });
    }
    console.table(summary.filter((r) => r.op !== 'cache'));
    console.log(
      'goal (issue 18): router CPU per request ≤ 0.5× Hive Gateway JS, for both operations; "lean off": the same router with LEAN_PATH=false',
    );
    if (OPS.includes('cache')) {
      const rate = (g: Gateway) => {
        const mine = phases.filter((p) => p.op === 'cache' && p.gateway === g);
        return mine.reduce((a, p) => a + p.requests, 0) / mine.reduce((a, p) => a + p.seconds, 0);
      };
      const cpu = (g: Gateway) => {
        const mine = phases.filter((p) => p.op === 'cache' && p.gateway === g);
        return (
          mine.reduce((a, p) => a + (p.cpu[g] ?? 0), 0) /
          Math.max(
            1,
            mine.reduce((a, p) => a + p.requests, 0),
          )
        );
      };
      console.log(
        `cache: anonymous events(first: 10) by document id — router ${fmt(rate('router'))} req/s ` +
          `(${fmt(cpu('router'), 3)} ms CPU/req), cached ${fmt(rate('cached'))} req/s (${fmt(cpu('cached'), 3)} ms ` +
          `CPU/req): ×${fmt(rate('cached') / rate('router'), 1)} (goal ≥ 5×); staleness of a hold on the cached ` +
          `router (hold answered → cached read shows it), ${staleness.length} holds: p50 ${fmt(percentile(staleness, 50))} ms, ` +
          `p99 ${fmt(percentile(staleness, 99))} ms, max ${fmt(Math.max(0, ...staleness))} ms (goal ≤ 1000 ms)`,
      );
    }
  } finally {
    client.close();
    // Hive's runtime can keep its process up after SIGTERM while it disposes; do not wait for it for ever.
    const hive = peers.pids().hive;
    const kill = setTimeout(() => {
      try {
        if (hive) process.kill(hive, 'SIGKILL');
      } catch {}
    }, 5_000);
    await peers.stop();
    clearTimeout(kill);
    await platform.stop();
    await infra.dispose();
  }
}

/**
 * Until `done`: holds one seat every 250 ms (a fresh buyer each) and reads the event's counts by document id
 * through `url` every 10 ms; returns, per hold, the ms from its answer until a read showed it.
 */
async function staleProbe(
  client: ReturnType<typeof graphqlClient>,
  url: string,
  seats: { eventId: string; ids: string[] },
  keys: ReturnType<typeof signingKeys>,
  done: () => boolean,
): Promise<number[]> {
  const lags: number[] = [];
  const body = JSON.stringify({ documentId: documentId(AVAILABILITY), variables: { id: seats.eventId } });
  const held = async () => {
    const res = await client.postBody(url, body, {});
    return (res.data?.event?.availability?.held as number | undefined) ?? -1;
  };
  while (!done()) {
    const before = await held();
    const id = seats.ids.shift();
    if (!id) break;
    const auth = { authorization: `Bearer ${accessToken(keys, randomUUID(), 'USER')}` };
    await client.call(url, HOLD, { input: { eventId: seats.eventId, seatIds: [id] } }, auth);
    const answered = performance.now();
    for (;;) {
      if ((await held()) > before) break;
      if (performance.now() - answered > 5_000) break;
      await sleep(10);
    }
    lags.push(performance.now() - answered);
    await sleep(250);
  }
  return lags;
}

/** A new on-sale event with the arena attached; its seat ids in map order. */
async function newSale(
  client: ReturnType<typeof graphqlClient>,
  routerUrl: string,
  admin: Record<string, string>,
  layoutId: string,
) {
  const day = 24 * 3_600_000;
  const { createEvent } = await client.call(
    routerUrl,
    'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    {
      input: {
        title: `Peer bench ${randomUUID().slice(0, 8)}`,
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
    const res = await client.post(
      routerUrl,
      'mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }',
      { e: eventId, i: { layoutId, ticketTypes: ARENA.ticketTypes.map((t) => ({ ...t })) } },
      admin,
    );
    if (!res.errors?.length) break;
    if (res.errors[0]?.extensions?.code !== 'NOT_FOUND' || i > 300)
      throw new Error(`attachSeatLayout: ${JSON.stringify(res.errors)}`);
    await sleep(100);
  }
  const { event } = await client.call(
    routerUrl,
    'query($id: ID!) { event(id: $id) { seatMap { seats { id } } } }',
    { id: eventId },
    {},
  );
  return { eventId, ids: (event.seatMap.seats as { id: string }[]).map((s) => s.id) };
}

if (process.env.PEER_ROLE === 'hive') {
  serveHive().catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
