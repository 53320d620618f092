import { GraphQLError } from 'graphql';

/**
 * The registry of error codes clients branch on (`extensions.code`). Every error a client sees carries one
 * of these. The README documents each; keep the two in step.
 */
export const ErrorCode = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
  /** A trusted-document id the router does not know (Apollo's APQ code, so its clients fall back to the text). */
  PERSISTED_QUERY_NOT_FOUND: 'PERSISTED_QUERY_NOT_FOUND',
  /** In production the router runs only the apps' registered documents for first-party callers (issue 18). */
  DOCUMENT_NOT_REGISTERED: 'DOCUMENT_NOT_REGISTERED',
  // Later domains register theirs here, so that one list is the truth.
  SEAT_UNAVAILABLE: 'SEAT_UNAVAILABLE',
  /** A buyer would hold or own more seats of one event than allowed (seating's SEAT_LIMIT_PER_BUYER). */
  SEAT_LIMIT_EXCEEDED: 'SEAT_LIMIT_EXCEEDED',
  HOLD_EXPIRED: 'HOLD_EXPIRED',
  /** The buyer already has a live hold (or one in checkout) of the event: one at a time (issue 16). */
  HOLD_ALREADY_ACTIVE: 'HOLD_ALREADY_ACTIVE',
  SALE_NOT_OPEN: 'SALE_NOT_OPEN',
  QUEUE_PASS_REQUIRED: 'QUEUE_PASS_REQUIRED',
  PAYMENT_AMOUNT_MISMATCH: 'PAYMENT_AMOUNT_MISMATCH',
  PAYMENT_DECLINED: 'PAYMENT_DECLINED',
  /** preparePayment's checkout token is forged, another buyer's or another reservation's (`extensions.reason`). */
  CHECKOUT_TOKEN_INVALID: 'CHECKOUT_TOKEN_INVALID',
  /** The ticket is no longer VALID (revoked, transferred, resold or checked in): nothing can be done with it (issue 17). */
  TICKET_NOT_VALID: 'TICKET_NOT_VALID',
  /** The event's transfer cut-off (its ticket policy) has passed, or the event has started (issue 17). */
  TRANSFER_CLOSED: 'TRANSFER_CLOSED',
  /** Joining a waiting room or signing up needs a solved proof-of-work challenge, and none came (issue 16). */
  CHALLENGE_REQUIRED: 'CHALLENGE_REQUIRED',
  /** The proof is malformed, forged, wrong, or for another purpose, event or account. */
  CHALLENGE_INVALID: 'CHALLENGE_INVALID',
  CHALLENGE_EXPIRED: 'CHALLENGE_EXPIRED',
  /** The challenge's answer was already used once. */
  CHALLENGE_USED: 'CHALLENGE_USED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * A domain error: thrown anywhere in a resolver, shown to clients with its code and message. It is an answer,
 * not a bug, so it carries no stack trace: in a flash sale most hold requests end with one, graphql-js reads
 * `.stack` of every resolver error it wraps, and each read formats a trace (through source maps under tsx) that
 * nobody looks at (`formatError` drops stacks) — a few per cent of a subgraph's CPU in `bench:holds`.
 */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(message, { extensions: { ...extensions, code } });
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.name = 'AppError';
    Object.defineProperty(this, 'stack', {
      value: `AppError: ${message}`,
      writable: true,
      configurable: true,
    });
  }
}

export const unauthenticated = (message = 'Sign in to do this.') =>
  new AppError(ErrorCode.UNAUTHENTICATED, message);
export const forbidden = (message = 'You are not allowed to do this.') =>
  new AppError(ErrorCode.FORBIDDEN, message);
export const badInput = (message: string, field?: string) =>
  new AppError(ErrorCode.BAD_USER_INPUT, message, field ? { field } : {});
export const notFound = (what: string) => new AppError(ErrorCode.NOT_FOUND, `${what} was not found.`);
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError(ErrorCode.RATE_LIMITED, `Too many attempts. Try again in ${retryAfterSeconds} seconds.`, {
    retryAfterSeconds,
  });

/** What a client is told of a failure that is ours, never its own: no detail, no stack, no SQL. */
export const INTERNAL_ERROR_MESSAGE =
  'Something went wrong on our side. Try again; if it keeps happening, contact support.';

/** Codes that Apollo Server itself produces and that pass through unchanged. */
const PASS_THROUGH = new Set<string>([
  ...Object.values(ErrorCode),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/**
 * Apollo `formatError`: known codes pass with their message; anything else (a bug, a driver error, SQL) is
 * logged by the caller and shown as a generic INTERNAL_SERVER_ERROR so no stack trace or SQL reaches a client.
 */
export function formatError(
  formatted: { message: string; extensions?: Record<string, unknown>; path?: readonly (string | number)[] },
  onInternal?: (formatted: unknown) => void,
) {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH.has(code) && code !== ErrorCode.INTERNAL_SERVER_ERROR) {
    const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  onInternal?.(formatted);
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}
