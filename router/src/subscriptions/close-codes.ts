import { CloseCode } from 'graphql-ws';

/**
 * How the router ends a client's WebSocket, and what a client should do about it. graphql-ws clients retry
 * every code below except 4401, which they treat as final (the live client asks for a fresh token first).
 */
export const RouterCloseCode = {
  /** The access token in `connection_init` is malformed, invalid or expired, or expired while connected. */
  Unauthorized: CloseCode.Unauthorized,
  /** Router shutting down (rolling update): reconnect, a load balancer sends you to another replica. */
  GoingAway: 1001,
  /**
   * "Try Again Later" (RFC 6455 registry): the client did not read fast enough and its unsent messages passed
   * the bound, or the router could not check the token (auth's keys unreachable). Reconnect with backoff and
   * reload state; the version gap says what was missed.
   */
  TryAgainLater: 1013,
} as const;

/** Close reasons must fit a control frame (123 bytes); these are short and say what to do. */
export const CloseReason = {
  malformedToken: 'Send connection_init { authorization: "Bearer <access token>" }',
  invalidToken: 'Access token not valid: sign in again',
  expiredToken: 'Access token expired: reconnect with a fresh one',
  sessionEnded: 'Session ended (logged out): sign in again',
  keysUnavailable: 'Sign-in cannot be checked right now: try again in a moment',
  slowConsumer: 'Slow consumer: too many unread messages; reconnect and reload',
  goingAway: 'Router shutting down: reconnect',
} as const;
