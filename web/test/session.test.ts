import { gql as graphqlTag, type TypedDocumentNode } from '@apollo/client';
import { gql } from '@tiketi/kit/testing';
import {
  type AuthTokens,
  createSession,
  REFRESH_TOKEN_KEY,
  type SessionOptions,
} from '@tiketi/live-client/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import { createApollo } from '../src/apollo.ts';
import { createRenewer } from '../src/auth/renew.ts';

/**
 * The app's session and Apollo links in Node against the real router and auth: which token goes out, when it
 * is renewed, and that concurrent renewals never present a rotated refresh token twice (auth would end the
 * session for reuse).
 */

let stack: Stack;
let seq = 0;

beforeAll(async () => {
  stack = await startStack();
});
afterAll(async () => {
  await stack?.stop();
});

const ME: TypedDocumentNode<{ me: { id: string; email: string } | null }> = graphqlTag`
  query SessionTestMe {
    me {
      id
      email
    }
  }
`;

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A fetch that counts what goes through it. */
function countingFetch(onRenew?: () => void) {
  const counts = { renewals: 0, refused: 0, requests: 0 };
  const fetchImpl: typeof fetch = async (input, init) => {
    const body = typeof init?.body === 'string' ? init.body : '';
    if (body.includes('"RefreshSession"')) {
      counts.renewals++;
      onRenew?.();
    } else counts.requests++;
    const response = await fetch(input, init);
    if (response.status === 401) counts.refused++;
    return response;
  };
  return { counts, fetchImpl };
}

async function signUp(): Promise<{ email: string; tokens: AuthTokens }> {
  const email = `session-${++seq}-${Date.now()}@example.com`;
  const res = await gql(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken expiresIn } }',
    { input: { email, password: 'session-pass-1', name: 'Session' } },
  );
  expect(res.errors).toBeUndefined();
  return { email, tokens: res.data!.signUp };
}

function setUp(options: Partial<SessionOptions> = {}, onRenew?: () => void) {
  const { counts, fetchImpl } = countingFetch(onRenew);
  const storage = options.storage ?? memoryStorage();
  const session = createSession({ renew: createRenewer(stack.routerUrl, fetchImpl), storage, ...options });
  const apollo = createApollo({
    httpUrl: stack.routerUrl,
    wsUrl: stack.routerUrl.replace(/^http/, 'ws'),
    session,
    fetch: fetchImpl,
    webSocketImpl: WebSocket,
  });
  const me = () =>
    apollo.client.query({ query: ME, fetchPolicy: 'network-only', context: { queryDeduplication: false } });
  return { counts, storage, session, apollo, me };
}

describe('session and auth link against the real router', () => {
  it('renews once when many requests are refused at the same time, then retries each', async () => {
    const { email, tokens } = await signUp();
    const { counts, storage, session, apollo, me } = setUp();
    try {
      // An access token the router refuses (as an expired one would be): every request gets a 401.
      session.begin({ ...tokens, accessToken: 'not-a-valid-token' });
      const results = await Promise.all(Array.from({ length: 5 }, me));
      for (const result of results) expect(result.data?.me?.email).toBe(email);
      expect(counts.refused).toBe(5);
      expect(counts.renewals).toBe(1);
      expect(storage.getItem(REFRESH_TOKEN_KEY)).not.toBe(tokens.refreshToken);
      expect(session.state.phase).toBe('signed-in');
    } finally {
      apollo.dispose();
      session.dispose();
    }
  });

  it('renews before the token expires, so no request is refused', async () => {
    const { email, tokens } = await signUp();
    let clock = Date.now();
    const { counts, session, apollo, me } = setUp({ now: () => clock });
    try {
      session.begin(tokens);
      expect((await me()).data?.me?.email).toBe(email);
      expect(counts.renewals).toBe(0);
      // 15 s before expiry (renewal starts 30 s before): a laptop waking up late does the same.
      clock += (tokens.expiresIn - 15) * 1000;
      expect((await me()).data?.me?.email).toBe(email);
      expect(counts.renewals).toBe(1);
      expect(counts.refused).toBe(0);
    } finally {
      apollo.dispose();
      session.dispose();
    }
  });

  it('restores a session from the stored refresh token after a reload', async () => {
    const { email, tokens } = await signUp();
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    const { counts, session, apollo, me } = setUp({ storage });
    try {
      expect(session.state.phase).toBe('restoring');
      expect((await me()).data?.me?.email).toBe(email);
      expect(session.state.phase).toBe('signed-in');
      expect(counts.renewals).toBe(1);
      expect(counts.refused).toBe(0);
    } finally {
      apollo.dispose();
      session.dispose();
    }
  });

  it('ends the session when auth refuses the refresh token, and carries on anonymously', async () => {
    const { counts, storage, session, apollo, me } = setUp();
    try {
      session.begin({
        accessToken: 'not-a-valid-token',
        refreshToken: 'not-a-refresh-token',
        expiresIn: 900,
      });
      const result = await me();
      expect(result.data?.me).toBeNull();
      expect(session.state.phase).toBe('anonymous');
      expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
      expect(counts.renewals).toBe(1);
    } finally {
      apollo.dispose();
      session.dispose();
    }
  });

  it('lets two tabs renew at the same moment without presenting a rotated token twice', async () => {
    const { email, tokens } = await signUp();
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    // navigator.locks as one browser provides it to every tab: one holder at a time, in request order.
    let tail: Promise<unknown> = Promise.resolve();
    const locks = {
      request<T>(_name: string, work: () => Promise<T>): Promise<T> {
        const run = tail.then(work, work);
        tail = run.catch(() => undefined);
        return run;
      },
    };
    const tabA = setUp({ storage, locks });
    const tabB = setUp({ storage, locks });
    try {
      const [a, b] = await Promise.all([tabA.me(), tabB.me()]);
      expect(a.data?.me?.email).toBe(email);
      expect(b.data?.me?.email).toBe(email);
      expect(tabA.session.state.phase).toBe('signed-in');
      expect(tabB.session.state.phase).toBe('signed-in');
      // The newest token still works: reuse detection was never tripped.
      const latest = storage.getItem(REFRESH_TOKEN_KEY);
      const check = await gql(
        stack.routerUrl,
        'mutation($t: String!) { refreshSession(refreshToken: $t) { expiresIn } }',
        { t: latest },
      );
      expect(check.errors).toBeUndefined();
    } finally {
      for (const tab of [tabA, tabB]) {
        tab.apollo.dispose();
        tab.session.dispose();
      }
    }
  });

  it('without the lock, the same race ends the session (what the lock prevents)', async () => {
    const { tokens } = await signUp();
    const storage = memoryStorage();
    storage.setItem(REFRESH_TOKEN_KEY, tokens.refreshToken);
    const tabA = setUp({ storage });
    const tabB = setUp({ storage });
    try {
      await Promise.all([tabA.me(), tabB.me()]);
      const phases = [tabA.session.state.phase, tabB.session.state.phase];
      expect(phases).toContain('anonymous');
    } finally {
      for (const tab of [tabA, tabB]) {
        tab.apollo.dispose();
        tab.session.dispose();
      }
    }
  });

  it('forgets the session on end() even while a renewal is in flight', async () => {
    const { tokens } = await signUp();
    let ended: string | null | undefined;
    // Log out at the moment the renewal request leaves.
    const { session, apollo, me, storage, counts } = setUp({}, () => {
      ended = session.end();
    });
    try {
      session.begin({ ...tokens, accessToken: 'not-a-valid-token' });
      const result = await me();
      expect(counts.renewals).toBe(1);
      expect(ended).toBe(tokens.refreshToken);
      // The renewal's answer is dropped: no token stored, nobody signed in, the retry went anonymously.
      expect(result.data?.me).toBeNull();
      expect(session.state.phase).toBe('anonymous');
      expect(storage.getItem(REFRESH_TOKEN_KEY)).toBeNull();
    } finally {
      apollo.dispose();
      session.dispose();
    }
  });
});
