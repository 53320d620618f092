import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { EntitySchema } from '@mikro-orm/postgresql';
import express, { type Router } from 'express';
import type { DocumentNode } from 'graphql';
import type { Redis } from 'ioredis';
import type { ServiceConfig } from './config.ts';
import type { BaseContext } from './context.ts';
import { ErrorCode, formatError } from './errors.ts';
import { createGraphQLHttpHandler, createServiceServer, listenOn, sendGraphQLError } from './graphql-http.ts';
import { createAssertionVerifier, ROUTER_ASSERTION_HEADER, type RouterAssertion } from './identity.ts';
import { createLogger, type Logger } from './logger.ts';
import { createMetrics } from './metrics.ts';
import { applyMigrations, createOrm, type MigrationList, type Orm, requestScope } from './orm.ts';
import { createRedis, pingRedis } from './redis.ts';
import { shutdownSequence, stopWithin } from './shutdown.ts';
import { createSubscriptionServer, type SubscriptionServer } from './subscriptions.ts';

export interface RuntimeOptions {
  /** Service name: logs, metrics and traces carry it. */
  name: string;
  config: ServiceConfig;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape; MikroORM types them itself
  entities: EntitySchema<any, any>[];
  migrations: MigrationList;
}

/** The shared pieces of a running service, built before its domain code so the domain can use them. */
export interface ServiceRuntime {
  name: string;
  config: ServiceConfig;
  log: Logger;
  orm: Orm;
  redis: Redis;
  /** The service's Prometheus registry (`/metrics`): workers add their own metrics to it. */
  metrics: ReturnType<typeof createMetrics>;
  serve<Ctx extends BaseContext<unknown>>(options: ServeOptions<Ctx>): Promise<RunningService>;
  /** Stops tracked workers, then closes pools and connections (called by `RunningService.stop`). */
  close(): Promise<void>;
  /**
   * Stops tracked workers only, last tracked first, each within 2 s (`RunningService.stop` does it after the
   * HTTP drain and before closing pub/sub connections; tests call it to quiet a service). Idempotent.
   */
  stopWorkers(): Promise<void>;
  /**
   * Registers a background worker (outbox relay, event consumer, sweeper, reconciler): the service's shutdown
   * (shutdown.ts) stops it after requests are drained and before the pools it uses are closed. Returns the
   * worker.
   */
  track<W extends { stop(): Promise<void> }>(worker: W): W;
}

export interface ServeOptions<Ctx extends BaseContext<unknown>> {
  typeDefs: DocumentNode;
  /** Resolvers typed by the service's generated resolver types. */
  resolvers: object;
  /** Builds the per-request context: add the per-request DataLoaders and the service's domain handles. */
  context(base: Omit<BaseContext<unknown>, 'loaders'>): Ctx;
  /** Extra routes outside `/graphql` (e.g. auth's JWKS). They are public: only `/graphql` is router-only. */
  routes?(router: Router): void;
  plugins?: ApolloServerPlugin<Ctx>[];
  /**
   * Serve the schema's `Subscription` fields over graphql-ws on `/graphql`, for the router only (see
   * subscriptions.ts). Leave out for a service without subscriptions.
   */
  subscriptions?: SubscriptionsOption;
}

export interface SubscriptionsOption {
  /**
   * Called once the graphql-ws server is disposed and HTTP requests are drained, before pools close: close the
   * pub/sub connections here (closing them first breaks in-flight unsubscribes, NOTES.md).
   */
  close?(): Promise<void>;
}

export interface RunningService {
  url: string;
  port: number;
  /** Stop accepting, drain in-flight requests, then close pools. Idempotent. */
  stop(): Promise<void>;
}

/** Largest GraphQL request body a subgraph reads (the router's own limits are smaller). */
const MAX_BODY_BYTES = 1024 * 1024;

const headerValue = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** Connects Postgres (own schema, migrations) and Redis for a subgraph. */
export async function createRuntime(options: RuntimeOptions): Promise<ServiceRuntime> {
  const { name, config } = options;
  const log = createLogger(name, config.log.level);
  // Migrations first, as the migration role (the service's own role may not create tables), under the schema's
  // advisory lock so replicas starting together apply each migration once.
  const { url, migrationUrl, schema } = config.postgres;
  if (config.migrateOnStart && migrationUrl !== url) {
    await applyMigrations({ url: migrationUrl, schema, migrations: options.migrations, log });
  }
  const orm = await createOrm({
    url: config.postgres.url,
    schema: config.postgres.schema,
    entities: options.entities,
    migrations: options.migrations,
    log,
  });
  if (config.migrateOnStart && migrationUrl === url) await orm.migrate();
  const redis = createRedis(config.redis);
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));

  const workers: { stop(): Promise<void> }[] = [];
  const stopWorkers = async () => {
    // Last started first: a consumer's handler may leave outbox rows for the relay started before it.
    for (const worker of workers.splice(0).reverse()) await stopWithin(() => worker.stop(), log);
  };
  const close = async () => {
    await stopWorkers();
    await Promise.allSettled([orm.close(), redis.quit()]);
  };
  const runtime: ServiceRuntime = {
    name,
    config,
    log,
    orm,
    redis,
    metrics: createMetrics(name),
    close,
    stopWorkers,
    track: (worker) => {
      workers.push(worker);
      return worker;
    },
    serve: (serveOptions) => serve(runtime, serveOptions),
  };
  return runtime;
}

async function serve<Ctx extends BaseContext<unknown>>(
  runtime: ServiceRuntime,
  options: ServeOptions<Ctx>,
): Promise<RunningService> {
  const { config, log, orm, redis } = runtime;
  const app = express();
  app.disable('x-powered-by');
  const { server: httpServer, serveGraphQL, endKeepAlive } = createServiceServer(app);
  const { metrics } = runtime;
  let state: { phase: 'serving' } | { phase: 'stopping'; done: Promise<void> } = { phase: 'serving' };

  const schema = buildSubgraphSchema([{ typeDefs: options.typeDefs, resolvers: options.resolvers as never }]);
  const apollo = new ApolloServer<Ctx>({
    schema,
    includeStacktraceInErrorResponses: false,
    // runService owns SIGTERM/SIGINT: drain, then close pools, in that order.
    stopOnTerminationSignals: false,
    formatError: (formatted, error) =>
      formatError(formatted, () => log.error({ err: error, path: formatted.path }, 'internal error')),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Inline traces are for Apollo GraphOS; we trace with OpenTelemetry.
      ApolloServerPluginInlineTraceDisabled(),
      // Nothing reads cache hints from subgraphs (the router decides what it caches), and the default plugin
      // runs a hook for every field of every response: a seat map is 5,000 seats × their fields.
      ApolloServerPluginCacheControlDisabled(),
      metrics.plugin as ApolloServerPlugin<Ctx>,
      ...(options.plugins ?? []),
    ],
  });
  await apollo.start();

  app.get('/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/ready', async (_req, res) => {
    const [postgres, redisOk] = await Promise.all([orm.ping(), pingRedis(redis)]);
    const ok = postgres && redisOk && state.phase === 'serving';
    res.status(ok ? 200 : 503).json({
      status: ok ? 'ready' : 'unavailable',
      postgres,
      redis: redisOk,
      stopping: state.phase === 'stopping',
    });
  });
  app.get('/metrics', metrics.handler);
  if (options.routes) {
    const router = express.Router();
    options.routes(router);
    app.use(router);
  }

  // Only the router may call /graphql: it proves itself with a signed assertion that also carries the caller.
  // Served on node:http, not through Express (see graphql-http.ts); Express keeps the other routes.
  const verifyAssertion = createAssertionVerifier(config.router.secret);
  const handleGraphQL = createGraphQLHttpHandler(apollo, log);
  serveGraphQL((req, res) => {
    let assertion: RouterAssertion;
    try {
      assertion = verifyAssertion(headerValue(req.headers[ROUTER_ASSERTION_HEADER]));
    } catch (err) {
      log.warn(
        { reason: (err as Error).message, ip: req.socket.remoteAddress },
        'refused request without router credentials',
      );
      req.resume();
      sendGraphQLError(
        res,
        401,
        ErrorCode.UNAUTHENTICATED,
        'This service accepts requests from the TIKETI router only.',
      );
      return;
    }
    // Everything a request causes runs inside requestScope (statement counting, see orm.ts).
    requestScope.run(true, () => {
      void handleGraphQL(req, res, {
        maxBodyBytes: MAX_BODY_BYTES,
        context: async () =>
          options.context({
            identity: assertion.identity,
            clientIp: assertion.clientIp,
            em: orm.orm.em.fork(),
            log: log.child(assertion.identity ? { user: assertion.identity.userId } : {}),
          }),
      });
    });
  });

  const subscriptions: SubscriptionServer | null = options.subscriptions
    ? createSubscriptionServer({
        httpServer,
        schema,
        routerSecret: config.router.secret,
        log,
        context: (assertion) =>
          options.context({
            identity: assertion.identity,
            clientIp: assertion.clientIp,
            em: orm.orm.em.fork(),
            log: log.child(assertion.identity ? { user: assertion.identity.userId } : {}),
          }),
      })
    : null;

  await listenOn(httpServer, config.http.port, config.http.host);
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/graphql`;
  log.info({ url }, `${runtime.name} subgraph ready`);

  const shutdown = shutdownSequence(log, {
    async drain() {
      // Callers' next requests go on new connections (to another replica) while this one drains.
      endKeepAlive();
      // WebSockets first: an upgraded socket keeps the HTTP server from closing until it ends.
      await subscriptions?.dispose();
      // apollo.stop() runs the drain plugin: stops accepting, waits for in-flight requests, closes idle sockets.
      await apollo.stop();
    },
    // Workers (sweepers, relays, consumers) may still publish: stop them before the pub/sub connections close.
    stopWorkers: () => runtime.stopWorkers(),
    async close() {
      await options.subscriptions?.close?.();
      await runtime.close();
    },
  });
  const stop = () => {
    if (state.phase === 'stopping') return state.done;
    const done = shutdown();
    state = { phase: 'stopping', done };
    return done;
  };
  return { url, port, stop };
}
