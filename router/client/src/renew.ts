import type { AuthTokens } from './session.ts';

/**
 * `Session.renew` over plain HTTP, for the buyer app and the admin app alike. It must not go through a GraphQL
 * client: the client's auth step would attach (and try to renew) the very token being replaced. Plain `fetch`,
 * so the admin app does not bundle Apollo for it; the session tests run it against the real router.
 *
 * `refreshSessionId` is the trusted-document id (issue 18) of the app's own `RefreshSession` mutation
 * (`mutation RefreshSession($refreshToken: String!) { refreshSession(refreshToken: $refreshToken)
 * { accessToken refreshToken expiresIn } }`): each app declares it, so it is in that app's manifest, and only its
 * id goes out.
 */
const defaultFetch: typeof fetch = (input, init) => fetch(input, init);

/**
 * Resolves the new tokens; `null` when auth refuses the refresh token (ended, expired, reused); rejects when
 * auth cannot be asked, so the caller keeps the stored token.
 */
export function createRenewer(
  httpUrl: string,
  refreshSessionId: string,
  fetchImpl: typeof fetch = defaultFetch,
) {
  return async (refreshToken: string): Promise<AuthTokens | null> => {
    const response = await fetchImpl(httpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
      },
      body: JSON.stringify({
        operationName: 'RefreshSession',
        extensions: { persistedQuery: { version: 1, sha256Hash: refreshSessionId } },
        variables: { refreshToken },
      }),
    });
    const body = (await response.json().catch(() => null)) as {
      data?: { refreshSession?: AuthTokens | null } | null;
      errors?: { extensions?: { code?: string } }[];
    } | null;
    const tokens = body?.data?.refreshSession;
    if (tokens) return tokens;
    const codes = body?.errors?.map((e) => e.extensions?.code) ?? [];
    if (codes.includes('UNAUTHENTICATED')) return null;
    throw new Error(
      `refreshSession failed (HTTP ${response.status}${codes.length ? `, ${codes.join(', ')}` : ''})`,
    );
  };
}
