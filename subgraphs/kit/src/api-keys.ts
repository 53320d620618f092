import { createHash } from 'node:crypto';

/**
 * Partner API keys (SPEC.md "Partner integrators"): admins issue them in auth, which keeps the record in
 * Postgres and publishes each live key to Redis under the hash of its secret; the router reads it from there
 * for every request that carries the key. Nothing but the hash is ever stored.
 */

/** The request header a partner sends its key in. */
export const API_KEY_HEADER = 'x-api-key';

/** What a key may read. */
export const API_SCOPES = ['EVENTS_READ', 'AVAILABILITY_READ', 'NEWS_READ'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** What the router needs of a live key, as published in Redis. */
export interface PublishedApiKey {
  id: string;
  name: string;
  scopes: ApiScope[];
  /** Requests per minute, across every router replica. */
  ratePerMinute: number;
}

export const hashApiKey = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** Redis key (under the service prefix) of a live API key, by the hash of its secret. */
export const apiKeyRedisKey = (hash: string): string => `apikey:${hash}`;
