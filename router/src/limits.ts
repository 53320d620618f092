import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { Identity } from '@tiketi/kit';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import type { OperationLimits } from './environment.ts';
import { sendGraphQLError } from './responses.ts';

/**
 * Depth, alias, directive and cost limits (graphql-armor) run as validation rules before any query planning or
 * subgraph call, so an abusive operation costs the router one parse and one walk; Apollo answers each refusal
 * with HTTP 400 and `GRAPHQL_VALIDATION_FAILED`.
 *
 * The token limit is graphql-js's own `maxTokens` parse option rather than armor's: armor re-parses the
 * document in a plugin hook, so every syntax error (not only a token flood) became an HTTP 500. The parser
 * option stops lexing at the limit and is reported like any syntax error: 400 `GRAPHQL_PARSE_FAILED`.
 */
export function operationLimitProtection(limits: OperationLimits) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.depth },
    maxAliases: { n: limits.aliases },
    maxDirectives: { n: limits.directives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.cost },
    // Suggestions are hidden by Apollo's own `hideSchemaDetailsFromClientErrors` (production only).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.tokens } };
}

/**
 * JSON bodies up to `maxBytes`, or `adminMaxBytes` for a caller `authenticate` verified as an admin (seat
 * layouts are large; nobody else needs more than a hold's worth). Other content types leave the body empty on
 * purpose: Apollo's CSRF prevention then refuses the "simple" (`text/plain`, form) requests a browser would
 * send cross-site without a preflight.
 */
export function jsonBody(maxBytes: number, adminMaxBytes = maxBytes): RequestHandler[] {
  const parse = express.json({ limit: maxBytes });
  const parseAdmin = express.json({ limit: adminMaxBytes });
  return [
    (req, res, next) => {
      const identity = res.locals.identity as Identity | undefined;
      return (identity?.role === 'ADMIN' ? parseAdmin : parse)(req, res, next);
    },
    (req, _res, next) => {
      // Express 5 leaves `req.body` unset when no parser ran; the Apollo integration needs the property.
      if (!Object.hasOwn(req, 'body')) req.body = undefined;
      next();
    },
  ];
}

/** Body parser failures in the GraphQL error shape. */
export const bodyErrorHandler: ErrorRequestHandler = (err, _req, res, next) => {
  if (res.headersSent) return next(err);
  const type = (err as { type?: string }).type;
  switch (type) {
    case 'entity.too.large':
      return sendGraphQLError(res, 413, ApolloServerErrorCode.BAD_REQUEST, 'The request body is too large.');
    case 'entity.parse.failed':
      return sendGraphQLError(
        res,
        400,
        ApolloServerErrorCode.BAD_REQUEST,
        'The request body is not valid JSON.',
      );
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return sendGraphQLError(
        res,
        415,
        ApolloServerErrorCode.BAD_REQUEST,
        'Send the request body as UTF-8 JSON.',
      );
    default:
      return next(err);
  }
};
