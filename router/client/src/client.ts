import { type Client, CloseCode, createClient, type FormattedExecutionResult } from 'graphql-ws';
import { type BackoffOptions, backoffDelay } from './backoff.ts';

export interface LiveClientOptions {
  /** The router's graphql-ws endpoint, e.g. `wss://api.tiketi.gg/graphql`. */
  url: string;
  /**
   * The current access token, or `null`/`undefined` to connect anonymously. Called before every (re)connect,
   * so return a fresh one (refresh it here when it is close to expiry): the router closes a socket with 4401
   * when the token it was opened with expires.
   */
  getToken?: () => string | null | undefined | Promise<string | null | undefined>;
  /** A WebSocket class; browsers have one built in, Node needs `ws`. */
  webSocketImpl?: unknown;
  /** Reconnect delays (exponential with jitter). */
  backoff?: BackoffOptions;
  /**
   * 4401 closes in a row (token refused) before subscriptions fail with the close event: each retry asks
   * `getToken` again, which usually fixes an expired token; a token that keeps failing is a signed-out user.
   * @default 3
   */
  maxAuthFailures?: number;
  /**
   * Client-side ping interval, the first one this long after the socket opened. A ping answered by no pong
   * within `pongTimeoutMs` means a dead connection the browser still thinks is open. 0 turns pings off.
   * @default 15000
   */
  keepAliveMs?: number;
  /**
   * How long a ping may wait for its pong before the socket counts as dead and is replaced, as `reconnect()`
   * does: after sleep or a Wi-Fi change a socket can be dead for minutes without the browser knowing.
   * @default 5000
   */
  pongTimeoutMs?: number;
  /**
   * How long a socket may take to open (TCP connect and the HTTP upgrade) before the attempt is abandoned and
   * retried with backoff. A connect can hang with no error at all: a balancer out of file descriptors leaves it
   * in the kernel's accept queue, a half-open path swallows it, and neither graphql-ws nor `ws` time it out.
   * Once open, graphql-ws' `connectionAckWaitTimeout` (10 s) takes over. 0 turns it off.
   * @default 10000
   */
  connectTimeoutMs?: number;
}

/**
 * The connection as a UI shows it:
 * - `idle`: no socket and none wanted: before the first subscription, or once the socket closed after the last
 *   one stopped (3 s later, in case another starts);
 * - `connecting`: the first connect since `idle` is in progress, retries of it included;
 * - `connected`: the router acknowledged the connection;
 * - `reconnecting`: a connection that had been up was lost; subscriptions resume when the next one is.
 */
export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

export interface LiveRequest {
  /** The document's text, or `''` when `extensions.persistedQuery` names a trusted document (router README). */
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

export interface LiveSink<T> {
  next(result: FormattedExecutionResult<T, Record<string, unknown>>): void;
  /** The subscription failed for good (e.g. the token kept being refused); a close event or an error. */
  error?(error: unknown): void;
  /** The server ended the subscription. */
  complete?(): void;
}

export interface LiveClient {
  /** Starts a subscription; call the returned function to stop it. It survives reconnects. */
  subscribe<T = Record<string, unknown>>(request: LiveRequest, sink: LiveSink<T>): () => void;
  /**
   * Called after the connection came back: everything sent while it was down is lost, so reload the state
   * (`VersionTracker.resync`). Returns the unsubscribe function.
   */
  onReconnect(listener: () => void): () => void;
  /** The connection's state now (`idle` until the first subscription). */
  readonly state: LiveState;
  /** Called with every change of `state`. Returns the unsubscribe function. */
  onStateChange(listener: (state: LiveState) => void): () => void;
  /**
   * Replaces the connection, e.g. when the signed-in user changed or the device woke up: closes the open socket
   * (4499, a code graphql-ws retries; `reason` shows in the router's logs), the next connect asks `getToken`
   * again, and `onReconnect` listeners fire once it is acknowledged. With no socket open there is nothing to
   * replace: the connect in progress, if any, asks `getToken` anyway.
   */
  reconnect(reason?: string): void;
  dispose(): Promise<void>;
}

/**
 * How the live client closes its own socket. graphql-ws retries the code (it is not among those it treats as
 * fatal) and uses it itself for `terminate()`, which replaces a socket whose ping got no pong.
 */
const LiveCloseCode = {
  /** Replace this connection with a new one (`reconnect()`). */
  Reconnect: 4499,
} as const;

/** A close reason must fit a control frame, 123 bytes of UTF-8, or `WebSocket.close` throws. */
const closeReason = (reason: string, fallback: string) =>
  new TextEncoder().encode(reason).length <= 123 ? reason : fallback;

/** What graphql-ws passes to `on.opened`: a WebSocket, typed `unknown` there to run in browsers and Node alike. */
interface OpenedSocket {
  readonly readyState: number;
  close(code: number, reason: string): void;
}

/** `WebSocket.OPEN`, the same in browsers and in `ws`. */
const OPEN = 1;

/**
 * `ws` (Node) reports a socket closed while still connecting — what `terminate()` does to a hung connect — with an
 * `error` event after graphql-ws has already removed its handler, and an EventEmitter's unheard `error` ends the
 * process. The subclass listens for it: graphql-ws's own `onerror` still hears everything before. Browsers'
 * WebSockets have no `on` and never throw on an event, so they are used as they are.
 */
function withQuietAbort(impl: unknown): unknown {
  if (typeof impl !== 'function') return impl;
  const Impl = impl as new (...args: unknown[]) => { on?: (event: string, listener: () => void) => void };
  return class extends Impl {
    constructor(...args: unknown[]) {
      super(...args);
      this.on?.('error', () => {});
    }
  };
}

const isCloseEvent = (value: unknown): value is { code: number; reason: string } =>
  typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;

/**
 * graphql-ws client for the TIKETI router: connects lazily, reconnects forever with exponential backoff and
 * jitter (every close the server does not mean as final, including 1001 at a router shutdown and 1013 for a
 * slow consumer), sends a fresh token on every connect, abandons a connect that hangs, replaces a socket whose
 * ping got no pong, reports its state, and tells listeners when a reconnect may have lost messages.
 */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const maxAuthFailures = options.maxAuthFailures ?? 3;
  const pongTimeoutMs = options.pongTimeoutMs ?? 5_000;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const reconnectListeners = new Set<() => void>();
  const stateListeners = new Set<(state: LiveState) => void>();
  /** Set when a subscription is restarted after a refused token: the next connect is a reconnect too. */
  let resyncOnConnect = false;
  let disposed = false;
  let state: LiveState = 'idle';
  /** The socket from `opened` to `closed`, acknowledged or not yet: what `reconnect` and the watchdog close. */
  let socket: OpenedSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  /** Runs from `connecting` until the socket opens or closes: a connect that hangs is terminated and retried. */
  let connectTimer: ReturnType<typeof setTimeout> | undefined;
  /** Subscriptions that want a connection, those waiting to retry after a refused token included. */
  let wanted = 0;

  const setState = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of [...stateListeners]) listener(next);
  };
  const replaceSocket = (reason: string) => {
    if (socket?.readyState === OPEN) socket.close(LiveCloseCode.Reconnect, reason);
  };
  /**
   * The last subscription ended. With a socket open, its lazy close (a `closed` event) ends in `idle`; without
   * one graphql-ws may give up a pending retry silently, so nothing else would say so.
   */
  const settle = () => {
    if (wanted === 0 && socket === null) setState('idle');
  };

  const client: Client = createClient({
    url: options.url,
    ...(options.webSocketImpl ? { webSocketImpl: withQuietAbort(options.webSocketImpl) } : {}),
    lazy: true,
    // Navigating between pages unsubscribes and resubscribes within a moment; keep the socket for that.
    lazyCloseTimeout: 3_000,
    keepAlive: options.keepAliveMs ?? 15_000,
    connectionAckWaitTimeout: 10_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // graphql-ws retries only close events by default; a refused TCP connect (router restarting) is an error.
    shouldRetry: () => true,
    retryWait: (retries) =>
      new Promise((resolve) => setTimeout(resolve, backoffDelay(retries, options.backoff))),
    connectionParams: async () => {
      const token = await options.getToken?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      // `isRetry` cannot tell `connecting` from `reconnecting`: it is also true while a first connect keeps
      // failing, and false for the connect after a refused token (graphql-ws gives up on 4401, we subscribe
      // again). A lost connection already set `reconnecting` at `closed`.
      connecting: () => {
        if (state === 'idle') setState('connecting');
        clearTimeout(connectTimer);
        // `terminate()` reports a close (4499, retried) while the connect is under way, and aborts the socket.
        if (connectTimeoutMs > 0) connectTimer = setTimeout(() => client.terminate(), connectTimeoutMs);
      },
      // Taken at `opened` rather than `connected`, so `reconnect()` also replaces a socket whose
      // `connection_init` may carry the token of before.
      opened: (opened) => {
        clearTimeout(connectTimer);
        socket = opened as OpenedSocket;
      },
      connected: (_socket, _payload, wasRetry) => {
        setState('connected');
        if (!wasRetry && !resyncOnConnect) return;
        resyncOnConnect = false;
        for (const listener of [...reconnectListeners]) listener();
      },
      // The watchdog of graphql-ws's `keepAlive` docs: our ping (`received` false) starts the clock, the
      // server's pong stops it. The server's own pings are answered by graphql-ws.
      ping: (received) => {
        if (received) return;
        clearTimeout(pongTimer);
        // A dead socket's `close()` can wait for a closing handshake that never comes (30 s in `ws`, browsers
        // vary): `terminate()` reports the close at once (4499, retried) and reconnects.
        pongTimer = setTimeout(() => client.terminate(), pongTimeoutMs);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
      closed: (event) => {
        socket = null;
        clearTimeout(pongTimer);
        clearTimeout(connectTimer);
        if (wanted === 0) {
          setState('idle');
          return;
        }
        // 1000 is our own lazy close, met by a new subscription while it was under way: nothing was lost.
        const normal = isCloseEvent(event) && event.code === 1000;
        const lost = state === 'reconnecting' || (state === 'connected' && !normal);
        setState(lost ? 'reconnecting' : 'connecting');
      },
    },
  });

  return {
    subscribe<T>(request: LiveRequest, sink: LiveSink<T>) {
      let stop: (() => void) | undefined;
      let retryTimer: ReturnType<typeof setTimeout> | undefined;
      let active = true;
      let authFailures = 0;
      wanted++;
      const end = () => {
        if (!active) return;
        active = false;
        wanted--;
        settle();
      };
      const start = () => {
        stop = client.subscribe<T, Record<string, unknown>>(request, {
          next: (result) => {
            authFailures = 0;
            sink.next(result);
          },
          error: (error) => {
            // graphql-ws treats 4401 as final; for us it usually means "token expired": ask for a fresh one.
            if (active && !disposed && isCloseEvent(error) && error.code === CloseCode.Unauthorized) {
              if (authFailures < maxAuthFailures) {
                resyncOnConnect = true;
                retryTimer = setTimeout(start, backoffDelay(authFailures++, options.backoff));
                return;
              }
            }
            end();
            sink.error?.(error);
          },
          complete: () => {
            end();
            sink.complete?.();
          },
        });
      };
      start();
      return () => {
        clearTimeout(retryTimer);
        end();
        stop?.();
      };
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    get state() {
      return state;
    },
    onStateChange(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    reconnect(reason = 'Reconnect') {
      replaceSocket(closeReason(reason, 'Reconnect'));
    },
    async dispose() {
      disposed = true;
      reconnectListeners.clear();
      stateListeners.clear();
      clearTimeout(pongTimer);
      clearTimeout(connectTimer);
      // graphql-ws rejects with the close event when the connect under way fails: a page leaving while the
      // server is away has nothing left to do about it.
      await Promise.resolve(client.dispose()).catch(() => undefined);
    },
  };
}
