import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migration } from '@mikro-orm/migrations';
import { migrations as catalogMigrations } from '@tiketi/catalog/migrations';
import {
  applyMigrations,
  ConfigError,
  createLogger,
  parseEnv,
  redisAclFile,
  serviceConfig,
  serviceEnvShape,
} from '@tiketi/kit';
import { createTestInfra, gql, type TestInfra } from '@tiketi/kit/testing';
import { migrations as seatingMigrations } from '@tiketi/seating/migrations';
import { Redis } from 'ioredis';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { startStack } from './support/stack.ts';

/**
 * Least privilege (issue 15), on the real Postgres and Redis: each subgraph's Postgres role reaches its own
 * schema only, each service's Redis user its own keys and commands only, migrations run as the migration role
 * under an advisory lock, and the whole stack runs on those logins.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const log = createLogger('least-privilege-test', 'silent');

/** Runs `sql` as the role in `url`; resolves to the error's SQLSTATE, or 'ok'. */
async function as(url: string, sql: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
    return 'ok';
  } catch (err) {
    return (err as { code?: string }).code ?? String(err);
  } finally {
    await client.end();
  }
}

const INSUFFICIENT_PRIVILEGE = '42501';

describe('Postgres: one role per subgraph', () => {
  let infra: TestInfra;
  beforeAll(async () => {
    infra = await createTestInfra();
    // Migrated as the migration role, the way the Job and services starting in development do.
    for (const [schema, migrations] of [
      ['seating', seatingMigrations],
      ['catalog', catalogMigrations],
    ] as const) {
      await applyMigrations({ url: infra.migrationDatabaseUrl, schema, migrations, log });
    }
  });
  afterAll(() => infra?.dispose());

  it('a subgraph reads and writes its own schema', async () => {
    const seating = infra.databaseUrlFor('seating');
    expect(await as(seating, 'select count(*) from seating.holds')).toBe('ok');
    expect(await as(seating, 'update seating.holds set id = id where false')).toBe('ok');
    expect(await as(seating, 'delete from seating.holds where false')).toBe('ok');
    expect(await as(infra.databaseUrlFor('catalog'), 'select count(*) from catalog.events')).toBe('ok');
  });

  it("a subgraph cannot read or write another subgraph's schema", async () => {
    const seating = infra.databaseUrlFor('seating');
    expect(await as(seating, 'select count(*) from catalog.events')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(seating, 'delete from catalog.events')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(infra.databaseUrlFor('catalog'), 'update seating.holds set id = id')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
    // Nor a schema whose tables do not exist yet (payment, never migrated here).
    expect(await as(seating, 'create table payment.sneaky (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
  });

  it('a subgraph cannot create or drop anything, and is no superuser', async () => {
    const seating = infra.databaseUrlFor('seating');
    expect(await as(seating, 'create table seating.extra (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(seating, 'create table public.extra (id int)')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(seating, 'create schema mine')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(seating, 'drop table seating.holds')).toBe(INSUFFICIENT_PRIVILEGE);
    expect(await as(seating, 'truncate seating.holds')).toBe(INSUFFICIENT_PRIVILEGE);
    const client = new pg.Client({ connectionString: seating });
    await client.connect();
    const { rows } = await client.query<{ rolsuper: boolean; rolcreaterole: boolean; rolcreatedb: boolean }>(
      'select rolsuper, rolcreaterole, rolcreatedb from pg_roles where rolname = current_user',
    );
    await client.end();
    expect(rows[0]).toEqual({ rolsuper: false, rolcreaterole: false, rolcreatedb: false });
  });

  it('a table the migration role creates later is the subgraph’s too, and only its', async () => {
    expect(await as(infra.migrationDatabaseUrl, 'create table seating.later (id int)')).toBe('ok');
    expect(await as(infra.databaseUrlFor('seating'), 'insert into seating.later values (1)')).toBe('ok');
    expect(await as(infra.databaseUrlFor('catalog'), 'select * from seating.later')).toBe(
      INSUFFICIENT_PRIVILEGE,
    );
  });
});

describe('Redis: one ACL user per service', () => {
  let infra: TestInfra;
  let seating: Redis;
  let router: Redis;
  const noperm = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (err: Error) => err.message.split(' ')[0],
    );
  beforeAll(async () => {
    infra = await createTestInfra();
    // No keyPrefix: the test names full keys, inside and outside the service's patterns.
    seating = new Redis(infra.redisUrlFor('seating'), { maxRetriesPerRequest: 0 });
    router = new Redis(infra.redisUrlFor('router'), { maxRetriesPerRequest: 0 });
  });
  afterAll(async () => {
    seating?.disconnect();
    router?.disconnect();
    await infra?.dispose();
  });

  it('a service works inside its keys, channels and commands', async () => {
    const p = infra.redisPrefix;
    expect(await seating.set(`${p}seating:seat-history:x`, '1')).toBe('OK');
    expect(await seating.zadd(`${p}seating:seat-history:y`, 1, 'a')).toBe(1);
    expect(await seating.xadd(`${p}events:seating.test`, '*', 'k', 'v')).toMatch(/-/);
    expect(await seating.publish(`${p}seating.seat-changed.e1`, 'x')).toBe(0);
    expect(await seating.eval(`return redis.call('GET', KEYS[1])`, 1, `${p}seating:seat-history:x`)).toBe(
      '1',
    );
    expect(await router.get(`${p}apikey:abc`)).toBeNull();
  });

  it('a service is refused outside its keys (NOPERM)', async () => {
    const p = infra.redisPrefix;
    // Another service's keys under the same prefix, a key outside the prefix (another deployment), in a script too.
    expect(await noperm(seating.get(`${p}login:account:a@b.c`))).toBe('NOPERM');
    expect(await noperm(seating.set(`${p}apikey:abc`, 'forged'))).toBe('NOPERM');
    expect(await noperm(seating.get('other-deployment:seating:x'))).toBe('NOPERM');
    expect(
      await noperm(router.set(`${p}session:revoked:s1x`, '1').then(() => router.get(`${p}seating:x`))),
    ).toBe('NOPERM');
    expect(await noperm(seating.eval(`return redis.call('SET', KEYS[1], 'x')`, 1, `${p}pow:used:x`))).toBe(
      'NOPERM',
    );
    expect(await noperm(seating.publish(`${p}queue:e1:moved`, 'x'))).toBe('NOPERM');
  });

  it('a service is refused commands it does not use (NOPERM)', async () => {
    for (const [command, ...args] of [
      ['FLUSHALL'],
      ['KEYS', '*'],
      ['CONFIG', 'GET', '*'],
      ['ACL', 'LIST'],
      ['SHUTDOWN'],
      ['SCAN', '0'],
    ]) {
      expect(await noperm(seating.call(command!, ...args)), command).toBe('NOPERM');
    }
    // The router only reads and counts: it has no streams.
    expect(await noperm(router.xadd(`${infra.redisPrefix}apikey:x`, '*', 'k', 'v'))).toBe('NOPERM');
  });

  it('the ACL file for Kubernetes lets anonymous clients only PING, and hashes passwords', async () => {
    const file = redisAclFile(
      [{ service: 'payment', name: 'tiketi-payment', password: 's3cret' }],
      'tiketi:',
      { exporter: { name: 'exporter', password: 'e' }, admin: { name: 'admin', password: 'a' } },
    );
    expect(file).toMatch(/^user default on nopass resetkeys resetchannels -@all \+ping$/m);
    expect(file).toContain('user tiketi-payment on #');
    expect(file).toContain('~tiketi:events:*');
    expect(file).not.toContain('s3cret');
  });
});

describe("Kubernetes' Redis ACL file on a real redis-server", () => {
  it('loads, lets anonymous clients only PING, and confines a service to its keys', async () => {
    const docs = parseAllDocuments(readFileSync(join(root, 'k8s/base/secrets.template.yaml'), 'utf8')).map(
      (d) => d.toJS() as { metadata: { name: string }; stringData?: Record<string, string> },
    );
    const secret = (name: string) => docs.find((d) => d.metadata.name === name)!.stringData!;
    const dir = mkdtempSync(join(tmpdir(), 'tiketi-acl-'));
    writeFileSync(join(dir, 'users.acl'), secret('tiketi-redis-acl')['users.acl']!);
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const server = spawn(
      'redis-server',
      [
        '--port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--dir',
        dir,
        '--aclfile',
        join(dir, 'users.acl'),
      ],
      { stdio: 'ignore' },
    );
    const clients: Redis[] = [];
    try {
      const connect = async (url: string) => {
        for (let i = 0; ; i++) {
          const client = new Redis(url, {
            lazyConnect: true,
            maxRetriesPerRequest: 0,
            retryStrategy: () => null,
          });
          client.on('error', () => {});
          try {
            await client.connect();
            clients.push(client);
            return client;
          } catch (err) {
            client.disconnect();
            if (i > 50) throw err;
            await new Promise((r) => setTimeout(r, 50));
          }
        }
      };
      const at = (url: string) => {
        const u = new URL(url);
        u.host = `127.0.0.1:${port}`;
        return u.toString();
      };
      const anonymous = await connect(`redis://127.0.0.1:${port}`);
      expect(await anonymous.ping()).toBe('PONG');
      await expect(anonymous.get('tiketi:events:x')).rejects.toThrow(/NOPERM/);
      const payment = await connect(at(secret('tiketi-payment').REDIS_URL!));
      expect(await payment.xadd('tiketi:events:payment.confirmed', '*', 'k', 'v')).toMatch(/-/);
      await expect(payment.get('tiketi:login:account:x')).rejects.toThrow(/NOPERM/);
      await expect(payment.call('FLUSHALL')).rejects.toThrow(/NOPERM/);
    } finally {
      for (const c of clients) c.disconnect();
      server.kill();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('migrations under an advisory lock', () => {
  let infra: TestInfra;
  beforeAll(async () => {
    infra = await createTestInfra();
  });
  afterAll(() => infra?.dispose());

  it('two runs at once apply each migration exactly once', async () => {
    // Slow migrations that count their own runs: without the lock both runs read an empty migration log, both
    // apply M2 and M3 (the counter reaches 2 or the second run fails on "already exists").
    const counted = (name: string) =>
      class extends Migration {
        override async up() {
          this.addSql('select pg_sleep(0.3)');
          this.addSql(`insert into lock_probe.runs (name) values ('${name}')`);
        }
      };
    const migrations = [
      {
        name: 'M1',
        class: class extends Migration {
          override async up() {
            this.addSql('create table lock_probe.runs (name text not null)');
          }
        },
      },
      { name: 'M2', class: counted('M2') },
      { name: 'M3', class: counted('M3') },
    ];
    const run = () => applyMigrations({ url: infra.databaseUrl, schema: 'lock_probe', migrations, log });
    const [a, b] = await Promise.all([run(), run()]);
    expect([...a, ...b].sort()).toEqual(['M1', 'M2', 'M3']);
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const runs = await client.query('select name, count(*)::int as n from lock_probe.runs group by name');
    const log_ = await client.query('select name from lock_probe.mikro_orm_migrations order by name');
    await client.end();
    expect(runs.rows.sort((x, y) => x.name.localeCompare(y.name))).toEqual([
      { name: 'M2', n: 1 },
      { name: 'M3', n: 1 },
    ]);
    expect(log_.rows.map((r) => r.name)).toEqual(['M1', 'M2', 'M3']);
  });

  it('two migration Jobs at once (the CLI, as the migration role, roles first) migrate seating once', async () => {
    const job = () =>
      new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'subgraphs/kit/src/migrate-cli.ts', 'seating'],
          {
            cwd: root,
            env: {
              ...process.env,
              TIKETI_ENV: 'production',
              LOG_LEVEL: 'info',
              DATABASE_ADMIN_URL: infra.databaseUrl,
              MIGRATION_DATABASE_URL: infra.migrationDatabaseUrl,
              DATABASE_URL: infra.databaseUrlFor('seating'),
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        child.on('exit', (code) => resolve({ code, out }));
      });
    const [a, b] = await Promise.all([job(), job()]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    const applied = [a, b].flatMap(({ out }) =>
      out
        .split('\n')
        .filter((l) => l.includes('"applied"'))
        .flatMap((l) => JSON.parse(l).applied as string[]),
    );
    expect(applied.sort()).toEqual(seatingMigrations.map((m) => m.name).sort());
    const client = new pg.Client({ connectionString: infra.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ name: string; n: number; owner: string }>(
      `select name, count(*)::int as n, (select tableowner from pg_tables
         where schemaname = 'seating' and tablename = 'holds') as owner
       from seating.mikro_orm_migrations group by name`,
    );
    await client.end();
    expect(rows).toHaveLength(seatingMigrations.length);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(rows[0]?.owner).toBe(new URL(infra.migrationDatabaseUrl).username);
  });
});

describe('production refuses shared credentials', () => {
  const base = {
    TIKETI_ENV: 'production',
    PORT: '4003',
    ROUTER_SECRET: 'a-real-router-secret-0123456789abcdefghijkl',
  };
  const start = (env: Record<string, string>) => () =>
    serviceConfig(parseEnv(serviceEnvShape, { ...base, ...env }), 'seating');
  const own = {
    DATABASE_URL: 'postgres://tiketi_seating:pw@postgres:5432/tiketi',
    REDIS_URL: 'redis://tiketi-seating:pw@redis:6379',
  };

  it('without its own Postgres role or Redis user a service does not start', () => {
    expect(start({ ...own, DATABASE_URL: 'postgres://postgres:pw@postgres:5432/tiketi' })).toThrow(
      ConfigError,
    );
    expect(start({ ...own, DATABASE_URL: 'postgres://postgres:5432/tiketi' })).toThrow(/DATABASE_URL/);
    expect(start({ ...own, REDIS_URL: 'redis://redis:6379' })).toThrow(/REDIS_URL/);
    expect(start({ ...own, REDIS_URL: 'redis://default:pw@redis:6379' })).toThrow(/REDIS_URL/);
    expect(
      start({ ...own, MIGRATION_DATABASE_URL: 'postgres://tiketi_seating:pw@postgres:5432/tiketi' }),
    ).toThrow(/migration role/);
    expect(start(own)()).toMatchObject({ postgres: { url: own.DATABASE_URL } });
  });
});

describe('the stack on per-service logins', () => {
  it('every subgraph connects as its own role and Redis user, and the router answers', async () => {
    await using stack = await startStack({
      seating: 1,
      queue: 1,
      payment: 1,
      stats: true,
      leastPrivilege: true,
    });
    const res = await gql(stack.routerUrl, '{ events(first: 3) { edges { node { id title } } } }');
    expect(res.errors).toBeUndefined();
    const client = new pg.Client({ connectionString: stack.infra.databaseUrl });
    await client.connect();
    const { rows } = await client.query<{ usename: string }>(
      `select distinct usename from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
    );
    await client.end();
    const roles = rows.map((r) => r.usename).sort();
    for (const service of ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats'] as const) {
      expect(roles).toContain(new URL(stack.infra.databaseUrlFor(service)).username);
    }
    expect(roles).not.toContain('postgres');
    const redis = new Redis(stack.infra.redisUrl);
    const clients = (await redis.client('LIST')) as string;
    redis.disconnect();
    const users = new Set(clients.split('\n').map((l) => /\buser=(\S+)/.exec(l)?.[1]));
    for (const service of ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats', 'router'] as const) {
      expect(users).toContain(new URL(stack.infra.redisUrlFor(service)).username);
    }
  });
});
