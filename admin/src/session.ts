import { type AuthTokens, createSession, type Session } from '@tiketi/web/session';

export type { AuthTokens, Session, SessionState } from '@tiketi/web/session';

const RENEW = `mutation RenewAdminSession($refreshToken: String!) {
  refreshSession(refreshToken: $refreshToken) { accessToken refreshToken expiresIn }
}`;

/**
 * `Session.renew` over plain HTTP: not through the urql client, whose auth exchange would attach (and try to
 * renew) the very token being replaced. `null` when auth refuses the refresh token; throws when it cannot be
 * asked, so the stored token is kept.
 */
export function createRenewer(graphqlUrl: string, fetchImpl: typeof fetch = (...args) => fetch(...args)) {
  return async (refreshToken: string): Promise<AuthTokens | null> => {
    const response = await fetchImpl(graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({ query: RENEW, variables: { refreshToken } }),
    });
    const body = (await response.json().catch(() => null)) as {
      data?: { refreshSession?: AuthTokens } | null;
      errors?: { extensions?: { code?: string } }[];
    } | null;
    if (body?.data?.refreshSession) return body.data.refreshSession;
    if (body?.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return null;
    throw new Error(`refreshSession failed (HTTP ${response.status})`);
  };
}

/**
 * The admin's session: the buyer app's session logic (web/src/auth/session.ts: access token in memory, renewed
 * before it lapses, refresh token rotated one tab at a time) with the refresh token in sessionStorage, so an
 * admin session ends with the browser tab instead of outliving it on a shared office machine.
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
