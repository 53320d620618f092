import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * The one place that reaches past MikroORM's public API, to run a statement on a pooled node-postgres client of
 * its own (named prepared statements: `runPrepared` in sql.ts). Two internals are used, both of MikroORM 6 on
 * knex: the knex client's pool (`acquireConnection`/`releaseConnection`), and the `onQuery` hook the kit gives
 * MikroORM to count statements (orm.ts). `subgraphs/kit/test/pg-connection.test.ts` checks both against the real
 * driver, so an ORM upgrade that moves them fails there and nowhere else.
 */

/** The part of a pooled node-postgres client that prepared statements use. */
export interface PgClient {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

interface KnexPool {
  acquireConnection(): Promise<unknown>;
  releaseConnection(connection: unknown): Promise<void>;
}

/** Runs `fn` with a client of `em`'s pool to itself, and gives the client back whatever happens. */
export async function withPooledClient<T>(
  em: EntityManager,
  fn: (client: PgClient) => Promise<T>,
): Promise<T> {
  const pool = em.getConnection().getKnex().client as KnexPool;
  const client = (await pool.acquireConnection()) as PgClient;
  try {
    return await fn(client);
  } finally {
    await pool.releaseConnection(client);
  }
}

/** Tells MikroORM's query hook (the kit's statement count and logging) about a statement run outside it. */
export function reportStatement(em: EntityManager, text: string, values: readonly unknown[]): void {
  em.config.get('onQuery')(text, [...values]);
}
