import { createRenewer } from '@tiketi/web/renew';
import { createSession, type Session } from '@tiketi/web/session';

export type { AuthTokens, Session, SessionState } from '@tiketi/web/session';

/**
 * The admin's session: the buyer app's session logic and renewal (web/src/auth/session.ts and renew.ts: access
 * token in memory, renewed before it lapses, refresh token rotated one tab at a time) with the refresh token in
 * sessionStorage, so an admin session ends with the browser tab instead of outliving it on a shared office
 * machine.
 */
export function createAdminSession(graphqlUrl: string): Session {
  let storage: Storage | null = null;
  try {
    storage = window.sessionStorage;
  } catch {
    storage = null;
  }
  return createSession({
    renew: createRenewer(graphqlUrl),
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
