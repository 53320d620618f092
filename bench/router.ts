/**
 * `npm run bench:router`: throughput and latency of the `events` search query (first 20, with venue and
 * artists) through the router and straight to the catalog subgraph — same load tool (autocannon), same
 * connections, same duration, one run — and the ratio. Each service runs as its own process, as deployed.
 *
 * Options (env): BENCH_SECONDS (default 15), BENCH_CONNECTIONS (default 32), BENCH_QUERY (default 콘서트).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { DEV_SECRETS } from '../subgraphs/kit/src/config.ts';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../subgraphs/kit/src/identity.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { freePort, waitReady } from './support/machine.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const seconds = Number(process.env.BENCH_SECONDS ?? 15);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 32);
const searchTerm = process.env.BENCH_QUERY ?? '콘서트';
const QUERY = `query Search($q: String) {
  events(query: $q, first: 20) { totalCount edges { node { id title venue { name } artists { name } } } }
}`;

function spawnService(dir: string, env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: `${root}${dir}`,
    env: { ...process.env, ...env, TIKETI_ENV: 'development', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

async function load(name: string, url: string, headers: Record<string, string>) {
  const body = JSON.stringify({ query: QUERY, variables: { q: searchTerm } });
  // Warm-up: JIT, connection pools, query plan cache.
  await autocannon({ url, method: 'POST', headers, body, connections, duration: 3 });
  const result = await autocannon({ url, method: 'POST', headers, body, connections, duration: seconds });
  const row = {
    target: name,
    'req/s': Math.round(result.requests.average),
    'p50 ms': result.latency.p50,
    'p99 ms': result.latency.p99,
    errors: result.errors + result.non2xx,
  };
  return { row, rps: result.requests.average };
}

async function main() {
  const infra = await createTestInfra();
  const [authPort, catalogPort, routerPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const common = {
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: infra.redisPrefix,
  };
  const children = [
    spawnService('subgraphs/auth', { ...common, PORT: String(authPort) }),
    spawnService('subgraphs/catalog', { ...common, PORT: String(catalogPort) }),
  ];
  try {
    await Promise.all([
      waitReady(`http://127.0.0.1:${authPort}/ready`),
      waitReady(`http://127.0.0.1:${catalogPort}/ready`),
    ]);
    children.push(
      spawnService('router', {
        ...common,
        PORT: String(routerPort),
        AUTH_SUBGRAPH_URL: `http://127.0.0.1:${authPort}/graphql`,
        CATALOG_SUBGRAPH_URL: `http://127.0.0.1:${catalogPort}/graphql`,
        AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
      }),
    );
    await waitReady(`http://127.0.0.1:${routerPort}/ready`);

    const json = { 'content-type': 'application/json' };
    // The direct call carries the credentials the router would add, so the subgraph does the same work.
    const assertion = signRouterAssertion(DEV_SECRETS.ROUTER_SECRET, {
      identity: null,
      clientIp: '127.0.0.1',
    });
    const probe = await fetch(`http://127.0.0.1:${routerPort}/graphql`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ query: QUERY, variables: { q: searchTerm } }),
    }).then((r) => r.json() as Promise<{ data?: { events: { totalCount: number } } }>);
    const matches = probe.data?.events.totalCount ?? 0;

    const direct = await load('catalog (direct)', `http://127.0.0.1:${catalogPort}/graphql`, {
      ...json,
      [ROUTER_ASSERTION_HEADER]: assertion,
    });
    const routed = await load('router', `http://127.0.0.1:${routerPort}/graphql`, json);

    console.log(
      `\nbench:router — events(query: "${searchTerm}", first: 20) { venue artists }, ${matches} matches; ` +
        `autocannon, ${connections} connections, ${seconds}s per target after 3s warm-up; ` +
        `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    );
    console.table([direct.row, routed.row]);
    console.log(
      `router keeps ${((routed.rps / direct.rps) * 100).toFixed(1)}% of direct throughput (goal ≥ 75%)`,
    );
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))),
    );
    await infra.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
