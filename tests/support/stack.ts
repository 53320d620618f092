import { bootstrap as bootstrapAuth, loadConfig as loadAuthConfig } from '@tiketi/auth';
import { bootstrap as bootstrapCatalog, loadConfig as loadCatalogConfig } from '@tiketi/catalog';
import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import {
  bootstrap as bootstrapRouter,
  loadConfig as loadRouterConfig,
  type RunningRouter,
} from '@tiketi/router';

type Env = Record<string, string>;

export interface StackOptions {
  /** Extra environment per service, on top of the test infrastructure's. */
  env?: { auth?: Env; catalog?: Env; router?: Env };
}

export interface Stack {
  /** The router's GraphQL endpoint: what the apps and partners call. */
  routerUrl: string;
  router: RunningRouter;
  auth: Awaited<ReturnType<typeof bootstrapAuth>>;
  catalog: Awaited<ReturnType<typeof bootstrapCatalog>>;
  infra: TestInfra;
  /** Stops router, subgraphs, then drops the database and Redis keys. Idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The real auth and catalog subgraphs behind the real router, on a fresh database and Redis prefix, every
 * server on port 0. The router runs on the committed `schema/supergraph.graphql` with the subgraph URLs pointed
 * at these instances and verifies access tokens against this auth instance's JWKS.
 *
 * ```ts
 * await using stack = await startStack();
 * await gql(stack.routerUrl, '{ events(first: 3) { edges { node { title } } } }');
 * ```
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const infra = await createTestInfra();
  const started: { stop(): Promise<void> }[] = [];
  const stopAll = async () => {
    // Router first, so nothing calls a subgraph that is already gone.
    for (const service of started.reverse()) await service.stop().catch(() => undefined);
    started.length = 0;
  };
  try {
    const [auth, catalog] = await Promise.all([
      bootstrapAuth(loadAuthConfig(infra.env(options.env?.auth))).then((s) => {
        started.push(s);
        return s;
      }),
      bootstrapCatalog(loadCatalogConfig(infra.env(options.env?.catalog))).then((s) => {
        started.push(s);
        return s;
      }),
    ]);
    const router = await bootstrapRouter(
      loadRouterConfig(infra.env({ AUTH_JWKS_URL: auth.jwksUrl, ...options.env?.router })),
      { subgraphUrls: { auth: auth.url, catalog: catalog.url } },
    );
    started.push(router);

    let stopped: Promise<void> | undefined;
    const stop = () => {
      stopped ??= (async () => {
        await stopAll();
        await infra.dispose();
      })();
      return stopped;
    };
    return { routerUrl: router.url, router, auth, catalog, infra, stop, [Symbol.asyncDispose]: stop };
  } catch (err) {
    await stopAll();
    await infra.dispose();
    throw err;
  }
}
