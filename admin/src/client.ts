import { authExchange } from '@urql/exchange-auth';
import { cacheExchange, type Data, type KeyingConfig } from '@urql/exchange-graphcache';
import { persistedExchange } from '@urql/exchange-persisted';
import { retryExchange } from '@urql/exchange-retry';
import { Client, fetchExchange } from 'urql';
import type { Session } from './session.ts';

/** Renew this long before the access token lapses, as the session itself does. */
const RENEW_BEFORE_MS = 30_000;

/** Types without an `id` of their own: kept inside the entity or query that holds them. */
export const EMBEDDED = [
  'SalesStats',
  'DailySales',
  'SalesTotals',
  'EventSales',
  'EventDay',
  'SoldOrder',
  'QueueStatus',
  'QueueTicket',
  'Availability',
  // An event's seat map (its seats are entities of their own).
  'SeatMap',
  'PageInfo',
  'EventConnection',
  'EventEdge',
  'NewsConnection',
  'NewsEdge',
  'ReservationConnection',
  'ReservationEdge',
  'AdminActionConnection',
  'AdminActionEdge',
  'AuthPayload',
  'CreatedApiKey',
  'PosterUpload',
  'HttpHeader',
  // The door (issue 17): verdicts and kits are read once, never shared between queries.
  'ScannerKit',
  'CheckInResult',
  'FirstCheckIn',
  'SyncedScan',
  'CheckInConflict',
  'EventCheckIns',
  'EventStaffMember',
];

const KEYS: KeyingConfig = Object.fromEntries([
  ...EMBEDDED.map((type) => [type, () => null] as const),
  // One waiting room per event.
  ['QueueStats', (stats: Data) => (stats.eventId as string | undefined) ?? null] as const,
]);

/**
 * The urql client: normalized cache (graphcache) → auth → retry → persisted documents → fetch.
 * - The cache keeps entities by `__typename` + `id`, so a mutation's answer (an event, a payment, an API key)
 *   updates every list and page showing it; `updates` drop the lists a mutation adds to or removes from.
 * - The auth exchange sends the session's access token, renews it before a request when it is missing or about
 *   to lapse, and renews once more when the router answers 401, then retries.
 * - Network failures of queries are retried with backoff; mutations never are (a refund sent twice is worse
 *   than an error the admin can act on).
 * - Every operation goes out as its trusted-document id (`__meta__.hash`, GraphQL Code Generator's persisted
 *   documents), never as text: in production the router runs nothing else from the app.
 * One client per identity: the app makes a new one when the admin signs in or out, so nothing cached for one
 * identity shows to another.
 */
export function createClient(url: string, session: Session): Client {
  const dropList =
    (field: string) =>
    (_result: Data, _args: unknown, cache: { invalidate(entity: string, field?: string): void }) =>
      cache.invalidate('Query', field);
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [
      cacheExchange({
        keys: KEYS,
        updates: {
          Mutation: {
            createEvent: dropList('events'),
            deleteEvent: dropList('events'),
            publishNews: dropList('news'),
            unpublishNews: dropList('news'),
            createSeatLayout: dropList('seatLayouts'),
            createVenue: dropList('venues'),
            createArtist: dropList('artists'),
            addKeywordMapping: dropList('keywordMappings'),
            removeKeywordMapping: dropList('keywordMappings'),
            createApiKey: dropList('apiKeys'),
          },
        },
      }),
      authExchange(async (utils) => {
        let token = await session.accessToken();
        let refused: string | null = null;
        return {
          addAuthToOperation(operation) {
            return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
          },
          willAuthError() {
            const state = session.state;
            switch (state.phase) {
              case 'anonymous':
                return token !== null;
              case 'restoring':
                return true;
              case 'signed-in':
                return state.accessToken !== token || state.expiresAt - RENEW_BEFORE_MS <= Date.now();
            }
          },
          didAuthError(error) {
            if (error.response?.status !== 401) return false;
            refused = token;
            return true;
          },
          async refreshAuth() {
            token = refused ? await session.renewAfterRefusal(refused) : await session.accessToken();
            refused = null;
          },
        };
      }),
      retryExchange({
        initialDelayMs: 500,
        maxDelayMs: 5_000,
        maxNumberAttempts: 3,
        retryIf: (error, operation) => Boolean(error.networkError) && operation.kind !== 'mutation',
      }),
      persistedExchange({
        // A router that does not know an id (one started before `npm run codegen` in development) answers
        // PersistedQueryNotFound and the exchange sends the text once, as the web app's link does; production's
        // router refuses text that is not registered, so the fallback opens nothing there.
        enforcePersistedQueries: false,
        enableForMutation: true,
        // POST like every other request: a GET would need the CSRF preflight header.
        preferGetForPersistedQueries: false,
        generateHash: async (_text, document) =>
          (document as { __meta__?: { hash?: string } }).__meta__?.hash ?? null,
      }),
      fetchExchange,
    ],
  });
}
