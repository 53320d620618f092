import { bootstrap as bootstrapAuth, loadConfig as loadAuthConfig } from '@tiketi/auth';
import { bootstrap as bootstrapCatalog, loadConfig as loadCatalogConfig } from '@tiketi/catalog';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import {
  bootstrap as bootstrapPayment,
  loadConfig as loadPaymentConfig,
  type PaymentService,
} from '@tiketi/payment';
import {
  startTossEmulator,
  type TossEmulator,
  type TossEmulatorOptions,
} from '@tiketi/payment/toss-emulator';
import { bootstrap as bootstrapQueue, loadConfig as loadQueueConfig, type QueueService } from '@tiketi/queue';
import {
  bootstrap as bootstrapRouter,
  loadConfig as loadRouterConfig,
  type RunningRouter,
} from '@tiketi/router';
import {
  bootstrap as bootstrapSeating,
  loadConfig as loadSeatingConfig,
  type SeatingService,
} from '@tiketi/seating';
import { bootstrap as bootstrapStats, loadConfig as loadStatsConfig, type StatsService } from '@tiketi/stats';
import pg from 'pg';

type Env = Record<string, string>;
type Service = 'auth' | 'catalog' | 'seating' | 'queue' | 'payment' | 'stats' | 'router';

export interface StackOptions {
  /** Extra environment per service, on top of the test infrastructure's. */
  env?: { auth?: Env; catalog?: Env; router?: Env; seating?: Env; payment?: Env; queue?: Env; stats?: Env };
  /**
   * Seating instances (replicas on one database and Redis). They learn catalog's events the production way:
   * catalog's outbox relay publishes `catalog.event.changed`, seating's consumer projects it.
   * @default 0
   */
  seating?: number;
  /**
   * Payment instances, calling a Toss emulator of the stack's own (`Stack.toss`, port 0) whose webhooks go to
   * the first instance. Payment learns reservations from seating's events, so ask for seating too.
   * @default 0
   */
  payment?: number;
  /**
   * Queue instances (replicas on one database and Redis): the waiting room. Queue learns catalog's events from
   * `catalog.event.changed`, and shares its pass secret with seating (both on the development default).
   * @default 0
   */
  queue?: number;
  /** One stats instance, learning from everyone's domain events. @default false */
  stats?: boolean;
  /** Options of the Toss emulator started with `payment`. */
  toss?: Omit<TossEmulatorOptions, 'port' | 'webhookUrl'>;
  /** Router instances; router `i` calls seating instance `i % seating`, payment `i % payment`, queue `i % queue`. @default 1 */
  routers?: number;
  /** One Redis for every service instead of the test infrastructure's (a test's private, restartable one). */
  redisUrl?: string;
  /**
   * Each service connects as production's would: its own Postgres role (its schema only; migrations as the
   * suite's migration role) and its own Redis ACL user (its keys and commands only). With `redisUrl`, only
   * Postgres (a private Redis has no users). A test that must look at another schema uses `Stack.sql`, the
   * operator's view. `TIKETI_TEST_LEAST_PRIVILEGE=0` turns it off for every stack (to tell a privilege problem
   * from another).
   * @default true
   */
  leastPrivilege?: boolean;
}

export interface Stack {
  /** The router's GraphQL endpoint: what the apps and partners call. */
  routerUrl: string;
  /** The first router. */
  router: RunningRouter;
  routers: RunningRouter[];
  /** Empty unless `seating` was asked for. */
  seating: SeatingService[];
  /** Empty unless `payment` was asked for. */
  payment: PaymentService[];
  /** Empty unless `queue` was asked for. */
  queue: QueueService[];
  /** Null unless `stats` was asked for. */
  stats: StatsService | null;
  /** The Toss emulator the payment instances call; null unless `payment` was asked for. */
  toss: TossEmulator | null;
  auth: Awaited<ReturnType<typeof bootstrapAuth>>;
  catalog: Awaited<ReturnType<typeof bootstrapCatalog>>;
  infra: TestInfra;
  /**
   * Reads or changes any schema as the suite's own superuser (an operator's view, `?` placeholders), never
   * through a service's connection: under least privilege a service's role sees its own schema only.
   */
  sql<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /** Stops router, subgraphs, then drops the database and Redis keys. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The real auth and catalog subgraphs (and, on request, seating replicas, payment replicas with a Toss emulator,
 * and several routers) behind the real router, on a fresh database and Redis prefix, every server on port 0. The router runs on the committed `schema/supergraph.graphql` with the subgraph URLs pointed
 * at these instances and verifies access tokens against this auth instance's JWKS.
 *
 * ```ts
 * await using stack = await startStack();
 * await gql(stack.routerUrl, '{ events(first: 3) { edges { node { title } } } }');
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const infra = await createTestInfra();
  const leastPrivilege = options.leastPrivilege ?? process.env.TIKETI_TEST_LEAST_PRIVILEGE !== '0';
  const env = (service: Service, extra?: Env) => {
    const redis: Env = options.redisUrl ? { REDIS_URL: options.redisUrl } : {};
    return leastPrivilege
      ? infra.serviceEnv(service, { ...redis, ...extra })
      : infra.env({ ...redis, ...extra });
  };
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    // Router first, so nothing calls a subgraph that is already gone.
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const [auth, catalog] = await Promise.all([
      bootstrapAuth(loadAuthConfig(env('auth', options.env?.auth))).then((s) => {
        started.push(s);
        return s;
      }),
      bootstrapCatalog(loadCatalogConfig(env('catalog', options.env?.catalog))).then((s) => {
        started.push(s);
        return s;
      }),
    ]);
    // One after the other: each runs the (idempotent) migrations on the shared database.
    const seating: SeatingService[] = [];
    for (let i = 0; i < (options.seating ?? 0); i++) {
      const instance = await bootstrapSeating(loadSeatingConfig(env('seating', options.env?.seating)));
      started.push(instance);
      seating.push(instance);
    }
    const queue: QueueService[] = [];
    for (let i = 0; i < (options.queue ?? 0); i++) {
      const instance = await bootstrapQueue(loadQueueConfig(env('queue', options.env?.queue)));
      started.push(instance);
      queue.push(instance);
    }
    const payment: PaymentService[] = [];
    let toss: TossEmulator | null = null;
    if ((options.payment ?? 0) > 0) {
      toss = await startTossEmulator({ ...options.toss, port: 0 });
      started.push(toss);
      for (let i = 0; i < (options.payment ?? 0); i++) {
        const instance = await bootstrapPayment(
          loadPaymentConfig(env('payment', { TOSS_API_URL: toss.url, ...options.env?.payment })),
        );
        started.push(instance);
        payment.push(instance);
      }
      toss.setWebhookUrl(payment[0]!.webhookUrl);
    }
    let stats: StatsService | null = null;
    if (options.stats) {
      stats = await bootstrapStats(loadStatsConfig(env('stats', options.env?.stats)));
      started.push(stats);
    }
    const routers: RunningRouter[] = [];
    for (let i = 0; i < (options.routers ?? 1); i++) {
      const router = await bootstrapRouter(
        loadRouterConfig(env('router', { AUTH_JWKS_URL: auth.jwksUrl, ...options.env?.router })),
        {
          subgraphUrls: {
            auth: auth.url,
            catalog: catalog.url,
            ...(seating.length > 0 ? { seating: seating[i % seating.length]!.url } : {}),
            ...(payment.length > 0 ? { payment: payment[i % payment.length]!.url } : {}),
            ...(queue.length > 0 ? { queue: queue[i % queue.length]!.url } : {}),
            ...(stats ? { stats: stats.url } : {}),
          },
        },
      );
      started.push(router);
      routers.push(router);
    }
    const router = routers[0]!;

    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        await stopAll();
        await infra.dispose();
      })();
      return stopped;
    };
    return {
      routerUrl: router.url,
      router,
      routers,
      seating,
      payment,
      queue,
      stats,
      toss,
      auth,
      catalog,
      infra,
      sql: (text, params) => operatorSql(infra.databaseUrl, text, params),
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (err) {
    await stopAll();
    await infra.dispose();
    throw err;
  }
}

/** One statement on its own connection as the suite's superuser; `?` placeholders become `$n`. */
async function operatorSql<Row>(url: string, text: string, params: readonly unknown[] = []): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    let n = 0;
    const result = await client.query(
      text.replace(/\?/g, () => `$${++n}`),
      params as unknown[],
    );
    return result.rows as Row[];
  } finally {
    await client.end();
  }
}
