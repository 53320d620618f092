import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import {
  API_KEY_HEADER,
  type ApiScope,
  apiKeyRedisKey,
  hashApiKey,
  type PublishedApiKey,
} from '@tiketi/kit/api-keys';
import { AppError, ErrorCode } from '@tiketi/kit/errors';
import { sendGraphQLError } from '@tiketi/kit/graphql-http';
import type { Logger } from '@tiketi/kit/logger';
import { createRateLimit } from '@tiketi/kit/rate-limit';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  TypeInfo,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import type { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { RouterContext } from './context.ts';

/**
 * Partner API keys at the router (kit/api-keys.ts): a request with `X-API-Key` is a partner's. The key is looked
 * up in Redis (where auth publishes live keys), limited per key across every router, and its operation may
 * only read what the key's scopes cover; the subgraphs see an anonymous caller.
 */
export interface Partner {
  keyId: string;
  name: string;
  scopes: ReadonlySet<ApiScope>;
}

/** The public graph a partner may read, field by field. Root fields not listed are not part of it. */
const ROOT_FIELDS: Readonly<Record<string, ApiScope>> = {
  events: 'EVENTS_READ',
  event: 'EVENTS_READ',
  artists: 'EVENTS_READ',
  venues: 'EVENTS_READ',
  categories: 'EVENTS_READ',
  news: 'NEWS_READ',
};
/** Fields below the root that need a scope of their own, or (null) that no key may read. */
const NESTED_FIELDS: Readonly<Record<string, ApiScope | null>> = {
  'Event.availability': 'AVAILABILITY_READ',
  'Event.ticketTypes': 'AVAILABILITY_READ',
  'Event.seatMap': 'AVAILABILITY_READ',
  'Event.sales': null,
  // Admin-only, like Event.sales: refused here before they reach the subgraph's own check.
  'Event.dailySales': null,
  'QueueStatus.mode': null,
  'QueueStatus.capacity': null,
  'QueueStatus.activeShoppers': null,
};

/** Why a partner may not run this operation, or null when it may. */
export function partnerRefusal(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  scopes: ReadonlySet<ApiScope>,
): string | null {
  if (operation.operation !== 'query') {
    return 'An API key can only read (queries). Mutations and subscriptions need a signed-in user.';
  }
  const typeInfo = new TypeInfo(schema);
  let refusal: string | null = null;
  const queryType = schema.getQueryType();
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const name = node.name.value;
        const parent = typeInfo.getParentType();
        if (refusal || name.startsWith('__') || !parent) return;
        const needed = parent === queryType ? ROOT_FIELDS[name] : NESTED_FIELDS[`${parent.name}.${name}`];
        if (needed === undefined && parent !== queryType) return;
        if (!needed) {
          refusal = `${parent.name}.${name} is not part of the partner API.`;
        } else if (!scopes.has(needed)) {
          refusal = `${parent.name}.${name} needs an API key with the ${needed} scope.`;
        }
      },
    }),
  );
  return refusal;
}

/** Refuses, before anything runs, an operation the partner's key does not cover (403 FORBIDDEN). */
export function partnerScopePlugin(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, schema, document, operation }) {
          const partner = contextValue.partner;
          if (!partner || !operation) return;
          const refusal = partnerRefusal(schema, document, operation, partner.scopes);
          if (refusal) {
            throw new GraphQLError(refusal, {
              extensions: { code: ErrorCode.FORBIDDEN, http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}

export interface PartnerOptions {
  redis: Redis;
  log: Logger;
  /** How long a key's answer from Redis is reused: a revoked key works at most this much longer. @default 5000 */
  cacheMs?: number;
}

/**
 * Resolves the partner of a request with `X-API-Key`, or answers it: 400 with an access token as well, 401 for a
 * key that is not live, 429 over the key's rate, 503 when Redis cannot be asked. `undefined` when answered.
 */
export function partnerAuthenticator(options: PartnerOptions) {
  const { redis, log } = options;
  const cacheMs = options.cacheMs ?? 5_000;
  // lru-cache reads a ttl of 0 as "for ever": no cache at all then.
  const cache =
    cacheMs > 0 ? new LRUCache<string, { key: PublishedApiKey | null }>({ max: 10_000, ttl: cacheMs }) : null;
  /** One limit per rate in use (a key's rate is part of what auth publishes); counted per key id. */
  const limits = new Map<number, ReturnType<typeof createRateLimit>>();
  const limitFor = (ratePerMinute: number) => {
    let limit = limits.get(ratePerMinute);
    if (!limit) {
      limit = createRateLimit(redis, {
        name: `apikey:${ratePerMinute}`,
        points: ratePerMinute,
        durationSeconds: 60,
      });
      limits.set(ratePerMinute, limit);
    }
    return limit;
  };
  const lookUp = async (secret: string): Promise<PublishedApiKey | null> => {
    const hash = hashApiKey(secret);
    const cached = cache?.get(hash);
    if (cached) return cached.key;
    const stored = await redis.get(apiKeyRedisKey(hash));
    const key = stored ? (JSON.parse(stored) as PublishedApiKey) : null;
    cache?.set(hash, { key });
    return key;
  };

  return async (req: IncomingMessage, res: ServerResponse, ip: string): Promise<Partner | undefined> => {
    const refuse = (status: number, code: string, message: string, headers: Record<string, string> = {}) => {
      req.resume();
      sendGraphQLError(res, status, code, message, headers);
      return undefined;
    };
    const header = req.headers[API_KEY_HEADER];
    const secret = (Array.isArray(header) ? header[0] : header)?.trim() ?? '';
    if (req.headers.authorization) {
      return refuse(400, 'BAD_REQUEST', 'Send either an API key or an access token, not both.');
    }
    let key: PublishedApiKey | null;
    try {
      key = secret ? await lookUp(secret) : null;
    } catch (err) {
      log.error({ err: (err as Error).message }, 'api keys cannot be read');
      return refuse(
        503,
        ErrorCode.INTERNAL_SERVER_ERROR,
        'API keys cannot be checked right now. Try again in a moment.',
      );
    }
    if (!key) {
      log.info({ ip }, 'refused API key');
      return refuse(401, ErrorCode.UNAUTHENTICATED, 'This API key is not valid (unknown or revoked).');
    }
    try {
      await limitFor(key.ratePerMinute).consume(key.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.extensions.code !== ErrorCode.RATE_LIMITED) throw err;
      const retryAfter = Number(err.extensions.retryAfterSeconds);
      return refuse(
        429,
        ErrorCode.RATE_LIMITED,
        `This API key allows ${key.ratePerMinute} requests a minute. Try again in ${retryAfter} seconds.`,
        { 'retry-after': String(retryAfter) },
      );
    }
    return { keyId: key.id, name: key.name, scopes: new Set(key.scopes) };
  };
}
