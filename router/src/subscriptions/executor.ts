import { executeQueryPlan, type GraphQLDataSource, type ServiceMap } from '@apollo/gateway';
import { ROOT_CONTEXT } from '@opentelemetry/api';
import type { Logger } from '@tiketi/kit/logger';
import type { ExecutionResult } from 'graphql';
import type { RouterContext } from '../context.ts';
import type { UpstreamResult } from './coalesce.ts';
import type { PreparedSubscription, SubscriptionSchema } from './planning.ts';

type RequestContext = Parameters<typeof executeQueryPlan>[2];

/**
 * Resolves one upstream event into what clients of one selection receive, with the gateway's own executor:
 * the plan is `Sequence[primary, rest]`, and the primary fetch is answered by the event instead of a request
 * (the executor refuses only a top-level `Subscription` node and never looks at the operation type). So
 * entity fetches to other subgraphs, `@include`, aliases, fragments, error paths and result shaping behave
 * exactly as for a query through the router.
 */
export async function resolveEvent(args: {
  schema: SubscriptionSchema;
  prepared: PreparedSubscription;
  /** The client's variables, coerced. */
  variables: Record<string, unknown>;
  /** Who the entity fetches run as (anonymous for shared fields). */
  context: Pick<RouterContext, 'identity' | 'clientIp'>;
  /** The gateway's data sources by subgraph name. */
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  /** The event; the executor writes into it, so pass a copy per selection. */
  event: UpstreamResult;
  log: Logger;
}): Promise<ExecutionResult> {
  const { prepared, event } = args;
  const { primary } = prepared;
  const serviceMap: ServiceMap = Object.fromEntries(args.dataSources);
  const owner = args.dataSources.get(primary.serviceName);
  serviceMap[primary.serviceName] = {
    process(options) {
      if (options.request.query === primary.operation) {
        return Promise.resolve(event as Awaited<ReturnType<GraphQLDataSource['process']>>);
      }
      if (!owner) return Promise.reject(new Error(`No data source for subgraph "${primary.serviceName}"`));
      return owner.process(options);
    },
  };
  const routerContext: RouterContext = { ...args.context, traceContext: ROOT_CONTEXT };
  const requestContext = {
    request: { variables: args.variables },
    context: routerContext,
    logger: args.log,
    // Without it the executor adds an opaque error of its own to every subgraph error.
    metrics: {},
  } as unknown as RequestContext;
  return executeQueryPlan(
    prepared.plan,
    serviceMap,
    requestContext,
    prepared.operationContext,
    args.schema.supergraphSchema,
    args.schema.api,
  );
}
