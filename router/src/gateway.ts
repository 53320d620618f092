import {
  ApolloGateway,
  type GraphQLDataSourceProcessOptions,
  RemoteGraphQLDataSource,
} from '@apollo/gateway';
import { ErrorCode } from '@tiketi/kit/errors';
import { createAssertionSigner, ROUTER_ASSERTION_HEADER, type RouterAssertion } from '@tiketi/kit/identity';
import type { Logger } from '@tiketi/kit/logger';
import { GraphQLError } from 'graphql';
import type { RouterContext } from './context.ts';
import { fetcherResponse, type SubgraphAnswer, type SubgraphFetch } from './subgraph-fetch.ts';
import { type SupergraphSource, supergraphSdlHook } from './supergraph.ts';
import { injectTraceContext } from './trace.ts';

type SubgraphResponse = Parameters<RemoteGraphQLDataSource['errorFromResponse']>[0];

interface SubgraphDataSourceOptions {
  url: string;
  fetch: SubgraphFetch;
  /** Signs the router assertion (one signer for all subgraphs: see `createAssertionSigner`). */
  sign: (assertion: RouterAssertion) => string;
  log: Logger;
}

/**
 * One subgraph as the gateway calls it. Every request carries the router's signed assertion of who the caller
 * is (subgraphs trust nothing else) and the caller's trace context.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  readonly #sign: (assertion: RouterAssertion) => string;
  readonly #log: Logger;

  constructor({ url, fetch, sign, log }: SubgraphDataSourceOptions) {
    super({ url, fetcher: fetch });
    this.#sign = sign;
    this.#log = log;
  }

  override willSendRequest(options: GraphQLDataSourceProcessOptions<RouterContext>): void {
    // Only client operations carry a RouterContext (the enum telling kinds apart is not exported).
    const ctx = 'incomingRequestContext' in options ? options.context : undefined;
    writeRouterHeaders(this.#sign, ctx, options.request.http!.headers);
  }

  /** The headers of a call for this caller, as `willSendRequest` writes them (for the lean path's own calls). */
  headersFor(ctx: Pick<RouterContext, 'identity' | 'clientIp' | 'traceContext'>): Record<string, string> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    writeRouterHeaders(this.#sign, ctx, {
      set: (name, value) => {
        headers[name.toLowerCase()] = value;
      },
    });
    return headers;
  }

  /**
   * This subgraph's data source with the answer to its one call already received: the lean path in front of
   * Apollo Server (lean-http.ts) hands an answer it does not serve itself to the gateway this way, which shapes
   * it as if it had fetched it (the subgraph is not called twice).
   */
  replaying(answer: () => Promise<SubgraphAnswer>): SubgraphDataSource {
    return new SubgraphDataSource({
      url: this.url as string,
      fetch: async () => fetcherResponse(await answer()),
      sign: this.#sign,
      log: this.#log,
    });
  }

  /**
   * A non-2xx answer from a subgraph is our fault, never the client's: the default error would carry the
   * subgraph's URL and body to the client and call a refused router assertion `UNAUTHENTICATED`, which would
   * send buyers to the login page for a misconfigured secret.
   */
  override async errorFromResponse(response: SubgraphResponse): Promise<GraphQLError> {
    const body = await response.text().catch(() => '');
    this.#log.error(
      { subgraph: this.url, status: response.status, body: body.slice(0, 500) },
      'subgraph answered with an HTTP error',
    );
    return new GraphQLError(`Subgraph answered HTTP ${response.status}`, {
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    });
  }
}

/**
 * What every subgraph request carries besides its body: the router's signed assertion of who the caller is
 * (subgraphs trust nothing else) and the caller's trace context.
 */
function writeRouterHeaders(
  sign: (assertion: RouterAssertion) => string,
  ctx: Pick<RouterContext, 'identity' | 'clientIp' | 'traceContext'> | undefined,
  headers: { set(name: string, value: string): void },
): void {
  headers.set(
    ROUTER_ASSERTION_HEADER,
    sign({
      identity: ctx?.identity ?? null,
      clientIp: ctx?.clientIp ?? 'router',
    }),
  );
  injectTraceContext(ctx?.traceContext, headers);
}

export interface GatewayOptions {
  supergraph: SupergraphSource;
  /** URL overrides by subgraph name; the supergraph's own URL otherwise. */
  subgraphUrls: Record<string, string | undefined>;
  /** How subgraphs are called (see subgraph-fetch.ts). */
  fetch: SubgraphFetch;
  routerSecret: string;
  log: Logger;
  /**
   * Told of every subgraph data source the gateway builds (again after a supergraph update): the subscription
   * path runs entity fetches through the same sources and subscribes at the same URLs.
   */
  onSubgraph?(subgraph: { name: string; url: string; dataSource: SubgraphDataSource }): void;
}

export function createGateway({
  supergraph,
  subgraphUrls,
  fetch,
  routerSecret,
  log,
  onSubgraph,
}: GatewayOptions): ApolloGateway {
  const sign = createAssertionSigner(routerSecret);
  return new ApolloGateway({
    supergraphSdl: supergraphSdlHook(supergraph, log),
    buildService: ({ name, url }) => {
      const target = subgraphUrls[name] ?? url;
      if (!target) throw new Error(`No URL for subgraph "${name}": set ${name.toUpperCase()}_SUBGRAPH_URL`);
      log.info({ subgraph: name, url: target }, 'subgraph endpoint');
      const dataSource = new SubgraphDataSource({ url: target, fetch, sign, log });
      onSubgraph?.({ name, url: target, dataSource });
      return dataSource;
    },
    logger: log,
  });
}
