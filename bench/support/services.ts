/**
 * The services of a benchmark, each its own process as deployed: started from their workspace's `src/main.ts`
 * under tsx with NODE_ENV=production (as the image sets it), logging (warn and up) to a file per service,
 * optionally with a CPU profile per service.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_LAYOUTS } from '@tiketi/seating';
import { DEV_SECRETS } from '../../subgraphs/kit/src/config.ts';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../../subgraphs/kit/src/identity.ts';
import { freePort, waitReady } from './machine.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface ProcessesOptions {
  /** Where each service's log goes (`<name>.log`). */
  logDir: string;
  /** A directory: every service runs with --cpu-prof and writes its profiles to `<dir>/<name>`. */
  cpuProfileDir?: string;
}

export const local = (port: number, path = '') => `http://127.0.0.1:${port}${path}`;

/** Spawns and stops the processes of one run; `pids()` for the CPU figures. */
export function processes(options: ProcessesOptions) {
  mkdirSync(options.logDir, { recursive: true });
  const children: Record<string, ChildProcess> = {};
  // Stopped by Ctrl-C or a timeout: take the services down too, or they keep their ports and eat the cores.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const child of Object.values(children)) child.kill('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const start = (name: string, dir: string, entry: string, env: Record<string, string>) => {
    // One directory per service: Node writes a profile per thread (tsx's loader runs in a worker).
    const profile = options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}/${name}`]
      : [];
    children[name] = spawn(process.execPath, [...profile, '--import', 'tsx', entry], {
      cwd: `${root}${dir}`,
      // NODE_ENV as in the image (k8s/docker/Dockerfile): graphql-js skips its development-only checks.
      env: {
        ...process.env,
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET,
        ...env,
      },
      stdio: ['ignore', openSync(`${options.logDir}/${name}.log`, 'w'), 'inherit'],
    });
    return children[name];
  };
  return {
    start,
    pids: () => Object.fromEntries(Object.entries(children).map(([name, c]) => [name, c.pid ?? 0])),
    async stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const child of Object.values(children)) child.kill('SIGTERM');
      await Promise.all(
        Object.values(children).map(
          (c) =>
            new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r))),
        ),
      );
    },
  };
}

/** The development arena (4,992 seats), the layout of every on-sale the benches run. */
export const ARENA =
  DEFAULT_LAYOUTS.find((l) => l.name.toLowerCase().includes('arena')) ?? DEFAULT_LAYOUTS[0]!;

/**
 * Saves the arena as a seat layout, straight to seating as an admin the router vouches for: its template (≈ 160 kB
 * of JSON) is over the router's body limit. Returns the layout id.
 */
export async function createArenaLayout(seatingUrl: string): Promise<string> {
  const { name: _name, ...template } = ARENA.template as typeof ARENA.template & { name?: string };
  const res = await fetch(seatingUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [ROUTER_ASSERTION_HEADER]: signRouterAssertion(DEV_SECRETS.ROUTER_SECRET, {
        identity: { userId: randomUUID(), role: 'ADMIN' },
        clientIp: '127.0.0.1',
      }),
    },
    body: JSON.stringify({
      query: 'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
      variables: { input: { name: `bench ${ARENA.name}`, ...template } },
    }),
  });
  const body = (await res.json()) as { data?: { createSeatLayout: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(`createSeatLayout: ${JSON.stringify(body.errors)}`);
  return body.data.createSeatLayout.id;
}

export type SubgraphName = 'auth' | 'catalog' | 'seating' | 'queue' | 'payment';

export interface PlatformOptions extends ProcessesOptions {
  /** Test infrastructure: database, Redis and key prefix of this run. */
  infra: { databaseUrl: string; redisUrl: string; redisPrefix: string };
  /** Auth's signing key (PEM): the bench mints access tokens with it. */
  authKeyPem: string;
  subgraphs: SubgraphName[];
  /** Extra environment per service. */
  env?: Partial<Record<SubgraphName | 'router' | 'toss', Record<string, string>>>;
}

/**
 * Auth, catalog (development: its venues are seeded), the asked subgraphs (seating and payment in test mode, no
 * development seed), the Toss emulator when payment runs, then the router over the committed supergraph.
 */
export async function startPlatform(options: PlatformOptions) {
  const procs = processes(options);
  const names: SubgraphName[] = [
    'auth',
    'catalog',
    ...options.subgraphs.filter((s) => s !== 'auth' && s !== 'catalog'),
  ];
  const ports = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await freePort()] as const)),
  ) as Record<SubgraphName, number>;
  const [tossPort, routerPort] = [await freePort(), await freePort()];
  const common = {
    DATABASE_URL: options.infra.databaseUrl,
    REDIS_URL: options.infra.redisUrl,
    REDIS_PREFIX: options.infra.redisPrefix,
  };
  try {
    for (const name of names) {
      procs.start(name, `subgraphs/${name}`, 'src/main.ts', {
        ...common,
        TIKETI_ENV: name === 'auth' || name === 'catalog' ? 'development' : 'test',
        PORT: String(ports[name]),
        ...(name === 'auth' ? { AUTH_JWT_PRIVATE_KEY: options.authKeyPem } : {}),
        // No TOSS_SECRET_KEY: payment uses the emulator's keys, at TOSS_API_URL.
        ...(name === 'payment' ? { TOSS_API_URL: local(tossPort) } : {}),
        ...options.env?.[name],
      });
    }
    const payment = names.includes('payment');
    if (payment) {
      procs.start('toss', 'subgraphs/payment', 'src/toss-emulator/main.ts', {
        TIKETI_ENV: 'development',
        TOSS_EMULATOR_PORT: String(tossPort),
        TOSS_EMULATOR_WEBHOOK_URL: local(ports.payment, '/webhooks/toss'),
        ...options.env?.toss,
      });
    }
    await Promise.all([
      ...names.map((n) => waitReady(local(ports[n], '/ready'))),
      ...(payment ? [waitReady(local(tossPort, '/health'))] : []),
    ]);
    procs.start('router', 'router', 'src/main.ts', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(routerPort),
      ...Object.fromEntries(
        names.map((n) => [`${n.toUpperCase()}_SUBGRAPH_URL`, local(ports[n], '/graphql')]),
      ),
      AUTH_JWKS_URL: local(ports.auth, '/.well-known/jwks.json'),
      SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
      ...options.env?.router,
    });
    await waitReady(local(routerPort, '/ready'));
  } catch (err) {
    await procs.stop();
    throw err;
  }
  return {
    routerUrl: local(routerPort, '/graphql'),
    wsUrl: `ws://127.0.0.1:${routerPort}/graphql`,
    tossUrl: local(tossPort),
    subgraphUrl: (name: SubgraphName) => local(ports[name], '/graphql'),
    pids: procs.pids,
    stop: procs.stop,
  };
}
