import { CombinedGraphQLErrors, ServerError } from '@apollo/client';
import type { I18n, MessageKey } from './i18n/index.tsx';

/**
 * Every error code the API documents (README "Error codes", kit `ErrorCode`) plus the two the browser adds.
 * Each has a message in both catalogs (`error.<CODE>`); a test keeps the three lists in step.
 */
export const ERROR_CODES = [
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'INTERNAL_SERVER_ERROR',
  'SEAT_UNAVAILABLE',
  'SEAT_LIMIT_EXCEEDED',
  'HOLD_EXPIRED',
  'HOLD_ALREADY_ACTIVE',
  'SALE_NOT_OPEN',
  'QUEUE_PASS_REQUIRED',
  'PAYMENT_AMOUNT_MISMATCH',
  'PAYMENT_DECLINED',
  'CHECKOUT_TOKEN_INVALID',
  'DOCUMENT_NOT_REGISTERED',
  'PERSISTED_QUERY_NOT_FOUND',
  'TICKET_NOT_VALID',
  'TRANSFER_CLOSED',
  'CHALLENGE_REQUIRED',
  'CHALLENGE_INVALID',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
] as const;
export type ApiErrorCode = (typeof ERROR_CODES)[number];

/** What went wrong, as the UI branches on it. */
export type Problem =
  | { kind: 'api'; code: ApiErrorCode; field?: string; retryAfterSeconds?: number }
  | { kind: 'network'; offline: boolean }
  | { kind: 'unknown' };

type Extensions = { code?: unknown; field?: unknown; retryAfterSeconds?: unknown } | undefined;

const isApiCode = (code: unknown): code is ApiErrorCode =>
  typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);

function fromExtensions(extensions: Extensions): Problem | null {
  if (!isApiCode(extensions?.code)) return null;
  return {
    kind: 'api',
    code: extensions.code,
    ...(typeof extensions.field === 'string' ? { field: extensions.field } : {}),
    ...(typeof extensions.retryAfterSeconds === 'number'
      ? { retryAfterSeconds: extensions.retryAfterSeconds }
      : {}),
  };
}

/** Reads the first coded error out of anything Apollo (or fetch) can throw. */
export function problemOf(error: unknown): Problem {
  if (CombinedGraphQLErrors.is(error)) {
    for (const e of error.errors) {
      const problem = fromExtensions(e.extensions as Extensions);
      if (problem) return problem;
    }
    return { kind: 'unknown' };
  }
  if (ServerError.is(error)) {
    // Refusals before GraphQL runs (401, 413, 503 …) still carry { errors: [{ extensions: { code } }] }.
    try {
      const body = JSON.parse(error.bodyText) as { errors?: { extensions?: Extensions }[] };
      const problem = fromExtensions(body.errors?.[0]?.extensions);
      if (problem) return problem;
    } catch {
      // not JSON: a proxy's error page
    }
    return error.statusCode >= 500
      ? { kind: 'api', code: 'INTERNAL_SERVER_ERROR' }
      : { kind: 'api', code: 'BAD_REQUEST' };
  }
  // A GraphQL error as the server formatted it (a subscription's `errors`).
  if (typeof error === 'object' && error !== null && 'extensions' in error) {
    const problem = fromExtensions((error as { extensions?: Extensions }).extensions);
    if (problem) return problem;
  }
  // fetch rejects with a TypeError when the server cannot be reached (or CORS refuses the answer).
  if (error instanceof TypeError) {
    return { kind: 'network', offline: typeof navigator !== 'undefined' && navigator.onLine === false };
  }
  return { kind: 'unknown' };
}

export function hasCode(error: unknown, code: ApiErrorCode): boolean {
  const problem = problemOf(error);
  return problem.kind === 'api' && problem.code === code;
}

/** The seats a `SEAT_UNAVAILABLE` refusal names (`extensions.seatIds`): the ones the buyer could not have. */
export function unavailableSeatIds(error: unknown): string[] {
  if (!CombinedGraphQLErrors.is(error)) return [];
  for (const e of error.errors) {
    const ids = (e.extensions as { seatIds?: unknown } | undefined)?.seatIds;
    if (Array.isArray(ids)) return ids.filter((id): id is string => typeof id === 'string');
  }
  return [];
}

/** Where a message is shown changes what a code means (UNAUTHENTICATED at log-in is a wrong password). */
export type ProblemContext = 'logIn' | 'signUp' | 'google' | 'transfer' | 'resale' | 'general';

const CONTEXTUAL: Partial<Record<ProblemContext, Partial<Record<ApiErrorCode, MessageKey>>>> = {
  logIn: { UNAUTHENTICATED: 'error.logIn.UNAUTHENTICATED' },
  signUp: { CONFLICT: 'error.signUp.CONFLICT' },
  google: { UNAUTHENTICATED: 'error.google.UNAUTHENTICATED' },
  // Tickets after the sale (issue 17): what a CONFLICT means on the ticket page.
  transfer: { CONFLICT: 'error.transfer.CONFLICT' },
  resale: { CONFLICT: 'error.resale.CONFLICT', BAD_USER_INPUT: 'error.resale.BAD_USER_INPUT' },
};

const FIELD_MESSAGES: Record<string, MessageKey> = {
  email: 'error.field.email',
  password: 'error.field.password',
  name: 'error.field.name',
  'filter.to': 'error.field.filter.to',
  query: 'error.field.query',
  'filter.artist': 'error.field.query',
  'filter.venue': 'error.field.query',
};

export function describeProblem(problem: Problem, i18n: I18n, context: ProblemContext = 'general'): string {
  const { t } = i18n;
  switch (problem.kind) {
    case 'network':
      return t(problem.offline ? 'error.OFFLINE' : 'error.NETWORK');
    case 'unknown':
      return t('error.UNKNOWN');
    case 'api': {
      const contextual = CONTEXTUAL[context]?.[problem.code];
      if (contextual) return t(contextual);
      if (problem.code === 'BAD_USER_INPUT' && problem.field) {
        const key = FIELD_MESSAGES[problem.field];
        if (key) return t(key);
      }
      if (problem.code === 'RATE_LIMITED' && problem.retryAfterSeconds !== undefined) {
        return t('error.RATE_LIMITED.wait', { seconds: problem.retryAfterSeconds });
      }
      return t(`error.${problem.code}`);
    }
  }
}

export const describeError = (error: unknown, i18n: I18n, context?: ProblemContext) =>
  describeProblem(problemOf(error), i18n, context);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids of reservations, events, payments are UUIDs: anything else in a URL names nothing. */
export const isId = (value: string) => UUID.test(value);

/**
 * NOT_FOUND, or an id the API refused as input (BAD_USER_INPUT): to a buyer following a link both mean
 * "there is no such thing", a not-found page, not an error with a retry that cannot help.
 */
export function isNotFound(error: unknown): boolean {
  const problem = problemOf(error);
  return problem.kind === 'api' && (problem.code === 'NOT_FOUND' || problem.code === 'BAD_USER_INPUT');
}
