import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { API_KEY_HEADER } from '@tiketi/kit/api-keys';
import { ErrorCode, formatError, INTERNAL_ERROR_MESSAGE } from '@tiketi/kit/errors';
import {
  createGraphQLHttpHandler,
  createServiceServer,
  listenOn,
  sendGraphQLError,
} from '@tiketi/kit/graphql-http';
import { createLogger } from '@tiketi/kit/logger';
import { createMetrics } from '@tiketi/kit/metrics';
import { createRedis, pingRedis } from '@tiketi/kit/redis';
import { revokedSessionKey } from '@tiketi/kit/session-revocation';
import { shutdownSequence } from '@tiketi/kit/shutdown';
import express, { type Express } from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { createSessionVerifier, identityOnly, redisSessionRevocations } from './auth.ts';
import type { RouterContext } from './context.ts';
import type { Config } from './environment.ts';
import { createGateway, type SubgraphDataSource } from './gateway.ts';
import { authenticator, clientIp, corsPolicy, type TrustProxy } from './http.ts';
import { checkScalarsOf, nulBytePlugin, operationResolutionPlugin, userInputCode } from './input.ts';
import { type LeanHandover, LeanHttp } from './lean-http.ts';
import { LeanPath } from './lean-path.ts';
import { hideTokenLimit, operationLimitProtection } from './limits.ts';
import { mountMedia } from './media.ts';
import { partnerAuthenticator, partnerScopePlugin } from './partners.ts';
import { routerRateLimiter } from './rate-limits.ts';
import { ResponseCache } from './response-cache.ts';
import { stripInternals } from './responses.ts';
import { createSubgraphFetch } from './subgraph-fetch.ts';
import {
  createSubscriptionEndpoint,
  createSubscriptionMetrics,
  FanOut,
  SubscriptionSchema,
  UpstreamPool,
} from './subscriptions/index.ts';
import type { SupergraphSource } from './supergraph.ts';
import { incomingTraceContext, untraced } from './trace.ts';
import { TrustedDocumentStore, TrustedDocuments } from './trusted-documents.ts';

/** A subgraph that has not answered in this long is treated as down (the client gets INTERNAL_SERVER_ERROR). */
const SUBGRAPH_TIMEOUT_MS = 30_000;

export interface BootstrapOptions {
  /** Serve this supergraph SDL instead of reading `config.supergraph.path` (tests compose their own). */
  supergraphSdl?: string;
  /** Subgraph URLs by name; they win over `config.subgraphUrls` and the supergraph's own URLs. */
  subgraphUrls?: Record<string, string>;
}

export interface RunningRouter {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** The graphql-ws endpoint on the same port and path, e.g. `ws://127.0.0.1:4000/graphql`. */
  wsUrl: string;
  port: number;
  /**
   * Close WebSockets with 1001 (clients reconnect elsewhere), end upstream subscriptions, stop accepting, drain
   * in-flight requests, stop the gateway, close Redis. Idempotent.
   */
  stop(): Promise<void>;
}

/** A readiness probe must answer well inside the kubelet's timeout even when Redis hangs. */
const READY_PING_TIMEOUT_MS = 1_000;

/**
 * The router, in the order it comes up: what it observes with, how it plans and runs operations, Apollo Server
 * on top, the HTTP routes and the GraphQL handler, the WebSocket endpoint, then listening and the way down.
 * Each step is its own function below.
 */
export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<RunningRouter> {
  // Reading the manifests (observability names operations by them) and loading the supergraph are the router's
  // own work, not requests: no spans.
  const observed = untraced(() => observability(config));
  // The router's own Redis: readiness, revoked sessions, partner keys, rate limits. Live updates reach it from
  // the subgraphs, which share them between replicas over Redis pub/sub.
  const redis = createRedis(config.redis);
  redis.on('error', (err) => observed.log.warn({ err: err.message }, 'redis error'));
  const execution = untraced(() => operationExecution(config, options, observed));
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // /graphql is served on node:http, not through Express (see the kit's graphql-http.ts); Express keeps the
  // probes, metrics and the WebSocket upgrade's app.
  const { server: httpServer, serveGraphQL: routeGraphQL, endKeepAlive } = createServiceServer(app);
  const apollo = apolloServer(observed, execution, httpServer);
  try {
    await untraced(() => apollo.start());
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  let stopping: Promise<void> | null = null;
  const verifySession = sessionVerifier(config, observed, redis);
  const cors = httpRoutes(app, config, observed, redis, {
    loaded: execution.loaded,
    stopping: () => stopping !== null,
  });
  routeGraphQL(graphqlHandler({ app, cors, config, observed, execution, redis, apollo, verifySession }));
  const live = subscriptionEndpoint({ app, httpServer, config, observed, execution, verifySession });

  try {
    await execution.responseCache?.listen(config.redis);
    await listenOn(httpServer, config.http.port, config.http.host);
  } catch (err) {
    await execution.responseCache?.close();
    await live.endpoint.dispose();
    await apollo.stop();
    redis.disconnect();
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  observed.log.info({ url, mode: config.mode }, 'router ready');

  const shutdown = shutdownSequence(observed.log, {
    async drain() {
      // Kept-alive HTTP connections end first, before the paced WebSocket drain (up to 15 s): each answers its
      // next request with `Connection: close`, so the one after goes to another replica rather than onto a
      // connection cut when HTTP stops. Then sockets (1001:
      // clients reconnect to another replica), upstream subscriptions (their last unsubscribes need the
      // connections), and HTTP.
      endKeepAlive();
      await live.endpoint.dispose();
      live.fanOut.close();
      await live.upstream.close();
      // Runs the drain plugin (stop accepting, finish in-flight requests) and stops the gateway.
      await apollo.stop();
    },
    async close() {
      await execution.subgraphFetch.close();
      await execution.responseCache?.close();
      await closeRedis(redis);
    },
  });
  const stop = () => {
    stopping ??= shutdown();
    return stopping;
  };
  return { url, wsUrl: `ws://127.0.0.1:${port}/graphql`, port, stop };
}

/** The logger, the metrics registry and the router's own counters. */
function observability(config: Config) {
  const log = createLogger('router', config.log.level);
  const trusted = TrustedDocuments.fromFiles(config.trustedDocuments.paths);
  // The label of an operation is the name of a registered document (or `other`), never the client's choice.
  const metrics = createMetrics('router', {
    operations: [...trusted.documents].flatMap((d) => d.operationName ?? []),
  });
  const counter = (name: string, help: string, label: string) =>
    new Counter({ name, help, labelNames: [label], registers: [metrics.registry] });
  return {
    log,
    production: config.mode === 'production',
    trusted,
    metrics,
    authRejections: counter(
      'router_auth_rejections_total',
      'Requests refused for their credentials, by reason',
      'reason',
    ),
    cacheResults: counter(
      'router_response_cache_requests_total',
      'Cacheable anonymous reads, answered from the response cache (hit) or not (miss)',
      'result',
    ),
    leanResults: counter(
      'router_lean_path_requests_total',
      'Operations run by the lean path for single-fetch plans (direct: answered before Apollo Server; lean: in Apollo Server without the gateway executor; lean_shaped: an answer with errors shaped by the gateway) or by the gateway executor (general)',
      'path',
    ),
    rateLimited: counter(
      'router_rate_limited_total',
      "Requests refused with 429 for their caller's rate, by who was limited (ip: anonymous, user)",
      'caller',
    ),
  };
}
type Observed = ReturnType<typeof observability>;

/**
 * How operations are planned and run: the gateway over the supergraph (its data sources shared with the
 * subscription path), the operation limits, trusted documents prepared per supergraph, the response cache, the
 * lean path, and the subscription planner, all renewed together when the supergraph changes.
 */
function operationExecution(config: Config, options: BootstrapOptions, observed: Observed) {
  const { log, trusted } = observed;
  const supergraph: SupergraphSource =
    options.supergraphSdl !== undefined
      ? { kind: 'sdl', sdl: options.supergraphSdl }
      : { kind: 'file', path: config.supergraph.path, watch: config.supergraph.watch };
  const dataSources = new Map<string, SubgraphDataSource>();
  const subgraphUrls = new Map<string, string>();
  const subgraphFetch = createSubgraphFetch({ timeoutMs: SUBGRAPH_TIMEOUT_MS });
  const gateway = createGateway({
    supergraph,
    fetch: subgraphFetch.fetch,
    subgraphUrls: { ...config.subgraphUrls, ...options.subgraphUrls },
    routerSecret: config.router.secret,
    log,
    onSubgraph: ({ name, url, dataSource }) => {
      dataSources.set(name, dataSource);
      subgraphUrls.set(name, url);
    },
  });
  const limits = operationLimitProtection(config.limits, { exposeLimits: !observed.production });
  const documentStore = new TrustedDocumentStore(trusted, {
    validationRules: limits.validationRules,
    maxTokens: config.limits.tokens,
  });
  const responseCache =
    config.responseCache.ttlMs > 0
      ? new ResponseCache({
          trusted,
          log,
          ttlMs: config.responseCache.ttlMs,
          onResult: (result) => observed.cacheResults.inc({ result }),
        })
      : null;
  const leanPath = config.leanPath
    ? new LeanPath({
        dataSource: (name) => dataSources.get(name),
        onResult: (path) => observed.leanResults.inc({ path }),
      })
    : null;
  // Registered single-fetch documents skip Apollo Server's pipeline too (lean-http.ts).
  const leanHttp =
    leanPath &&
    new LeanHttp({
      leanPath,
      subgraph: (name) => dataSources.get(name),
      send: subgraphFetch.send,
      onServed: (operationName, type, startedAt, errors) => {
        observed.metrics.observe(operationName, type, startedAt, errors);
        observed.leanResults.inc({ path: 'direct' });
      },
    });
  let loaded = false;
  let subscriptionSchema: SubscriptionSchema | null = null;
  // What the router works out for a supergraph is not a request: no spans for it.
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) =>
    untraced(() => {
      loaded = true;
      checkScalarsOf(apiSchema);
      const prepared = documentStore.precompute(apiSchema);
      responseCache?.setSchema(apiSchema);
      const lean = leanPath?.setSchema({ apiSchema, coreSupergraphSdl }, documentStore.prepared());
      log.info(
        { registered: trusted.size, prepared, lean, registeredOnly: config.trustedDocuments.registeredOnly },
        'trusted documents parsed and validated',
      );
      try {
        subscriptionSchema = new SubscriptionSchema(coreSupergraphSdl, apiSchema, {
          maxTokens: config.limits.tokens,
          validationRules: limits.validationRules,
        });
      } catch (err) {
        log.error({ err }, 'cannot plan subscriptions on the new supergraph; keeping the previous one');
      }
    }),
  );
  return {
    gateway: leanPath ? leanPath.wrap(gateway) : gateway,
    limits,
    documentStore,
    responseCache,
    leanHttp,
    dataSources,
    subgraphUrls,
    subgraphFetch,
    /** A supergraph has been loaded (readiness). */
    loaded: () => loaded,
    subscriptionSchema: () => subscriptionSchema,
  };
}
type Execution = ReturnType<typeof operationExecution>;

/** Apollo Server over the gateway: CSRF, limits, trusted documents, error masking, metrics, landing page. */
function apolloServer(observed: Observed, execution: Execution, httpServer: Server) {
  const { log, production, metrics } = observed;
  const { limits } = execution;
  return new ApolloServer<RouterContext>({
    gateway: execution.gateway,
    // Browsers cannot send a cross-site GET or form/text POST that Apollo executes: only JSON bodies are read
    // (the kit's graphql-http.ts), and Apollo refuses the rest without a preflight-forcing header.
    csrfPrevention: true,
    introspection: !production,
    // Drops "Did you mean …?" field suggestions, which would let anyone map the schema without introspection.
    hideSchemaDetailsFromClientErrors: production,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Trusted documents replace APQ: ids are resolved before Apollo (trusted-documents.ts), and nobody may
    // register a document by sending it.
    persistedQueries: false,
    documentStore: execution.documentStore,
    // runService owns SIGTERM/SIGINT; Apollo's own handler would re-raise the signal mid-shutdown.
    stopOnTerminationSignals: false,
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    formatError: (formatted, error) =>
      formatError(
        stripInternals(userInputCode(production ? hideTokenLimit(formatted) : formatted, error)),
        () => log.error({ err: error, path: formatted.path }, 'internal error'),
      ),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      metrics.plugin as ApolloServerPlugin<RouterContext>,
      ...(limits.plugins as ApolloServerPlugin<RouterContext>[]),
      partnerScopePlugin(),
      nulBytePlugin(),
      operationResolutionPlugin(),
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
}

/** Access tokens checked against auth's JWKS, and against the sessions ended since (logOut). */
function sessionVerifier(config: Config, observed: Observed, redis: Redis) {
  return createSessionVerifier({
    jwksUrl: config.auth.jwksUrl,
    isSessionRevoked: redisSessionRevocations(
      (key) => redis.get(key),
      revokedSessionKey,
      (err) =>
        observed.log.warn(
          { err: (err as Error).message },
          'ended sessions cannot be checked; token accepted',
        ),
    ),
  });
}

/** CORS, the probes, /metrics and (in development) media uploads; returns the CORS policy for /graphql. */
function httpRoutes(
  app: Express,
  config: Config,
  observed: Observed,
  redis: Redis,
  state: { loaded(): boolean; stopping(): boolean },
) {
  const cors = corsPolicy(config.http.corsOrigins);
  app.use(cors);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const redisOk = await pingWithin(redis, READY_PING_TIMEOUT_MS);
    const stopping = state.stopping();
    const ok = state.loaded() && redisOk && !stopping;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'unavailable',
      supergraph: state.loaded(),
      redis: redisOk,
      stopping,
    });
  });
  app.get('/metrics', observed.metrics.handler);
  if (config.media) {
    mountMedia(app, { dir: config.media.dir, routerSecret: config.router.secret, log: observed.log });
  }
  return cors;
}

/**
 * POST/GET /graphql: who is calling (a partner's key or a user's token, refused here when bad), their rate,
 * their trusted document or cached answer, then Apollo.
 */
function graphqlHandler(parts: {
  app: Express;
  cors: ReturnType<typeof corsPolicy>;
  config: Config;
  observed: Observed;
  execution: Execution;
  redis: Redis;
  apollo: ApolloServer<RouterContext>;
  verifySession: ReturnType<typeof createSessionVerifier>;
}) {
  const { app, cors, config, observed, execution, redis } = parts;
  const { log, trusted } = observed;
  const { responseCache, leanHttp } = execution;
  const registeredOnly = config.trustedDocuments.registeredOnly;
  const authenticate = authenticator(identityOnly(parts.verifySession), log, observed.authRejections);
  const trustProxy = app.get('trust proxy fn') as TrustProxy;
  const handleGraphQL = createGraphQLHttpHandler(parts.apollo, log);
  const authenticatePartner = partnerAuthenticator({ redis, log, cacheMs: config.partners.cacheMs });
  const withinRate = routerRateLimiter({
    redis,
    log,
    settings: config.rateLimits,
    onLimited: (caller) => observed.rateLimited.inc({ caller }),
  });
  const serveGraphQL = async (req: IncomingMessage, res: ServerResponse) => {
    const ip = clientIp(req, trustProxy);
    // A partner's API key, or a user's access token (or neither): each refuses the request itself when bad.
    const caller =
      req.headers[API_KEY_HEADER] !== undefined
        ? await authenticatePartner(req, res, ip).then((partner) => partner && { identity: null, partner })
        : await authenticate(req, res, ip).then((identity) =>
            identity === undefined ? undefined : { identity },
          );
    if (!caller) return;
    // Partners are limited per key (partners.ts); everyone else per user, or per address when anonymous.
    if (withinRate && !('partner' in caller) && !(await withinRate(req, res, caller.identity, ip))) return;
    const anonymous = caller.identity === null && !('partner' in caller);
    // A cacheable read by GET is what a CDN can keep: Apollo's CSRF check (for GETs with side effects) does not apply.
    if (anonymous && responseCache && req.method === 'GET' && responseCache.cacheableGet(req.url ?? ''))
      req.headers['apollo-require-preflight'] = 'cacheable';
    const accept = req.headers.accept;
    /** A subgraph's answer the lean path hands to Apollo Server to shape (lean-http.ts). */
    let handover: LeanHandover | undefined;
    await handleGraphQL(req, res, {
      // Seat layouts are large; nobody else needs more than a hold's worth.
      maxBodyBytes:
        caller.identity?.role === 'ADMIN' ? config.http.adminMaxBodyBytes : config.http.maxBodyBytes,
      context: async () => ({
        ...caller,
        clientIp: ip,
        traceContext: incomingTraceContext(req.headers),
        ...(handover ? { leanAnswer: handover } : {}),
      }),
      prepare: (request, response) => {
        const prepared = trusted.prepare(request, response, {
          registeredOnly: registeredOnly && !('partner' in caller),
          accept,
        });
        if (prepared.answered || !prepared.document) return prepared.answered;
        // Only registered documents are cached, or answered in front of Apollo Server.
        if (anonymous && responseCache?.serve(request, response, prepared.document)) return true;
        // Partners' requests keep Apollo's pipeline: their scopes are checked there (partners.ts).
        if (!leanHttp || 'partner' in caller) return false;
        return leanHttp.serve(request, response, {
          document: prepared.document,
          caller: () => ({
            identity: caller.identity,
            clientIp: ip,
            traceContext: incomingTraceContext(req.headers),
          }),
          handOver: (answer) => {
            handover = answer;
          },
        });
      },
    });
    // What admins change (events, layouts, blocked seats) shows at once on this replica's cached reads.
    if (caller.identity?.role === 'ADMIN') responseCache?.clear();
  };
  return (req: IncomingMessage, res: ServerResponse) => {
    // CORS as for every route; a preflight ends there.
    cors(req as never, res as never, () => {
      serveGraphQL(req, res).catch((err: unknown) => {
        log.error({ err }, 'GraphQL request failed before Apollo');
        if (!res.headersSent)
          sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
      });
    });
  };
}

/** graphql-ws on the same port and path: the planner, one upstream per subgraph, the fan-out to sockets. */
function subscriptionEndpoint(parts: {
  app: Express;
  httpServer: Server;
  config: Config;
  observed: Observed;
  execution: Execution;
  verifySession: ReturnType<typeof createSessionVerifier>;
}) {
  const { config, observed, execution } = parts;
  const { log, production, trusted } = observed;
  const clientErrors = (errors: readonly GraphQLFormattedError[]) =>
    errors.map(
      (e) =>
        formatError(
          stripInternals(e as GraphQLFormattedError & { extensions?: Record<string, unknown> }),
          () => log.error({ err: e.message, path: e.path }, 'internal error in subscription'),
        ) as GraphQLFormattedError,
    );
  const upstream = new UpstreamPool({
    routerSecret: config.router.secret,
    log,
    urlOf: (subgraph) => execution.subgraphUrls.get(subgraph),
  });
  let endpoint: ReturnType<typeof createSubscriptionEndpoint> | undefined;
  const subscriptionMetrics = createSubscriptionMetrics(observed.metrics.registry, {
    sockets: () => endpoint?.sockets ?? 0,
    subscriptions: () => fanOut.subscriptions,
    upstreams: () => fanOut.upstreams,
  });
  const fanOut = new FanOut({
    pool: upstream,
    sharedFields: new Set(config.subscriptions.sharedFields),
    coalesceMs: config.subscriptions.coalesceMs,
    maxBufferedBytes: config.subscriptions.maxBufferedBytes,
    dataSources: execution.dataSources,
    formatErrors: clientErrors,
    metrics: subscriptionMetrics,
    log,
  });
  endpoint = createSubscriptionEndpoint({
    httpServer: parts.httpServer,
    app: parts.app,
    verify: parts.verifySession,
    schema: execution.subscriptionSchema,
    // Subscriptions are first-party only (partners cannot subscribe): in production, registered documents.
    resolveDocument: (payload) =>
      trusted.resolve(payload, { registeredOnly: config.trustedDocuments.registeredOnly }),
    fanOut,
    settings: config.subscriptions,
    maxMessageBytes: config.http.maxBodyBytes,
    formatErrors: clientErrors,
    authRejections: observed.authRejections,
    log,
    exposeLimits: !production,
  });
  return { endpoint, fanOut, upstream };
}

async function pingWithin(redis: Redis, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([pingRedis(redis), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function closeRedis(redis: Redis): Promise<void> {
  // QUIT waits for a reply that never comes while disconnected; then just drop the reconnect loop.
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
