import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ConfigError,
  envTypes,
  listenHost,
  type Mode,
  parseEnv,
  refuseDevelopmentSecrets,
  refuseSharedCredentials,
  type ServiceConfig,
  serviceEnvShape,
} from '@tiketi/kit/config';
import { z } from 'zod';

/** The subgraphs the supergraph names; each URL can be overridden by `<NAME>_SUBGRAPH_URL`. */
export const SUBGRAPH_NAMES = ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats'] as const;
export type SubgraphName = (typeof SUBGRAPH_NAMES)[number];

const DEFAULT_SUPERGRAPH_PATH = fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url));
/** The apps' trusted-document manifests, as `npm run codegen` writes them (trusted-documents.ts). */
const DEFAULT_TRUSTED_DOCUMENTS = ['web', 'admin'].map((app) =>
  fileURLToPath(new URL(`../../${app}/src/__generated__/persisted-documents.json`, import.meta.url)),
);

const count = z.coerce.number().int().positive();
/** A limit that may be turned off with 0; left out, the mode's default applies. */
const limitOrOff = z.coerce.number().int().min(0).optional();

/**
 * `express` `trust proxy`: `true`/`false`, a hop count, or a list of trusted addresses/subnets
 * (`loopback, 10.0.0.0/8`). Off by default so a client cannot pick its own IP with `X-Forwarded-For`.
 */
const trustProxy = z
  .string()
  .default('false')
  .transform((v): boolean | number | string => {
    if (v === 'true' || v === 'false') return v === 'true';
    if (/^\d+$/.test(v)) return Number(v);
    return v;
  });

const subgraphUrlShape = Object.fromEntries(
  SUBGRAPH_NAMES.map((name) => [`${name.toUpperCase()}_SUBGRAPH_URL`, envTypes.url.optional()]),
) as Record<`${Uppercase<SubgraphName>}_SUBGRAPH_URL`, z.ZodOptional<typeof envTypes.url>>;

const routerEnvShape = {
  TIKETI_ENV: serviceEnvShape.TIKETI_ENV,
  PORT: envTypes.port.default(4000),
  HOST: serviceEnvShape.HOST,
  REDIS_URL: serviceEnvShape.REDIS_URL,
  REDIS_PREFIX: serviceEnvShape.REDIS_PREFIX,
  ROUTER_SECRET: serviceEnvShape.ROUTER_SECRET,
  LOG_LEVEL: serviceEnvShape.LOG_LEVEL,
  TRUST_PROXY: trustProxy,
  CORS_ORIGINS: envTypes.list.default(['http://localhost:3000', 'http://localhost:3001']),
  MAX_BODY_BYTES: count.default(100 * 1024),
  // An arena's seat layout (5,000 seats with coordinates) is about 160 kB of JSON; subgraphs take up to 1 MiB.
  ADMIN_MAX_BODY_BYTES: count.default(1024 * 1024),
  AUTH_JWKS_URL: envTypes.url.default('http://127.0.0.1:4001/.well-known/jwks.json'),
  SUPERGRAPH_PATH: z.string().default(DEFAULT_SUPERGRAPH_PATH),
  TRUSTED_DOCUMENTS: envTypes.list.default(DEFAULT_TRUSTED_DOCUMENTS),
  /** How long anonymous public reads are answered from the router's cache (response-cache.ts); 0: off. At most 1 s. */
  RESPONSE_CACHE_TTL_MS: z.coerce.number().int().min(0).max(1000).default(1000),
  /** Single-fetch plans skip the gateway's executor (lean-path.ts); `false` runs everything through it. */
  LEAN_PATH: envTypes.bool.default(true),
  GRAPHQL_MAX_DEPTH: count.default(10),
  GRAPHQL_MAX_ALIASES: count.default(15),
  GRAPHQL_MAX_DIRECTIVES: count.default(10),
  GRAPHQL_MAX_TOKENS: count.default(2000),
  GRAPHQL_MAX_COST: count.default(200_000),
  GRAPHQL_SEATS_PER_MAP: count.default(20_000),
  SUBSCRIPTION_SHARED_FIELDS: envTypes.list.default(['seatChanged']),
  SUBSCRIPTION_MAX_BUFFERED_BYTES: count.default(1024 * 1024),
  SUBSCRIPTION_COALESCE_MS: z.coerce.number().int().min(0).max(200).default(50),
  SUBSCRIPTION_MAX_PER_CONNECTION: count.default(20),
  SUBSCRIPTION_KEEPALIVE_MS: count.default(12_000),
  SUBSCRIPTION_DRAIN_RATE: z.coerce.number().int().min(0).default(1_000),
  SUBSCRIPTION_MAX_SOCKETS_PER_IP: limitOrOff,
  RATE_LIMIT_PER_IP: limitOrOff,
  RATE_LIMIT_PER_USER: limitOrOff,
  RATE_LIMIT_WINDOW_SECONDS: count.max(3600).default(60),
  /**
   * Where uploaded posters live on local disk (kit/media.ts); the router accepts signed uploads and serves them
   * at /media/. Default outside production: .tiketi/media under the working directory. Production leaves it
   * unset (catalog uploads to S3 there) unless a shared volume is mounted for it.
   */
  MEDIA_DIR: z.string().min(1).optional(),
  /** How long the router reuses what Redis said of an API key: a revoked key works at most this much longer. */
  API_KEY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  ...subgraphUrlShape,
};

/** Limits on what one GraphQL operation may ask for; each refusal is a 400 with a documented code. */
export interface OperationLimits {
  /** Deepest selection nesting. @default 10 */
  depth: number;
  /** Aliases per operation. @default 15 */
  aliases: number;
  /** Directives per operation. @default 10 */
  directives: number;
  /** Lexical tokens per document (bounds parse cost before anything else runs). @default 2000 */
  tokens: number;
  /** Largest estimate of the values an answer can hold, list sizes counted (cost.ts). @default 200000 */
  cost: number;
  /** Seats one seat map is counted as in that estimate: the largest venue sold. @default 20000 */
  seatsPerMap: number;
}

export interface Config {
  mode: Mode;
  http: {
    port: number;
    /** Where to listen; undefined is every interface (production's default; kit `listenHost`). */
    host: string | undefined;
    trustProxy: boolean | number | string;
    /** Largest accepted request body. @default 102400 */
    maxBodyBytes: number;
    /** Largest accepted request body of a signed-in admin (seat layouts). @default 1048576 */
    adminMaxBodyBytes: number;
    corsOrigins: string[];
  };
  redis: ServiceConfig['redis'];
  router: ServiceConfig['router'];
  log: ServiceConfig['log'];
  auth: { jwksUrl: string };
  /**
   * The apps' persisted-document manifests (`TRUSTED_DOCUMENTS`, comma-separated paths), loaded at start-up.
   * `registeredOnly` (production): first-party callers may run only these; partners and development any document.
   */
  trustedDocuments: { paths: string[]; registeredOnly: boolean };
  supergraph: {
    path: string;
    /** Re-read the file when it changes (development only: production rolls out a new supergraph). */
    watch: boolean;
  };
  /** Overrides of the URLs the supergraph names, by subgraph name. */
  subgraphUrls: Partial<Record<SubgraphName, string>>;
  limits: OperationLimits;
  subscriptions: SubscriptionSettings;
  partners: { cacheMs: number };
  rateLimits: RateLimitSettings;
  /** The cache of anonymous public reads; `ttlMs` 0 turns it off. */
  responseCache: { ttlMs: number };
  /** Whether single-fetch plans take the lean path (lean-path.ts). */
  leanPath: boolean;
  /** Local-disk media (`/media/`): the folder, or null when the router serves none. */
  media: { dir: string } | null;
}

/** The graphql-ws endpoint (`ws://…/graphql`); see README "Subscriptions". */
export interface SubscriptionSettings {
  /**
   * `Subscription` fields whose events are the same for every caller: one upstream subscription per router
   * serves all their watchers, and the fields of other subgraphs are resolved anonymously. Every other field
   * is personal (per caller identity), so a new field is never shared by mistake.
   * @default ['seatChanged']
   */
  sharedFields: string[];
  /**
   * Bytes a socket may have waiting to be written before the router gives up on it (close 1013): a client
   * that stops reading must not grow the router's memory.
   * @default 1048576
   */
  maxBufferedBytes: number;
  /**
   * Coalescing window for fields that allow merging (`seatChanged`): events of one upstream subscription
   * gathered until this long after the last delivery ended, or after the window's first event if sooner, leave
   * as one message; behind a delivery that takes longer (a large audience), as soon as it ends. 0 delivers every
   * event alone. At most 200 (issue 4).
   * @default 50
   */
  coalesceMs: number;
  /** Active subscriptions one socket may hold. @default 20 */
  maxPerConnection: number;
  /** WebSocket ping interval; a peer that misses a pong for as long is dropped. @default 12000 */
  keepAliveMs: number;
  /**
   * Sockets closed per second when the router shuts down (1001, going away): its clients reconnect to the other
   * replicas at this pace instead of all in the same second. Spread over at most 15 s (above that the pace
   * rises), within the shutdown's 25 s deadline. 0 closes every socket at once.
   * @default 1000
   */
  drainRate: number;
  /**
   * Open graphql-ws connections one client address may hold on this router (per process, not across
   * replicas); the next upgrade is refused with HTTP 429. `null`: no cap.
   * @default 50 in production; no cap in other modes (tests and benches open thousands from one address)
   */
  maxSocketsPerIp: number | null;
}

/**
 * Requests per window at the router, counted in Redis so every replica shares one count (rate-limits.ts).
 * Anonymous callers count per client address, signed-in callers per user; partners by their key (partners.ts).
 * `null`: no limit. Production defaults sit far above a buyer's browsing, even many buyers behind one NAT.
 */
export interface RateLimitSettings {
  /** @default 60 */
  windowSeconds: number;
  /** Anonymous requests per client address and window. @default 1800 in production, off otherwise */
  perIp: number | null;
  /** A signed-in user's requests per window. @default 600 in production, off otherwise */
  perUser: number | null;
}

/** Production's defaults; tests and benchmarks drive the router from one loopback address, so they choose. */
const PRODUCTION_DEFAULTS = { perIp: 1800, perUser: 600, maxSocketsPerIp: 50 };
const limitIn = (mode: Mode, value: number | undefined, production: number): number | null => {
  const limit = value ?? (mode === 'production' ? production : 0);
  return limit === 0 ? null : limit;
};

export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(routerEnvShape, env);
  const problems: string[] = [];
  for (const check of [
    () => refuseDevelopmentSecrets(raw.TIKETI_ENV, { ROUTER_SECRET: raw.ROUTER_SECRET }),
    // Production logs in to Redis as the router's own ACL user (issue 15, kit/redis-acl.ts).
    () => refuseSharedCredentials(raw.TIKETI_ENV, { REDIS_URL: raw.REDIS_URL }),
  ]) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const subgraphUrls: Partial<Record<SubgraphName, string>> = {};
  for (const name of SUBGRAPH_NAMES) {
    const url = raw[`${name.toUpperCase() as Uppercase<SubgraphName>}_SUBGRAPH_URL`];
    if (url) subgraphUrls[name] = url;
  }
  return {
    mode: raw.TIKETI_ENV,
    http: {
      port: raw.PORT,
      host: listenHost(raw.TIKETI_ENV, raw.HOST),
      trustProxy: raw.TRUST_PROXY,
      maxBodyBytes: raw.MAX_BODY_BYTES,
      adminMaxBodyBytes: raw.ADMIN_MAX_BODY_BYTES,
      corsOrigins: raw.CORS_ORIGINS,
    },
    redis: { url: raw.REDIS_URL, prefix: raw.REDIS_PREFIX },
    router: { secret: raw.ROUTER_SECRET },
    log: { level: raw.LOG_LEVEL },
    auth: { jwksUrl: raw.AUTH_JWKS_URL },
    trustedDocuments: { paths: raw.TRUSTED_DOCUMENTS, registeredOnly: raw.TIKETI_ENV === 'production' },
    supergraph: { path: raw.SUPERGRAPH_PATH, watch: raw.TIKETI_ENV === 'development' },
    subgraphUrls,
    limits: {
      depth: raw.GRAPHQL_MAX_DEPTH,
      aliases: raw.GRAPHQL_MAX_ALIASES,
      directives: raw.GRAPHQL_MAX_DIRECTIVES,
      tokens: raw.GRAPHQL_MAX_TOKENS,
      cost: raw.GRAPHQL_MAX_COST,
      seatsPerMap: raw.GRAPHQL_SEATS_PER_MAP,
    },
    subscriptions: {
      sharedFields: raw.SUBSCRIPTION_SHARED_FIELDS,
      maxBufferedBytes: raw.SUBSCRIPTION_MAX_BUFFERED_BYTES,
      coalesceMs: raw.SUBSCRIPTION_COALESCE_MS,
      maxPerConnection: raw.SUBSCRIPTION_MAX_PER_CONNECTION,
      keepAliveMs: raw.SUBSCRIPTION_KEEPALIVE_MS,
      drainRate: raw.SUBSCRIPTION_DRAIN_RATE,
      maxSocketsPerIp: limitIn(
        raw.TIKETI_ENV,
        raw.SUBSCRIPTION_MAX_SOCKETS_PER_IP,
        PRODUCTION_DEFAULTS.maxSocketsPerIp,
      ),
    },
    rateLimits: {
      windowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS,
      perIp: limitIn(raw.TIKETI_ENV, raw.RATE_LIMIT_PER_IP, PRODUCTION_DEFAULTS.perIp),
      perUser: limitIn(raw.TIKETI_ENV, raw.RATE_LIMIT_PER_USER, PRODUCTION_DEFAULTS.perUser),
    },
    partners: { cacheMs: raw.API_KEY_CACHE_MS },
    responseCache: { ttlMs: raw.RESPONSE_CACHE_TTL_MS },
    leanPath: raw.LEAN_PATH,
    media: raw.MEDIA_DIR
      ? { dir: resolve(raw.MEDIA_DIR) }
      : raw.TIKETI_ENV === 'production'
        ? null
        : { dir: resolve('.tiketi/media') },
  };
}
