import { createServer } from 'node:net';
import { createLogger } from '@tiketi/kit/logger';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLiveClient } from '../client/src/index.ts';
import { UpstreamPool } from '../src/subscriptions/upstream.ts';

/**
 * A caller's last subscription ends while its connection to the subgraph is still being made and that
 * connect fails (a subgraph restarting: what the chaos run does). graphql-ws' `dispose()` then rejects with the
 * close event; the pool must not leave that rejection unhandled, which ends the router process.
 */
/** A TCP server that accepts every connection and drops it: every WebSocket handshake fails. */
async function dropper() {
  const server = createServer((socket) => socket.destroy());
  const port = await new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)),
  );
  return { port, close: () => new Promise((r) => server.close(r)) };
}

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
afterEach(() => {
  process.off('unhandledRejection', onUnhandled);
  unhandled.length = 0;
});

describe('UpstreamPool', () => {
  it('survives a personal subscription ended while its connect fails', async () => {
    process.on('unhandledRejection', onUnhandled);
    const { port, close } = await dropper();
    const pool = new UpstreamPool({
      routerSecret: 'x'.repeat(32),
      log: createLogger('upstream-test', 'silent'),
      urlOf: () => `http://127.0.0.1:${port}/graphql`,
      backoff: { initialMs: 10_000, maxMs: 10_000 },
    });
    const errors: unknown[] = [];
    const stop = pool.subscribe(
      'seating',
      { kind: 'personal', identity: { userId: 'u1', role: 'USER' }, clientIp: '127.0.0.1' },
      { query: 'subscription { x }', operationName: undefined, variables: {} },
      { next: () => {}, error: (e) => errors.push(e), complete: () => {} },
    );
    stop();
    await new Promise((r) => setTimeout(r, 300));
    await pool.close();
    await close();
    expect(pool.size).toBe(0);
    expect(unhandled).toEqual([]);
  });
});

describe('the live client', () => {
  it('is disposed quietly while its connect fails (a page left while the router is away)', async () => {
    process.on('unhandledRejection', onUnhandled);
    const { port, close } = await dropper();
    const client = createLiveClient({ url: `ws://127.0.0.1:${port}/graphql`, webSocketImpl: WebSocket });
    const stop = client.subscribe({ query: 'subscription { x }' }, { next: () => {} });
    stop();
    await expect(client.dispose()).resolves.toBeUndefined();
    await new Promise((r) => setTimeout(r, 200));
    await close();
    expect(unhandled).toEqual([]);
  });
});
