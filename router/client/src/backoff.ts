export interface BackoffOptions {
  /** Ceiling of the first retry's delay. @default 500 */
  initialMs?: number;
  /** Largest delay, however many attempts failed. @default 30000 */
  maxMs?: number;
  /** Source of jitter in [0, 1); tests pass a fixed one. @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential with "equal jitter", a random point in the upper
 * half of `min(maxMs, initialMs · 2^attempt)`. The jitter spreads the reconnects of thousands of clients that
 * lost the same router at the same instant; the floor keeps one client from hammering a server that is down.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs = 500, maxMs = 30_000, random = Math.random } = options;
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
