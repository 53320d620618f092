/**
 * Ended sessions, as auth tells the router through Redis. Access tokens carry their session's id (`sid`, the
 * refresh-token family); `logOut` (or a replayed refresh token) writes a deny entry for it that outlives every
 * access token of the session, and every router replica refuses tokens of a session with one (issue 16).
 */
export const revokedSessionKey = (sessionId: string): string => `session:revoked:${sessionId}`;

/** The deny entry's life past the access tokens' own: covers clock drift between replicas. */
export const REVOKED_SESSION_MARGIN_SECONDS = 60;
