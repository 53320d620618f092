export interface BackoffOptions {
  /** Ceiling of the first retry's delay. @default 500 */
  initialMs?: number;
  /** Largest ceiling, however many attempts failed. @default 30000 */
  maxMs?: number;
  /** Source of jitter in [0, 1); tests pass a fixed one. @default Math.random */
  random?: () => number;
}

/**
 * Delay before retry number `attempt` (0-based): exponential backoff with "full jitter", a uniformly random
 * point in `[0, min(maxMs, initialMs · 2^attempt))`. When a router restarts or Redis blips, thousands of
 * clients lose their socket in the same instant; full jitter spreads their reconnects (and the resyncs that
 * follow) evenly over the whole window instead of bunching them in its upper half, and the growing ceiling
 * keeps one client from hammering a server that stays down.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const { initialMs = 500, maxMs = 30_000, random = Math.random } = options;
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
