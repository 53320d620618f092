import { createTestInfra, type TestInfra } from '@tiketi/kit/testing';
import { type BootstrapOptions, bootstrap, loadConfig, type RunningRouter } from '../../src/index.ts';
import { generateSigningKey, type SigningKey, startJwksServer } from './jwks.ts';
import { composeSupergraph, startTestSubgraphs, UNREACHABLE_URL } from './subgraphs.ts';

export interface Harness {
  infra: TestInfra;
  subgraphs: Awaited<ReturnType<typeof startTestSubgraphs>>;
  jwks: Awaited<ReturnType<typeof startJwksServer>>;
  /** The key auth currently signs with (published in the JWKS). */
  key: SigningKey;
  router: RunningRouter;
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
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  const infra = await createTestInfra();
  const subgraphs = await startTestSubgraphs(infra);
  const key = generateSigningKey();
  const jwks = await startJwksServer([key]);
  const supergraphSdl = composeSupergraph({ auth: UNREACHABLE_URL, catalog: UNREACHABLE_URL });
  const routers: RunningRouter[] = [];

  const startRouter = async (
    extra: Record<string, string> = {},
    options: BootstrapOptions = { supergraphSdl, subgraphUrls: { catalog: subgraphs.shows.url } },
  ) => {
    const config = loadConfig(
      infra.env({
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
    startRouter,
    async stop() {
      await Promise.allSettled(routers.map((r) => r.stop()));
      await Promise.allSettled([subgraphs.stop(), jwks.close()]);
      await infra.dispose();
    },
  };
}

/** The router's base URL (health, readiness, metrics) from its GraphQL URL. */
export const baseUrl = (router: RunningRouter) => router.url.replace(/\/graphql$/, '');
