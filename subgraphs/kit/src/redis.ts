import { Redis } from 'ioredis';

export interface RedisOptions {
  url: string;
  /** Every key this service touches starts with it, so test runs and deployments never collide. */
  prefix: string;
}

/** A command connection with the key prefix applied. Pub/sub uses its own two connections (see pubsub.ts). */
export function createRedis(options: RedisOptions): Redis {
  return new Redis(options.url, {
    keyPrefix: options.prefix,
    // Fail commands fast while disconnected instead of queueing forever; callers surface a clear error.
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
}

export async function pingRedis(redis: Redis): Promise<boolean> {
  try {
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  }
}

/**
 * Resolves once `redis` is connected, or after `ms` at the latest. A connection without an offline queue
 * (blocking stream readers) fails any command sent before it is up: loops wait here, briefly, instead.
 */
export function whenConnected(redis: Redis, ms = 500): Promise<void> {
  if (redis.status === 'ready') return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      redis.off('ready', done);
      resolve();
    };
    const timer = setTimeout(done, ms).unref();
    redis.once('ready', done);
  });
}
