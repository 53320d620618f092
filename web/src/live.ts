import { createLiveClient, type LiveClient } from '@tiketi/live-client';
import type { Session } from './auth/session.ts';

/**
 * The app's one subscription channel: `@tiketi/live-client` (graphql-ws to the router, reconnects forever with
 * jittered backoff, a fresh access token in `connection_init` on every connect, another try with a fresh token
 * after a 4401) plus what a browser tab needs on top: a visible connection state, a dead-socket watchdog, and
 * reconnects after sleep, a network change or a change of signed-in buyer.
 */

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** The subscription channel as the UI sees it. */
export interface LiveConnection {
  readonly client: LiveClient;
  readonly state: LiveState;
  subscribe(listener: () => void): () => void;
  /**
   * Called after the socket comes back from a drop. Subscriptions resume by themselves, but events sent
   * while the socket was down are lost: live views reload here (the version tracker's `resync`).
   */
  onReconnect(listener: () => void): () => void;
}

export interface LiveOptions {
  /** e.g. ws://localhost:4000/graphql */
  url: string;
  session: Session;
  /** A WebSocket class where there is no global one (Node 20). @default globalThis.WebSocket */
  webSocketImpl?: unknown;
  /** `window`, to reconnect after sleep or a network change. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
  /** How long a ping may wait for its pong before the socket counts as dead. @default 5000 */
  pongTimeoutMs?: number;
}

/** Non-fatal for graphql-ws (it reconnects), and says in the server's logs why the client closed. */
const CLIENT_RECONNECT = 4499;

type SocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/**
 * A WebSocket class that reports opens and closes (live-client has no state events) and closes a socket
 * whose ping got no pong in time: after sleep or a Wi-Fi change a socket can be dead without the browser
 * knowing for minutes.
 */
function trackedSocketClass(
  base: SocketClass,
  pongTimeoutMs: number,
  on: { open(socket: WebSocket): void; close(socket: WebSocket): void },
): SocketClass {
  return class TrackedWebSocket extends base {
    #pongTimer: ReturnType<typeof setTimeout> | undefined;

    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('open', () => on.open(this));
      this.addEventListener('message', () => clearTimeout(this.#pongTimer));
      this.addEventListener('close', () => {
        clearTimeout(this.#pongTimer);
        on.close(this);
      });
    }

    override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
      // Any message from the server proves the socket alive; a ping is what asks for one.
      if (typeof data === 'string' && data.includes('"type":"ping"')) {
        clearTimeout(this.#pongTimer);
        this.#pongTimer = setTimeout(() => this.close(CLIENT_RECONNECT, 'Pong timeout'), pongTimeoutMs);
      }
      super.send(data);
    }
  };
}

export function createLiveConnection(options: LiveOptions): LiveConnection & { dispose(): Promise<void> } {
  let state: LiveState = 'idle';
  let everConnected = false;
  let socket: WebSocket | null = null;
  const listeners = new Set<() => void>();
  const setState = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...listeners]) listener();
  };

  const base = (options.webSocketImpl ?? globalThis.WebSocket) as SocketClass;
  const Tracked = trackedSocketClass(base, options.pongTimeoutMs ?? 5_000, {
    open: (opened) => {
      socket = opened;
      everConnected = true;
      setState('connected');
    },
    close: (closed) => {
      if (socket !== closed) return;
      socket = null;
      setState(everConnected ? 'reconnecting' : 'idle');
    },
  });
  const client = createLiveClient({
    url: options.url,
    webSocketImpl: Tracked,
    getToken: () => options.session.accessToken(),
    keepAliveMs: 10_000,
  });

  // graphql-ws reports no "connecting"; a subscription started with no socket open is one.
  const subscribe: LiveClient['subscribe'] = (request, sink) => {
    if (!socket) setState(everConnected ? 'reconnecting' : 'connecting');
    return client.subscribe(request, sink);
  };
  const reconnect = () => socket?.close(CLIENT_RECONNECT, 'Reconnect');

  // A different identity must reach the server: reconnect, which asks for the token again.
  let phase = options.session.state.phase;
  const unsubscribeSession = options.session.subscribe(() => {
    const next = options.session.state.phase;
    const changedIdentity = (phase === 'anonymous') !== (next === 'anonymous');
    phase = next;
    if (changedIdentity) reconnect();
  });
  // After sleep or a network switch the old socket is usually dead but not yet known to be. A quick look at
  // another tab is not worth a reconnect (and the seat map's reload that follows it).
  let hiddenAt = 0;
  const onVisibility = () => {
    if (typeof document === 'undefined') return;
    if (document.visibilityState === 'hidden') hiddenAt = Date.now();
    else if (Date.now() - hiddenAt > 10_000) reconnect();
  };
  options.events?.addEventListener('online', reconnect);
  options.events?.addEventListener('visibilitychange', onVisibility);

  return {
    client: { ...client, subscribe },
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReconnect: (listener) => client.onReconnect(listener),
    async dispose() {
      unsubscribeSession();
      options.events?.removeEventListener('online', reconnect);
      options.events?.removeEventListener('visibilitychange', onVisibility);
      listeners.clear();
      await client.dispose();
    },
  };
}
