import type { ApolloClient } from '@apollo/client';
import { graphql } from '../__generated__/index.ts';

/**
 * The proof of work a newcomer to a waiting room, or a visitor signing up, presents (README "Proof of work").
 * Challenges are fetched and solved in a Web Worker as early as the page allows, so the buyer rarely waits for
 * it; each proof is used once.
 */

const JoinChallengeDocument = graphql(`
  query JoinChallenge($eventId: ID!, $deviceId: String) {
    joinChallenge(eventId: $eventId, deviceId: $deviceId) {
      challenge
      expiresAt
    }
  }
`);

const SignUpChallengeDocument = graphql(`
  query SignUpChallenge($deviceId: String) {
    signUpChallenge(deviceId: $deviceId) {
      challenge
      expiresAt
    }
  }
`);

const DEVICE_KEY = 'tiketi.device';

/** This browser's own random id: the server counts challenges per device as well as per account and address. */
export function deviceId(): string | undefined {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) {
      id = crypto.randomUUID();
      localStorage.setItem(DEVICE_KEY, id);
    }
    return id;
  } catch {
    return undefined; // storage blocked: the account and address still count
  }
}

/** Solves `challenge` (the JSON the API gives) in a Web Worker; resolves the `proof` to send. */
export function solveInWorker(challenge: string): Promise<{ proof: string; ms: number }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./solver.worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (message: MessageEvent<{ proof?: string; ms?: number; error?: string }>) => {
      worker.terminate();
      const { proof, ms = 0, error } = message.data;
      if (proof) resolve({ proof, ms });
      else reject(new Error(error ?? 'proof of work failed'));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || 'proof-of-work worker failed'));
    };
    worker.postMessage({ challenge });
  });
}

/** A proof being prepared, or ready; null when the platform asks for none. */
type Pending = { promise: Promise<string | null>; expiresAt: number };

const prepared = new Map<string, Pending>();

async function fetchAndSolve(
  fetchChallenge: () => Promise<{ challenge: string; expiresAt: string } | null | undefined>,
): Promise<string | null> {
  const issued = await fetchChallenge();
  if (!issued) return null;
  const { proof, ms } = await solveInWorker(issued.challenge);
  // For the operators' eyes in the browser console: what the check cost this device.
  console.debug(`proof of work solved in ${ms} ms`);
  return proof;
}

function prepare(key: string, fetchChallenge: Parameters<typeof fetchAndSolve>[0]): Promise<string | null> {
  const existing = prepared.get(key);
  if (existing && existing.expiresAt > Date.now()) return existing.promise;
  const promise = fetchAndSolve(fetchChallenge);
  // A failed attempt is forgotten at once, so the next call asks again.
  promise.catch(() => prepared.delete(key));
  // Challenges live 10 minutes; a prepared proof is trusted for 5 of them.
  prepared.set(key, { promise, expiresAt: Date.now() + 5 * 60_000 });
  return promise;
}

const joinKey = (eventId: string) => `join:${eventId}`;

/** Starts (or reuses) the solving of a join challenge for `eventId`. */
export function prepareJoinProof(client: ApolloClient, eventId: string): Promise<string | null> {
  return prepare(joinKey(eventId), async () => {
    const { data } = await client.query({
      query: JoinChallengeDocument,
      variables: { eventId, deviceId: deviceId() },
      fetchPolicy: 'no-cache',
    });
    return data?.joinChallenge;
  });
}

/** Starts (or reuses) the solving of a sign-up challenge. */
export function prepareSignUpProof(client: ApolloClient): Promise<string | null> {
  return prepare('sign-up', async () => {
    const { data } = await client.query({
      query: SignUpChallengeDocument,
      variables: { deviceId: deviceId() },
      fetchPolicy: 'no-cache',
    });
    return data?.signUpChallenge;
  });
}

/** Whether a join proof for `eventId` is being prepared or ready. */
export function hasPreparedJoinProof(eventId: string): boolean {
  const existing = prepared.get(joinKey(eventId));
  return existing !== undefined && existing.expiresAt > Date.now();
}

/** The prepared join proof, taken: a proof is good once. */
export function takeJoinProof(client: ApolloClient, eventId: string): Promise<string | null> {
  const proof = prepareJoinProof(client, eventId);
  prepared.delete(joinKey(eventId));
  return proof;
}

export function takeSignUpProof(client: ApolloClient): Promise<string | null> {
  const proof = prepareSignUpProof(client);
  prepared.delete('sign-up');
  return proof;
}

/** Codes that mean "solve a fresh challenge and try again". */
export const CHALLENGE_CODES = new Set([
  'CHALLENGE_REQUIRED',
  'CHALLENGE_INVALID',
  'CHALLENGE_EXPIRED',
  'CHALLENGE_USED',
]);
