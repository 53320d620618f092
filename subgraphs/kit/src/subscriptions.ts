import type { Server } from 'node:http';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { formatError } from './errors.ts';
import { ROUTER_ASSERTION_HEADER, type RouterAssertion, verifyRouterAssertion } from './identity.ts';
import type { Logger } from './logger.ts';

/**
 * Subscriptions of a subgraph over graphql-ws (`graphql-transport-ws`), for the router only. The router sends
 * its signed assertion in the `connection_init` payload as `{ "x-tiketi-router": <assertion> }`; anything
 * else is closed with 4403 Forbidden before a single operation runs. The assertion also carries the caller the
 * router verified, which every operation on the connection then runs as.
 */
export const SubscriptionCloseCode = { Forbidden: CloseCode.Forbidden } as const;

export interface SubscriptionServerOptions<Ctx> {
  httpServer: Server;
  schema: GraphQLSchema;
  routerSecret: string;
  log: Logger;
  /** Builds the context of one operation from the connection's verified assertion. */
  context(assertion: RouterAssertion): Ctx | Promise<Ctx>;
  /** @default '/graphql' — the same path as HTTP; the upgrade request tells them apart. */
  path?: string;
  /** Close a connection that has not sent `connection_init` by then (4408). @default 3000 */
  connectionInitWaitTimeoutMs?: number;
  /** WebSocket ping interval that detects dead peers. @default 12000 */
  keepAliveMs?: number;
}

export interface SubscriptionServer {
  /** Open WebSocket connections. */
  readonly connections: number;
  /**
   * Closes every connection (1001 Going Away, clients may reconnect elsewhere) and stops accepting new ones.
   * Operations end through their iterators' `return()`, which unsubscribes them from pub/sub.
   */
  dispose(): Promise<void>;
}

type Extra = { assertion?: RouterAssertion };

export function createSubscriptionServer<Ctx>(options: SubscriptionServerOptions<Ctx>): SubscriptionServer {
  const { log } = options;
  const wss = new WebSocketServer({ server: options.httpServer, path: options.path ?? '/graphql' });
  // Errors leave as they do over HTTP: known codes with their message, anything else as INTERNAL_SERVER_ERROR.
  const format = (errors: readonly GraphQLFormattedError[]) =>
    errors.map((e) =>
      formatError(e as Parameters<typeof formatError>[0], () =>
        log.error({ err: e.message, path: e.path }, 'internal error in subscription'),
      ),
    ) as GraphQLFormattedError[];

  const server = useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeoutMs ?? 3_000,
      onConnect(ctx) {
        try {
          const header = ctx.connectionParams?.[ROUTER_ASSERTION_HEADER];
          ctx.extra.assertion = verifyRouterAssertion(
            options.routerSecret,
            typeof header === 'string' ? header : undefined,
          );
          return true;
        } catch (err) {
          log.warn(
            { reason: (err as Error).message, ip: ctx.extra.request.socket.remoteAddress },
            'refused subscription connection without router credentials',
          );
          // graphql-ws closes with 4403 Forbidden.
          return false;
        }
      },
      context: (ctx) => {
        // onConnect returned true only after setting it.
        return options.context(ctx.extra.assertion as RouterAssertion) as object;
      },
      onNext: (_ctx, _id, _payload, _args, result) =>
        result.errors ? { ...result, errors: format(result.errors) } : undefined,
      onError: (_ctx, _id, _payload, errors) => format(errors),
      // Close reasons never carry internal error messages.
      isProd: true,
    },
    wss,
    options.keepAliveMs ?? 12_000,
  );

  let disposed: Promise<void> | undefined;
  return {
    get connections() {
      return wss.clients.size;
    },
    dispose() {
      disposed ??= (async () => {
        await server.dispose();
        log.info('subscription server closed');
      })();
      return disposed;
    },
  };
}
