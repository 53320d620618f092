import { rateLimited } from '@tiketi/kit';
import type { Redis } from 'ioredis';

/** How failed log-ins are slowed down. */
export interface LoginThrottleOptions {
  /** Failed log-ins of one account before each further one must wait. @default 5 */
  freeFailuresPerAccount: number;
  /** Failed log-ins one client address may make (any accounts) in a window; successes do not count. @default 30 */
  failuresPerIp: number;
  /** How long failures are remembered. @default 900 */
  windowSeconds: number;
  /** The longest wait between two attempts on a slowed account. @default 60 */
  maxDelaySeconds: number;
}

/** Addresses an account logged in from are remembered this long (they skip the account's slow-down). */
const KNOWN_ADDRESS_SECONDS = 90 * 24 * 60 * 60;

/**
 * Failed log-ins slow down, they never lock (issue 16). Five wrong passwords used to lock any account, the
 * admin's included, for 15 minutes even against the right password, so anyone could keep an owner out.
 *
 * - Per account: after `freeFailuresPerAccount` failures each further attempt waits 1, 2, 4 … s (at most
 *   `maxDelaySeconds`) after the last failure, so guessing costs time while the owner waits seconds, not a
 *   quarter of an hour. An address the account has logged in from before skips the wait altogether: strangers'
 *   guesses never keep the owner out from where they usually log in.
 * - Per address: only failures count, so everyone behind one NAT can log in as often as they like; an address
 *   that sprays wrong passwords over many accounts is stopped for the rest of the window.
 *
 * State in Redis, shared by every replica. Counting is not atomic with the check: two racing attempts may
 * both pass the wait, which costs an attacker nothing worth having.
 */
export function createLoginThrottle(redis: Redis, options: LoginThrottleOptions) {
  const ipKey = (ip: string) => `login:ipfail:${ip}`;
  const accountKey = (email: string) => `login:account:${email}`;
  const knownKey = (email: string) => `login:known:${email}`;

  return {
    /** Throws `RATE_LIMITED` (with the seconds to wait) when this attempt must not be checked now. */
    async check(email: string, ip: string): Promise<void> {
      const replies = (await redis
        .multi()
        .get(ipKey(ip))
        .pttl(ipKey(ip))
        .hget(accountKey(email), 'until')
        .sismember(knownKey(email), ip)
        .exec()) as [Error | null, unknown][];
      const [ipFailures, ipTtl, until, known] = replies.map(([, value]) => value);
      if (Number(ipFailures ?? 0) >= options.failuresPerIp) {
        throw rateLimited(Math.max(1, Math.ceil(Number(ipTtl) / 1000)));
      }
      const wait = Number(until ?? 0) - Date.now();
      if (wait > 0 && Number(known) !== 1) throw rateLimited(Math.max(1, Math.ceil(wait / 1000)));
    },

    async failed(email: string, ip: string): Promise<void> {
      const window = options.windowSeconds;
      const results = (await redis
        .multi()
        .incr(ipKey(ip))
        .expire(ipKey(ip), window, 'NX')
        .hincrby(accountKey(email), 'failures', 1)
        .expire(accountKey(email), window)
        .exec()) as [unknown, unknown][];
      const failures = Number(results[2]?.[1] ?? 0);
      const over = failures - options.freeFailuresPerAccount;
      if (over < 0) return;
      const delaySeconds = Math.min(2 ** over, options.maxDelaySeconds);
      await redis.hset(accountKey(email), 'until', String(Date.now() + delaySeconds * 1000));
    },

    async succeeded(email: string, ip: string): Promise<void> {
      await redis
        .multi()
        .del(accountKey(email))
        .sadd(knownKey(email), ip)
        .expire(knownKey(email), KNOWN_ADDRESS_SECONDS)
        .exec();
    },
  };
}

export type LoginThrottle = ReturnType<typeof createLoginThrottle>;
