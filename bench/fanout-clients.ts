/**
 * A share of `npm run bench:fanout`'s WebSocket clients, in a process of its own (forked by bench/fanout.ts):
 * plain `ws` sockets speaking `graphql-transport-ws`, each subscribed to the event's `seatChanged`. For every
 * seat a client sees turn HELD for the first time it records the latency from the moment the bench sent that
 * hold, into a histogram; at the end it reports the histogram, delivered and missed counts to the parent.
 */
import WebSocket from 'ws';
import { type FromClients, HISTOGRAM_BUCKETS, type ToClients } from './fanout-protocol.ts';

const now = () => performance.timeOrigin + performance.now();
const send = (message: FromClients) => process.send?.(message);

let clients: { received: Uint8Array }[] = [];
let seatIndex = new Map<string, number>();
const sentAt: number[] = [];
/** Receipts that arrived before the parent's note of when their hold was sent: [client, seat, time]. */
const early: [number, number, number][] = [];
const histogram = new Uint32Array(HISTOGRAM_BUCKETS);
let messages = 0;
let closedSockets = 0;

function record(latencyMs: number) {
  histogram[Math.min(HISTOGRAM_BUCKETS - 1, Math.max(0, Math.round(latencyMs)))]!++;
}

const SEATS = Buffer.from('"seats":[');
const ID = Buffer.from('"id":"');
const STATUS = Buffer.from('"status":"');
const QUOTE = 0x22;
const CLOSE_BRACKET = 0x5d;
const H = 0x48;

/**
 * Reads the seats of a `next` message without JSON.parse: the clients share the machine with the services they
 * measure, so they scan the bytes. Relies on the bench's own selection, `seats { id status }` (ids are UUIDs,
 * statuses enum names; only HELD starts with H).
 */
function onNext(client: number, data: Buffer) {
  messages++;
  const seatsAt = data.indexOf(SEATS);
  if (seatsAt < 0) return;
  const end = data.indexOf(CLOSE_BRACKET, seatsAt);
  const at = now();
  const received = clients[client]!.received;
  let i = seatsAt + SEATS.length;
  for (;;) {
    const idAt = data.indexOf(ID, i);
    if (idAt < 0 || idAt > end) return;
    const idStart = idAt + ID.length;
    const idEnd = data.indexOf(QUOTE, idStart);
    const statusAt = data.indexOf(STATUS, idEnd) + STATUS.length;
    i = statusAt;
    if (data[statusAt] !== H) continue;
    const index = seatIndex.get(data.toString('latin1', idStart, idEnd));
    if (index === undefined || received[index]) continue;
    received[index] = 1;
    const sent = sentAt[index];
    if (sent === undefined) early.push([client, index, at]);
    else record(at - sent);
  }
}

async function connect(url: string, count: number, query: string, variables: Record<string, unknown>) {
  clients = Array.from({ length: count }, () => ({ received: new Uint8Array(0) }));
  const handshakes: number[] = [];
  let failed = 0;
  const subscribe = JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables } });
  const open = (i: number) =>
    new Promise<void>((resolve) => {
      const started = now();
      const socket = new WebSocket(url, 'graphql-transport-ws', {
        perMessageDeflate: false,
        skipUTF8Validation: true,
      });
      let acknowledged = false;
      // A handshake that neither completes nor fails (an overloaded machine) counts as failed.
      const timeout = setTimeout(() => {
        if (acknowledged) return;
        failed++;
        socket.terminate();
        resolve();
      }, 30_000);
      socket.on('open', () => socket.send('{"type":"connection_init","payload":{}}'));
      socket.on('message', (data: Buffer) => {
        if (acknowledged) return onNext(i, data);
        acknowledged = true;
        clearTimeout(timeout);
        handshakes.push(now() - started);
        socket.send(subscribe);
        resolve();
      });
      socket.on('error', () => {
        if (!acknowledged) failed++;
        clearTimeout(timeout);
        resolve();
      });
      socket.on('close', () => {
        closedSockets++;
        resolve();
      });
    });
  // A bounded number of handshakes in flight: the router's accept backlog is finite.
  const inFlight = 200;
  let next = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < count) await open(next++);
    }),
  );
  send({ type: 'connected', handshakesMs: handshakes, failed });
}

if (process.env.BENCH_DEBUG) {
  let last = performance.now();
  setInterval(() => {
    const t = performance.now();
    console.error(
      `[clients ${process.pid}] messages ${messages} early ${early.length} loop lag ${(t - last - 2_000).toFixed(0)} ms`,
    );
    last = t;
  }, 2_000).unref();
}

process.on('message', (message: ToClients) => {
  if (process.env.BENCH_DEBUG && message.type !== 'sent')
    console.error(`[clients ${process.pid}] got ${message.type}`);
  switch (message.type) {
    case 'connect':
      connect(message.url, message.count, message.query, message.variables).catch((err) =>
        send({ type: 'error', message: String(err) }),
      );
      return;
    case 'seats':
      seatIndex = new Map(message.seatIds.map((id, i) => [id, i]));
      for (const client of clients) client.received = new Uint8Array(message.seatIds.length);
      return;
    case 'sent': {
      sentAt[message.seat] = message.at;
      for (let i = early.length - 1; i >= 0; i--) {
        const [, seat, at] = early[i]!;
        if (seat !== message.seat) continue;
        record(at - message.at);
        early.splice(i, 1);
      }
      return;
    }
    case 'finish': {
      let delivered = 0;
      let missed = 0;
      for (const client of clients) {
        for (const seat of message.held) {
          if (client.received[seat]) delivered++;
          else missed++;
        }
      }
      // Exit only once the (large) message is through the IPC pipe.
      process.send?.(
        { type: 'result', histogram: [...histogram], delivered, missed, messages, closed: closedSockets },
        () => process.exit(0),
      );
      return;
    }
  }
});
