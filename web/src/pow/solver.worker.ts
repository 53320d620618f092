/// <reference lib="webworker" />
import { type Challenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

/**
 * Solves one proof-of-work challenge off the main thread (README "Proof of work"): WebCrypto's PBKDF2 per
 * attempt, so the page stays responsive on a slow phone. Posts `{ proof, ms }` or `{ error }`.
 */
self.onmessage = async (message: MessageEvent<{ challenge: string }>) => {
  try {
    const challenge = JSON.parse(message.data.challenge) as Challenge;
    const started = performance.now();
    const solution = await solveChallenge({ challenge, deriveKey });
    if (!solution) throw new Error('no solution within the time limit');
    const proof = btoa(JSON.stringify({ challenge, solution }));
    self.postMessage({ proof, ms: Math.round(performance.now() - started) });
  } catch (error) {
    self.postMessage({ error: error instanceof Error ? error.message : String(error) });
  }
};
