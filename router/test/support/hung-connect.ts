/**
 * Run as its own Node process by router/test/live-client.test.ts: the live client against a server that accepts
 * TCP connections and never answers the upgrade. Prints how many connections the client made in 1.5 s. Under
 * plain Node (no test runner catching errors), an `error` event nobody hears would end the process first.
 */
import { createServer, type Socket } from 'node:net';
import WebSocket from 'ws';
import { createLiveClient } from '../../client/src/index.ts';

const held: Socket[] = [];
const server = createServer((socket) => held.push(socket));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
const client = createLiveClient({
  url: `ws://127.0.0.1:${port}/graphql`,
  webSocketImpl: WebSocket,
  connectTimeoutMs: 200,
  backoff: { initialMs: 10, maxMs: 20 },
});
client.subscribe({ query: 'subscription { seatChanged(eventId: "e") { version } }' }, { next() {} });
await new Promise((resolve) => setTimeout(resolve, 1_500));
console.log(JSON.stringify({ connections: held.length, state: client.state }));
process.exit(0);
