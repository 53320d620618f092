import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '@tiketi/kit/errors';
import { sendGraphQLError } from '@tiketi/kit/graphql-http';
import type { Identity } from '@tiketi/kit/identity';
import type { Logger } from '@tiketi/kit/logger';
import cors from 'cors';
import type { RequestHandler } from 'express';
import type { Counter } from 'prom-client';
import proxyAddr from 'proxy-addr';
import { type AccessTokenVerifier, AuthError, type AuthFailure } from './auth.ts';

/**
 * Browsers may call the API from the listed origins only, with cookies and the Authorization header. The
 * Apollo CSRF headers are allowed so clients can mark GET queries as non-simple requests.
 */
export function corsPolicy(origins: string[]): RequestHandler {
  return cors({
    origin: origins,
    credentials: true,
    // PUT: the admin app uploads posters to /media (media.ts).
    methods: ['GET', 'POST', 'PUT', 'OPTIONS'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'apollo-require-preflight',
      'x-apollo-operation-name',
      // partners.ts
      'x-api-key',
    ],
    // A browser app may read when to retry a 429 (rate-limits.ts); the body says it too.
    exposedHeaders: ['retry-after'],
    // Saves a preflight per request for ten minutes.
    maxAge: 600,
  });
}

/** Which proxies may say who the client is: Express's compiled `trust proxy` setting (`app.get('trust proxy fn')`). */
export type TrustProxy = (address: string, hop: number) => boolean;

/**
 * The client's address: the socket peer, or the first untrusted `X-Forwarded-For` hop behind `trust proxy` —
 * Express's `req.ip`, for requests that do not pass through Express (GraphQL, WebSocket upgrades).
 */
export function clientIp(req: IncomingMessage, trust: TrustProxy): string {
  return (proxyAddr(req, trust) ?? req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
}

const REFUSALS: Record<
  AuthFailure['kind'],
  { status: number; code: string; message: string; header?: string }
> = {
  'malformed-header': {
    status: 401,
    code: ErrorCode.UNAUTHENTICATED,
    message: 'The Authorization header must be "Bearer <access token>".',
    header: 'Bearer realm="tiketi", error="invalid_request"',
  },
  'invalid-token': {
    status: 401,
    code: ErrorCode.UNAUTHENTICATED,
    message: 'Your access token is not valid. Sign in again.',
    header: 'Bearer realm="tiketi", error="invalid_token"',
  },
  'expired-token': {
    status: 401,
    code: ErrorCode.UNAUTHENTICATED,
    message: 'Your access token has expired. Refresh it or sign in again.',
    header: 'Bearer realm="tiketi", error="invalid_token", error_description="expired"',
  },
  'revoked-session': {
    status: 401,
    code: ErrorCode.UNAUTHENTICATED,
    message: 'This session was ended (logged out). Sign in again.',
    header: 'Bearer realm="tiketi", error="invalid_token", error_description="session ended"',
  },
  // Not the caller's fault: telling them to sign in again would not help.
  'keys-unavailable': {
    status: 503,
    code: ErrorCode.INTERNAL_SERVER_ERROR,
    message: 'Sign-in cannot be checked right now. Try again in a moment.',
  },
};

/**
 * Resolves the caller before GraphQL runs: the verified identity, or `null` without an Authorization header. A
 * header that does not verify ends the request with 401 (and `undefined` here) — a bad token is never treated
 * as anonymous, or a client with an expired session would silently see a logged-out view.
 */
export function authenticator(verify: AccessTokenVerifier, log: Logger, rejections: Counter) {
  return async (req: IncomingMessage, res: ServerResponse, ip: string): Promise<Identity | undefined> => {
    const header = req.headers.authorization;
    try {
      return await verify(Array.isArray(header) ? header[0] : header);
    } catch (err) {
      if (!(err instanceof AuthError)) throw err;
      const refusal = REFUSALS[err.failure.kind];
      rejections.inc({ reason: err.failure.kind });
      const level = err.failure.kind === 'keys-unavailable' ? 'error' : 'info';
      log[level]({ reason: err.message, ip }, 'refused request credentials');
      // The body is not read: drain it so the connection can serve the next request.
      req.resume();
      sendGraphQLError(
        res,
        refusal.status,
        refusal.code,
        refusal.message,
        refusal.header ? { 'www-authenticate': refusal.header } : {},
      );
      return undefined;
    }
  };
}
