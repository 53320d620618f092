import type { ServerResponse } from 'node:http';
import type { PreparedRequest } from '@tiketi/kit/graphql-http';
import type { Logger } from '@tiketi/kit/logger';
import { SEAT_CHANGED_CHANNEL_PREFIX } from '@tiketi/kit/pubsub';
import {
  type DocumentNode,
  type GraphQLFormattedError,
  type GraphQLSchema,
  getNamedType,
  Kind,
  OperationTypeNode,
  parse,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RegisteredDocument, TrustedDocuments } from './trusted-documents.ts';

/**
 * The fields an anonymous public read may select to be cached, by type: everything else (a buyer's own data,
 * admin-only sales figures and check-ins, the waiting room's live counts) makes a document uncacheable. `*`:
 * every field of the type is public.
 */
const PUBLIC_FIELDS: Record<string, '*' | ReadonlySet<string>> = {
  Query: new Set(['events', 'event', 'categories', 'venues']),
  Event: new Set([
    'id',
    'title',
    'titleEn',
    'description',
    'category',
    'artists',
    'venue',
    'startsAt',
    'saleStartsAt',
    'posterUrl',
    'status',
    'ticketTypes',
    'availability',
    'seatMap',
  ]),
  EventConnection: '*',
  EventEdge: '*',
  PageInfo: '*',
  Venue: '*',
  Artist: '*',
  TicketType: '*',
  Availability: '*',
  SeatMap: '*',
  SeatMapLayout: '*',
  Stage: '*',
  Seat: '*',
};

/** `HIT` or `MISS` on every cacheable answer (for operators and tests; a CDN adds its own). */
export const CACHE_STATUS_HEADER = 'x-tiketi-cache';

/** Invalidations remembered for answers in flight (far more than arrive during one subgraph round trip). */
const RECENT_INVALIDATIONS = 10_000;

/** An invalidation of every entry (`clear`) among the recent ones. */
const ALL = '\0all';

/** How long start-up waits for the seat-change subscription before serving without the cache. */
const LISTEN_WAIT_MS = 2_000;

/** How old a cached answer may get: the bound on staleness, whatever invalidation missed. */
export const RESPONSE_CACHE_TTL_MS = 1_000;
/** What a CDN or the ingress may do with a cacheable anonymous answer (never longer than the router itself). */
export const PUBLIC_CACHE_CONTROL = 'public, max-age=1';

/** A cacheable document: which events an answer depends on, found from its arguments and its data. */
interface Policy {
  /** Variable names (or literal ids, prefixed `=`) of `event(id:)` root fields. */
  eventIdArguments: string[];
  /** Response keys of `events` root fields: the ids of their edges' nodes are the answer's events. */
  eventLists: string[];
}

interface Entry {
  body: string;
  contentType: string;
  events: string[];
}

export interface ResponseCacheOptions {
  trusted: TrustedDocuments;
  log: Logger;
  /** @default RESPONSE_CACHE_TTL_MS */
  ttlMs?: number;
  /** @default 5000 */
  maxEntries?: number;
  /** Told of every cacheable request: answered from the cache (`hit`) or not (`miss`); for metrics. */
  onResult?(result: 'hit' | 'miss'): void;
}

/**
 * The router's cache of anonymous public reads (the home page's event list, an event page, its seat map): an
 * on-sale's reload storm is thousands of buyers asking the same few questions.
 *
 * - Only registered documents (the apps' manifests) that are queries and select public fields only
 *   (`PUBLIC_FIELDS`), only for anonymous callers (no token, no API key), only answers without errors. A signed-in
 *   caller or a partner never reads or fills it, so nobody's own data can reach anyone else.
 * - An entry lives at most `ttlMs` (1 s) in this replica; an admin's request through this replica drops them all. Every seat change seating publishes for an event
 *   (`seating.seat-changed.<id>` on Redis pub/sub, which every replica hears) removes at once the entries whose
 *   answer contains that event: a hold shows on the cached seat map within the pub/sub delay. A catalog change
 *   (title, status) shows within the TTL.
 * - An answer fetched while its event changed is not stored (the change could be older than the answer's data).
 */
export class ResponseCache {
  readonly #trusted: TrustedDocuments;
  readonly #log: Logger;
  readonly #entries: LRUCache<string, Entry>;
  /** Keys of live entries by event id, for invalidation. */
  readonly #byEvent = new Map<string, Set<string>>();
  /**
   * The latest invalidations (event ids, oldest first; `#invalidations` counts them all): an answer fetched while
   * one of its events changed is not stored.
   */
  readonly #recent: string[] = [];
  #invalidations = 0;
  #policies = new Map<string, Policy | null>();
  #schema: GraphQLSchema | null = null;
  #subscriber: Redis | null = null;
  /** Subscribed to seat changes: only then may answers be cached. */
  #live = false;
  readonly #onResult: (result: 'hit' | 'miss') => void;

  constructor({
    trusted,
    log,
    ttlMs = RESPONSE_CACHE_TTL_MS,
    maxEntries = 5_000,
    onResult = () => {},
  }: ResponseCacheOptions) {
    this.#trusted = trusted;
    this.#onResult = onResult;
    this.#log = log;
    this.#entries = new LRUCache<string, Entry>({
      max: maxEntries,
      ttl: ttlMs,
      // Expired entries are not swept by a timer; their index is cleaned as they are evicted or read.
      dispose: (entry, key) => this.#unindex(key, entry.events),
    });
  }

  /** The API schema documents are checked against; a new supergraph forgets every decision and entry. */
  setSchema(schema: GraphQLSchema): void {
    this.#schema = schema;
    this.#policies = new Map();
    this.#entries.clear();
  }

  /** Listens to seating's seat changes (every replica does) until `close`. */
  async listen(redis: { url: string; prefix: string }): Promise<void> {
    const subscriber = new Redis(redis.url, { maxRetriesPerRequest: null, autoResubscribe: false });
    this.#subscriber = subscriber;
    subscriber.on('error', (err) => this.#log.warn({ err: err.message }, 'response cache: redis error'));
    const prefix = `${redis.prefix}${SEAT_CHANGED_CHANNEL_PREFIX}`;
    const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
    subscriber.on('pmessage', (_pattern, channel: string) => {
      this.invalidateEvent(channel.slice(prefix.length));
    });
    // Changes are heard only while subscribed: until then (and from a lost connection until it is back and
    // subscribed again) the cache neither answers nor stores.
    const subscribe = () =>
      subscriber.psubscribe(pattern).then(
        () => {
          this.#live = true;
        },
        (err: Error) => this.#log.warn({ err: err.message }, 'response cache: cannot subscribe; not caching'),
      );
    subscriber.on('close', () => {
      this.#live = false;
      this.#entries.clear();
    });
    subscriber.on('ready', () => {
      if (!this.#live) void subscribe();
    });
    // A Redis that is down at start-up does not hold the router up: the cache stays off until it is back.
    await Promise.race([
      new Promise<void>((resolve) => subscriber.once('ready', () => subscribe().then(resolve))),
      new Promise<void>((resolve) => setTimeout(resolve, LISTEN_WAIT_MS).unref()),
    ]);
  }

  async close(): Promise<void> {
    this.#live = false;
    this.#entries.clear();
    await this.#subscriber?.quit().catch(() => this.#subscriber?.disconnect());
  }

  /** Removes every cached answer that contains `eventId`. */
  invalidateEvent(eventId: string): void {
    this.#invalidations++;
    this.#recent.push(eventId);
    if (this.#recent.length > RECENT_INVALIDATIONS) this.#recent.shift();
    const keys = this.#byEvent.get(eventId);
    if (!keys) return;
    for (const key of [...keys]) this.#entries.delete(key);
  }

  /**
   * Drops every entry: after an admin's request (catalog and layout changes are admins' and rare), so that this
   * replica shows them at once; other replicas within the TTL.
   */
  clear(): void {
    this.#invalidations++;
    this.#recent.push(ALL);
    if (this.#recent.length > RECENT_INVALIDATIONS) this.#recent.shift();
    this.#entries.clear();
  }

  /** Whether answers to `document` may be cached (memoized per document and schema). */
  cacheable(document: RegisteredDocument): boolean {
    return this.#policy(document) !== null;
  }

  /** Whether a GET's URL names a cacheable registered document (by `documentId` or by its exact text). */
  cacheableGet(url: string): boolean {
    const query = url.indexOf('?');
    if (query < 0) return false;
    const search = new URLSearchParams(url.slice(query));
    const id = search.get('documentId');
    const text = search.get('query');
    const document =
      id !== null
        ? this.#trusted.byHash(id.replace(/^sha256:/, ''))
        : text !== null
          ? this.#trusted.byText(text)
          : undefined;
    return document !== undefined && this.cacheable(document);
  }

  /**
   * For the kit's `prepare` hook, after trusted documents resolved the request to `document` (a registered one), for
   * an anonymous caller only: answers from the cache (`true`), or arranges for the answer to be stored and marked
   * cacheable.
   */
  serve(request: PreparedRequest, res: ServerResponse, document: RegisteredDocument): boolean {
    if (!this.#live) return false;
    const params = requestParams(request);
    if (!params) return false;
    const policy = this.#policy(document);
    if (!policy) return false;
    const mediaType = request.mediaType ?? 'application/json';
    const key = `${document.hash}\0${mediaType}\0${params.operationName ?? ''}\0${params.variables ?? ''}`;
    const hit = this.#entries.get(key);
    if (hit) {
      this.#onResult('hit');
      res.writeHead(200, {
        'content-type': hit.contentType,
        'content-length': Buffer.byteLength(hit.body),
        'cache-control': PUBLIC_CACHE_CONTROL,
        vary: 'accept',
        [CACHE_STATUS_HEADER]: 'HIT',
      });
      res.end(hit.body);
      return true;
    }
    this.#onResult('miss');
    let variables: Record<string, unknown> = {};
    try {
      variables = params.variables ? (JSON.parse(params.variables) as Record<string, unknown>) : {};
    } catch {
      return false; // Apollo answers the malformed parameter.
    }
    const argumentEvents = policy.eventIdArguments.flatMap((a) => {
      const id = a.startsWith('=') ? a.slice(1) : variables[a];
      return typeof id === 'string' ? [id] : [];
    });
    const invalidationsBefore = this.#invalidations;
    res.setHeader(CACHE_STATUS_HEADER, 'MISS');
    const end = res.end.bind(res) as (chunk?: unknown) => ServerResponse;
    res.end = ((chunk?: unknown) => {
      // Headers are still unsent here: a successful answer goes out marked public (Apollo says no-store).
      if (
        res.statusCode === 200 &&
        typeof chunk === 'string' &&
        !res.headersSent &&
        this.#store(key, chunk, String(res.getHeader('content-type') ?? mediaType), {
          policy,
          argumentEvents,
          invalidationsBefore,
        })
      ) {
        res.setHeader('cache-control', PUBLIC_CACHE_CONTROL);
        res.setHeader('vary', 'accept');
      }
      return end(chunk);
    }) as ServerResponse['end'];
    return false;
  }

  #store(
    key: string,
    body: string,
    contentType: string,
    at: { policy: Policy; argumentEvents: string[]; invalidationsBefore: number },
  ): boolean {
    let parsed: { data?: Record<string, unknown> | null; errors?: GraphQLFormattedError[] };
    try {
      parsed = JSON.parse(body);
    } catch {
      return false;
    }
    if (parsed.errors?.length || !parsed.data) return false;
    const events = new Set(at.argumentEvents);
    for (const field of at.policy.eventLists) {
      const edges = (parsed.data[field] as { edges?: { node?: { id?: unknown } }[] } | null)?.edges ?? [];
      for (const edge of edges) if (typeof edge.node?.id === 'string') events.add(edge.node.id);
    }
    // Changed while it was fetched: the answer may predate the change.
    const since = this.#invalidations - at.invalidationsBefore;
    if (since > this.#recent.length) return true;
    if (since > 0 && this.#recent.slice(-since).some((id) => id === ALL || events.has(id))) return true;
    const entry: Entry = { body, contentType, events: [...events] };
    this.#entries.set(key, entry);
    for (const id of entry.events) {
      let keys = this.#byEvent.get(id);
      if (!keys) {
        keys = new Set();
        this.#byEvent.set(id, keys);
      }
      keys.add(key);
    }
    return true;
  }

  #unindex(key: string, events: string[]) {
    for (const id of events) {
      const keys = this.#byEvent.get(id);
      if (!keys) continue;
      keys.delete(key);
      if (keys.size === 0) this.#byEvent.delete(id);
    }
  }

  #policy(document: RegisteredDocument): Policy | null {
    if (this.#policies.has(document.hash)) return this.#policies.get(document.hash) ?? null;
    const policy = this.#schema ? policyOf(parse(document.text), this.#schema) : null;
    if (this.#schema) this.#policies.set(document.hash, policy);
    return policy;
  }
}

/** The cache policy of a document, or `null` when it is not one query of public fields only. */
export function policyOf(document: DocumentNode, schema: GraphQLSchema): Policy | null {
  const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0]?.operation !== OperationTypeNode.QUERY) return null;
  let publicOnly = true;
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value.startsWith('__')) return;
        const parent = typeInfo.getParentType();
        const allowed = parent ? PUBLIC_FIELDS[getNamedType(parent).name] : undefined;
        if (!allowed || (allowed !== '*' && !allowed.has(node.name.value))) publicOnly = false;
      },
    }),
  );
  if (!publicOnly) return null;
  const policy: Policy = { eventIdArguments: [], eventLists: [] };
  for (const selection of operations[0].selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null; // Root fragments: keep it simple, do not cache.
    const responseKey = selection.alias?.value ?? selection.name.value;
    if (selection.name.value === 'events') policy.eventLists.push(responseKey);
    if (selection.name.value === 'event') {
      const id = selection.arguments?.find((a) => a.name.value === 'id')?.value;
      if (id?.kind === Kind.VARIABLE) policy.eventIdArguments.push(id.name.value);
      else if (id?.kind === Kind.STRING) policy.eventIdArguments.push(`=${id.value}`);
      else return null;
    }
  }
  return policy;
}

/** `operationName` and `variables` (as JSON text) of a POST body or GET query string. */
function requestParams(request: PreparedRequest): { operationName?: string; variables?: string } | null {
  if (request.method === 'GET') {
    const search = new URLSearchParams(request.search);
    return {
      operationName: search.get('operationName') ?? undefined,
      variables: search.get('variables') ?? undefined,
    };
  }
  const body = request.body as Record<string, unknown> | null;
  if (typeof body !== 'object' || body === null) return null;
  return {
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
    variables:
      body.variables === undefined || body.variables === null ? undefined : JSON.stringify(body.variables),
  };
}
