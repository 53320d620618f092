import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError } from '@apollo/client';
import { PersistedQueryLink } from '@apollo/client/link/persisted-queries';
import { print, relayStylePagination } from '@apollo/client/utilities';
import type { LiveClient, LiveRequest } from '@tiketi/live-client';
import type { Session } from '@tiketi/live-client/session';
import { type DocumentNode, OperationTypeNode } from 'graphql';
import { catchError, from, Observable, switchMap, throwError } from 'rxjs';
import { createLiveConnection, type LiveConnection } from './live.ts';

/**
 * The one place Apollo Client is configured: links, cache policies and the WebSocket client.
 *
 * HTTP: auth link (fresh access token per request; one renewal and one retry when the router refuses the
 * token with 401) → persisted-documents link → HttpLink. Every operation goes out as its trusted-document id
 * (`__meta__.hash`, GraphQL Code Generator's persisted documents): in production the router runs nothing else
 * from the app (router/src/trusted-documents.ts). Subscriptions: the live connection (`live.ts`, on `@tiketi/live-client`), lazily
 * connected, authorised in `connection_init` with a token fetched on every (re)connect, retried forever with
 * jittered backoff — the router may be restarting; a page must never break because the live channel is away.
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

export interface Apollo {
  client: ApolloClient;
  live: LiveConnection;
  dispose(): void;
}

const defaultFetch: typeof fetch = (input, init) => fetch(input, init);

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

/** The trusted-document id codegen put in the document (`persistedDocuments` in schema/src/app-codegen.ts). */
export function documentId(document: DocumentNode): string | undefined {
  return (document as DocumentNode & { __meta__?: { hash?: string } }).__meta__?.hash;
}

/**
 * A document as the live client sends it over graphql-ws: its trusted-document id, as over HTTP (graphql-ws
 * requires a `query` string: empty when the id names the document), or its text when it has no id.
 */
export function liveDocument(document: DocumentNode): Pick<LiveRequest, 'query' | 'extensions'> {
  const id = documentId(document);
  return id
    ? { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: id } } }
    : { query: print(document) };
}

/**
 * Sends the id instead of the text (APQ's `extensions.persistedQuery`, which the router reads); a router that
 * does not know the id answers PERSISTED_QUERY_NOT_FOUND and the link sends the text once, as APQ does. A
 * document without an id (not from codegen, e.g. a test's) goes as text: production's router refuses it.
 */
function persistedLink(): ApolloLink {
  return ApolloLink.split(
    (operation) => documentId(operation.query) !== undefined,
    new PersistedQueryLink({ generateHash: (document) => documentId(document) ?? '' }),
    new ApolloLink((operation, forward) => forward(operation)),
  );
}

/** Apollo subscriptions over the live client: they survive reconnects and token expiry like every other. */
function liveLink(live: LiveClient): ApolloLink {
  return new ApolloLink(
    (operation) =>
      new Observable<ApolloLink.Result>((observer) =>
        live.subscribe(
          {
            ...liveDocument(operation.query),
            variables: operation.variables,
            ...(operation.operationName ? { operationName: operation.operationName } : {}),
          },
          {
            next: (result) => observer.next(result as ApolloLink.Result),
            error: (error) => observer.error(error),
            complete: () => observer.complete(),
          },
        ),
      ),
  );
}

export function createApollo(options: ApolloOptions): Apollo {
  const live = createLiveConnection({
    url: options.wsUrl,
    session: options.session,
    webSocketImpl: options.webSocketImpl,
    events: options.events ?? null,
  });
  const http = new HttpLink({ uri: options.httpUrl, fetch: options.fetch ?? defaultFetch });
  const link = ApolloLink.split(
    (operation) => operation.operationType === OperationTypeNode.SUBSCRIPTION,
    liveLink(live.client),
    ApolloLink.from([authLink(options.session), persistedLink(), http]),
  );
  const client = new ApolloClient({ link, cache: createCache() });
  return {
    client,
    live,
    dispose() {
      void live.dispose();
      client.stop();
    },
  };
}
