import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type ApiScope,
  apiKeyRedisKey,
  badInput,
  hashApiKey,
  isUuid,
  type Logger,
  notFound,
  type Orm,
  type PublishedApiKey,
  recordAudit,
  runSql,
  sql,
} from '@tiketi/kit';
import type { Redis } from 'ioredis';

export interface ApiKeyRow {
  id: string;
  name: string;
  prefix: string;
  scopes: ApiScope[];
  ratePerMinute: number;
  createdAt: Date;
  revokedAt: Date | null;
}

interface DbRow {
  id: string;
  name: string;
  prefix: string;
  key_hash: string;
  scopes: ApiScope[];
  rate_per_minute: number;
  created_at: string | Date;
  revoked_at: string | Date | null;
}

const toRow = (r: DbRow): ApiKeyRow => ({
  id: r.id,
  name: r.name,
  prefix: r.prefix,
  scopes: r.scopes,
  ratePerMinute: r.rate_per_minute,
  createdAt: new Date(r.created_at),
  revokedAt: r.revoked_at ? new Date(r.revoked_at) : null,
});

const published = (r: DbRow): PublishedApiKey => ({
  id: r.id,
  name: r.name,
  scopes: r.scopes,
  ratePerMinute: r.rate_per_minute,
});

/** `tk_` and 32 random bytes: unguessable, so a plain SHA-256 of it is a safe thing to store and look up. */
const newSecret = () => `tk_${randomBytes(32).toString('base64url')}`;

/**
 * Partner API keys (kit/api-keys.ts). Postgres keeps the record; Redis holds each live key for the router, under
 * the hash of its secret. A new key reaches Redis after its row commits; a revoked one leaves Redis before the
 * revocation commits, so a failure in between errs on the side of refusing. `publishAll` (at start) puts Redis
 * back in line with the table, whatever happened to either.
 */
export function createApiKeys(deps: { redis: Redis; log: Logger }) {
  const { redis, log } = deps;

  return {
    list: async (em: EntityManager): Promise<ApiKeyRow[]> =>
      (await runSql<DbRow>(em, sql`select * from auth.api_keys order by created_at desc, id`)).map(toRow),

    async create(
      em: EntityManager,
      actorId: string,
      input: { name: string; scopes: readonly ApiScope[]; ratePerMinute?: number | null },
    ): Promise<{ apiKey: ApiKeyRow; secret: string }> {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100)
        throw badInput('Give the key a name of 1 to 100 characters.', 'name');
      const scopes = [...new Set(input.scopes)].sort();
      if (scopes.length === 0) throw badInput('Give the key at least one scope.', 'scopes');
      const rate = input.ratePerMinute ?? 600;
      if (!Number.isInteger(rate) || rate < 1 || rate > 100_000) {
        throw badInput('The rate must be 1 to 100,000 requests a minute.', 'ratePerMinute');
      }
      const secret = newSecret();
      const row = await em.transactional(async (tx) => {
        const [inserted] = await runSql<DbRow>(
          tx,
          sql`insert into auth.api_keys (id, name, key_hash, prefix, scopes, rate_per_minute, created_by)
              values (${randomUUID()}, ${name}, ${hashApiKey(secret)}, ${secret.slice(0, 10)},
                      ${`{${scopes.join(',')}}`}::text[], ${rate}, ${actorId})
              returning *`,
        );
        await recordAudit(tx, 'auth', actorId, {
          action: 'api_key.create',
          target: { type: 'api_key', id: inserted!.id },
          details: { name, scopes, ratePerMinute: rate },
        });
        return inserted!;
      });
      await redis.set(apiKeyRedisKey(row.key_hash), JSON.stringify(published(row)));
      log.info({ apiKey: row.id, scopes }, 'api key created');
      return { apiKey: toRow(row), secret };
    },

    async revoke(em: EntityManager, actorId: string, id: string): Promise<ApiKeyRow> {
      const row = await em.transactional(async (tx) => {
        const [current] = isUuid(id)
          ? await runSql<DbRow>(tx, sql`select * from auth.api_keys where id = ${id} for update`)
          : [];
        if (!current) throw notFound('API key');
        if (current.revoked_at) return current;
        // Out of Redis first: from here on the router refuses it, whatever happens to this transaction.
        await redis.del(apiKeyRedisKey(current.key_hash));
        const [revoked] = await runSql<DbRow>(
          tx,
          sql`update auth.api_keys set revoked_at = now() where id = ${id} returning *`,
        );
        await recordAudit(tx, 'auth', actorId, {
          action: 'api_key.revoke',
          target: { type: 'api_key', id },
          details: { name: current.name },
        });
        return revoked!;
      });
      log.info({ apiKey: id }, 'api key revoked');
      return toRow(row);
    },

    /** Every live key into Redis and every revoked one out of it. */
    async publishAll(orm: Orm): Promise<number> {
      const rows = await runSql<DbRow>(orm.orm.em.fork(), sql`select * from auth.api_keys`);
      const pipeline = redis.pipeline();
      for (const row of rows) {
        if (row.revoked_at) pipeline.del(apiKeyRedisKey(row.key_hash));
        else pipeline.set(apiKeyRedisKey(row.key_hash), JSON.stringify(published(row)));
      }
      await pipeline.exec();
      return rows.filter((r) => !r.revoked_at).length;
    },
  };
}

export type ApiKeys = ReturnType<typeof createApiKeys>;
