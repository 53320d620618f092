import { type Client, createClient, type FormattedExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';

/** Polls until `check` holds (or fails the test after `ms`). */
export async function until(check: () => boolean | Promise<boolean>, ms = 5_000, what = 'condition') {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A graphql-ws client of the router that records what one subscription receives. */
export function watch<T = Record<string, unknown>>(
  url: string,
  request: { query: string; variables?: Record<string, unknown>; operationName?: string },
  connectionParams: Record<string, unknown> = {},
) {
  const client: Client = createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams,
    retryAttempts: 0,
    lazy: true,
  });
  const results: FormattedExecutionResult<T, Record<string, unknown>>[] = [];
  const ended: { error?: unknown; completed: boolean } = { completed: false };
  const stop = client.subscribe<T, Record<string, unknown>>(request, {
    next: (result) => results.push(result),
    error: (error) => {
      ended.error = error;
    },
    complete: () => {
      ended.completed = true;
    },
  });
  return {
    results,
    ended,
    /** Resolves with result number `count` (1-based) once it arrived. */
    async next(count: number, ms = 5_000) {
      await until(() => results.length >= count || ended.error !== undefined, ms, `${count} results`);
      if (results.length < count) throw new Error(`subscription ended: ${JSON.stringify(ended.error)}`);
      return results[count - 1]!;
    },
    async dispose() {
      stop();
      await client.dispose();
    },
  };
}

/** Outcome of a raw graphql-ws handshake: acknowledged, or closed with a code. */
export type Handshake = { kind: 'ack'; socket: WebSocket } | { kind: 'closed'; code: number; reason: string };

/** Opens a raw `graphql-transport-ws` socket and sends `connection_init` with `payload`. */
export function handshake(url: string, payload?: Record<string, unknown>): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => {
      if (JSON.parse(String(data)).type === 'connection_ack') resolve({ kind: 'ack', socket });
    });
    socket.on('close', (code, reason) => resolve({ kind: 'closed', code, reason: String(reason) }));
    socket.on('error', reject);
  });
}

/** Resolves with the close code and reason once `socket` closes. */
export function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => {
    if (socket.readyState === WebSocket.CLOSED) resolve({ code: 1006, reason: '' });
    socket.on('close', (code, reason) => resolve({ code, reason: String(reason) }));
  });
}
