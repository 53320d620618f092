import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { GraphQLWsLink } from '@apollo/client/link/subscriptions';
import { print, relayStylePagination } from '@apollo/client/utilities';
import { OperationTypeNode } from 'graphql';
import { createClient, type Client as WsClient } from 'graphql-ws';
import { catchError, from, switchMap, throwError } from 'rxjs';
import type { RefreshSessionMutation } from './__generated__/graphql.ts';
import { graphql } from './__generated__/index.ts';
import type { AuthTokens, Session } from './auth/session.ts';

/**
 * The one place Apollo Client is configured: links, cache policies and the WebSocket client.
 *
 * HTTP: auth link (fresh access token per request; one renewal and one retry when the router refuses the
 * token with 401) → HttpLink. Subscriptions: graphql-ws, lazily connected, authorised in `connection_init`
 * with a token fetched on every (re)connect, retried forever with jittered backoff — the router may not serve
 * WebSockets yet, or be restarting; a page must never break because the live channel is away.
 */

export interface ApolloOptions {
  /** e.g. http://localhost:4000/graphql */
  httpUrl: string;
  /** e.g. ws://localhost:4000/graphql */
  wsUrl: string;
  session: Session;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** A WebSocket implementation where there is no global one (Node 20). */
  webSocketImpl?: unknown;
  /** `window`, to reconnect after sleep or a network change. */
  events?: Pick<Window, 'addEventListener' | 'removeEventListener'> | null;
}

export type LiveState = 'idle' | 'connecting' | 'connected' | 'reconnecting';

/** The subscription channel as the UI sees it. */
export interface LiveConnection {
  readonly state: LiveState;
  subscribe(listener: () => void): () => void;
  /**
   * Called after the socket comes back from a drop. Subscriptions resume by themselves, but events sent
   * while the socket was down are lost: live views refetch here (and on a version gap).
   */
  onReconnect(listener: () => void): () => void;
}

export interface Apollo {
  client: ApolloClient;
  live: LiveConnection;
  dispose(): void;
}

const RefreshSessionMutationDocument = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) {
      accessToken
      refreshToken
      expiresIn
    }
  }
`);

const defaultFetch: typeof fetch = (input, init) => fetch(input, init);

/**
 * `Session.renew` over plain HTTP. It must not go through the client's links: the auth link would attach
 * (and try to renew) the very token being replaced.
 */
export function createRenewer(httpUrl: string, fetchImpl: typeof fetch = defaultFetch) {
  const query = print(RefreshSessionMutationDocument);
  return async (refreshToken: string): Promise<AuthTokens | null> => {
    const response = await fetchImpl(httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ operationName: 'RefreshSession', query, variables: { refreshToken } }),
    });
    const body = (await response.json().catch(() => null)) as {
      data?: RefreshSessionMutation | null;
      errors?: { extensions?: { code?: string } }[];
    } | null;
    const tokens = body?.data?.refreshSession;
    if (tokens) return tokens;
    const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
    if (codes.includes('UNAUTHENTICATED')) return null;
    throw new Error(
      `refreshSession failed (HTTP ${response.status}${codes.length ? `, ${codes.join(', ')}` : ''})`,
    );
  };
}

/** The router refuses a bad or expired token with HTTP 401 before GraphQL runs. */
const isRefusedToken = (error: unknown) => ServerError.is(error) && error.statusCode === 401;

function authLink(session: Session): ApolloLink {
  return new ApolloLink((operation, forward) => {
    const send = (token: string | null) => {
      operation.setContext(({ headers = {} }: { headers?: Record<string, string> }) => {
        const { authorization: _previous, ...rest } = headers;
        return { headers: token ? { ...rest, authorization: `Bearer ${token}` } : rest };
      });
      return forward(operation);
    };
    return from(session.accessToken()).pipe(
      switchMap((token) =>
        send(token).pipe(
          catchError((error: unknown) => {
            if (!token || !isRefusedToken(error)) return throwError(() => error);
            // Once: if the renewed token is refused too, the error goes to the caller. When renewal is
            // refused the session is over and the request is sent anonymously.
            return from(session.renewAfterRefusal(token)).pipe(switchMap(send));
          }),
        ),
      ),
    );
  });
}

/** Full jitter between 0.5× and 1× of an exponential step, capped at 30 s. */
export function backoffMs(retries: number, random: () => number = Math.random): number {
  const step = Math.min(30_000, 1_000 * 2 ** retries);
  return step / 2 + (random() * step) / 2;
}

// TODO(issue 7 phase 2): build this on the shared live client (router/client, @tiketi/live-client) once it
// is a workspace: the router closes a socket with 4401 when its token expires, which graphql-ws treats as
// fatal; that client resubscribes with a fresh token and implements the SeatChange version-gap rule.
function createLiveConnection(
  session: Session,
  options: ApolloOptions,
): { ws: WsClient; live: LiveConnection; dispose(): void } {
  let state: LiveState = 'idle';
  let everConnected = false;
  const listeners = new Set<() => void>();
  const reconnectListeners = new Set<() => void>();
  const setState = (next: LiveState) => {
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };

  let socket: WebSocket | null = null;
  let pongTimer: ReturnType<typeof setTimeout> | undefined;
  const ws = createClient({
    url: options.wsUrl,
    lazy: true,
    // Moving between pages unsubscribes and resubscribes: keep the socket for that moment.
    lazyCloseTimeout: 3_000,
    retryAttempts: Number.POSITIVE_INFINITY,
    // By default only close events are retried; a refused upgrade (no WebSocket endpoint yet, a restarting
    // router, a proxy) surfaces as an error event. Retry those as well.
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, backoffMs(retries))),
    connectionParams: async () => {
      const token = await session.accessToken();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    // A socket can die silently (sleep, Wi-Fi change, NAT timeout): ping, and close it when no pong comes.
    keepAlive: 10_000,
    on: {
      connecting: () => setState(everConnected ? 'reconnecting' : 'connecting'),
      connected: (s) => {
        socket = s as WebSocket;
        setState('connected');
        if (everConnected) for (const listener of reconnectListeners) listener();
        everConnected = true;
      },
      closed: () => {
        socket = null;
        clearTimeout(pongTimer);
        setState(everConnected ? 'reconnecting' : 'idle');
      },
      ping: (received) => {
        if (received) return;
        pongTimer = setTimeout(() => {
          if (socket?.readyState === 1) socket.close(4408, 'Pong timeout');
        }, 5_000);
      },
      pong: (received) => {
        if (received) clearTimeout(pongTimer);
      },
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });

  // A different identity must reach the server: reconnect, which runs connectionParams again.
  let phase = session.state.phase;
  const unsubscribeSession = session.subscribe(() => {
    const next = session.state.phase;
    const changedIdentity = (phase === 'anonymous') !== (next === 'anonymous');
    phase = next;
    if (changedIdentity && socket) ws.terminate();
  });
  // After sleep or a network switch the old socket is usually dead but not yet known to be.
  const revive = () => {
    if (socket) ws.terminate();
  };
  const onVisibility = () => {
    if (typeof document !== 'undefined' && document.visibilityState === 'visible') revive();
  };
  options.events?.addEventListener('online', revive);
  options.events?.addEventListener('visibilitychange', onVisibility);

  return {
    ws,
    live: {
      get state() {
        return state;
      },
      subscribe(listener) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      onReconnect(listener) {
        reconnectListeners.add(listener);
        return () => reconnectListeners.delete(listener);
      },
    },
    dispose() {
      unsubscribeSession();
      options.events?.removeEventListener('online', revive);
      options.events?.removeEventListener('visibilitychange', onVisibility);
      clearTimeout(pongTimer);
      ws.dispose();
    },
  };
}

/** Every cache policy of the app. */
export function createCache(): InMemoryCache {
  return new InMemoryCache({
    typePolicies: {
      Query: {
        fields: {
          // One list per search text and filter; pages with `after` append to it.
          events: relayStylePagination(['query', 'filter']),
          news: relayStylePagination(),
          myReservations: relayStylePagination(),
          // An event already in the cache (from a list) shows at once on its page.
          event: {
            read: (existing, { args, toReference }) =>
              existing ??
              (typeof args?.id === 'string' ? toReference({ __typename: 'Event', id: args.id }) : undefined),
          },
        },
      },
      Event: {
        fields: {
          // SeatMap and Availability have no id: merge new versions into the event's instead of replacing.
          seatMap: { merge: true },
          availability: { merge: true },
          queue: { merge: true },
        },
      },
      // One ticket per buyer and event: queuePosition pushes update myQueueTicket in place.
      QueueTicket: { keyFields: ['eventId'] },
    },
  });
}

export function createApollo(options: ApolloOptions): Apollo {
  const { ws, live, dispose } = createLiveConnection(options.session, options);
  const http = new HttpLink({ uri: options.httpUrl, fetch: options.fetch ?? defaultFetch });
  const link = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    new GraphQLWsLink(ws),
    ApolloLink.from([authLink(options.session), http]),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  return {
    client,
    live,
    dispose() {
      dispose();
      client.stop();
    },
  };
}
