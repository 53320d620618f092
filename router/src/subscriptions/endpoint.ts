import type { IncomingMessage, Server } from 'node:http';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '@tiketi/kit/errors';
import type { Logger } from '@tiketi/kit/logger';
import type { Express } from 'express';
import { type ExecutionArgs, GraphQLError, type GraphQLFormattedError } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Counter } from 'prom-client';
import { type VerifyClientCallbackAsync, WebSocketServer } from 'ws';
import { AuthError, type AuthFailure, type Session, type SessionVerifier } from '../auth.ts';
import type { SubscriptionSettings } from '../environment.ts';
import { clientIp, type TrustProxy } from '../http.ts';
import { addressKey } from '../rate-limits.ts';
import type { DocumentResolution } from '../trusted-documents.ts';
import { socketsPerAddress } from './address-cap.ts';
import { CloseReason, RouterCloseCode } from './close-codes.ts';
import { closeGradually } from './drain.ts';
import type { FanOut, JoinRequest } from './fanout.ts';
import type { SubscriptionSchema } from './planning.ts';

export interface SubscriptionEndpointOptions {
  httpServer: Server;
  /** The express app: the client IP of an upgrade request follows its `trust proxy` rule, like HTTP's. */
  app: Express;
  verify: SessionVerifier;
  /** The current supergraph's subscription schema (`null` before the first one loaded). */
  schema(): SubscriptionSchema | null;
  /** The document of a `subscribe` payload: a trusted document's id or text (trusted-documents.ts). */
  resolveDocument(payload: { query: string; extensions?: unknown }): DocumentResolution;
  fanOut: FanOut;
  settings: SubscriptionSettings;
  /** Largest client message (a `subscribe` with its query), like HTTP's body limit. */
  maxMessageBytes: number;
  formatErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[];
  authRejections: Counter;
  log: Logger;
  /** Quote the per-connection limit in its error (not in production, issue 16). @default true */
  exposeLimits?: boolean;
}

export interface SubscriptionEndpoint {
  readonly sockets: number;
  /** Refuses new sockets (503) and closes the open ones with 1001, at `SUBSCRIPTION_DRAIN_RATE` per second. */
  dispose(): Promise<void>;
}

type ConnectionExtra = {
  session?: Session & { clientIp: string };
  expiry?: NodeJS.Timeout;
};

const REFUSALS: Record<AuthFailure['kind'], { code: number; reason: string }> = {
  'malformed-header': { code: RouterCloseCode.Unauthorized, reason: CloseReason.malformedToken },
  'invalid-token': { code: RouterCloseCode.Unauthorized, reason: CloseReason.invalidToken },
  'expired-token': { code: RouterCloseCode.Unauthorized, reason: CloseReason.expiredToken },
  'revoked-session': { code: RouterCloseCode.Unauthorized, reason: CloseReason.sessionEnded },
  // Not the client's fault, and it passes: graphql-ws clients retry 1013, they do not retry 4401.
  'keys-unavailable': { code: RouterCloseCode.TryAgainLater, reason: CloseReason.keysUnavailable },
};

/** How long sockets get to answer our 1001 before shutdown destroys them. */
const CLOSE_GRACE_MS = 3_000;
const JSON_TYPE = 'application/json; charset=utf-8';
const SHUTTING_DOWN = JSON.stringify({
  errors: [
    {
      message: 'This server is shutting down. Connect again: another one will answer.',
      extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
    },
  ],
});
/** setTimeout's limit; access tokens live 15 minutes, far below it. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * graphql-ws (`graphql-transport-ws`) on the HTTP server's `/graphql` path. `connection_init` may carry
 * `{ authorization: "Bearer <access token>" }`, verified like the HTTP header: no token is anonymous, a bad one
 * closes the socket (4401, or 1013 when auth's keys are unreachable), never anonymous. The socket closes with
 * 4401 when the token expires. Operations are validated against the API schema with the HTTP limits, planned,
 * and handed to the fan-out, which writes the results.
 */
export function createSubscriptionEndpoint(options: SubscriptionEndpointOptions): SubscriptionEndpoint {
  const { log, settings } = options;
  const addressOf = (request: IncomingMessage) =>
    clientIp(request, options.app.get('trust proxy fn') as TrustProxy);
  const cap =
    settings.maxSocketsPerIp === null
      ? null
      : socketsPerAddress(settings.maxSocketsPerIp, (request) => addressKey(addressOf(request)));
  let draining = false;
  const verifyClient: VerifyClientCallbackAsync = (info, accept) => {
    // Shutting down: a client that reconnects here would only be closed again; the next replica answers.
    if (draining) return accept(false, 503, SHUTTING_DOWN, { 'Content-Type': JSON_TYPE, 'Retry-After': '1' });
    if (cap) return cap.verifyClient(info, accept);
    accept(true);
  };
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxMessageBytes,
    verifyClient,
  });
  cap?.track(wss);

  const server = useServer<Record<string, unknown> | undefined, ConnectionExtra>(
    {
      connectionInitWaitTimeout: 5_000,
      async onConnect(ctx) {
        const { socket, request } = ctx.extra;
        const ip = addressOf(request);
        const params = ctx.connectionParams ?? {};
        const header = params.authorization ?? params.Authorization;
        let session: Session;
        try {
          if (header !== undefined && typeof header !== 'string') {
            throw new AuthError({ kind: 'malformed-header' });
          }
          session = await options.verify(header);
        } catch (err) {
          if (!(err instanceof AuthError)) throw err;
          const refusal = REFUSALS[err.failure.kind];
          options.authRejections.inc({ reason: err.failure.kind });
          const level = err.failure.kind === 'keys-unavailable' ? 'error' : 'info';
          log[level]({ reason: err.message, ip }, 'refused subscription connection credentials');
          socket.close(refusal.code, refusal.reason);
          // graphql-ws would close with 4403; the socket is already closing with ours, so that is a no-op.
          return false;
        }
        ctx.extra.session = { ...session, clientIp: ip };
        if (session.expiresAt !== null) {
          const left = Math.min(MAX_TIMER_MS, Math.max(0, session.expiresAt - Date.now()));
          ctx.extra.expiry = setTimeout(
            () => socket.close(RouterCloseCode.Unauthorized, CloseReason.expiredToken),
            left,
          );
        }
        return true;
      },
      onClose(ctx) {
        clearTimeout(ctx.extra.expiry);
      },
      onSubscribe(ctx, id, payload) {
        if (Object.keys(ctx.subscriptions).length > settings.maxPerConnection) {
          return [
            new GraphQLError(
              options.exposeLimits === false
                ? 'Too many subscriptions on this connection: complete one first.'
                : `At most ${settings.maxPerConnection} subscriptions per connection: complete one first.`,
              { extensions: { code: ApolloServerErrorCode.BAD_REQUEST } },
            ),
          ];
        }
        const schema = options.schema();
        if (!schema) {
          return [new GraphQLError('The router is starting: try again in a moment.')];
        }
        const resolved = options.resolveDocument(payload);
        if (resolved.kind === 'refused') {
          return [new GraphQLError(resolved.message, { extensions: { code: resolved.code } })];
        }
        const query = resolved.kind === 'registered' ? resolved.document.text : resolved.query;
        const preparation = schema.prepare({ ...payload, query });
        if (preparation.kind === 'refused') return preparation.errors;
        const { prepared, variables } = preparation;
        const session = ctx.extra.session as NonNullable<ConnectionExtra['session']>;
        const join: JoinRequest = {
          schema,
          prepared,
          variables,
          session: { identity: session.identity, clientIp: session.clientIp },
          socket: ctx.extra.socket,
          id,
        };
        return {
          schema: undefined as never,
          document: prepared.document,
          operationName: prepared.operationName,
          variableValues: variables,
          // Everything the subscribe hook needs travels in the context value.
          contextValue: join,
        } satisfies ExecutionArgs;
      },
      subscribe: (args) => options.fanOut.join(args.contextValue as JoinRequest),
      onError: (_ctx, _id, _payload, errors) => options.formatErrors(errors),
      // Close reasons never carry internal error messages.
      isProd: true,
    },
    wss,
    settings.keepAliveMs,
  );

  let disposed: Promise<void> | undefined;
  return {
    get sockets() {
      return wss.clients.size;
    },
    dispose() {
      disposed ??= (async () => {
        draining = true;
        await closeGradually([...wss.clients], settings.drainRate);
        const deadline = Date.now() + CLOSE_GRACE_MS;
        while (wss.clients.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        for (const socket of wss.clients) socket.terminate();
        await server.dispose();
      })();
      return disposed;
    },
  };
}
