import { readFileSync } from 'node:fs';
import WebSocket from 'ws';
import {
  createLiveClient,
  createVersionTracker,
  type LiveClient,
  type LiveClientOptions,
  unpackChanges,
  unpackLayout,
  unpackStatuses,
  type VersionedChange,
  type VersionTracker,
  versionedChange,
} from '../../router/client/src/index.ts';

/**
 * A seat-map page as the web app keeps one, in-process: the live client (graphql-ws, reconnecting with backoff)
 * watching `seatChanged` through one router, and the version tracker that applies changes in order, catches up
 * from seating's history after a gap (`SeatMap.changesSince`) or reloads the statuses when the history no longer
 * covers it. For the chaos tests and the resync benchmark, which open hundreds of them.
 *
 * After its first load it sends what the web app sends (web/src/seatmap/live-seats.ts): the app's own
 * registered documents, by id (`extensions.persistedQuery`), so the router answers them as it answers the app:
 * prepared per document, on the lean path, from its response cache when it can.
 */

/**
 * The seat map as text: the whole map (layout and statuses), a page's first load without the layout's ids, and
 * the statuses alone, which benches read to compare pages with the database.
 */
export const SEAT_MAP_QUERIES = {
  full: `query($id: ID!) { event(id: $id) { seatMap { version statusCodes layout { revision seats } } } }`,
  statuses: `query($id: ID!) { event(id: $id) { seatMap { version statusCodes } } }`,
};
const { full: FULL } = SEAT_MAP_QUERIES;

/** The web app's manifest of trusted documents: `sha256:<hex>` → text. */
const WEB_MANIFEST = JSON.parse(
  readFileSync(new URL('../../web/src/__generated__/persisted-documents.json', import.meta.url), 'utf8'),
) as Record<string, string>;

/** The web app's registered document named `operation`, as it sends it: its id, no text. */
export function webDocument(operation: string) {
  const entry = Object.entries(WEB_MANIFEST).find(([, text]) =>
    new RegExp(`^(query|subscription) ${operation}\\(`).test(text),
  );
  if (!entry) throw new Error(`the web app registers no ${operation}: run \`npm run codegen\``);
  return { query: '', extensions: { persistedQuery: { version: 1, sha256Hash: entry[0] } } } as {
    query: string;
    extensions: { persistedQuery: { version: number; sha256Hash: string } };
  };
}
/** What the page sends once loaded, as the web app does (live-seats.ts). */
const APP = {
  statuses: webDocument('SeatStatusQuery'),
  since: webDocument('SeatChangesSinceQuery'),
  watch: webDocument('SeatChanged'),
};

export type SeatChange = VersionedChange & { seats: { id: string; status: string }[] };

export interface SeatPage {
  client: LiveClient;
  tracker: VersionTracker<SeatChange>;
  /** The page's seat map: id → status. */
  statuses: Map<string, string>;
  /** Bytes of the answers the page read after its first load: reloads and catch-ups. */
  bytes: { value: number };
  stop(): Promise<void>;
}

export interface SeatPageOptions {
  eventId: string;
  router: { url: string; wsUrl: string };
  /** Catch up from the history after a gap (default), or reload the statuses as pages did before issue 19. */
  catchUp?: boolean;
  /** The event's seat ids in layout order, when the caller already has them (saves unpacking per page). */
  ids?: string[];
  backoff?: LiveClientOptions['backoff'];
  /** A failed catch-up or reload (the tracker retries it with backoff). */
  onError?: (error: unknown) => void;
}

/**
 * POSTs through the router as the app does, counting the answer's bytes into `bytes`. `query`: a document's
 * text, or a registered document by id (`webDocument`).
 */
export async function postCounting<T>(
  url: string,
  query: string | { query: string; extensions: Record<string, unknown> },
  variables: Record<string, unknown>,
  bytes: { value: number },
) {
  const document = typeof query === 'string' ? { query } : query;
  const send = () =>
    fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'apollo-require-preflight': 'true' },
      body: JSON.stringify({ ...document, variables }),
    });
  let res: Response;
  try {
    res = await send();
  } catch (err) {
    // A kept-alive connection the server closed (a router shutting down) fails the request before any answer.
    // A browser sends such a request again on a new connection by itself; undici does not, so the page does.
    if (!closedBeforeAnswer(err)) throw err;
    res = await send();
  }
  const text = await res.text();
  bytes.value += Buffer.byteLength(text);
  const body = JSON.parse(text) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

export function openSeatPage(options: SeatPageOptions): SeatPage {
  const { eventId, router } = options;
  const client = createLiveClient({
    url: router.wsUrl,
    webSocketImpl: WebSocket,
    ...(options.backoff ? { backoff: options.backoff } : {}),
  });
  const statuses = new Map<string, string>();
  const bytes = { value: 0 };
  let ids = options.ids ?? [];
  let loaded = false;
  const tracker = createVersionTracker<SeatChange>({
    async refetch() {
      // The layout is kept by revision, as the app does: after the first load (or with the layout's ids given,
      // as a page that has it cached) a page reads the statuses alone.
      const data = await postCounting<{
        event: { seatMap: { version: number; statusCodes: string; layout?: { seats: string } } };
      }>(
        router.url,
        loaded || options.ids ? APP.statuses : FULL,
        { id: eventId },
        loaded ? bytes : { value: 0 },
      );
      const map = data.event.seatMap;
      if (!loaded && !options.ids && map.layout) ids = unpackLayout(map.layout.seats).map((s) => s.id);
      loaded = true;
      for (const s of unpackStatuses(ids, map.statusCodes) ?? []) statuses.set(s.id, s.status);
      return map.version;
    },
    ...(options.catchUp === false
      ? {}
      : {
          async catchUp(version: number) {
            const data = await postCounting<{
              event: {
                seatMap: {
                  changesSince: { version: number; seatIndexes: number[]; statusCodes: string } | null;
                };
              };
            }>(router.url, APP.since, { id: eventId, version }, bytes);
            const changes = data.event.seatMap.changesSince;
            const seats = changes && unpackChanges(ids, changes.seatIndexes, changes.statusCodes);
            if (!changes || !seats) return null;
            for (const s of seats) statuses.set(s.id, s.status);
            return changes.version;
          },
        }),
    apply: (change) => {
      for (const s of change.seats) statuses.set(s.id, s.status);
    },
    ...(options.backoff ? { backoff: options.backoff } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
  });
  const stopWatch = client.subscribe(
    { ...APP.watch, variables: { eventId } },
    {
      next: (result) => {
        const change = versionedChange<SeatChange>(result);
        if (change) tracker.push(change);
      },
    },
  );
  const offReconnect = client.onReconnect(() => tracker.resync());
  return {
    client,
    tracker,
    statuses,
    bytes,
    async stop() {
      stopWatch();
      offReconnect();
      tracker.stop();
      await client.dispose();
    },
  };
}

/** undici's failure for a request whose connection closed before any answer: `fetch failed`, caused by the socket. */
function closedBeforeAnswer(err: unknown): boolean {
  const cause = (err as { cause?: { code?: string } } | null)?.cause;
  return (
    err instanceof TypeError &&
    (cause?.code === 'UND_ERR_SOCKET' || cause?.code === 'ECONNRESET' || cause?.code === 'EPIPE')
  );
}
