import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '@tiketi/kit/errors';
import type { VerifyClientCallbackAsync, WebSocketServer } from 'ws';

/**
 * At most `max` open WebSockets per client address on this router process (not across replicas: a client's
 * sockets spread over replicas each meet their own cap). A connection over the cap is refused before the
 * upgrade with HTTP 429 and a GraphQL error body, as HTTP answers a caller over its rate; graphql-ws's own close
 * codes are for a socket that exists (4429 means too many `connection_init` messages on one socket).
 *
 * `verifyClient` answers synchronously, and ws completes an accepted upgrade synchronously after it (emitting
 * `connection`), so a burst of upgrades from one address cannot all pass before the first is counted.
 */
export function socketsPerAddress(max: number, addressOf: (req: IncomingMessage) => string) {
  const open = new Map<string, number>();
  const body = JSON.stringify({
    errors: [
      {
        message:
          'Too many open connections from your network address. Close one (another tab) and try again.',
        extensions: { code: ErrorCode.RATE_LIMITED },
      },
    ],
  });
  const verifyClient: VerifyClientCallbackAsync = (info, accept) => {
    if ((open.get(addressOf(info.req)) ?? 0) < max) return accept(true);
    accept(false, 429, body, { 'Content-Type': 'application/json; charset=utf-8' });
  };
  return {
    verifyClient,
    /** Counts `wss`'s connections by address until each closes. */
    track(wss: WebSocketServer) {
      wss.on('connection', (socket, req) => {
        const address = addressOf(req);
        open.set(address, (open.get(address) ?? 0) + 1);
        socket.once('close', () => {
          const left = (open.get(address) ?? 1) - 1;
          if (left === 0) open.delete(address);
          else open.set(address, left);
        });
      });
    },
  };
}
