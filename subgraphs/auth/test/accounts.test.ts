import { randomUUID } from 'node:crypto';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedUser } from '../src/index.ts';
import {
  type AuthHarness,
  type AuthPayloadData,
  freshIp,
  PAYLOAD,
  startAuth,
  verifyAccessToken,
} from './helpers.ts';

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${PAYLOAD} } }`;
const LOG_IN = `mutation ($input: LogInInput!) { logIn(input: $input) { ${PAYLOAD} } }`;
const ME = 'query { me { id email name role } }';

let auth: AuthHarness;
beforeAll(async () => {
  // Small limits so the rate-limit tests need few (argon2-priced) attempts; also proves the variables are read.
  auth = await startAuth({
    AUTH_LOGIN_LIMIT_PER_EMAIL: '3',
    AUTH_LOGIN_LIMIT_PER_IP: '6',
    AUTH_LOGIN_MAX_DELAY_SECONDS: '2',
  });
});
afterAll(() => auth?.dispose());

const uniqueEmail = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

async function signUp(input: { email: string; password: string; name: string }) {
  return auth.call<{ signUp: AuthPayloadData }>(SIGN_UP, { input }, { clientIp: freshIp() });
}

function logIn(email: string, password: string, clientIp = freshIp()) {
  return auth.call<{ logIn: AuthPayloadData }>(LOG_IN, { input: { email, password } }, { clientIp });
}

describe('signUp', () => {
  it('creates a USER, normalizes email and name, and returns a token that verifies against the served JWKS', async () => {
    const email = uniqueEmail('Mixed.Case');
    const res = await signUp({
      email: `  ${email.toUpperCase()} `,
      password: 'concert2026',
      name: '  Jiwoo Kim ',
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.signUp;
    expect(payload.user).toMatchObject({ email: email.toLowerCase(), name: 'Jiwoo Kim', role: 'USER' });
    expect(Date.parse(payload.user.createdAt)).toBeGreaterThan(Date.now() - 60_000);
    expect(payload.expiresIn).toBe(900);
    expect(payload.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const claims = await verifyAccessToken(auth.service.jwksUrl, payload.accessToken);
    expect(claims).toMatchObject({ sub: payload.user.id, role: 'USER', iss: 'tiketi-auth', aud: 'tiketi' });
    expect(claims.exp! - claims.iat!).toBe(900);
  });

  it('serves the JWKS publicly with RS256 keys and a 5 minute cache', async () => {
    const res = await fetch(auth.service.jwksUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toContain('max-age=300');
    const { keys } = (await res.json()) as { keys: Record<string, string>[] };
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
    expect(keys[0]!.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('refuses a second account with the same email, whatever its case', async () => {
    const email = uniqueEmail('dup');
    expect((await signUp({ email, password: 'concert2026', name: 'First' })).errors).toBeUndefined();
    const res = await signUp({ email: email.toUpperCase(), password: 'another2026', name: 'Second' });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]).toMatchObject({
      message: 'An account with this email already exists. Log in instead.',
      extensions: { code: 'CONFLICT' },
    });
  });

  it('lets exactly one of two concurrent sign-ups with one email succeed', async () => {
    const email = uniqueEmail('race');
    const results = await Promise.all([
      signUp({ email, password: 'concert2026', name: 'A' }),
      signUp({ email, password: 'concert2026', name: 'B' }),
    ]);
    const ok = results.filter((r) => r.data?.signUp);
    const conflicts = results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT');
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(1);
  });

  it('announces each new account once to stats (auth.user.registered), with nothing personal in it', async () => {
    const email = uniqueEmail('announced');
    const created = await signUp({ email, password: 'concert2026', name: '김티켓' });
    const refused = await signUp({ email, password: 'concert2026', name: '김티켓' });
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const user = created.data!.signUp.user;
    const rows = await auth.service.orm.orm.em
      .fork()
      .getConnection()
      .execute<{ topic: string; key: string; payload: Record<string, unknown> }[]>(
        `select topic, key, payload from auth.outbox where key = ?`,
        [user.id],
      );
    expect(rows).toEqual([
      {
        topic: 'auth.user.registered',
        key: user.id,
        payload: { userId: user.id, method: 'password', registeredAt: user.createdAt },
      },
    ]);
    const all = await auth.service.orm.orm.em
      .fork()
      .getConnection()
      .execute<{ payload: string }[]>(`select payload::text from auth.outbox`);
    expect(all.some((row) => row.payload.includes('@'))).toBe(false);
  });

  it.each([
    ['short1', 'too short'],
    ['onlyletters', 'at least one letter and one digit'],
    ['1234567890', 'at least one letter and one digit'],
    [`a1${'x'.repeat(127)}`, 'too long'],
  ])('refuses the weak password %j, saying what is required', async (password, problem) => {
    const res = await signUp({ email: uniqueEmail('weak'), password, name: 'Weak' });
    const error = res.errors?.[0];
    expect(error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(error?.message).toContain(problem);
    expect(error?.message).toContain('8 to 128 characters');
  });

  it('refuses the email address as password', async () => {
    const email = uniqueEmail('same1');
    const res = await signUp({ email, password: email.toUpperCase(), name: 'Same' });
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'password' });
    expect(res.errors?.[0]?.message).toContain('your email address');
  });

  it.each(['not-an-email', 'a@b', 'two words@example.com', '@example.com'])(
    'refuses the email %j',
    async (email) => {
      const res = await signUp({ email, password: 'concert2026', name: 'Bad' });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
    },
  );

  it('refuses an empty or overlong name', async () => {
    for (const name of ['   ', 'n'.repeat(101)]) {
      const res = await signUp({ email: uniqueEmail('name'), password: 'concert2026', name });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    }
  });
});

describe('logIn', () => {
  it('logs in with the right password, whatever the email case', async () => {
    const email = uniqueEmail('login');
    const created = await signUp({ email, password: 'concert2026', name: 'Login' });
    const res = await logIn(` ${email.toUpperCase()}`, 'concert2026');
    expect(res.errors).toBeUndefined();
    expect(res.data!.logIn.user.id).toBe(created.data!.signUp.user.id);
    const claims = await verifyAccessToken(auth.service.jwksUrl, res.data!.logIn.accessToken);
    expect(claims.sub).toBe(created.data!.signUp.user.id);
  });

  it('gives the same error for a wrong password and for an unknown email', async () => {
    const email = uniqueEmail('same');
    await signUp({ email, password: 'concert2026', name: 'Same' });
    const wrong = await logIn(email, 'concert2027');
    const unknown = await logIn(uniqueEmail('nobody'), 'concert2026');
    expect(wrong.data).toBeNull();
    expect(wrong.errors).toEqual(unknown.errors);
    expect(wrong.errors?.[0]).toMatchObject({
      message: 'Email or password is incorrect.',
      extensions: { code: 'UNAUTHENTICATED' },
    });
  });

  it('issues ADMIN tokens for a seeded admin', async () => {
    const email = uniqueEmail('admin');
    await seedUser(auth.service.orm, { email, password: 'admin123', role: 'ADMIN' });
    const res = await logIn(email, 'admin123');
    expect(res.data?.logIn.user.role).toBe('ADMIN');
    expect((await verifyAccessToken(auth.service.jwksUrl, res.data!.logIn.accessToken)).role).toBe('ADMIN');
  });

  it('slows failed log-ins of an account down without ever locking its owner out (issue 16)', async () => {
    const email = uniqueEmail('limit');
    await signUp({ email, password: 'concert2026', name: 'Limit' });
    const home = freshIp();
    expect((await logIn(email, 'concert2026', home)).errors).toBeUndefined();
    const fail = async () =>
      expect((await logIn(email, 'wrong-pass1')).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Three failures from strangers' addresses are free; after that every attempt waits a little.
    for (let i = 0; i < 3; i++) await fail();
    const slowed = await logIn(email.toUpperCase(), 'wrong-pass1');
    expect(slowed.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(slowed.errors?.[0]?.extensions?.retryAfterSeconds).toBeLessThanOrEqual(2);
    // The owner, from where they logged in before, is not slowed at all: the right password works at once.
    expect((await logIn(email, 'concert2026', home)).errors).toBeUndefined();

    // From a new address the owner waits seconds (never 15 minutes), then gets in with the right password.
    for (let i = 0; i < 3; i++) await fail();
    await new Promise((r) => setTimeout(r, 1_100));
    await fail();
    const elsewhere = freshIp();
    const waited = await logIn(email, 'concert2026', elsewhere);
    expect(waited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    const retryAfter = waited.errors?.[0]?.extensions?.retryAfterSeconds as number;
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(2);
    await new Promise((r) => setTimeout(r, retryAfter * 1000));
    expect((await logIn(email, 'concert2026', elsewhere)).errors).toBeUndefined();
    // Other accounts are unaffected.
    const other = uniqueEmail('other');
    await signUp({ email: other, password: 'concert2026', name: 'Other' });
    expect((await logIn(other, 'concert2026')).errors).toBeUndefined();
  });

  it('limits sign-ups per client address (issue 16: 12 accounts in 268 ms before)', async () => {
    const ip = freshIp();
    const from = (address: string) =>
      auth.call<{ signUp: AuthPayloadData }>(
        SIGN_UP,
        { input: { email: uniqueEmail('bulk'), password: 'concert2026', name: 'Bulk' } },
        { clientIp: address },
      );
    for (let i = 0; i < 10; i++) expect((await from(ip)).errors).toBeUndefined();
    const limited = await from(ip);
    expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    expect((await from(freshIp())).errors).toBeUndefined();
  });

  it('counts only failures per client address: everyone behind one NAT can log in (issue 16)', async () => {
    const nat = freshIp();
    const email = uniqueEmail('nat');
    await signUp({ email, password: 'concert2026', name: 'Nat' });
    for (let i = 0; i < 10; i++) expect((await logIn(email, 'concert2026', nat)).errors).toBeUndefined();
  });

  it('limits attempts per client address across emails', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) {
      expect((await logIn(uniqueEmail('spray'), 'whatever1', ip)).errors?.[0]?.extensions?.code).toBe(
        'UNAUTHENTICATED',
      );
    }
    const limited = await logIn(uniqueEmail('spray'), 'whatever1', ip);
    expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited.errors?.[0]?.extensions?.retryAfterSeconds).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await logIn(uniqueEmail('spray'), 'whatever1')).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });
});

describe('me and references', () => {
  it('returns the caller for an identity and null for an anonymous request', async () => {
    const created = await signUp({ email: uniqueEmail('me'), password: 'concert2026', name: 'Me' });
    const user = created.data!.signUp.user;
    const mine = await auth.call(ME, {}, { identity: { userId: user.id, role: 'USER' } });
    expect(mine.data?.me).toEqual({ id: user.id, email: user.email, name: 'Me', role: 'USER' });
    const anonymous = await auth.call(ME);
    expect(anonymous.errors).toBeUndefined();
    expect(anonymous.data?.me).toBeNull();
  });

  it('resolves User references in one statement, however many', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const user = await seedUser(auth.service.orm, {
        email: uniqueEmail(`ref${i}`),
        password: 'x',
        name: `Ref ${i}`,
      });
      ids.push(user.id);
    }
    const ENTITIES =
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on User { id name role } } }';
    const resolve = async (refIds: string[]) => {
      const before = auth.service.orm.statements;
      const res = await auth.call<{ _entities: ({ id: string; name: string } | null)[] }>(ENTITIES, {
        r: refIds.map((id) => ({ __typename: 'User', id })),
      });
      expect(res.errors).toBeUndefined();
      return { entities: res.data!._entities, statements: auth.service.orm.statements - before };
    };
    const missing = randomUUID();
    const three = await resolve([ids[0]!, missing, ids[2]!]);
    expect(three.entities).toEqual([
      { id: ids[0], name: 'Ref 0', role: 'USER' },
      null,
      { id: ids[2], name: 'Ref 2', role: 'USER' },
    ]);
    // A malformed id is just not found; it must not sink the other references of the batch.
    expect((await resolve(['not-a-uuid', ids[1]!])).entities).toEqual([
      null,
      { id: ids[1], name: 'Ref 1', role: 'USER' },
    ]);
    const thirty = await resolve(ids);
    expect(thirty.entities.map((e) => e?.id)).toEqual(ids);
    expect(three.statements).toBe(1);
    expect(thirty.statements).toBe(three.statements);
  });

  it('refuses a direct call without router credentials', async () => {
    const res = await gql(auth.service.url, ME);
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('users and user (admin look-ups)', () => {
  const USERS = 'query($q: String!, $first: Int) { users(query: $q, first: $first) { id email name } }';
  const admin = { userId: randomUUID(), role: 'ADMIN' as const };

  it('finds buyers by part of their email or name, for an admin only', async () => {
    const tag = randomUUID().slice(0, 8);
    const found = await signUp({
      email: `pick-${tag}@example.com`,
      password: 'concert2026',
      name: `박선택${tag}`,
    });
    expect(found.errors).toBeUndefined();
    const id = found.data!.signUp.user.id;

    const byEmail = await auth.call(USERS, { q: `PICK-${tag}` }, { identity: admin });
    expect(byEmail.errors).toBeUndefined();
    expect(byEmail.data!.users).toEqual([{ id, email: `pick-${tag}@example.com`, name: `박선택${tag}` }]);
    const byName = await auth.call(USERS, { q: `선택${tag}` }, { identity: admin });
    expect(byName.data!.users.map((u: { id: string }) => u.id)).toEqual([id]);
    // LIKE's wildcards are text here, not patterns.
    expect((await auth.call(USERS, { q: '%%' }, { identity: admin })).data!.users).toEqual([]);
    expect(
      (await auth.call(USERS, { q: 'example', first: 500 }, { identity: admin })).data!.users.length,
    ).toBeLessThanOrEqual(20);

    const USER = 'query($id: ID!) { user(id: $id) { id name } }';
    expect((await auth.call(USER, { id }, { identity: admin })).data!.user).toEqual({
      id,
      name: `박선택${tag}`,
    });
    expect((await auth.call(USER, { id: randomUUID() }, { identity: admin })).data!.user).toBeNull();
    expect((await auth.call(USER, { id: 'nope' }, { identity: admin })).data!.user).toBeNull();
    const peek = await auth.call(USER, { id }, { identity: { userId: id, role: 'USER' } });
    expect(peek.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const buyer = await auth.call(USERS, { q: 'example' }, { identity: { userId: id, role: 'USER' } });
    expect(buyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await auth.call(USERS, { q: 'example' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
