/**
 * The floor of bench/fanout-resync.ts's rolling restart (`--floor`): what the same pages, behind the same
 * balancers, need to get back in sync when the servers they watch restart and the servers themselves cost almost
 * nothing. Each "floor router" is a bare `node:http` + `ws` process that speaks just enough of the router's API for
 * a seat page: the graphql-transport-ws handshake, `seatChanged` broadcast as the router sends it, and the web
 * app's two registered reads (`SeatStatusQuery`, `SeatChangesSinceQuery`) answered from memory. No GraphQL
 * execution, no subgraph, no Postgres, no Redis: the seat map lives in the bench's process, which sends every change
 * to every floor router over IPC and hands a starting one the whole state, as seating's history and pub/sub would.
 *
 * Its shutdown is the router's: on SIGTERM it turns unready, ends HTTP keep-alive, closes its sockets with 1001 at
 * SUBSCRIPTION_DRAIN_RATE in 100 ms batches (at most 15 s), refuses upgrades with 503 meanwhile, then closes HTTP.
 * So the time left between the floor and the router is what the router, seating and Redis add to a reconnect.
 *
 * This file is the server (forked by `startFloorRouters`) and the bench's side of it.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { closeGradually } from '../router/src/subscriptions/drain.ts';
import { webDocument } from '../tests/support/seat-page.ts';
import { type Child, forkChild } from './support/child.ts';
import { waitReady } from './support/machine.ts';

/** One seat change: the version it makes and the seat's new status code (`A`, `H`, `S`, `B`). */
interface Change {
  version: number;
  seat: number;
  code: string;
}
type ToFloor =
  | { type: 'init'; eventId: string; ids: string[]; codes: string; history: Change[] }
  | { type: 'change'; change: Change };
type FromFloor = { type: 'listening' };

/** The web app's registered documents the floor answers, by id. */
const STATUSES = webDocument('SeatStatusQuery').extensions.persistedQuery.sha256Hash;
const SINCE = webDocument('SeatChangesSinceQuery').extensions.persistedQuery.sha256Hash;
/** The router's default coalescing window (SUBSCRIPTION_COALESCE_MS). */
const COALESCE_MS = Number(process.env.SUBSCRIPTION_COALESCE_MS ?? 50);
const STATUS = { A: 'AVAILABLE', H: 'HELD', S: 'SOLD', B: 'BLOCKED' } as Record<string, string>;

// ---------------------------------------------------------------------------------------------------------
// The server (this file forked with FLOOR_PORT set)

function serve(port: number, drainRate: number) {
  let eventId = '';
  let ids: string[] = [];
  let codes: string[] = [];
  let history: Change[] = [];
  let version = 0;
  let draining = false;
  /** Subscribed sockets and the prefix of their `next` frames. */
  const members = new Map<WebSocket, Buffer>();

  const seatMap = (extra: Record<string, unknown>) => ({
    data: {
      __typename: 'Query',
      event: {
        __typename: 'Event',
        id: eventId,
        seatMap: { __typename: 'SeatMap', ...extra, layout: { __typename: 'SeatLayout', revision: 1 } },
      },
    },
  });
  /** The web app's reads, by document id. */
  const answer = (body: {
    extensions?: { persistedQuery?: { sha256Hash?: string } };
    variables?: { version?: number };
  }) => {
    const hash = body.extensions?.persistedQuery?.sha256Hash;
    if (hash === STATUSES) return seatMap({ statusCodes: codes.join(''), version });
    if (hash === SINCE) {
      const since = body.variables?.version ?? -1;
      // The history starts at the first change: it covers every gap, as seating's does within its bound.
      const last = new Map<number, string>();
      for (const c of history) if (c.version > since) last.set(c.seat, c.code);
      const seatIndexes = [...last.keys()];
      return seatMap({
        changesSince:
          since > version
            ? null
            : {
                __typename: 'SeatChanges',
                seatIndexes,
                statusCodes: seatIndexes.map((i) => last.get(i)).join(''),
                version,
              },
      });
    }
    return {
      errors: [{ message: 'the floor answers only the seat page', extensions: { code: 'BAD_USER_INPUT' } }],
    };
  };

  const http = createServer((req, res) => {
    // As the router's: once stopping, each answer closes its connection (kit createServiceServer endKeepAlive).
    if (draining) res.shouldKeepAlive = false;
    if (req.url === '/ready') {
      res.writeHead(draining ? 503 : 200).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('error', () => {});
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.writeHead(200, { 'content-type': 'application/graphql-response+json' }).end(body);
    });
  });
  const wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('graphql-transport-ws') ? 'graphql-transport-ws' : false),
  });
  http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    if (draining) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  wss.on('connection', (socket: WebSocket) => {
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString('utf8')) as { type: string; id?: string };
      if (frame.type === 'connection_init') socket.send('{"type":"connection_ack"}');
      else if (frame.type === 'ping') socket.send('{"type":"pong"}');
      else if (frame.type === 'subscribe')
        members.set(socket, Buffer.from(`{"id":${JSON.stringify(frame.id)},"type":"next","payload":`));
      else if (frame.type === 'complete') members.delete(socket);
    });
    socket.on('close', () => members.delete(socket));
  });

  // The router's coalescer (router README, "Coalescing"): the first change opens a window, its end sends every
  // change in it as one message; serialized once, written to each socket with its subscription's prefix.
  let pending: Change[] = [];
  let window: NodeJS.Timeout | undefined;
  const suffix = Buffer.from('}');
  const flush = () => {
    window = undefined;
    const changes = pending;
    pending = [];
    const payload = Buffer.from(
      JSON.stringify({
        data: {
          seatChanged: {
            __typename: 'SeatChange',
            eventId,
            seats: changes.map((c) => ({ __typename: 'Seat', id: ids[c.seat], status: STATUS[c.code] })),
            version: changes.at(-1)!.version,
          },
        },
        ...(changes.length > 1
          ? { extensions: { coalesced: { fromVersion: changes[0]!.version, count: changes.length } } }
          : {}),
      }),
    );
    for (const [socket, prefix] of members)
      socket.send(Buffer.concat([prefix, payload, suffix]), { binary: false });
  };

  process.on('message', (message: ToFloor) => {
    if (message.type === 'init') {
      ({ eventId, ids, history } = message);
      codes = [...message.codes];
      version = history.at(-1)?.version ?? 0;
      http.listen(port, '127.0.0.1', () => process.send?.({ type: 'listening' } satisfies FromFloor));
      return;
    }
    const { change } = message;
    history.push(change);
    codes[change.seat] = change.code;
    version = change.version;
    pending.push(change);
    if (window === undefined) window = setTimeout(flush, COALESCE_MS);
  });

  process.once('SIGTERM', async () => {
    draining = true;
    await closeGradually([...wss.clients], drainRate);
    const deadline = Date.now() + 2_000;
    while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    for (const s of wss.clients) s.terminate();
    http.close(() => process.exit(0));
    http.closeIdleConnections();
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.env.FLOOR_PORT)
  serve(Number(process.env.FLOOR_PORT), Number(process.env.SUBSCRIPTION_DRAIN_RATE ?? 1_000));

// ---------------------------------------------------------------------------------------------------------
// The bench's side

/** The seat map the floor routers serve, kept here; each change goes to every live floor router. */
export interface FloorRouters {
  pids(): number[];
  /** Seat `seat` takes status code `code` (a new version), on every floor router. */
  change(seat: number, code: string): void;
  /** SIGTERM (the paced drain), then a new process on the same port, ready. */
  restart(index: number): Promise<void>;
  state(): { ids: string[]; version: number; codes: string };
  stop(): Promise<void>;
}

export async function startFloorRouters(
  ports: number[],
  eventId: string,
  ids: string[],
): Promise<FloorRouters> {
  const codes = ids.map(() => 'A');
  const history: Change[] = [];
  const children: Child<ToFloor, FromFloor>[] = [];
  /** Every process alive, a draining one included: it broadcasts to its sockets until they are closed. */
  const alive = new Set<Child<ToFloor, FromFloor>>();
  const start = async (index: number) => {
    const child = forkChild<ToFloor, FromFloor>(new URL(import.meta.url), [], {
      FLOOR_PORT: String(ports[index]),
    });
    // From here on it gets every change: the state it starts from, then each one after, in order.
    child.tell({ type: 'init', eventId, ids, codes: codes.join(''), history });
    children[index] = child;
    alive.add(child);
    child.child.once('exit', () => alive.delete(child));
    await child.next('listening');
    await waitReady(`http://127.0.0.1:${ports[index]}/ready`);
  };
  await Promise.all(ports.map((_, i) => start(i)));
  return {
    pids: () => [...alive].map((c) => c.child.pid!),
    change(seat, code) {
      const change = { version: (history.at(-1)?.version ?? 0) + 1, seat, code };
      history.push(change);
      codes[seat] = code;
      for (const c of alive) if (c.child.connected) c.tell({ type: 'change', change });
    },
    async restart(index) {
      const old = children[index]!;
      const exited = new Promise((resolve) => old.child.once('exit', resolve));
      old.child.kill('SIGTERM');
      await exited;
      await start(index);
    },
    state: () => ({ ids, version: history.at(-1)?.version ?? 0, codes: codes.join('') }),
    async stop() {
      for (const c of alive) c.child.kill('SIGKILL');
    },
  };
}
