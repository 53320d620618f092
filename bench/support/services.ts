/**
 * The services of a benchmark, each its own process as deployed: started from their workspace's `src/main.ts`
 * under tsx with NODE_ENV=production (as the image sets it), logging (warn and up) to a file per service,
 * optionally with a CPU profile per service.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SEED_IDS } from '@tiketi/catalog';
import { DEFAULT_LAYOUTS } from '@tiketi/seating';
import { DEV_SECRETS } from '../../subgraphs/kit/src/config.ts';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../../subgraphs/kit/src/identity.ts';
import { type Balancer, balancer, balancerProcess, type TossGate, tossGate } from './chaos.ts';
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
  const specs: Record<string, { dir: string; entry: string; env: Record<string, string> }> = {};
  /** Processes that ended without being told to (`kill` and `stop` tell them): a crash the run must report. */
  const unexpectedExits: string[] = [];
  const meant = new WeakSet<ChildProcess>();
  // Stopped by Ctrl-C or a timeout: take the services down too, or they keep their ports and eat the cores.
  const onSignal = (signal: NodeJS.Signals) => {
    for (const child of Object.values(children)) child.kill('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const start = (name: string, dir: string, entry: string, env: Record<string, string>) => {
    // A run's first start of a service begins its log; a start again (the chaos run) appends to it.
    const flags = specs[name] ? 'a' : 'w';
    specs[name] = { dir, entry, env };
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
      stdio: ['ignore', openSync(`${options.logDir}/${name}.log`, flags), 'inherit'],
    });
    const child = children[name];
    child.once('exit', (code, signal) => {
      if (!meant.has(child)) unexpectedExits.push(`${name} exited on its own (${signal ?? `code ${code}`})`);
    });
    return child;
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((r) =>
      c.exitCode !== null || c.signalCode !== null ? r() : c.once('exit', () => r()),
    );
  return {
    start,
    unexpectedExits,
    pids: () => Object.fromEntries(Object.entries(children).map(([name, c]) => [name, c.pid ?? 0])),
    /** Sends `signal` to one service and waits until it has exited. */
    async kill(name: string, signal: NodeJS.Signals) {
      const child = children[name];
      if (!child) throw new Error(`no service ${name}`);
      meant.add(child);
      child.kill(signal);
      await exited(child);
    },
    /** Starts a service again as it was started before (its orchestrator bringing a pod back). */
    respawn(name: string) {
      const spec = specs[name];
      if (!spec) throw new Error(`no service ${name}`);
      return start(name, spec.dir, spec.entry, spec.env);
    },
    async stop() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      for (const child of Object.values(children)) {
        meant.add(child);
        child.kill('SIGTERM');
      }
      await Promise.all(Object.values(children).map(exited));
      // An ordered shutdown ends with code 0; anything else (an unhandled rejection while draining) is a crash.
      return Object.entries(children)
        .filter(([, c]) => c.exitCode !== 0 && c.exitCode !== null)
        .map(([name, c]) => `${name} crashed while shutting down (code ${c.exitCode})`);
    },
  };
}

/** The development arena (4,992 seats), the layout of every on-sale the benches run. */
export const ARENA =
  DEFAULT_LAYOUTS.find((l) => l.name.toLowerCase().includes('arena')) ?? DEFAULT_LAYOUTS[0]!;

/**
 * An admin's mutation straight to seating, vouched for by the router's assertion: for inputs over the router's
 * body and cost limits (the arena's template, thousands of seat ids). Returns `data`.
 */
export async function adminAtSeating<T>(
  seatingUrl: string,
  query: string,
  variables: Record<string, unknown>,
) {
  const res = await fetch(seatingUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [ROUTER_ASSERTION_HEADER]: signRouterAssertion(DEV_SECRETS.ROUTER_SECRET, {
        identity: { userId: randomUUID(), role: 'ADMIN' },
        clientIp: '127.0.0.1',
      }),
    },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown };
  if (!body.data || body.errors) throw new Error(`seating: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Saves the arena as a seat layout (its template, ≈ 160 kB of JSON, is over the router's body limit); its id. */
export async function createArenaLayout(seatingUrl: string): Promise<string> {
  const { name: _name, ...template } = ARENA.template as typeof ARENA.template & { name?: string };
  const data = await adminAtSeating<{ createSeatLayout: { id: string } }>(
    seatingUrl,
    'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
    { input: { name: `bench ${ARENA.name}`, ...template } },
  );
  return data.createSeatLayout.id;
}

/**
 * A new event at the seeded KSPO Dome, on sale since a minute ago, created through the router by an admin;
 * its id. Seating and queue learn it from catalog's outbox a moment later (NOT_FOUND until then).
 */
export async function createOnSaleEvent(routerUrl: string, title: string, admin: Record<string, string>) {
  const res = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...admin },
    body: JSON.stringify({
      query: 'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
      variables: {
        input: {
          title,
          category: 'concert',
          venueId: SEED_IDS.venues.kspoDome,
          startsAt: new Date(Date.now() + 30 * 86_400_000).toISOString(),
          saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
          status: 'SCHEDULED',
        },
      },
    }),
  });
  const body = (await res.json()) as { data?: { createEvent: { id: string } }; errors?: unknown };
  if (!body.data) throw new Error(`createEvent: ${JSON.stringify(body.errors)}`);
  return body.data.createEvent.id;
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
  /**
   * Replicas of seating, payment and the router (default 1 each). More than one run behind a balancer
   * (bench/support/chaos.ts) as behind a Service; the second is named `seating-2`, `payment-2`, `router-2`.
   */
  replicas?: Partial<Record<'seating' | 'payment' | 'router', number>>;
  /** Payment reaches Toss through a gate per replica that can fail, hold answers or kill (chaos.ts tossGate). */
  tossGates?: boolean;
  /**
   * Balancers in front of the routers, each a process of its own (chaos.ts `balancerProcess`, ingress replicas),
   * instead of one in the bench's process: for runs with more connections than one process' descriptors allow.
   */
  routerFronts?: number;
}

/** `seating`, `seating-2`, …: the process names of a service's replicas. */
export const replicaNames = (name: string, count: number) =>
  Array.from({ length: count }, (_, i) => (i === 0 ? name : `${name}-${i + 1}`));

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
  const count = (name: string) => options.replicas?.[name as 'seating' | 'payment' | 'router'] ?? 1;
  /** Every process of a service and its port. */
  const replicaPorts = new Map<string, number>();
  for (const name of [...names, 'router']) {
    for (const replica of replicaNames(name, count(name))) replicaPorts.set(replica, await freePort());
  }
  const balancers: Balancer[] = [];
  /** Where a service is reached: its one process, or the balancer in front of its replicas. */
  const front = async (name: string) => {
    const replicas = replicaNames(name, count(name));
    if (replicas.length === 1) return replicaPorts.get(name)!;
    const b = await balancer(() => replicas.map((r) => replicaPorts.get(r)!));
    balancers.push(b);
    return b.port;
  };
  const ports = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await front(n)] as const)),
  ) as Record<SubgraphName, number>;
  const tossPort = await freePort();
  const gates: TossGate[] = [];
  const common = {
    DATABASE_URL: options.infra.databaseUrl,
    REDIS_URL: options.infra.redisUrl,
    REDIS_PREFIX: options.infra.redisPrefix,
  };
  let routerPort = 0;
  const routerFronts: Balancer[] = [];
  try {
    for (const name of names) {
      for (const [i, replica] of replicaNames(name, count(name)).entries()) {
        let tossUrl = local(tossPort);
        if (name === 'payment' && options.tossGates) {
          const gate = await tossGate(local(tossPort));
          gates[i] = gate;
          tossUrl = gate.url;
        }
        procs.start(replica, `subgraphs/${name}`, 'src/main.ts', {
          ...common,
          TIKETI_ENV: name === 'auth' || name === 'catalog' ? 'development' : 'test',
          PORT: String(replicaPorts.get(replica)),
          ...(name === 'auth' ? { AUTH_JWT_PRIVATE_KEY: options.authKeyPem } : {}),
          // No TOSS_SECRET_KEY: payment uses the emulator's keys, at TOSS_API_URL.
          ...(name === 'payment' ? { TOSS_API_URL: tossUrl } : {}),
          ...options.env?.[name],
        });
      }
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
      ...[...replicaPorts]
        .filter(([n]) => !n.startsWith('router'))
        .map(([, port]) => waitReady(local(port, '/ready'))),
      ...(payment ? [waitReady(local(tossPort, '/health'))] : []),
    ]);
    for (const replica of replicaNames('router', count('router'))) {
      procs.start(replica, 'router', 'src/main.ts', {
        ...common,
        TIKETI_ENV: 'development',
        PORT: String(replicaPorts.get(replica)),
        ...Object.fromEntries(
          names.map((n) => [`${n.toUpperCase()}_SUBGRAPH_URL`, local(ports[n], '/graphql')]),
        ),
        AUTH_JWKS_URL: local(ports.auth, '/.well-known/jwks.json'),
        SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
        ...options.env?.router,
      });
    }
    await Promise.all(
      replicaNames('router', count('router')).map((r) => waitReady(local(replicaPorts.get(r)!, '/ready'))),
    );
    if (options.routerFronts) {
      const ports = replicaNames('router', count('router')).map((r) => replicaPorts.get(r)!);
      for (let i = 0; i < options.routerFronts; i++) routerFronts.push(await balancerProcess(ports));
      balancers.push(...routerFronts);
      routerPort = routerFronts[0]!.port;
    } else routerPort = await front('router');
  } catch (err) {
    await Promise.all(balancers.map((b) => b.close()));
    await procs.stop();
    throw err;
  }
  return {
    routerUrl: local(routerPort, '/graphql'),
    wsUrl: `ws://127.0.0.1:${routerPort}/graphql`,
    /** The router balancers of `routerFronts`, each with its process id. */
    routerFronts: routerFronts.map((b) => ({
      url: local(b.port, '/graphql'),
      wsUrl: `ws://127.0.0.1:${b.port}/graphql`,
      pid: b.pid!,
    })),
    tossUrl: local(tossPort),
    subgraphUrl: (name: SubgraphName) => local(ports[name], '/graphql'),
    pids: procs.pids,
    /** The gate in front of Toss of each payment replica (`tossGates`), by replica index. */
    gates,
    /** The process names of a service's replicas. */
    replicas: (name: SubgraphName | 'router') => replicaNames(name, count(name)),
    kill: procs.kill,
    /** Processes that ended without being killed or stopped by the run. */
    unexpectedExits: procs.unexpectedExits,
    /** Starts a killed process again and waits until it is ready. */
    async respawn(replica: string) {
      procs.respawn(replica);
      await waitReady(local(replicaPorts.get(replica)!, '/ready'));
    },
    /** The process's own `/ready` (not through a balancer). */
    readyUrl: (replica: string) => local(replicaPorts.get(replica)!, '/ready'),
    /** A process's own address (not through a balancer), e.g. `router-2`'s. */
    replicaPort: (replica: string) => replicaPorts.get(replica)!,
    /** Stops everything; what crashed while shutting down. */
    async stop() {
      const crashed = await procs.stop();
      await Promise.all([...balancers.map((b) => b.close()), ...gates.map((g) => g.close())]);
      return crashed;
    },
  };
}
export type Platform = Awaited<ReturnType<typeof startPlatform>>;
