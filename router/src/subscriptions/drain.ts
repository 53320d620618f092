import type { WebSocket } from 'ws';
import { CloseReason, RouterCloseCode } from './close-codes.ts';

/** Longest the shutdown spreads its 1001 closes over; with more sockets than the drain rate allows, it closes faster. */
const MAX_DRAIN_MS = 15_000;
/** The shutdown's closes go out in batches this far apart. */
const DRAIN_TICK_MS = 100;

/**
 * Closes `sockets` with 1001 at `perSecond` (all at once when 0), in batches every `DRAIN_TICK_MS`, over at most
 * `MAX_DRAIN_MS`: the clients of a router going away reconnect to the others at a pace they can take, instead
 * of ten thousand handshakes and catch-ups landing on them in the same second. (bench/resync-floor.ts drains
 * its bare servers with this too.)
 */
export async function closeGradually(sockets: WebSocket[], perSecond: number): Promise<void> {
  const ticks = Math.floor(MAX_DRAIN_MS / DRAIN_TICK_MS);
  const perTick =
    perSecond === 0
      ? sockets.length
      : Math.max(Math.ceil((perSecond * DRAIN_TICK_MS) / 1_000), Math.ceil(sockets.length / ticks));
  for (let i = 0; i < sockets.length; i += perTick) {
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, DRAIN_TICK_MS));
    for (const socket of sockets.slice(i, i + perTick)) {
      socket.close(RouterCloseCode.GoingAway, CloseReason.goingAway);
    }
  }
}
