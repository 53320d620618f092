import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { GraphQLDataSource } from '@apollo/gateway';
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
import express from 'express';
import type { GraphQLFormattedError } from 'graphql';
import type { Redis } from 'ioredis';
import { Counter } from 'prom-client';
import { createSessionVerifier, identityOnly, redisSessionRevocations } from './auth.ts';
import type { RouterContext } from './context.ts';
import type { Config } from './environment.ts';
import { createGateway } from './gateway.ts';
import { authenticator, clientIp, corsPolicy, type TrustProxy } from './http.ts';
import { checkScalarsOf, nulBytePlugin, userInputCode } from './input.ts';
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
import { incomingTraceContext } from './trace.ts';
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

export async function bootstrap(config: Config, options: BootstrapOptions = {}): Promise<RunningRouter> {
  const log = createLogger('router', config.log.level);
  const production = config.mode === 'production';

  const trusted = TrustedDocuments.fromFiles(config.trustedDocuments.paths);
  const registeredOnly = config.trustedDocuments.registeredOnly;
  // The label of an operation is the name of a registered document (or `other`), never the client's choice.
  const metrics = createMetrics('router', {
    operations: [...trusted.documents].flatMap((d) => d.operationName ?? []),
  });
  const authRejections = new Counter({
    name: 'router_auth_rejections_total',
    help: 'Requests refused for their credentials, by reason',
    labelNames: ['reason'],
    registers: [metrics.registry],
  });

  // The router itself only pings Redis (readiness): live updates reach it from the subgraphs, which share
  // them between replicas over Redis pub/sub.
  const redis = createRedis(config.redis);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));

  const supergraph: SupergraphSource =
    options.supergraphSdl !== undefined
      ? { kind: 'sdl', sdl: options.supergraphSdl }
      : { kind: 'file', path: config.supergraph.path, watch: config.supergraph.watch };
  // The subscription path calls the subgraphs the gateway calls, through the same data sources.
  const dataSources = new Map<string, GraphQLDataSource>();
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
  const limits = operationLimitProtection(config.limits, { exposeLimits: !production });
  const documentStore = new TrustedDocumentStore(trusted, {
    validationRules: limits.validationRules,
    maxTokens: config.limits.tokens,
  });
  const cacheResults = new Counter({
    name: 'router_response_cache_requests_total',
    help: 'Cacheable anonymous reads, answered from the response cache (hit) or not (miss)',
    labelNames: ['result'],
    registers: [metrics.registry],
  });
  const responseCache =
    config.responseCache.ttlMs > 0
      ? new ResponseCache({
          trusted,
          log,
          ttlMs: config.responseCache.ttlMs,
          onResult: (result) => cacheResults.inc({ result }),
        })
      : null;
  const leanResults = new Counter({
    name: 'router_lean_path_requests_total',
    help: 'Operations run by the lean path for single-fetch plans (lean, lean_shaped: answer with errors shaped by the gateway) or the gateway executor (general)',
    labelNames: ['path'],
    registers: [metrics.registry],
  });
  const leanPath = config.leanPath
    ? new LeanPath({
        dataSource: (name) => dataSources.get(name),
        onResult: (path) => leanResults.inc({ path }),
      })
    : null;
  let supergraphLoaded = false;
  let subscriptionSchema: SubscriptionSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema, coreSupergraphSdl }) => {
    supergraphLoaded = true;
    checkScalarsOf(apiSchema);
    const prepared = documentStore.precompute(apiSchema);
    responseCache?.setSchema(apiSchema);
    const lean = leanPath?.setSchema({ apiSchema, coreSupergraphSdl }, documentStore.prepared());
    log.info(
      { registered: trusted.size, prepared, lean, registeredOnly },
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
  });

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.http.trustProxy);
  // /graphql is served on node:http, not through Express (see the kit's graphql-http.ts); Express keeps the
  // probes, metrics and the WebSocket upgrade's app.
  const { server: httpServer, serveGraphQL: routeGraphQL } = createServiceServer(app);
  let state: { phase: 'serving' } | { phase: 'stopping'; done: Promise<void> } = { phase: 'serving' };

  const clientErrors = (errors: readonly GraphQLFormattedError[]) =>
    errors.map(
      (e) =>
        formatError(
          stripInternals(e as GraphQLFormattedError & { extensions?: Record<string, unknown> }),
          () => log.error({ err: e.message, path: e.path }, 'internal error in subscription'),
        ) as GraphQLFormattedError,
    );
  const apollo = new ApolloServer<RouterContext>({
    gateway: leanPath ? leanPath.wrap(gateway) : gateway,
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
    documentStore,
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
      production
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
  try {
    await apollo.start();
  } catch (err) {
    redis.disconnect();
    throw err;
  }

  const cors = corsPolicy(config.http.corsOrigins);
  app.use(cors);
  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const redisOk = await pingWithin(redis, READY_PING_TIMEOUT_MS);
    const stopping = state.phase === 'stopping';
    const ok = supergraphLoaded && redisOk && !stopping;
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'unavailable',
      supergraph: supergraphLoaded,
      redis: redisOk,
      stopping,
    });
  });
  app.get('/metrics', metrics.handler);
  if (config.media) mountMedia(app, { dir: config.media.dir, routerSecret: config.router.secret, log });
  const verifySession = createSessionVerifier({
    jwksUrl: config.auth.jwksUrl,
    isSessionRevoked: redisSessionRevocations(
      (key) => redis.get(key),
      revokedSessionKey,
      (err) => log.warn({ err: (err as Error).message }, 'ended sessions cannot be checked; token accepted'),
    ),
  });
  const authenticate = authenticator(identityOnly(verifySession), log, authRejections);
  const trustProxy = app.get('trust proxy fn') as TrustProxy;
  const handleGraphQL = createGraphQLHttpHandler(apollo, log);
  const authenticatePartner = partnerAuthenticator({ redis, log, cacheMs: config.partners.cacheMs });
  const rateLimited = new Counter({
    name: 'router_rate_limited_total',
    help: "Requests refused with 429 for their caller's rate, by who was limited (ip: anonymous, user)",
    labelNames: ['caller'],
    registers: [metrics.registry],
  });
  const withinRate = routerRateLimiter({
    redis,
    log,
    settings: config.rateLimits,
    onLimited: (caller) => rateLimited.inc({ caller }),
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
    await handleGraphQL(req, res, {
      // Seat layouts are large; nobody else needs more than a hold's worth.
      maxBodyBytes:
        caller.identity?.role === 'ADMIN' ? config.http.adminMaxBodyBytes : config.http.maxBodyBytes,
      context: async () => ({ ...caller, clientIp: ip, traceContext: incomingTraceContext(req.headers) }),
      prepare: (request, response) =>
        trusted.prepare(request, response, {
          registeredOnly: registeredOnly && !('partner' in caller),
          accept: req.headers.accept,
        }) ||
        (anonymous && (responseCache?.serve(request, response, req.headers.accept) ?? false)),
    });
    // What admins change (events, layouts, blocked seats) shows at once on this replica's cached reads.
    if (caller.identity?.role === 'ADMIN') responseCache?.clear();
  };
  routeGraphQL((req, res) => {
    // CORS as for every route; a preflight ends there.
    cors(req as never, res as never, () => {
      serveGraphQL(req, res).catch((err: unknown) => {
        log.error({ err }, 'GraphQL request failed before Apollo');
        if (!res.headersSent)
          sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
      });
    });
  });

  const upstream = new UpstreamPool({
    routerSecret: config.router.secret,
    log,
    urlOf: (subgraph) => subgraphUrls.get(subgraph),
  });
  let endpoint: ReturnType<typeof createSubscriptionEndpoint> | undefined;
  const subscriptionMetrics = createSubscriptionMetrics(metrics.registry, {
    sockets: () => endpoint?.sockets ?? 0,
    subscriptions: () => fanOut.subscriptions,
    upstreams: () => fanOut.upstreams,
  });
  const fanOut = new FanOut({
    pool: upstream,
    sharedFields: new Set(config.subscriptions.sharedFields),
    coalesceMs: config.subscriptions.coalesceMs,
    maxBufferedBytes: config.subscriptions.maxBufferedBytes,
    dataSources,
    formatErrors: clientErrors,
    metrics: subscriptionMetrics,
    log,
  });
  endpoint = createSubscriptionEndpoint({
    httpServer,
    app,
    verify: verifySession,
    schema: () => subscriptionSchema,
    // Subscriptions are first-party only (partners cannot subscribe): in production, registered documents.
    resolveDocument: (payload) => trusted.resolve(payload, { registeredOnly }),
    fanOut,
    settings: config.subscriptions,
    maxMessageBytes: config.http.maxBodyBytes,
    formatErrors: clientErrors,
    authRejections,
    log,
    exposeLimits: !production,
  });
  const subscriptions = endpoint;

  try {
    await responseCache?.listen(config.redis);
    await listenOn(httpServer, config.http.port, config.http.host);
  } catch (err) {
    await responseCache?.close();
    await subscriptions.dispose();
    await apollo.stop();
    redis.disconnect();
    throw err;
  }
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  const wsUrl = `ws://127.0.0.1:${port}/graphql`;
  log.info({ url, mode: config.mode }, 'router ready');

  const shutdown = shutdownSequence(log, {
    async drain() {
      // Sockets first (1001: clients reconnect to another replica), then upstream subscriptions (their last
      // unsubscribes need the connections), then HTTP.
      await subscriptions.dispose();
      fanOut.close();
      await upstream.close();
      // Runs the drain plugin (stop accepting, finish in-flight requests) and stops the gateway.
      await apollo.stop();
    },
    async close() {
      await subgraphFetch.close();
      await responseCache?.close();
      await closeRedis(redis);
    },
  });
  const stop = () => {
    if (state.phase === 'stopping') return state.done;
    const done = shutdown();
    state = { phase: 'stopping', done };
    return done;
  };
  return { url, wsUrl, port, stop };
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
