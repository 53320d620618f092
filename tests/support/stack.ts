import { bootstrap as bootstrapAuth, loadConfig as loadAuthConfig } from '@tiketi/auth';
import { bootstrap as bootstrapCatalog, loadConfig as loadCatalogConfig } from '@tiketi/catalog';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
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

type Env = Record<string, string>;

export interface StackOptions {
  /** Extra environment per service, on top of the test infrastructure's. */
  env?: { auth?: Env; catalog?: Env; router?: Env; seating?: Env };
  /**
   * Seating instances (replicas on one database and Redis). They learn catalog's events the production way:
   * catalog's outbox relay publishes `catalog.event.changed`, seating's consumer projects it.
   * @default 0
   */
  seating?: number;
  /** Router instances; router `i` calls seating instance `i % seating`. @default 1 */
  routers?: number;
  /** One Redis for every service instead of the test infrastructure's (a test's private, restartable one). */
  redisUrl?: string;
}

export interface Stack {
  /** The router's GraphQL endpoint: what the apps and partners call. */
  routerUrl: string;
  /** The first router. */
  router: RunningRouter;
  routers: RunningRouter[];
  /** Empty unless `seating` was asked for. */
  seating: SeatingService[];
  auth: Awaited<ReturnType<typeof bootstrapAuth>>;
  catalog: Awaited<ReturnType<typeof bootstrapCatalog>>;
  infra: TestInfra;
  /** Stops router, subgraphs, then drops the database and Redis keys. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The real auth and catalog subgraphs (and, on request, seating replicas and several routers) behind the real
 * router, on a fresh database and Redis prefix, every server on port 0. The router runs on the committed `schema/supergraph.graphql` with the subgraph URLs pointed
 * at these instances and verifies access tokens against this auth instance's JWKS.
 *
 * ```ts
 * await using stack = await startStack();
 * await gql(stack.routerUrl, '{ events(first: 3) { edges { node { title } } } }');
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const infra = await createTestInfra();
  const env = (extra?: Env) =>
    infra.env({ ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}), ...extra });
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    // Router first, so nothing calls a subgraph that is already gone.
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const [auth, catalog] = await Promise.all([
      bootstrapAuth(loadAuthConfig(env(options.env?.auth))).then((s) => {
        started.push(s);
        return s;
      }),
      bootstrapCatalog(loadCatalogConfig(env(options.env?.catalog))).then((s) => {
        started.push(s);
        return s;
      }),
    ]);
    // One after the other: each runs the (idempotent) migrations on the shared database.
    const seating: SeatingService[] = [];
    for (let i = 0; i < (options.seating ?? 0); i++) {
      const instance = await bootstrapSeating(loadSeatingConfig(env(options.env?.seating)));
      started.push(instance);
      seating.push(instance);
    }
    const routers: RunningRouter[] = [];
    for (let i = 0; i < (options.routers ?? 1); i++) {
      const router = await bootstrapRouter(
        loadRouterConfig(env({ AUTH_JWKS_URL: auth.jwksUrl, ...options.env?.router })),
        {
          subgraphUrls: {
            auth: auth.url,
            catalog: catalog.url,
            ...(seating.length > 0 ? { seating: seating[i % seating.length]!.url } : {}),
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
      auth,
      catalog,
      infra,
      stop,
      [Symbol.asyncDispose]: stop,
    };
  } catch (err) {
    await stopAll();
    await infra.dispose();
    throw err;
  }
}
