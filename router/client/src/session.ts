/**
 * The buyer's session, independent of any transport: which access token to send, when to renew it, and
 * where the refresh token lives. `apollo.ts` supplies the `renew` call and reads tokens from here.
 *
 * - The access token (15 minutes) is kept in memory only: a script that runs later cannot read it from
 *   storage, and a reload costs one `refreshSession` call.
 * - The refresh token is kept in localStorage so a reload, a new tab or a browser restart stays signed in
 *   (README: "Where the tokens live"). Auth rotates it on every use and revokes the whole session when a
 *   rotated one is presented again, so every tab must renew one after another with the newest token: a
 *   renewal holds the Web Lock `tiketi.session` and reads the token from storage inside it.
 */

export interface AuthTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export type SessionState =
  | { phase: 'anonymous' }
  /** A refresh token is stored but no access token has been obtained for it yet (after a reload). */
  | { phase: 'restoring' }
  | { phase: 'signed-in'; accessToken: string; expiresAt: number };

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
type StorageEvents = Pick<Window, 'addEventListener' | 'removeEventListener'>;
type Locks = { request<T>(name: string, callback: () => Promise<T>): Promise<T> };

export interface SessionOptions {
  /**
   * Exchanges a refresh token for new tokens. Resolves `null` when auth refuses the token (ended, expired,
   * reused); rejects when auth cannot be asked (network), in which case the stored token is kept.
   */
  renew(refreshToken: string): Promise<AuthTokens | null>;
  /** Where the refresh token persists. `null` (or a storage that throws) keeps it in memory for this page. */
  storage: KeyValueStorage | null;
  /** `window`, to follow log-ins and log-outs in other tabs. */
  events?: StorageEvents | null;
  /** `navigator.locks`, to renew one tab at a time. Without it, renewals are only serialised per tab. */
  locks?: Locks | null;
  /** @default Date.now */
  now?: () => number;
  /** Renew this long before the access token expires, so no request leaves with a token about to lapse. @default 30_000 */
  renewBeforeMs?: number;
}

export interface Session {
  readonly state: SessionState;
  /** Called after every state change. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** A usable access token, renewed first when missing or about to expire; `null` when anonymous. */
  accessToken(): Promise<string | null>;
  /** The API refused `token`: renew, unless another request already replaced it. */
  renewAfterRefusal(token: string): Promise<string | null>;
  /** Starts a session from a log-in or sign-up answer. */
  begin(tokens: AuthTokens): void;
  /** Forgets the session here (and in other tabs); returns the refresh token so the caller can revoke it. */
  end(): string | null;
  dispose(): void;
}

export const REFRESH_TOKEN_KEY = 'tiketi.refreshToken';
const LOCK_NAME = 'tiketi.session';

/** Storage that degrades to memory when the browser refuses it (private modes, disabled storage). */
function tokenStore(storage: KeyValueStorage | null) {
  let memory: string | null = null;
  return {
    get(): string | null {
      try {
        return storage ? storage.getItem(REFRESH_TOKEN_KEY) : memory;
      } catch {
        return memory;
      }
    },
    set(value: string | null) {
      memory = value;
      try {
        if (value === null) storage?.removeItem(REFRESH_TOKEN_KEY);
        else storage?.setItem(REFRESH_TOKEN_KEY, value);
      } catch {
        // memory holds it
      }
    },
  };
}

export function createSession(options: SessionOptions): Session {
  const now = options.now ?? Date.now;
  const renewBeforeMs = options.renewBeforeMs ?? 30_000;
  const store = tokenStore(options.storage);
  const listeners = new Set<() => void>();
  let state: SessionState = store.get() ? { phase: 'restoring' } : { phase: 'anonymous' };
  let renewing: Promise<string | null> | null = null;
  // Bumped by begin() and end(): a renewal that was started for an earlier session must not revive it.
  let generation = 0;

  const setState = (next: SessionState) => {
    state = next;
    for (const listener of listeners) listener();
  };

  const signIn = (tokens: AuthTokens) => {
    store.set(tokens.refreshToken);
    setState({
      phase: 'signed-in',
      accessToken: tokens.accessToken,
      expiresAt: now() + tokens.expiresIn * 1000,
    });
  };

  const current = () => (state.phase === 'signed-in' ? state.accessToken : null);

  const exclusive = <T>(work: () => Promise<T>): Promise<T> =>
    options.locks ? options.locks.request(LOCK_NAME, work) : work();

  const renew = (): Promise<string | null> => {
    // One renewal at a time per tab: every request that finds the token stale waits for the same one.
    const started = generation;
    renewing ??= exclusive(async () => {
      if (started !== generation) return current();
      // Read inside the lock: another tab may have rotated the token while we waited for it.
      const refreshToken = store.get();
      if (!refreshToken) {
        setState({ phase: 'anonymous' });
        return null;
      }
      const tokens = await options.renew(refreshToken);
      if (started !== generation) return current();
      if (!tokens) {
        // Refused: the session is over. Keep a token another tab stored meanwhile, it may still be good.
        if (store.get() === refreshToken) store.set(null);
        setState({ phase: 'anonymous' });
        return null;
      }
      signIn(tokens);
      return tokens.accessToken;
    }).finally(() => {
      renewing = null;
    });
    return renewing;
  };

  // Another tab logged in or out (the event fires in every tab but the one that wrote).
  const onStorage = (event: StorageEvent) => {
    if (event.key !== REFRESH_TOKEN_KEY && event.key !== null) return;
    const stored = store.get();
    if (!stored && state.phase !== 'anonymous') setState({ phase: 'anonymous' });
    else if (stored && state.phase === 'anonymous') setState({ phase: 'restoring' });
    // A rotation elsewhere leaves our access token valid; the next renewal reads the new refresh token.
  };
  options.events?.addEventListener('storage', onStorage);

  return {
    get state() {
      return state;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async accessToken() {
      if (renewing) return renewing;
      switch (state.phase) {
        case 'anonymous':
          return null;
        case 'restoring':
          return renew();
        case 'signed-in':
          // Checked per request rather than by a timer, so a laptop waking from sleep renews on first use.
          return state.expiresAt - renewBeforeMs > now() ? state.accessToken : renew();
      }
    },
    async renewAfterRefusal(token) {
      if (renewing) return renewing;
      if (state.phase === 'signed-in' && state.accessToken !== token) return state.accessToken;
      if (state.phase === 'anonymous') return null;
      return renew();
    },
    begin(tokens) {
      generation++;
      signIn(tokens);
    },
    end() {
      generation++;
      const refreshToken = store.get();
      store.set(null);
      setState({ phase: 'anonymous' });
      return refreshToken;
    },
    dispose() {
      options.events?.removeEventListener('storage', onStorage);
      listeners.clear();
    },
  };
}
