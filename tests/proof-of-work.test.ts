import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { ProofOfWork, proofOfWorkConfig, solveProofOfWork } from '@tiketi/kit';
import { gql } from '@tiketi/kit/testing';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queueKnows, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Proof of work at the line (issue 16), through the real router in front of real auth, catalog and queue: a
 * buyer joins a waiting room and a visitor signs up only with a solved, signed, single-use challenge, and the
 * difficulty grows with the caller's rate.
 */
const tokens = tokenMinter();
const eventId = SEED_IDS.events.iuHereh;
const otherEventId = SEED_IDS.events.btsSeoul;
const BASE = 40;

let stack: Stack;
// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
const call = (query: string, variables: Record<string, unknown> = {}, token?: string): Promise<any> =>
  gql(stack.routerUrl, query, variables, token ? bearer(token) : {});

const CHALLENGE = 'challenge algorithm cost difficulty expiresAt';
const joinChallenge = async (token: string, deviceId?: string, e = eventId) => {
  const res = await call(
    `query($e: ID!, $d: String) { joinChallenge(eventId: $e, deviceId: $d) { ${CHALLENGE} } }`,
    { e, d: deviceId },
    token,
  );
  expect(res.errors).toBeUndefined();
  return res.data.joinChallenge as { challenge: string; difficulty: number; cost: number; algorithm: string };
};
const join = (token: string, proof?: string, e = eventId) =>
  call(
    'mutation($e: ID!, $p: String) { joinQueue(eventId: $e, proof: $p) { state } }',
    { e, p: proof },
    token,
  );
const leave = (token: string) => call('mutation($e: ID!) { leaveQueue(eventId: $e) }', { e: eventId }, token);
const codeOf = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

/** Re-encodes a proof after `edit` changed its decoded payload. */
// biome-ignore lint/suspicious/noExplicitAny: the test edits a decoded payload freely
function tamper(proof: string, edit: (payload: { challenge: any; solution: any }) => void): string {
  const payload = JSON.parse(Buffer.from(proof, 'base64').toString('utf8'));
  edit(payload);
  return Buffer.from(JSON.stringify(payload)).toString('base64');
}

beforeAll(async () => {
  const pow = { POW_ENABLED: 'true', POW_DIFFICULTY: String(BASE), POW_COST: '50' };
  stack = await startStack({
    queue: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem, ...pow, POW_TTL_SECONDS: '2' },
      queue: pow,
    },
  });
  await seedCatalog(stack.catalog.orm);
  await queueKnows(stack, eventId);
});
afterAll(() => stack?.stop());

describe('joining a waiting room', () => {
  it('needs a solved challenge the first time, and none to rejoin', async () => {
    const buyer = tokens.buyer();
    expect(codeOf(await join(buyer))).toBe('CHALLENGE_REQUIRED');
    const issued = await joinChallenge(buyer);
    expect(issued).toMatchObject({ algorithm: 'PBKDF2/SHA-256', cost: 50, difficulty: BASE });
    const joined = await join(buyer, await solveProofOfWork(issued.challenge));
    expect(joined.errors).toBeUndefined();
    expect(joined.data.joinQueue.state).toMatch(/WAITING|ADMITTED/);
    // A reload rejoins: the place is kept, no new work.
    expect((await join(buyer)).errors).toBeUndefined();
    // Having left, the buyer is a newcomer again.
    await leave(buyer);
    expect(codeOf(await join(buyer))).toBe('CHALLENGE_REQUIRED');
  });

  it('refuses a replayed answer (CHALLENGE_USED)', async () => {
    const buyer = tokens.buyer();
    const proof = await solveProofOfWork((await joinChallenge(buyer)).challenge);
    expect((await join(buyer, proof)).errors).toBeUndefined();
    await leave(buyer);
    expect(codeOf(await join(buyer, proof))).toBe('CHALLENGE_USED');
  });

  it("refuses another buyer's answer, another event's and a sign-up's (CHALLENGE_INVALID)", async () => {
    const [alice, bob] = [tokens.buyer(), tokens.buyer()];
    const alices = await solveProofOfWork((await joinChallenge(alice)).challenge);
    expect(codeOf(await join(bob, alices))).toBe('CHALLENGE_INVALID');
    const elsewhere = await solveProofOfWork((await joinChallenge(bob, undefined, otherEventId)).challenge);
    expect(codeOf(await join(bob, elsewhere))).toBe('CHALLENGE_INVALID');
    const signUp = await call(`{ signUpChallenge { ${CHALLENGE} } }`);
    const signUpProof = await solveProofOfWork(signUp.data.signUpChallenge.challenge);
    expect(codeOf(await join(bob, signUpProof))).toBe('CHALLENGE_INVALID');
    // Alice's own answer still works: the refusals above did not spend it.
    expect((await join(alice, alices)).errors).toBeUndefined();
  });

  it('refuses a forged challenge, a wrong answer and garbage (CHALLENGE_INVALID)', async () => {
    const buyer = tokens.buyer();
    const proof = await solveProofOfWork((await joinChallenge(buyer)).challenge);
    // Edited parameters (here: the account it is bound to) under the signature of the original.
    const forged = tamper(proof, (p) => {
      p.challenge.parameters.data.user = null;
    });
    expect(codeOf(await join(buyer, forged))).toBe('CHALLENGE_INVALID');
    const wrongKey = tamper(proof, (p) => {
      p.solution.derivedKey = p.solution.derivedKey.replace(/^./, (c: string) => (c === '0' ? '1' : '0'));
    });
    expect(codeOf(await join(buyer, wrongKey))).toBe('CHALLENGE_INVALID');
    const wrongCounter = tamper(proof, (p) => {
      p.solution.counter += 1;
      p.solution.derivedKey = 'ab'.repeat(32);
    });
    expect(codeOf(await join(buyer, wrongCounter))).toBe('CHALLENGE_INVALID');
    for (const garbage of ['x', Buffer.from('null').toString('base64'), 'A'.repeat(10_000)]) {
      const res = await join(buyer, garbage);
      expect(codeOf(res)).toBe('CHALLENGE_INVALID');
      expect(res.errors[0].message).toMatch(/new challenge/);
    }
    // The genuine answer is still good.
    expect((await join(buyer, proof)).errors).toBeUndefined();
  });

  it("grows harder with one buyer's or one device's rate, not with the neighbours' on the same address", async () => {
    const buyer = tokens.buyer();
    const difficulties: number[] = [];
    for (let i = 0; i < 6; i++) difficulties.push((await joinChallenge(buyer)).difficulty);
    // Three at the base, then doubling.
    expect(difficulties).toEqual([BASE, BASE, BASE, BASE * 2, BASE * 4, BASE * 8]);

    // Fresh accounts on one device: the device's count grows the same way.
    const device = `device-${Date.now()}`;
    const byDevice: number[] = [];
    for (let i = 0; i < 5; i++) byDevice.push((await joinChallenge(tokens.buyer(), device)).difficulty);
    expect(byDevice).toEqual([BASE, BASE, BASE, BASE * 2, BASE * 4]);

    // Another buyer on the same address (every test client is 127.0.0.1) still gets the base: an address has
    // a larger allowance, since a campus or a carrier puts many buyers behind one.
    expect((await joinChallenge(tokens.buyer())).difficulty).toBe(BASE);
  });

  it('needs a signed-in buyer for a join challenge', async () => {
    const res = await call(`query($e: ID!) { joinChallenge(eventId: $e) { ${CHALLENGE} } }`, { e: eventId });
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
  });
});

describe('signing up', () => {
  const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { user { email } } }';
  const input = (proof?: string) => ({
    email: `pow-${Math.random().toString(36).slice(2)}@example.com`,
    password: 'correct-horse-1',
    name: 'Proof Tester',
    proof,
  });

  it('needs a solved challenge, used once', async () => {
    expect(codeOf(await call(SIGN_UP, { i: input() }))).toBe('CHALLENGE_REQUIRED');
    const issued = (await call(`{ signUpChallenge { ${CHALLENGE} } }`)).data.signUpChallenge;
    const proof = await solveProofOfWork(issued.challenge);
    const ok = await call(SIGN_UP, { i: input(proof) });
    expect(ok.errors).toBeUndefined();
    expect(codeOf(await call(SIGN_UP, { i: input(proof) }))).toBe('CHALLENGE_USED');
  });

  it('refuses an expired challenge (CHALLENGE_EXPIRED)', async () => {
    // Auth's challenges live 2 s in this stack.
    const issued = (await call(`{ signUpChallenge { ${CHALLENGE} } }`)).data.signUpChallenge;
    const proof = await solveProofOfWork(issued.challenge);
    await new Promise((r) => setTimeout(r, 3_100));
    const res = await call(SIGN_UP, { i: input(proof) });
    expect(codeOf(res)).toBe('CHALLENGE_EXPIRED');
    expect(res.errors[0].message).toMatch(/expired/);
  });

  it("refuses a join challenge's answer", async () => {
    const buyer = tokens.buyer();
    const joinProof = await solveProofOfWork((await joinChallenge(buyer)).challenge);
    expect(codeOf(await call(SIGN_UP, { i: input(joinProof) }))).toBe('CHALLENGE_INVALID');
  });
});

describe('the puzzle', () => {
  it("puts the answer in the difficulty's upper half, and a crowded room doubles the work", async () => {
    const redis = new Redis(stack.infra.redisUrl, { keyPrefix: stack.infra.redisPrefix });
    try {
      const pow = new ProofOfWork(
        redis,
        proofOfWorkConfig('production', {
          POW_SECRET: 's'.repeat(40),
          POW_COST: 10,
          POW_DIFFICULTY: 64,
          POW_TTL_SECONDS: 60,
        }),
      );
      const counters: number[] = [];
      for (let i = 0; i < 20; i++) {
        const issued = await pow.issue('join', 'e', { userId: `u${i}`, clientIp: `10.9.0.${i}` });
        expect(issued.difficulty).toBe(64);
        const proof = await solveProofOfWork(issued.challenge);
        counters.push(JSON.parse(Buffer.from(proof, 'base64').toString()).solution.counter);
      }
      for (const n of counters) {
        expect(n).toBeGreaterThanOrEqual(32);
        expect(n).toBeLessThanOrEqual(64);
      }
      // The room's load multiplies it (queue: ×2 at 10,000 waiting), within the maximum (64 × the base).
      expect(await pow.difficultyFor('join', { userId: 'v', clientIp: '10.9.1.1' }, 2)).toBe(128);
      expect(await pow.difficultyFor('join', { userId: 'w', clientIp: '10.9.1.2' }, 1_000)).toBe(64 * 64);
    } finally {
      await redis.quit();
    }
  });
});
