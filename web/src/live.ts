import { createLiveClient, type LiveClient, type LiveState } from '@tiketi/live-client';
import type { Session } from '@tiketi/live-client/session';

export type { LiveState } from '@tiketi/live-client';

/**
 * The app's one subscription channel: `@tiketi/live-client` (graphql-ws to the router, reconnects forever with
 * jittered backoff, a fresh access token in `connection_init` on every connect, another try with a fresh token
 * after a 4401, its connection state, a dead-socket watchdog) plus what a browser tab needs on top: reconnects
 * after sleep, a network change or a change of signed-in buyer.
 */

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

export function createLiveConnection(options: LiveOptions): LiveConnection & { dispose(): Promise<void> } {
  const client = createLiveClient({
    url: options.url,
    webSocketImpl: options.webSocketImpl,
    getToken: () => options.session.accessToken(),
    keepAliveMs: 10_000,
    pongTimeoutMs: options.pongTimeoutMs,
  });

  // A different identity must reach the server: reconnect, which asks for the token again.
  let phase = options.session.state.phase;
  const unsubscribeSession = options.session.subscribe(() => {
    const next = options.session.state.phase;
    const changedIdentity = (phase === 'anonymous') !== (next === 'anonymous');
    phase = next;
    if (changedIdentity) client.reconnect('Signed-in user changed');
  });
  // After sleep or a network switch the old socket is usually dead but not yet known to be. A quick look at
  // another tab is not worth a reconnect (and the seat map's reload that follows it).
  let hiddenAt = 0;
  const onVisibility = () => {
    if (typeof document === 'undefined') return;
    if (document.visibilityState === 'hidden') hiddenAt = Date.now();
    else if (Date.now() - hiddenAt > 10_000) client.reconnect('Tab visible again');
  };
  const onOnline = () => client.reconnect('Back online');
  options.events?.addEventListener('online', onOnline);
  options.events?.addEventListener('visibilitychange', onVisibility);

  return {
    client,
    get state() {
      return client.state;
    },
    subscribe: (listener) => client.onStateChange(() => listener()),
    onReconnect: (listener) => client.onReconnect(listener),
    async dispose() {
      unsubscribeSession();
      options.events?.removeEventListener('online', onOnline);
      options.events?.removeEventListener('visibilitychange', onVisibility);
      await client.dispose();
    },
  };
}
