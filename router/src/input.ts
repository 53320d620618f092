import type { ApolloServerPlugin } from '@apollo/server';
import { AppError, ErrorCode } from '@tiketi/kit/errors';
import { checkCalendarDay, checkDateTime } from '@tiketi/kit/scalars';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLFormattedError,
  type GraphQLSchema,
  isScalarType,
  Kind,
  visit,
} from 'graphql';
import type { RouterContext } from './context.ts';

/**
 * Input the router refuses itself, as `BAD_USER_INPUT`, before any subgraph sees it. Without these a subgraph's
 * refusal (or Postgres's) came back to the client as INTERNAL_SERVER_ERROR (issue 16).
 */

/** Custom scalars the router checks: its API schema has them without parsing (the gateway executes nothing). */
const SCALAR_CHECKS: Readonly<Record<string, (value: unknown) => string>> = {
  DateTime: checkDateTime,
  Date: checkCalendarDay,
};

/**
 * Gives the API schema's custom scalars the subgraphs' rules, so a bad `DateTime` or `Date` is refused while
 * Apollo coerces variables (`BAD_USER_INPUT`) or validates literals. The parsed value stays the client's text:
 * the gateway sends the client's own variables on to the subgraphs.
 */
export function checkScalarsOf(apiSchema: GraphQLSchema): void {
  for (const [name, check] of Object.entries(SCALAR_CHECKS)) {
    const type = apiSchema.getType(name);
    if (!isScalarType(type)) continue;
    type.parseValue = check;
    type.parseLiteral = (ast) => {
      if (ast.kind !== Kind.STRING) throw check(undefined);
      return check(ast.value);
    };
  }
}

const NUL = '\u0000';

export function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.values(value).some(hasNul);
  return false;
}

function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) found = true;
    },
  });
  return found;
}

/**
 * Refuses text with a NUL character (U+0000) anywhere in the variables or the document's strings: no field takes
 * one, and Postgres cannot store it (a driver error, INTERNAL_SERVER_ERROR, before this check).
 */
export function nulBytePlugin(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (hasNul(request.variables) || documentHasNul(document)) {
            throw new GraphQLError(
              'Text may not contain the NUL character (U+0000). Remove it and try again.',
              {
                extensions: { code: ErrorCode.BAD_USER_INPUT, http: { status: 400 } },
              },
            );
          }
        },
      };
    },
  };
}

/**
 * An `operationName` that picks no operation of the document is refused before anything runs, as graphql-js
 * words it (`OPERATION_RESOLUTION_FAILURE`, a request error). Apollo Server leaves that to the executor, and the
 * gateway runs the document's only operation when the name is empty (`""`): a mutation was applied and the client
 * told INTERNAL_SERVER_ERROR.
 */
export function operationResolutionPlugin(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, request }) {
          if (operation) return;
          throw new GraphQLError(
            typeof request.operationName === 'string'
              ? `Unknown operation named "${request.operationName}".`
              : 'Must provide operation name if query contains multiple operations.',
            { extensions: { code: 'OPERATION_RESOLUTION_FAILURE', http: { status: 400 } } },
          );
        },
      };
    },
  };
}

/**
 * A literal our scalar rules refuse fails validation, which Apollo reports as GRAPHQL_VALIDATION_FAILED whatever
 * the rule said; the client gets the rule's own code (BAD_USER_INPUT) as it does for the same value in a variable.
 */
export function userInputCode(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'GRAPHQL_VALIDATION_FAILED') return formatted;
  let e: unknown = error;
  for (let hops = 0; e instanceof GraphQLError && hops < 4; hops++) {
    if (e instanceof AppError) {
      return e.extensions.code === ErrorCode.BAD_USER_INPUT
        ? { ...formatted, extensions: { ...formatted.extensions, code: ErrorCode.BAD_USER_INPUT } }
        : formatted;
    }
    e = e.originalError;
  }
  return formatted;
}
