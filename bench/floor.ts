/**
 * `npm run bench:floor`: what the fixed stack costs before any TIKETI code runs — the ceiling under every
 * "requests per second through the router" goal on this machine. One trivial mutation (`ping(n: Int!): Int!`,
 * no database, no Redis, no auth) is served four ways, each hop its own process, as deployed:
 *
 * 1. `node:http` — a bare Node HTTP server answering a fixed GraphQL response (the floor of Node itself);
 * 2. `node:http` proxy → 1 — a bare Node proxy forwarding over undici keep-alive (the floor of any router hop);
 * 3. `@apollo/server` subgraph (`@apollo/subgraph`, express 5 integration, JSON body parser) — what every
 *    subgraph is built on (SPEC.md);
 * 4. `@apollo/gateway` router (`@apollo/server` + `ApolloGateway`, the router's own undici subgraph fetcher) → 3;
 * 5. the same with the router's lean path for single-fetch plans (issue 18), as the router wires it: the
 *    operation sent by the id of a registered document and answered in front of Apollo Server
 *    (`router/src/lean-http.ts`), the gateway's executor behind `router/src/lean-path.ts` for the rest.
 *
 * Each target gets a warm-up, then BENCH_SECONDS of autocannon with BENCH_CONNECTIONS keep-alive connections;
 * the load generator shares the 2 cores, as in every benchmark here. Printed: requests/s, latency, and CPU ms
 * per request of each process (from /proc), so the figure on an idle 2-core machine can be read off too.
 *
 * Options (env): BENCH_SECONDS (10), BENCH_CONNECTIONS (64), BENCH_OPERATION (ping; hold: see OPERATION), BENCH_TARGETS (all: node, proxy, subgraph,
 * subgraph-http, gateway, gateway-http, gateway-lean; the -http variants and gateway-lean serve the same Apollo
 * Server on node:http without Express, as the kit and the router do).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import autocannon from 'autocannon';
import type { LeanContext } from '../router/src/lean-path.ts';
import { serveApolloOnHttp } from './support/apollo-http.ts';
import { cpuMs, freePort, numberEnv, sleep } from './support/machine.ts';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = numberEnv('BENCH_SECONDS', 10);
const CONNECTIONS = numberEnv('BENCH_CONNECTIONS', 64);
const TARGETS = (
  process.env.BENCH_TARGETS ?? 'node,proxy,subgraph,subgraph-http,gateway,gateway-http,gateway-lean'
).split(',');

/**
 * BENCH_OPERATION: `ping` (the trivial mutation) or `hold`, a mutation answered like `holdSeats` (a hold and its
 * seats, `n` of them) sent as the web app sends `HoldSeats`: `__typename` everywhere and a fragment. The answer is
 * fixed (no database): what the router spends to carry one hold, which the gateway re-shapes and the lean path
 * projects.
 */
const OPERATION = (process.env.BENCH_OPERATION ?? 'ping') as 'ping' | 'hold';
const QUERIES = {
  ping: 'mutation Ping($n: Int!) { ping(n: $n) }',
  hold: `fragment HoldPanel_hold on Hold { __typename expiresAt id seats { __typename id label number row section status } totalAmount }
mutation HoldSeats($n: Int!) { __typename hold(n: $n) { __typename id seats { __typename id } ...HoldPanel_hold } }`,
};
const QUERY = QUERIES[OPERATION];
/** The operation as a registered document (the apps' manifests: `sha256:<hex of the text>`). */
const DOCUMENT_ID = `sha256:${createHash('sha256').update(QUERY).digest('hex')}`;
const SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@shareable"])
  type Query { hello: String }
  type Seat { id: ID! label: String! number: Int! row: String! section: String! status: String! }
  type Hold { id: ID! expiresAt: String! totalAmount: Int! seats: [Seat!]! }
  type Mutation { ping(n: Int!): Int! hold(n: Int!): Hold! }
`;
const holdOf = (n: number) => ({
  id: '6f1c2a4e-1d2b-4c3d-9e8f-0a1b2c3d4e5f',
  expiresAt: '2026-12-05T12:00:00.000Z',
  totalAmount: 99_000 * n,
  seats: Array.from({ length: n }, (_, i) => ({
    id: `5e0b1a3d-0c1a-4b2c-8d7e-9f0a1b2c3d${String(i).padStart(2, '0')}`,
    label: `A-1-${i + 1}`,
    number: i + 1,
    row: '1',
    section: 'A',
    status: 'HELD',
  })),
});
/** What the bare servers answer: a subgraph's answer to the operation. */
const FIXED_ANSWER =
  OPERATION === 'ping'
    ? { data: { ping: 1 } }
    : {
        data: {
          __typename: 'Mutation',
          hold: {
            __typename: 'Hold',
            ...holdOf(2),
            seats: holdOf(2).seats.map((s) => ({ __typename: 'Seat', ...s })),
          },
        },
      };
const answered = (body: { data?: Record<string, unknown> }) =>
  OPERATION === 'ping'
    ? body.data?.ping === 1
    : (body.data?.hold as { id?: string } | undefined)?.id !== undefined;

type Role = 'node' | 'proxy' | 'subgraph' | 'subgraph-http' | 'gateway' | 'gateway-http' | 'gateway-lean';

// ---------------------------------------------------------------------------------------------------------
// The servers (this file run with a role)

async function serveRole(role: Role, port: number, upstream: number) {
  switch (role) {
    case 'node': {
      const body = Buffer.from(JSON.stringify(FIXED_ANSWER));
      createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
          res.end(body);
        });
      }).listen(port);
      return;
    }
    case 'proxy': {
      const { Agent, request } = await import('undici');
      const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', async () => {
          const answer = await request(`http://127.0.0.1:${upstream}/graphql`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: Buffer.concat(chunks),
            dispatcher,
          });
          const text = await answer.body.text();
          res.writeHead(answer.statusCode, { 'content-type': 'application/json' });
          res.end(text);
        });
      }).listen(port);
      return;
    }
    case 'subgraph':
    case 'subgraph-http': {
      const [
        { ApolloServer },
        { ApolloServerPluginInlineTraceDisabled },
        { buildSubgraphSchema },
        { expressMiddleware },
        { default: express },
        { parse },
      ] = await Promise.all([
        import('@apollo/server'),
        import('@apollo/server/plugin/disabled'),
        import('@apollo/subgraph'),
        import('@as-integrations/express5'),
        import('express'),
        import('graphql'),
      ]);
      const schema = buildSubgraphSchema([
        {
          typeDefs: parse(SDL),
          resolvers: {
            Query: { hello: () => 'hi' },
            Mutation: {
              ping: (_: unknown, { n }: { n: number }) => n,
              hold: (_: unknown, { n }: { n: number }) => holdOf(n),
            },
          },
        },
      ]);
      // As the kit's subgraphs: inline traces are for GraphOS.
      const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
      await apollo.start();
      if (role === 'subgraph-http') return serveApolloOnHttp(apollo, port);
      const app = express();
      app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
      app.listen(port);
      return;
    }
    case 'gateway':
    case 'gateway-http':
    case 'gateway-lean': {
      const [
        { ApolloServer },
        { ApolloGateway, RemoteGraphQLDataSource },
        { expressMiddleware },
        { default: express },
      ] = await Promise.all([
        import('@apollo/server'),
        import('@apollo/gateway'),
        import('@as-integrations/express5'),
        import('express'),
      ]);
      const { composeServices } = await import('@apollo/composition');
      const { parse } = await import('graphql');
      const { createSubgraphFetch } = await import('../router/src/subgraph-fetch.ts');
      const url = `http://127.0.0.1:${upstream}/graphql`;
      const composed = composeServices([{ name: 'floor', typeDefs: parse(SDL), url }]);
      if (!composed.supergraphSdl) throw new Error(composed.errors?.map((e) => e.message).join('\n'));
      const { fetch, send } = createSubgraphFetch({ timeoutMs: 30_000 });
      const dataSource = new RemoteGraphQLDataSource({ url, fetcher: fetch });
      const gateway = new ApolloGateway({
        supergraphSdl: composed.supergraphSdl,
        buildService: () => dataSource,
      });
      if (role === 'gateway-lean') return serveLean(gateway, { dataSource, url, send }, port);
      const apollo = new ApolloServer({ gateway });
      await apollo.start();
      if (role !== 'gateway') return serveApolloOnHttp(apollo, port);
      const app = express();
      app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
      app.listen(port);
      return;
    }
  }
}

/**
 * The router's lean path as server.ts wires it (issue 18): the operation is a registered document, sent by id as
 * the apps send theirs; the kit's GraphQL handler reads the body, trusted documents resolve the id, and the lean
 * path in front of Apollo Server (router/src/lean-http.ts) answers it, or hands it to Apollo Server with the
 * gateway's executor behind the lean path (router/src/lean-path.ts). No caller to verify, no rate limit, no
 * router assertion: as in the other gateway targets.
 */
async function serveLean(
  gateway: import('@apollo/gateway').ApolloGateway,
  {
    dataSource,
    url,
    send,
  }: {
    dataSource: import('@apollo/gateway').RemoteGraphQLDataSource;
    url: string;
    send: import('../router/src/subgraph-fetch.ts').SubgraphSend;
  },
  port: number,
) {
  const [
    { ApolloServer },
    { RemoteGraphQLDataSource },
    kit,
    { createLogger },
    lean,
    leanHttp,
    fetches,
    trusted,
  ] = await Promise.all([
    import('@apollo/server'),
    import('@apollo/gateway'),
    import('@tiketi/kit/graphql-http'),
    import('@tiketi/kit/logger'),
    import('../router/src/lean-path.ts'),
    import('../router/src/lean-http.ts'),
    import('../router/src/subgraph-fetch.ts'),
    import('../router/src/trusted-documents.ts'),
  ]);
  const documents = new trusted.TrustedDocuments([{ [DOCUMENT_ID]: QUERY }]);
  const store = new trusted.TrustedDocumentStore(documents, { validationRules: [], maxTokens: 10_000 });
  const leanPath = new lean.LeanPath({ dataSource: () => dataSource });
  gateway.onSchemaLoadOrUpdate((schema) => {
    store.precompute(schema.apiSchema);
    leanPath.setSchema(schema, store.prepared());
  });
  const lane = new leanHttp.LeanHttp({
    leanPath,
    send,
    subgraph: () => ({
      url,
      process: (options) => dataSource.process(options),
      headersFor: () => ({ 'content-type': 'application/json' }),
      replaying: (answer) =>
        new RemoteGraphQLDataSource({ url, fetcher: async () => fetches.fetcherResponse(await answer()) }),
    }),
  });
  const apollo = new ApolloServer<LeanContext>({ gateway: leanPath.wrap(gateway), documentStore: store });
  await apollo.start();
  const handle = kit.createGraphQLHttpHandler(apollo, createLogger('floor', 'warn'));
  createServer((req, res) => {
    let handover: LeanContext['leanAnswer'];
    void handle(req, res, {
      maxBodyBytes: 1_000_000,
      context: async () => (handover ? { leanAnswer: handover } : {}),
      prepare: (request, response) => {
        const prepared = documents.prepare(request, response, {
          registeredOnly: false,
          accept: req.headers.accept,
        });
        if (prepared.answered) return true;
        if (!prepared.document) return false;
        return lane.serve(request, response, {
          document: prepared.document,
          caller: () => ({ identity: null, clientIp: '127.0.0.1', traceContext: ROOT_CONTEXT }),
          handOver: (answer) => {
            handover = answer;
          },
        });
      },
    });
  }).listen(port);
}

// ---------------------------------------------------------------------------------------------------------
// The measurement

function spawnRole(role: Role, port: number, upstream = 0): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', self, role, String(port), String(upstream)], {
    cwd: root,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

async function answers(port: number) {
  for (let i = 0; i < 200; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: QUERY, variables: { n: OPERATION === 'ping' ? 1 : 2 } }),
      });
      const body = (await res.json()) as { data?: Record<string, unknown> };
      if (answered(body)) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`nothing answered ${OPERATION} on port ${port}`);
}

async function measure(target: string, roles: Role[]) {
  const ports = await Promise.all(roles.map(() => freePort()));
  // roles[0] is the entry; each forwards to the next one.
  const children = roles.map((role, i) => spawnRole(role, ports[i]!, ports[i + 1] ?? 0));
  try {
    for (const port of [...ports].reverse()) await answers(port);
    const url = `http://127.0.0.1:${ports[0]}/graphql`;
    const options = {
      url,
      method: 'POST' as const,
      headers: { 'content-type': 'application/json' },
      // The lean path's router gets the document's id, as the apps send it; every other target the text.
      body: JSON.stringify({
        ...(roles[0] === 'gateway-lean' ? { documentId: DOCUMENT_ID } : { query: QUERY }),
        variables: { n: OPERATION === 'ping' ? 1 : 2 },
      }),
      connections: CONNECTIONS,
    };
    await autocannon({ ...options, duration: 3 });
    const cpuBefore = children.map((c) => cpuMs(c.pid));
    const benchBefore = process.cpuUsage();
    const result = await autocannon({ ...options, duration: SECONDS });
    const benchCpu = process.cpuUsage(benchBefore);
    const requests = result.requests.total;
    const per = (ms: number) => (ms / requests).toFixed(3);
    const cpu = children.map((c, i) => `${roles[i]} ${per(cpuMs(c.pid) - cpuBefore[i]!)}`).join(' / ');
    const allMs =
      children.reduce((sum, c, i) => sum + cpuMs(c.pid) - cpuBefore[i]!, 0) +
      (benchCpu.user + benchCpu.system) / 1000;
    const entryCpu = (cpuMs(children[0]?.pid) - cpuBefore[0]!) / requests;
    return {
      role: roles[0]!,
      entryCpu,
      target,
      'req/s': Math.round(result.requests.average),
      'p50 ms': result.latency.p50,
      'p99 ms': result.latency.p99,
      errors: result.errors + result.non2xx,
      'cpu ms/request': cpu,
      'load generator': per((benchCpu.user + benchCpu.system) / 1000),
      'req/s on 2 idle cores': Math.round((2 * 1000) / (allMs / requests)),
    };
  } finally {
    for (const child of children) child.kill('SIGKILL');
  }
}

async function main() {
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`;
  console.log(
    `\nbench:floor — ${OPERATION === 'ping' ? 'one trivial GraphQL mutation' : 'a holdSeats-shaped mutation (a hold and 2 seats, fixed answer)'}, ${CONNECTIONS} keep-alive connections, ${SECONDS} s per target after 3 s warm-up; ${machine}`,
  );
  console.log(
    'cpu ms/request: CPU of each process per request; req/s on 2 idle cores: 2,000 ms ÷ CPU ms of all processes (load generator included) per request',
  );
  const plans: Record<string, [string, Role[]]> = {
    node: ['node:http', ['node']],
    proxy: ['node:http proxy → node:http', ['proxy', 'node']],
    subgraph: ['@apollo/server subgraph', ['subgraph']],
    'subgraph-http': ['@apollo/server subgraph on node:http (no Express)', ['subgraph-http']],
    gateway: ['@apollo/gateway → @apollo/server subgraph', ['gateway', 'subgraph']],
    'gateway-http': ['the same two on node:http (no Express)', ['gateway-http', 'subgraph-http']],
    'gateway-lean': ['the same with the lean path (issue 18)', ['gateway-lean', 'subgraph-http']],
  };
  const rows: Awaited<ReturnType<typeof measure>>[] = [];
  for (const target of TARGETS) {
    const plan = plans[target];
    if (!plan) throw new Error(`unknown target ${target}`);
    rows.push(await measure(...plan));
  }
  console.table(rows.map(({ role: _role, entryCpu: _cpu, ...row }) => row));
  // Issue 18's goal: the router's CPU per single-fetch request ≤ 2× the bare proxy's. Medians over the repeats
  // of each target (BENCH_TARGETS may list one several times, alternating, when the machine is shared).
  const median = (role: Role) => {
    const xs = rows.filter((r) => r.role === role).map((r) => r.entryCpu);
    xs.sort((a, b) => a - b);
    return xs.length ? xs[Math.floor((xs.length - 1) / 2)]! : Number.NaN;
  };
  const proxy = median('proxy');
  const ratios = (['gateway-http', 'gateway-lean'] as const)
    .filter((role) => rows.some((r) => r.role === role))
    .map((role) => `${role} ${median(role).toFixed(3)} ms = ${(median(role) / proxy).toFixed(2)}×`);
  if (Number.isFinite(proxy) && ratios.length > 0) {
    console.log(
      `router CPU per request against the bare proxy's (${proxy.toFixed(3)} ms; medians): ${ratios.join(', ')} (goal for the lean path, issue 18: ≤ 2×)`,
    );
  }
}

const [role, port, upstream] = process.argv.slice(2);
if (role) {
  serveRole(role as Role, Number(port), Number(upstream)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
