import { createHash } from 'node:crypto';
import {
  type Challenge,
  createChallenge,
  randomInt,
  type Solution,
  solveChallenge,
  verifySolution,
} from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { DEV_SECRETS, envTypes, type Mode } from './config.ts';
import { AppError, ErrorCode } from './errors.ts';

/**
 * Proof of work at the door of an on-sale (issue 16): joining a waiting room and signing up need a solved
 * puzzle that this service issued, signed and will accept once. The puzzle is ALTCHA's (altcha-lib v2, no third
 * party): find the counter n for which PBKDF2-SHA-256(nonce ‖ uint32be(n), salt, `cost` iterations) starts with
 * the challenge's `keyPrefix`. The server chose n at random below the difficulty, so the work is n key
 * derivations on average, and checking an answer is one HMAC (the derived key's signature travels in the
 * challenge).
 *
 * Difficulty is the upper bound of n. It doubles for each challenge a caller asked for recently beyond a free
 * allowance, counted per account, per client address and per device, whichever is highest (addresses get a
 * larger allowance: a campus or a mobile carrier puts many buyers behind one), and grows with the room's load.
 */

export const ALGORITHM = 'PBKDF2/SHA-256';

export type ChallengePurpose = 'join' | 'sign-up';

/** Variables of the services that issue challenges (queue, auth). */
export const proofOfWorkEnvShape = {
  /** HMAC key of challenges; shared by every replica of a service. */
  POW_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRETS.POW_SECRET),
  /** On by default, except in test mode, where the suites about it turn it on. */
  POW_ENABLED: envTypes.bool.optional(),
  /** Key-derivation iterations per attempt. */
  POW_COST: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** Difficulty (the most attempts a solver may need) for a caller with no recent challenges. */
  POW_DIFFICULTY: z.coerce.number().int().min(2).max(1_000_000).optional(),
  /** The most the difficulty grows to, whatever the rate. */
  POW_MAX_DIFFICULTY: z.coerce.number().int().min(2).max(10_000_000).optional(),
  /** How long a challenge may be solved and presented. */
  POW_TTL_SECONDS: envTypes.seconds.default(600),
};

export interface ProofOfWorkConfig {
  enabled: boolean;
  secret: string;
  cost: number;
  difficulty: number;
  maxDifficulty: number;
  ttlSeconds: number;
  /** Challenges per subject within `windowSeconds` that keep the base difficulty. */
  free: { account: number; address: number; device: number };
  windowSeconds: number;
}

/**
 * About a second on a phone: `cost` 1,000 is ~0.25 ms per attempt on one server core, three or four times that
 * on a mid-range phone. `npm start` keeps the challenge on at a fifth of that, so the flow can be seen.
 */
const DIFFICULTY = { production: 2_000, development: 400, test: 400 } as const;

export function proofOfWorkConfig(
  mode: Mode,
  raw: z.infer<z.ZodObject<typeof proofOfWorkEnvShape>>,
): ProofOfWorkConfig {
  const difficulty = raw.POW_DIFFICULTY ?? DIFFICULTY[mode];
  return {
    enabled: raw.POW_ENABLED ?? mode !== 'test',
    secret: raw.POW_SECRET,
    cost: raw.POW_COST,
    difficulty,
    maxDifficulty: Math.max(difficulty, raw.POW_MAX_DIFFICULTY ?? difficulty * 64),
    ttlSeconds: raw.POW_TTL_SECONDS,
    free: { account: 3, address: 30, device: 3 },
    windowSeconds: 600,
  };
}

/** Who asks: each is counted on its own, and the busiest sets the difficulty. */
export interface ChallengeSubjects {
  userId?: string | null;
  clientIp: string;
  /** The app's own random device id (localStorage), if it sent one. */
  deviceId?: string | null;
}

export interface IssuedChallenge {
  /** The ALTCHA challenge, JSON: `{ parameters, signature }`. */
  challenge: string;
  algorithm: string;
  cost: number;
  difficulty: number;
  expiresAt: Date;
}

const refusal = (code: ErrorCode, message: string) => new AppError(code, message);

export const challengeErrors = {
  required: () =>
    refusal(
      ErrorCode.CHALLENGE_REQUIRED,
      'Solve a fresh challenge first: ask for one, solve it, and send the answer as `proof`.',
    ),
  invalid: () =>
    refusal(
      ErrorCode.CHALLENGE_INVALID,
      'The proof does not solve a challenge we issued for this. Ask for a new challenge and solve it.',
    ),
  expired: () =>
    refusal(ErrorCode.CHALLENGE_EXPIRED, 'The challenge expired. Ask for a new one and solve it.'),
  used: () =>
    refusal(ErrorCode.CHALLENGE_USED, 'This challenge was already used. Ask for a new one and solve it.'),
};

/** A subject's key: hashed, so client-chosen device ids of any length or alphabet make fixed-size keys. */
const subjectKey = (kind: string, value: string) =>
  `pow:rate:${kind}:${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;

/** What a proof says, once decoded. A proof is `base64(JSON({ challenge, solution }))`, ALTCHA's payload. */
function decodeProof(proof: string): { challenge: Challenge; solution: Solution } | null {
  if (proof.length > 4_096) return null;
  try {
    const payload = JSON.parse(Buffer.from(proof, 'base64').toString('utf8')) as unknown;
    if (typeof payload !== 'object' || payload === null) return null;
    const { challenge, solution } = payload as Record<string, unknown>;
    if (typeof challenge !== 'object' || challenge === null) return null;
    if (typeof solution !== 'object' || solution === null) return null;
    const parameters = (challenge as Challenge).parameters;
    if (typeof parameters !== 'object' || parameters === null) return null;
    return { challenge: challenge as Challenge, solution: solution as Solution };
  } catch {
    return null;
  }
}

/**
 * Issues and checks one service's challenges. State lives in Redis (rates, answers already used), so any
 * replica checks what another issued.
 */
export class ProofOfWork {
  constructor(
    private readonly redis: Redis,
    readonly config: ProofOfWorkConfig,
  ) {}

  get enabled(): boolean {
    return this.config.enabled;
  }

  /**
   * The difficulty for these subjects now, counting this request: base × 2^(requests over the allowance),
   * times `load` (1 for a quiet room), within the maximum.
   */
  async difficultyFor(purpose: ChallengePurpose, subjects: ChallengeSubjects, load = 1): Promise<number> {
    const { free, windowSeconds, difficulty, maxDifficulty } = this.config;
    const counted: [string, number][] = [[subjectKey(`${purpose}:ip`, subjects.clientIp), free.address]];
    if (subjects.userId) counted.push([subjectKey(`${purpose}:user`, subjects.userId), free.account]);
    if (subjects.deviceId) counted.push([subjectKey(`${purpose}:device`, subjects.deviceId), free.device]);
    const pipeline = this.redis.multi();
    for (const [key] of counted) pipeline.incr(key).expire(key, windowSeconds, 'NX');
    const replies = (await pipeline.exec()) ?? [];
    const excess = Math.max(
      0,
      ...counted.map(([, allowance], i) => Number(replies[i * 2]?.[1] ?? 0) - allowance),
    );
    const grown = difficulty * 2 ** Math.min(excess, 30) * Math.max(1, load);
    return Math.max(2, Math.min(maxDifficulty, Math.round(grown)));
  }

  /** A signed challenge for `purpose` within `scope` (an event id, or `*`), bound to the account if any. */
  async issue(
    purpose: ChallengePurpose,
    scope: string,
    subjects: ChallengeSubjects,
    load = 1,
  ): Promise<IssuedChallenge> {
    const { cost, secret, ttlSeconds } = this.config;
    const difficulty = await this.difficultyFor(purpose, subjects, load);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    const challenge = await createChallenge({
      algorithm: ALGORITHM,
      cost,
      // Uniform in the upper half (altcha-lib: randomInt(max, min)): no solver gets lucky with a tiny counter.
      counter: randomInt(difficulty, Math.ceil(difficulty / 2)),
      deriveKey,
      expiresAt,
      data: { purpose, scope, user: subjects.userId ?? null },
      hmacSignatureSecret: secret,
      hmacKeySignatureSecret: keySecret(secret),
    });
    return { challenge: JSON.stringify(challenge), algorithm: ALGORITHM, cost, difficulty, expiresAt };
  }

  /**
   * Accepts a proof once: it must solve a challenge this service signed, for this purpose and scope (and
   * account), before it expired. Throws CHALLENGE_REQUIRED / CHALLENGE_INVALID / CHALLENGE_EXPIRED /
   * CHALLENGE_USED.
   */
  async redeem(
    proof: string | null | undefined,
    purpose: ChallengePurpose,
    scope: string,
    userId: string | null = null,
  ): Promise<void> {
    if (!proof) throw challengeErrors.required();
    const decoded = decodeProof(proof);
    if (!decoded) throw challengeErrors.invalid();
    const { challenge, solution } = decoded;
    let result: Awaited<ReturnType<typeof verifySolution>>;
    try {
      result = await verifySolution({
        challenge,
        solution,
        deriveKey,
        hmacSignatureSecret: this.config.secret,
        hmacKeySignatureSecret: keySecret(this.config.secret),
      });
    } catch {
      throw challengeErrors.invalid();
    }
    if (result.expired) throw challengeErrors.expired();
    if (!result.verified) throw challengeErrors.invalid();
    const data = challenge.parameters.data ?? {};
    if (data.purpose !== purpose || data.scope !== scope || (data.user ?? null) !== userId) {
      throw challengeErrors.invalid();
    }
    // Single use: the first redemption of a signature wins, until the challenge could no longer be used anyway.
    const expiresAt = challenge.parameters.expiresAt ?? 0;
    const ttl = Math.max(1, Math.ceil(expiresAt - Date.now() / 1000) + 1);
    const first = await this.redis.set(`pow:used:${challenge.signature}`, '1', 'EX', ttl, 'NX');
    if (first !== 'OK') throw challengeErrors.used();
  }
}

/** The derived keys' signatures use a key of their own, derived from the one secret. */
const keySecret = (secret: string) => createHash('sha256').update(`pow-key:${secret}`).digest('hex');

/**
 * Solves an issued challenge the way a scripted client would (load tests, partner integrations; README "Proof
 * of work"), and returns the `proof` to send. Browsers do the same in a Web Worker with WebCrypto.
 */
export async function solveProofOfWork(challengeJson: string): Promise<string> {
  const challenge = JSON.parse(challengeJson) as Challenge;
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('proof of work: no solution within the timeout');
  return Buffer.from(JSON.stringify({ challenge, solution })).toString('base64');
}
