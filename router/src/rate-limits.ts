import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIPv6 } from 'node:net';
import { AppError, ErrorCode } from '@tiketi/kit/errors';
import type { Identity } from '@tiketi/kit/identity';
import type { Logger } from '@tiketi/kit/logger';
import { createRateLimit } from '@tiketi/kit/rate-limit';
import type { Redis } from 'ioredis';
import type { RateLimitSettings } from './environment.ts';

/**
 * A Redis that does not answer must not hold every request up: after this long the request goes through
 * (logged). Buyers mid on-sale matter more than a limit for a few seconds.
 */
const REDIS_TIMEOUT_MS = 500;

/**
 * What one client's address counts as: an IPv4 address, or an IPv6 address's /64 — one subscriber line gets a
 * whole /64 and can pick any address in it, so counting single IPv6 addresses would not limit anyone.
 */
export function addressKey(ip: string): string {
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.split('%')[0]!.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  // An embedded IPv4 tail (::ffff:1.2.3.4 forms) sits past the /64 and is dropped with the rest.
  const groups = ip.includes('::')
    ? [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => (Number.parseInt(g, 16) || 0).toString(16))
    .join(':')}::/64`;
}

export interface RouterRateLimitOptions {
  redis: Redis;
  log: Logger;
  settings: RateLimitSettings;
  /** Told of every refusal, by who was limited. */
  onLimited?(caller: 'ip' | 'user'): void;
}

/**
 * Per-address limits for anonymous callers and per-user limits for signed-in ones, counted in Redis (kit
 * `createRateLimit`, rate-limiter-flexible) so that every router replica shares one count. A caller over its
 * limit gets HTTP 429 with `Retry-After` and the GraphQL error `RATE_LIMITED` (`extensions.retryAfterSeconds`),
 * before anything is parsed or planned. Partners are limited by their key instead (partners.ts).
 *
 * Returns whether the request may go on; when not, it has been answered.
 */
export function routerRateLimiter(options: RouterRateLimitOptions) {
  const { redis, log, settings } = options;
  const limit = (name: string, points: number | null) =>
    points === null
      ? null
      : createRateLimit(redis, { name, points, durationSeconds: settings.windowSeconds });
  const perIp = limit('router:ip', settings.perIp);
  const perUser = limit('router:user', settings.perUser);
  if (!perIp && !perUser) return null;

  return async (
    req: IncomingMessage,
    res: ServerResponse,
    identity: Identity,
    ip: string,
  ): Promise<boolean> => {
    const [caller, key, counter] = identity
      ? (['user', identity.userId, perUser] as const)
      : (['ip', addressKey(ip), perIp] as const);
    if (!counter) return true;
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        counter.consume(key),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error('rate limit store timed out')), REDIS_TIMEOUT_MS);
        }),
      ]);
      return true;
    } catch (err) {
      if (!(err instanceof AppError) || err.extensions.code !== ErrorCode.RATE_LIMITED) {
        log.warn({ err: (err as Error).message }, 'rate limit cannot be counted; request let through');
        return true;
      }
      const retryAfterSeconds = Number(err.extensions.retryAfterSeconds);
      options.onLimited?.(caller);
      log.info({ caller, ip }, 'rate limited');
      // The body is not read: drain it so the connection can serve the next request.
      req.resume();
      res.writeHead(429, {
        'content-type': 'application/json; charset=utf-8',
        'retry-after': String(retryAfterSeconds),
      });
      res.end(
        JSON.stringify({
          errors: [
            {
              message:
                caller === 'user'
                  ? `Too many requests from your account. Try again in ${retryAfterSeconds} seconds.`
                  : `Too many requests from your network address. Try again in ${retryAfterSeconds} seconds, or sign in.`,
              extensions: { code: ErrorCode.RATE_LIMITED, retryAfterSeconds },
            },
          ],
        }),
      );
      return false;
    } finally {
      clearTimeout(timer);
    }
  };
}
