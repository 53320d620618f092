/**
 * What `bench:onsale --chaos` needs around the services to hurt them the way production gets hurt (issue 19):
 * a Postgres and a Redis of the run's own (restarted without touching the machine's shared servers), a balancer
 * in front of every pair of replicas (the Service and the ingress), and a gate between payment and Toss that
 * can answer 5xx, hold answers, or kill the replica that is about to receive a DONE.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { ensurePostgres } from '../../subgraphs/kit/src/dev/postgres.ts';
import { answers } from '../../subgraphs/kit/src/dev/redis.ts';
import { forkChild } from './child.ts';
import { freePort, sleep } from './machine.ts';

/**
 * A `redis-server` of the run's own, with the persistence the manifests give production
 * (`k8s/base/data/redis.yaml`: an append-only file, fsync every second, on the pod's volume): `crash()` is a
 * `kill -9` and `start()` brings it back on the same port with its data.
 */
export async function privateRedis(dir: string) {
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const start = async () => {
    child = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'yes',
        '--appendfsync',
        'everysec',
        '--dir',
        dir,
        '--maxmemory',
        '1gb',
        '--maxmemory-policy',
        'noeviction',
      ],
      { stdio: 'ignore' },
    );
    for (let i = 0; !(await answers(url)); i++) {
      if (i > 300) throw new Error('the private redis-server did not answer within 30 s');
      await sleep(100);
    }
  };
  const exited = (c: ChildProcess) =>
    new Promise<void>((resolve) =>
      c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve()),
    );
  await start();
  return {
    url,
    pid: () => child?.pid ?? 0,
    start,
    /** `kill -9`: no shutdown, no final write beyond what the append-only file already has. */
    async crash() {
      const c = child!;
      c.kill('SIGKILL');
      await exited(c);
    },
    async stop() {
      const c = child;
      if (!c || c.exitCode !== null) return;
      c.kill('SIGTERM');
      await exited(c);
    },
  };
}

/**
 * A Postgres cluster of the run's own (the embedded one `npm start` uses, kit/dev/postgres.ts): `restart()` is a
 * fast shutdown (open transactions rolled back, every connection cut) and a start on the same data.
 */
export async function privatePostgres(dir: string) {
  const port = await freePort();
  let server = await ensurePostgres({ dataDir: dir, port });
  /** The cluster's superuser on its `postgres` database: what createTestInfra takes as TEST_DATABASE_URL. */
  const adminUrl = server.url.replace(/\/tiketi$/, '/postgres');
  return {
    adminUrl,
    async restart() {
      await server.stop();
      server = await ensurePostgres({ dataDir: dir, port });
    },
    stop: () => server.stop(),
  };
}

export interface Balancer {
  port: number;
  /** The balancer's own process, when it has one (`balancerProcess`). */
  pid?: number;
  url: (path?: string) => string;
  /** Connections refused by every backend (nobody ready). */
  refused: number;
  close(): Promise<void>;
}

/** How long a balancer waits for a backend to accept a connection: the live clients' own connect timeout. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * A TCP balancer over replicas, as a Kubernetes Service and the ingress are to our pods: each new connection
 * goes round-robin to a backend whose readiness probe (`GET <probePath>`, every `probeMs`) last answered 200;
 * a connection the chosen backend refuses is tried on the next one (the ingress' retry of a failed connect).
 * A connection already open to a backend that dies breaks, as it would.
 */
export async function balancer(
  backends: () => number[],
  probePath = '/ready',
  probeMs = 500,
): Promise<Balancer> {
  const ready = new Map<number, boolean>();
  let turn = 0;
  const probe = async () => {
    await Promise.all(
      backends().map(async (port) => {
        try {
          const res = await fetch(`http://127.0.0.1:${port}${probePath}`, {
            signal: AbortSignal.timeout(1_000),
          });
          await res.arrayBuffer();
          ready.set(port, res.ok);
        } catch {
          ready.set(port, false);
        }
      }),
    );
  };
  await probe();
  const timer = setInterval(() => void probe(), probeMs);
  const state = { refused: 0 };
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    open.add(client);
    client.once('close', () => open.delete(client));
    client.pause();
    const candidates = () => {
      const all = backends();
      const live = all.filter((p) => ready.get(p) !== false);
      const order = (live.length > 0 ? live : all).slice();
      const start = turn++ % order.length;
      return [...order.slice(start), ...order.slice(0, start)];
    };
    const attempt = (left: number[]) => {
      const port = left[0];
      if (port === undefined) {
        state.refused++;
        client.destroy();
        return;
      }
      const upstream = connect(port, '127.0.0.1');
      // An attempt the backend does not accept within the clients' own connect timeout (its accept queue full)
      // is given up, client and all, as an ingress' connect timeout does. Left alone (the client is paused, so
      // its leaving goes unseen), each would sit in SYN-SENT through two minutes of SYN retries: tens of
      // thousands of them in a reconnect storm, keeping the kernel busy.
      const giveUp = setTimeout(() => {
        upstream.destroy();
        client.destroy();
      }, CONNECT_TIMEOUT_MS);
      upstream.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(giveUp);
        if (err.code === 'ECONNREFUSED' && !upstream.bytesWritten) {
          ready.set(port, false);
          attempt(left.slice(1));
        } else client.destroy();
      });
      upstream.once('connect', () => {
        clearTimeout(giveUp);
        open.add(upstream);
        upstream.once('close', () => open.delete(upstream));
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        upstream.once('close', () => client.destroy());
        client.once('close', () => upstream.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    attempt(candidates());
  });
  server.on('error', () => {});
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    port,
    url: (path = '') => `http://127.0.0.1:${port}${path}`,
    get refused() {
      return state.refused;
    },
    async close() {
      clearInterval(timer);
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A `balancer` in a process of its own over fixed backend ports: an ingress replica. Each proxied connection
 * holds two file descriptors, so 10,000 live pages behind one in-process balancer would exhaust the bench's own
 * descriptor limit (20,000 here): its accepts then fail and new connections sit unanswered in the kernel's queue.
 * Several of these spread the connections, as several ingress replicas do. `refused` is not reported.
 */
export async function balancerProcess(ports: number[]): Promise<Balancer> {
  const child = forkChild<never, { type: 'listening'; port: number }>(
    new URL('./balancer-main.ts', import.meta.url),
    [],
    { BALANCER_PORTS: ports.join(',') },
  );
  const { port } = await child.next('listening');
  return {
    port,
    pid: child.child.pid,
    url: (path = '') => `http://127.0.0.1:${port}${path}`,
    refused: 0,
    async close() {
      if (child.child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.child.once('exit', resolve));
      child.child.kill('SIGKILL');
      await exited;
    },
  };
}

export type GateMode = 'pass' | '5xx' | 'timeout';

/**
 * The network between one payment replica and Toss (the emulator): passes requests through, or, while a fault
 * is on, answers Toss' own 500 (`FAILED_INTERNAL_SYSTEM_PROCESSING`) without passing the request on, or passes it
 * on and never answers (the confirm happens at Toss; payment's own timeout fires). `killOnDone(kill)` arms a
 * one-shot: the next confirm Toss answers DONE kills the replica before the answer reaches it — the crash
 * between Toss' DONE and our commit.
 */
export async function tossGate(tossUrl: string) {
  let mode: GateMode = 'pass';
  let killer: (() => void) | null = null;
  const counts = { passed: 0, failed: 0, held: 0, killedAfterDone: 0 };
  const held = new Set<ServerResponse>();
  const server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (mode === '5xx' && req.url?.startsWith('/v1/')) {
      counts.failed++;
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          code: 'FAILED_INTERNAL_SYSTEM_PROCESSING',
          message: '내부 시스템 처리 작업이 실패했습니다.',
        }),
      );
      return;
    }
    const holding = mode === 'timeout' && req.url?.startsWith('/v1/');
    let answer: Response;
    try {
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          ([k, v]) => typeof v === 'string' && k !== 'host' && k !== 'content-length',
        ),
      ) as Record<string, string>;
      answer = await fetch(`${tossUrl}${req.url}`, {
        method: req.method,
        headers,
        ...(body.length > 0 ? { body } : {}),
      });
    } catch {
      res.destroy();
      return;
    }
    const text = Buffer.from(await answer.arrayBuffer());
    if (holding) {
      // Toss did the work; its answer never comes back (the caller's own timeout ends the wait).
      counts.held++;
      held.add(res);
      res.once('close', () => held.delete(res));
      return;
    }
    if (killer && req.url?.endsWith('/confirm') && answer.ok && text.includes('"status":"DONE"')) {
      const kill = killer;
      killer = null;
      counts.killedAfterDone++;
      kill();
      res.destroy();
      return;
    }
    counts.passed++;
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(text);
  });
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    set mode(next: GateMode) {
      mode = next;
      if (next !== 'timeout') for (const res of held) res.destroy();
    },
    get mode() {
      return mode;
    },
    /** Arms the one-shot kill (`null` disarms it). */
    killOnDone(kill: (() => void) | null) {
      killer = kill;
    },
    get armed() {
      return killer !== null;
    },
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
export type TossGate = Awaited<ReturnType<typeof tossGate>>;
