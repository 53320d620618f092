import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AuthHarness,
  type AuthPayloadData,
  freshIp,
  PAYLOAD,
  startAuth,
  verifyAccessToken,
} from './helpers.ts';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${PAYLOAD} } }`;
const REFRESH = `mutation ($t: String!) { refreshSession(refreshToken: $t) { ${PAYLOAD} } }`;
const LOG_OUT = 'mutation ($t: String!) { logOut(refreshToken: $t) }';
const ENDED = 'This session was ended. Log in again.';

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuth();
});
afterAll(() => auth?.dispose());

async function newSession(): Promise<AuthPayloadData> {
  const input = {
    email: `s-${randomUUID().slice(0, 8)}@example.com`,
    password: 'concert2026',
    name: 'Session',
  };
  const res = await auth.call<{ signUp: AuthPayloadData }>(SIGN_UP, { input }, { clientIp: freshIp() });
  return res.data!.signUp;
}

const refresh = (token: string) => auth.call<{ refreshSession: AuthPayloadData }>(REFRESH, { t: token });

describe('refreshSession', () => {
  it('rotates: returns new tokens for the same user and the old refresh token stops working', async () => {
    const first = await newSession();
    const second = await refresh(first.refreshToken);
    expect(second.errors).toBeUndefined();
    const next = second.data!.refreshSession;
    expect(next.user.id).toBe(first.user.id);
    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect((await verifyAccessToken(auth.service.jwksUrl, next.accessToken)).sub).toBe(first.user.id);

    const third = await refresh(next.refreshToken);
    expect(third.errors).toBeUndefined();
    expect(third.data!.refreshSession.refreshToken).not.toBe(next.refreshToken);
  });

  it('revokes the whole family when a rotated token is presented again', async () => {
    const first = await newSession();
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    const third = (await refresh(second.refreshToken)).data!.refreshSession;

    const replay = await refresh(first.refreshToken);
    expect(replay.errors?.[0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });
    // The newest token of the family, never used, is dead too: the thief and the owner both have to log in.
    const newest = await refresh(third.refreshToken);
    expect(newest.errors?.[0]).toMatchObject({ message: ENDED, extensions: { code: 'UNAUTHENTICATED' } });

    // Other sessions of the same user are separate families and keep working.
    const other = await newSession();
    expect((await refresh(other.refreshToken)).errors).toBeUndefined();
  });

  it('lets exactly one of two concurrent refreshes with the same token win', async () => {
    const session = await newSession();
    const tokenHash = createHash('sha256').update(session.refreshToken).digest('hex');
    // Make the race certain instead of lucky: hold the token's row lock from outside, start both refreshes,
    // wait until both are blocked on it (at the locking read, or at their update if they skipped the lock),
    // then let go. Without the service's own row lock both would now succeed.
    const locker = new pg.Client({ connectionString: auth.infra.databaseUrl });
    await locker.connect();
    let results: Awaited<ReturnType<typeof refresh>>[];
    try {
      await locker.query('begin');
      await locker.query('select id from auth.refresh_tokens where token_hash = $1 for update', [tokenHash]);
      const racing = Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
      for (let waited = 0; ; waited += 20) {
        // Statistics views are a snapshot per transaction: clear it to see the refreshes arrive.
        await locker.query('select pg_stat_clear_snapshot()');
        const { rows } = await locker.query(
          `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
        );
        if (rows[0].n === 2) break;
        if (waited > 5_000) throw new Error('the two refreshes never queued on the row lock');
        await new Promise((r) => setTimeout(r, 20));
      }
      await locker.query('commit');
      results = await racing;
    } finally {
      await locker.end();
    }
    const winners = results.filter((r) => r.data?.refreshSession);
    const losers = results.filter((r) => r.errors?.[0]?.extensions?.code === 'UNAUTHENTICATED');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
  });

  it('refuses unknown and expired tokens', async () => {
    const unknown = await refresh(randomBytes(32).toString('base64url'));
    expect(unknown.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const session = await newSession();
    const em = auth.service.orm.orm.em.fork();
    await em
      .getConnection()
      .execute(`update auth.refresh_tokens set expires_at = now() - interval '1 second' where user_id = ?`, [
        session.user.id,
      ]);
    const expired = await refresh(session.refreshToken);
    expect(expired.errors?.[0]).toMatchObject({
      message: 'Your session has expired. Log in again.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('stores only hashes of refresh tokens', async () => {
    const session = await newSession();
    const em = auth.service.orm.orm.em.fork();
    const rows = await em
      .getConnection()
      .execute<{ token_hash: string }[]>('select token_hash from auth.refresh_tokens where user_id = ?', [
        session.user.id,
      ]);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(rows)).not.toContain(session.refreshToken);
  });
});

describe('logOut', () => {
  it('ends the session: its refresh tokens stop working', async () => {
    const session = await newSession();
    const rotated = (await refresh(session.refreshToken)).data!.refreshSession;
    const res = await auth.call(LOG_OUT, { t: session.refreshToken });
    expect(res.data?.logOut).toBe(true);
    expect((await refresh(rotated.refreshToken)).errors?.[0]?.message).toBe(ENDED);
  });
});
