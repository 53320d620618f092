import { authExchange } from '@urql/exchange-auth';
import { Client, cacheExchange, fetchExchange } from 'urql';
import type { Session } from './session.ts';

/** Renew this long before the access token lapses, as the session itself does. */
const RENEW_BEFORE_MS = 30_000;

/**
 * The urql client: document cache → auth → fetch. The auth exchange sends the session's access token, renews it
 * before a request when it is missing or about to lapse, and renews once more when the router refuses it
 * (HTTP 401) and retries. One client per identity: the app makes a new one when the admin signs in or out, so
 * nothing cached for one identity is shown to another.
 */
export function createClient(url: string, session: Session): Client {
  return new Client({
    url,
    preferGetMethod: false,
    exchanges: [
      cacheExchange,
      authExchange(async (utils) => {
        let token = await session.accessToken();
        let refused: string | null = null;
        return {
          addAuthToOperation(operation) {
            return token ? utils.appendHeaders(operation, { authorization: `Bearer ${token}` }) : operation;
          },
          willAuthError() {
            const state = session.state;
            switch (state.phase) {
              case 'anonymous':
                return token !== null;
              case 'restoring':
                return true;
              case 'signed-in':
                return state.accessToken !== token || state.expiresAt - RENEW_BEFORE_MS <= Date.now();
            }
          },
          didAuthError(error) {
            if (error.response?.status !== 401) return false;
            refused = token;
            return true;
          },
          async refreshAuth() {
            token = refused ? await session.renewAfterRefusal(refused) : await session.accessToken();
            refused = null;
          },
        };
      }),
      fetchExchange,
    ],
  });
}
