/**
 * `npm run bench:fanout-floor`: the best any router could do on this machine in `bench:fanout`'s setting. The
 * same client processes (bench/fanout-clients.ts: 10,000 `ws` sockets speaking graphql-transport-ws, the same
 * byte scan of each message) watch a bare `ws` server that does nothing but the broadcast itself: it acks
 * `connection_init`, remembers each `subscribe` id, and for every window of seat changes serializes one
 * `seatChanged` payload (`version seats { id status } event { title }`, as the router sends it) and writes it to
 * every socket — no GraphQL execution, no entity fetch, no Redis, no Postgres, no seating subgraph, no hold
 * mutation. Seat changes arrive from this process over IPC at BENCH_RATE per second for BENCH_SECONDS; the
 * latency clock starts when a change is handed to the server (the real bench starts it before the hold
 * request, which itself takes 15–100 ms).
 *
 * Options (env): BENCH_CLIENTS (10000), BENCH_RATE (50), BENCH_SECONDS (30), BENCH_CLIENT_PROCS (2),
 * BENCH_COALESCE_MS (50, the router's default window). `--hog` (or BENCH_HOG=1): a spinning process takes one core
 * for the whole run, as on a crowded node (bench/fanout-hog.ts).
 */

import { type ChildProcess, fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { type WebSocket, WebSocketServer } from 'ws';
import { HOG, type Hog, startHog } from './fanout-hog.ts';
import { type ClientProcess, forkClients, mergeHistograms, percentile, shareOf } from './fanout-protocol.ts';
import { cpuMs, freePort, machineBusyMs, numberEnv, sleep } from './support/machine.ts';

const CLIENTS = numberEnv('BENCH_CLIENTS', 10_000);
const RATE = numberEnv('BENCH_RATE', 50);
const SECONDS = numberEnv('BENCH_SECONDS', 30);
const CLIENT_PROCS = Math.max(1, numberEnv('BENCH_CLIENT_PROCS', 2));
const COALESCE_MS = numberEnv('BENCH_COALESCE_MS', 50);
const CHANGES = RATE * SECONDS;
const SETTLE_MS = 5_000;
const TITLE = '2026 TIKETI 월드 투어 — 서울';

type ToServer =
  | { type: 'listen'; port: number; seatIds: string[] }
  | { type: 'change'; seat: number }
  | { type: 'report' };
type FromServer = { type: 'listening' } | { type: 'stats'; broadcasts: number; writes: number };

// ---------------------------------------------------------------------------------------------------------
// The server (this file forked with `server`)

function serve() {
  let seatIds: string[] = [];
  const members = new Map<WebSocket, Buffer>();
  const suffix = Buffer.from('}');
  let pending: number[] = [];
  let window: NodeJS.Timeout | undefined;
  let version = 0;
  let broadcasts = 0;
  let writes = 0;

  // The router's coalescer: the first change of a window opens it, the window's end sends them all at once.
  const flush = () => {
    window = undefined;
    const seats = pending.map((i) => ({ id: seatIds[i], status: 'HELD' }));
    pending = [];
    version += seats.length;
    const payload = Buffer.from(
      JSON.stringify({ data: { seatChanged: { version, seats, event: { title: TITLE } } } }),
    );
    broadcasts++;
    for (const [socket, prefix] of members) {
      socket.send(Buffer.concat([prefix, payload, suffix]), { binary: false });
      writes++;
    }
  };

  process.on('message', (message: ToServer) => {
    if (message.type === 'change') {
      pending.push(message.seat);
      if (window === undefined) window = setTimeout(flush, COALESCE_MS);
      return;
    }
    if (message.type === 'report') {
      process.send?.({ type: 'stats', broadcasts, writes } satisfies FromServer);
      return;
    }
    seatIds = message.seatIds;
    const server = new WebSocketServer({
      port: message.port,
      perMessageDeflate: false,
      handleProtocols: (protocols) =>
        protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false,
    });
    server.on('connection', (socket) => {
      socket.on('message', (data: Buffer) => {
        const frame = JSON.parse(data.toString('utf8')) as { type: string; id?: string };
        if (frame.type === 'connection_init') socket.send('{"type":"connection_ack"}');
        else if (frame.type === 'subscribe') {
          members.set(socket, Buffer.from(`{"id":${JSON.stringify(frame.id)},"type":"next","payload":`));
        }
      });
      socket.on('close', () => members.delete(socket));
    });
    server.on('listening', () => process.send?.({ type: 'listening' } satisfies FromServer));
  });
  process.on('disconnect', () => process.exit(0));
  process.on('SIGTERM', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------
// The measurement

function nextMessage<T extends FromServer['type']>(child: ChildProcess, type: T) {
  return new Promise<Extract<FromServer, { type: T }>>((resolve) => {
    const listener = (message: FromServer) => {
      if (message.type !== type) return;
      child.off('message', listener);
      resolve(message as Extract<FromServer, { type: T }>);
    };
    child.on('message', listener);
  });
}

async function main() {
  const now = () => performance.timeOrigin + performance.now();
  const port = await freePort();
  const seatIds = Array.from({ length: CHANGES }, () => randomUUID());
  const server = fork(fileURLToPath(import.meta.url), ['server'], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const clientProcs: ClientProcess[] = [];
  // `--hog`: one core taken by a spinning process for the whole run (bench/fanout-hog.ts).
  const hog: Hog | null = HOG ? startHog() : null;
  try {
    const listening = nextMessage(server, 'listening');
    server.send({ type: 'listen', port, seatIds } satisfies ToServer);
    await listening;

    for (let i = 0; i < CLIENT_PROCS; i++) clientProcs.push(forkClients());
    const connectStarted = now();
    clientProcs.forEach((proc, i) => {
      proc.tell({
        type: 'connect',
        url: `ws://127.0.0.1:${port}/graphql`,
        count: shareOf(CLIENTS, CLIENT_PROCS, i),
        query:
          'subscription { seatChanged(eventId: "floor") { version seats { id status } event { title } } }',
        variables: {},
      });
    });
    const connected = await Promise.all(clientProcs.map((p) => p.next('connected')));
    const connectMs = now() - connectStarted;
    const failed = connected.reduce((n, c) => n + c.failed, 0);
    for (const proc of clientProcs) proc.tell({ type: 'seats', seatIds });
    await sleep(2_000);
    console.error(
      `${CLIENTS - failed} clients connected in ${(connectMs / 1000).toFixed(1)} s; ${CHANGES} changes at ${RATE}/s`,
    );

    const clientPids = clientProcs.map((p) => p.child.pid);
    const cpuNow = (): { server: number; clients: number; machine: number } => ({
      server: cpuMs(server.pid) / 1000,
      clients: clientPids.reduce<number>((sum, pid) => sum + cpuMs(pid) / 1000, 0),
      machine: machineBusyMs() / 1000,
    });
    const cpuBefore = cpuNow();
    const start = now();
    for (let i = 0; i < CHANGES; i++) {
      const wait = start + (i * 1_000) / RATE - now();
      if (wait > 0) await sleep(wait);
      const at = now();
      for (const proc of clientProcs) proc.tell({ type: 'sent', seat: i, at });
      server.send({ type: 'change', seat: i } satisfies ToServer);
    }
    await sleep(SETTLE_MS);
    const cpuAfter = cpuNow();
    const held = Array.from({ length: CHANGES }, (_, i) => i);
    for (const proc of clientProcs) proc.tell({ type: 'finish', held });
    const results = await Promise.all(clientProcs.map((p) => p.next('result')));
    const stats = nextMessage(server, 'stats');
    server.send({ type: 'report' } satisfies ToServer);
    const { broadcasts, writes } = await stats;

    const histogram = mergeHistograms(results.map((r) => r.histogram));
    const delivered = results.reduce((n, r) => n + r.delivered, 0);
    const missed = results.reduce((n, r) => n + r.missed, 0);
    const p = (q: number) => percentile(histogram, delivered, q);
    const used = (k: keyof typeof cpuBefore) => (cpuAfter[k] - cpuBefore[k]).toFixed(1);
    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`;
    console.log(
      `\nbench:fanout-floor — ${CLIENTS} clients (${CLIENT_PROCS} processes) on a bare ws server broadcasting ${CHANGES} seat changes at ${RATE}/s, window ${COALESCE_MS} ms; ${machine}`,
    );
    console.table({
      'change → receipt': `p50 ${p(0.5)} ms, p95 ${p(0.95)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms`,
      'seat receipts': `${delivered} delivered, ${missed} missed`,
      messages: `${broadcasts} broadcasts, ${writes} socket writes (${(writes / CLIENTS / (SECONDS + SETTLE_MS / 1000)).toFixed(1)}/client/s)`,
      'CPU seconds': `server ${used('server')}, clients ${used('clients')}, machine ${used('machine')} of ${(cpus().length * (SECONDS + SETTLE_MS / 1000)).toFixed(0)}`,
      'CPU µs per socket write': `server ${((1e6 * (cpuAfter.server - cpuBefore.server)) / writes).toFixed(1)}, clients ${((1e6 * (cpuAfter.clients - cpuBefore.clients)) / writes).toFixed(1)}`,
      'CPU hog': hog ? hog.describe() : 'none (add --hog to take one core away)',
    });
  } finally {
    await hog?.stop();
    for (const proc of clientProcs) proc.child.kill('SIGKILL');
    server.kill('SIGKILL');
  }
}

if (process.argv[2] === 'server') serve();
else
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
