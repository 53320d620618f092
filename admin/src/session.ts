import { createRenewer } from '@tiketi/live-client/renew';
import { createSession, type Session } from '@tiketi/live-client/session';
import { graphql } from './__generated__/index.ts';

export type { AuthTokens, Session, SessionState } from '@tiketi/live-client/session';

/**
 * The admin app's own `RefreshSession`, so it is in the admin manifest like every other document the app
 * sends (issue 18); the same text as the buyer app's, hence the same id.
 */
const RefreshSessionMutation = graphql(`
  mutation RefreshSession($refreshToken: String!) {
    refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }
  }
`);
const REFRESH_SESSION_ID = (RefreshSessionMutation as { __meta__?: { hash?: string } }).__meta__?.hash ?? '';

/**
 * The admin's session: the session logic and renewal the buyer app uses too (`@tiketi/live-client` session.ts
 * and renew.ts: access token in memory, renewed before it lapses, refresh token rotated one tab at a time) with
 * the refresh token in sessionStorage, so an admin session ends with the browser tab instead of outliving it on
 * a shared office machine.
 */
export function createAdminSession(graphqlUrl: string): Session {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  return createSession({
    renew: createRenewer(graphqlUrl, REFRESH_SESSION_ID),
    storage,
    events: window,
    locks:
      'locks' in navigator
        ? {
            request: <T>(name: string, work: () => Promise<T>) =>
              navigator.locks.request(name, work) as Promise<T>,
          }
        : null,
  });
}
