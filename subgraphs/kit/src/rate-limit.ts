import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimited } from './errors.ts';

export interface RateLimitOptions {
  /** Distinguishes this limit's keys from others (e.g. `login:email`). */
  name: string;
  /** Attempts allowed per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
}

/**
 * A limit shared by every replica (state in Redis, atomic per attempt). `consume(key)` throws the documented
 * `RATE_LIMITED` error, with the seconds to wait, once the key has used up its attempts.
 */
export function createRateLimit(redis: Redis, options: RateLimitOptions) {
  const limiter = new RateLimiterRedis({
    storeClient: redis,
    useRedisPackage: false,
    keyPrefix: `ratelimit:${options.name}`,
    points: options.points,
    duration: options.durationSeconds,
  });
  return {
    async consume(key: string): Promise<void> {
      try {
        await limiter.consume(key);
      } catch (err) {
        if (err instanceof RateLimiterRes) throw rateLimited(Math.max(1, Math.ceil(err.msBeforeNext / 1000)));
        throw err;
      }
    },
    /** Forget a key's attempts (e.g. after a successful login). */
    reset: (key: string) => limiter.delete(key),
  };
}
