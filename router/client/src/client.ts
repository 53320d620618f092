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
  /** Client-side ping interval that notices a dead connection the browser still thinks is open. @default 15000 */
  keepAliveMs?: number;
}

export interface LiveRequest {
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
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
  dispose(): Promise<void>;
}

const isCloseEvent = (value: unknown): value is { code: number; reason: string } =>
  typeof value === 'object' && value !== null && 'code' in value && 'reason' in value;

/**
 * graphql-ws client for the TIKETI router: connects lazily, reconnects forever with exponential backoff and
 * jitter (every close the server does not mean as final, including 1001 at a router shutdown and 1013 for a
 * slow consumer), sends a fresh token on every connect, and tells listeners when a reconnect may have lost
 * messages.
 */
export function createLiveClient(options: LiveClientOptions): LiveClient {
  const maxAuthFailures = options.maxAuthFailures ?? 3;
  const reconnectListeners = new Set<() => void>();
  /** Set when a subscription is restarted after a refused token: the next connect is a reconnect too. */
  let resyncOnConnect = false;
  let disposed = false;

  const client: Client = createClient({
    url: options.url,
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
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
      connected: (_socket, _payload, wasRetry) => {
        if (!wasRetry && !resyncOnConnect) return;
        resyncOnConnect = false;
        for (const listener of [...reconnectListeners]) listener();
      },
    },
  });

  return {
    subscribe<T>(request: LiveRequest, sink: LiveSink<T>) {
      let stop: (() => void) | undefined;
      let retryTimer: ReturnType<typeof setTimeout> | undefined;
      let active = true;
      let authFailures = 0;
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
            active = false;
            sink.error?.(error);
          },
          complete: () => {
            active = false;
            sink.complete?.();
          },
        });
      };
      start();
      return () => {
        active = false;
        clearTimeout(retryTimer);
        stop?.();
      };
    },
    onReconnect(listener) {
      reconnectListeners.add(listener);
      return () => reconnectListeners.delete(listener);
    },
    async dispose() {
      disposed = true;
      reconnectListeners.clear();
      await client.dispose();
    },
  };
}
