import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import { type BootstrapOptions, bootstrap, loadConfig, type RunningRouter } from '../../src/index.ts';
import { generateSigningKey, type SigningKey, startJwksServer } from './jwks.ts';
import { type LiveSubgraphs, liveQueueSdl, liveSeatingSdl, startLiveSubgraphs } from './live.ts';
import { composeSupergraph, startTestSubgraphs, UNREACHABLE_URL } from './subgraphs.ts';

export interface Harness {
  infra: TestInfra;
  subgraphs: Awaited<ReturnType<typeof startTestSubgraphs>>;
  jwks: Awaited<ReturnType<typeof startJwksServer>>;
  /** The key auth currently signs with (published in the JWKS). */
  key: SigningKey;
  router: RunningRouter;
  /** The subscription subgraphs (`seating`, `queue`), with `{ live: true }` only. */
  live: LiveSubgraphs | null;
  /** The options every router of the harness starts with (the composed supergraph and URL overrides). */
  routerOptions: BootstrapOptions;
  /**
   * Starts another router on the same subgraphs and JWKS, with extra environment. Stopped with the harness.
   * `options` replaces the composed test supergraph and the `catalog` URL override (`{}`: read SUPERGRAPH_PATH).
   */
  startRouter(env?: Record<string, string>, options?: BootstrapOptions): Promise<RunningRouter>;
  stop(): Promise<void>;
}

/**
 * Real subgraphs, a real JWKS endpoint and a router in front of them. The supergraph names an unreachable URL
 * for `auth`: the router only reaches it through the `AUTH_SUBGRAPH_URL` override, and `catalog` only through
 * the `subgraphUrls` bootstrap option, so every passing query also proves both override paths.
 */
export async function startHarness(
  env: Record<string, string> = {},
  { live: withLive = false }: { live?: boolean } = {},
): Promise<Harness> {
  const infra = await createTestInfra();
  const subgraphs = await startTestSubgraphs(infra);
  const live = withLive ? await startLiveSubgraphs(infra) : null;
  const key = generateSigningKey();
  const jwks = await startJwksServer([key]);
  const supergraphSdl = composeSupergraph(
    { auth: UNREACHABLE_URL, catalog: UNREACHABLE_URL },
    live
      ? [
          { name: 'seating', typeDefs: liveSeatingSdl, url: UNREACHABLE_URL },
          { name: 'queue', typeDefs: liveQueueSdl, url: UNREACHABLE_URL },
        ]
      : [],
  );
  const routers: RunningRouter[] = [];
  const routerOptions: BootstrapOptions = {
    supergraphSdl,
    subgraphUrls: {
      catalog: subgraphs.shows.url,
      ...(live ? { seating: live.seating.url, queue: live.queue.url } : {}),
    },
  };

  const startRouter = async (
    extra: Record<string, string> = {},
    options: BootstrapOptions = routerOptions,
  ) => {
    // As production runs it: the router's own Redis ACL user (issue 15).
    const config = loadConfig(
      infra.serviceEnv('router', {
        AUTH_JWKS_URL: jwks.url,
        AUTH_SUBGRAPH_URL: subgraphs.accounts.url,
        ...env,
        ...extra,
      }),
    );
    const router = await bootstrap(config, options);
    routers.push(router);
    return router;
  };
  const router = await startRouter();

  return {
    infra,
    subgraphs,
    jwks,
    key,
    router,
    live,
    routerOptions,
    startRouter,
    async stop() {
      await Promise.allSettled(routers.map((r) => r.stop()));
      await Promise.allSettled([subgraphs.stop(), jwks.close(), live?.stop()]);
      await infra.dispose();
    },
  };
}

/** The router's base URL (health, readiness, metrics) from its GraphQL URL. */
export const baseUrl = (router: RunningRouter) => router.url.replace(/\/graphql$/, '');
