import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defineEntity, p } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AppError,
  type BaseContext,
  byIdLoader,
  createRuntime,
  DateTimeScalar,
  ErrorCode,
  LISTEN_BACKLOG,
  parseEnv,
  type RunningService,
  requireAdmin,
  serviceConfig,
  serviceEnvShape,
} from '../src/index.ts';
import { asRouter, createTestInfra, gql, type TestInfra } from '../src/testing/index.ts';

/** A minimal subgraph built only from the kit: the contract every real subgraph inherits. */
const Note = defineEntity({
  name: 'Note',
  tableName: 'notes',
  properties: { id: p.uuid().primary(), text: p.string() },
});

class MigrationNotes extends Migration {
  override async up() {
    this.addSql('create table "kit_test"."notes" (id uuid primary key, text text not null)');
    this.addSql(
      `insert into "kit_test"."notes" select gen_random_uuid(), 'note ' || i from generate_series(1, 50) i`,
    );
  }
}

const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  scalar DateTime
  type Note @key(fields: "id") { id: ID! text: String! }
  type Query {
    notes: [Note!]!
    slow(ms: Int!): String!
    boom: String
    sql: String
    domain: String
    adminOnly: String
    echoDate(at: DateTime!): DateTime!
  }
`);

type Ctx = BaseContext<{ note: ReturnType<typeof byIdLoader<{ id: string; text: string }>> }>;

let infra: TestInfra;
let service: RunningService;
let runtime: Awaited<ReturnType<typeof createRuntime>>;
const base = () => service.url.replace(/\/graphql$/, '');

async function start(env: Record<string, string> = {}) {
  const raw = parseEnv(serviceEnvShape, infra.env(env));
  const rt = await createRuntime({
    name: 'kit-test',
    config: serviceConfig(raw, 'kit_test'),
    entities: [Note],
    migrations: [{ name: 'MigrationNotes', class: MigrationNotes }],
  });
  const running = await rt.serve<Ctx>({
    typeDefs,
    resolvers: {
      DateTime: DateTimeScalar,
      Query: {
        notes: async (_: unknown, __: unknown, ctx: Ctx) =>
          (await ctx.em.find(Note, {}, { orderBy: { text: 'asc' } })).map((n) => ({ id: n.id })),
        slow: async (_: unknown, { ms }: { ms: number }) => {
          await new Promise((r) => setTimeout(r, ms));
          return 'done';
        },
        boom: () => {
          throw new Error('secret internal detail at /srv/app.ts:42');
        },
        sql: async (_: unknown, __: unknown, ctx: Ctx) => {
          await ctx.em.getConnection().execute('select * from no_such_table');
          return 'unreachable';
        },
        domain: () => {
          throw new AppError(ErrorCode.NOT_FOUND, 'That note does not exist.');
        },
        adminOnly: (_: unknown, __: unknown, ctx: Ctx) => {
          requireAdmin(ctx);
          return 'secret';
        },
        echoDate: (_: unknown, { at }: { at: Date }) => at,
      },
      Note: {
        __resolveReference: (ref: { id: string }, ctx: Ctx) => ctx.loaders.note.load(ref.id),
        text: async (note: { id: string }, _: unknown, ctx: Ctx) =>
          (await ctx.loaders.note.load(note.id))?.text,
      },
    },
    context: (b) => ({ ...b, loaders: { note: byIdLoader(b.em, Note) } }),
  });
  return { rt, running };
}

beforeAll(async () => {
  infra = await createTestInfra();
  ({ rt: runtime, running: service } = await start());
});
afterAll(async () => {
  await service?.stop();
  await infra?.dispose();
});

describe('service kit', () => {
  it('applies migrations into the service’s own Postgres schema', async () => {
    const rows = await runtime.orm.orm.em
      .fork()
      .getConnection()
      .execute(`select table_schema from information_schema.tables where table_name = 'notes'`);
    expect(rows).toEqual([{ table_schema: 'kit_test' }]);
  });

  it('listens with a backlog for connection storms, not Node’s 511 (the kernel reports it for a listening socket)', async () => {
    const port = new URL(service.url).port;
    // `ss` shows a listening socket's backlog in Send-Q; Linux caps it at net.core.somaxconn.
    const out = execFileSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' });
    const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8'));
    const backlog = Number(out.trim().split(/\s+/)[2]);
    expect(backlog).toBe(Math.min(LISTEN_BACKLOG, somaxconn));
    expect(backlog).toBeGreaterThan(511);
  });

  it('serves /health, /ready and /metrics', async () => {
    expect((await fetch(`${base()}/health`)).status).toBe(200);
    const ready = await fetch(`${base()}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ postgres: true, redis: true });
    await gql(service.url, '{ notes { id } }', undefined, asRouter(null));
    const metrics = await (await fetch(`${base()}/metrics`)).text();
    expect(metrics).toMatch(/graphql_operation_duration_seconds_bucket\{[^}]*service="kit-test"/);
  });

  it('resolves a list of entities with one statement per level, whatever its length (DataLoader)', async () => {
    const count = async (n: number) => {
      const ids = (await gql(service.url, '{ notes { id } }', undefined, asRouter(null))).data!.notes.slice(
        0,
        n,
      );
      const before = runtime.orm.statements;
      const res = await gql(
        service.url,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Note { id text } } }',
        { r: ids.map((n: { id: string }) => ({ __typename: 'Note', id: n.id })) },
        asRouter(null),
      );
      expect(res.data!._entities).toHaveLength(n);
      expect(res.data!._entities[0].text).toMatch(/^note /);
      return runtime.orm.statements - before;
    };
    expect(await count(3)).toBe(1);
    expect(await count(50)).toBe(1);
  });

  it('hides internal errors and SQL behind INTERNAL_SERVER_ERROR, passes domain errors with their code', async () => {
    for (const field of ['boom', 'sql']) {
      const res = await gql(service.url, `{ ${field} }`, undefined, asRouter(null));
      const text = JSON.stringify(res);
      expect(res.errors?.[0]?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
      expect(text).not.toMatch(/secret internal|no_such_table|select|stacktrace|\.ts:/i);
    }
    const domain = await gql(service.url, '{ domain }', undefined, asRouter(null));
    expect(domain.errors?.[0]).toMatchObject({
      message: 'That note does not exist.',
      extensions: { code: 'NOT_FOUND' },
    });
  });

  it('admin checks: anonymous is UNAUTHENTICATED, a buyer FORBIDDEN, an admin passes', async () => {
    const ask = (identity: Parameters<typeof asRouter>[0]) =>
      gql(service.url, '{ adminOnly }', undefined, asRouter(identity));
    expect((await ask(null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await ask({ userId: 'u1', role: 'USER' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await ask({ userId: 'u2', role: 'ADMIN' })).data).toEqual({ adminOnly: 'secret' });
  });

  it('DateTime takes ISO-8601 with an offset and refuses anything else with BAD_USER_INPUT', async () => {
    const echo = (at: string) =>
      gql(service.url, 'query($at: DateTime!) { echoDate(at: $at) }', { at }, asRouter(null));
    expect((await echo('2026-12-24T19:00:00+09:00')).data).toEqual({ echoDate: '2026-12-24T10:00:00.000Z' });
    for (const bad of ['2026-12-24T19:00:00', 'tomorrow', '2026-13-45T00:00:00Z']) {
      const res = await echo(bad);
      expect(res.errors?.[0]?.extensions?.code, bad).toBe('BAD_USER_INPUT');
    }
  });

  it('drains in-flight requests on stop, then refuses new connections', async () => {
    const { running } = await start();
    const inFlight = gql(running.url, '{ slow(ms: 400) }', undefined, asRouter(null));
    await new Promise((r) => setTimeout(r, 100));
    const stopped = running.stop();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(res.data).toEqual({ slow: 'done' });
    await stopped;
    await expect(fetch(running.url.replace('/graphql', '/health'))).rejects.toThrow();
  });

  it('is not ready while Redis is unreachable, yet alive', async () => {
    const { running } = await start({ REDIS_URL: 'redis://127.0.0.1:1' });
    try {
      const root = running.url.replace('/graphql', '');
      const ready = await fetch(`${root}/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ postgres: true, redis: false });
      expect((await fetch(`${root}/health`)).status).toBe(200);
    } finally {
      await running.stop();
    }
  });
});

describe('configuration', () => {
  it('lists every bad variable by name at once', () => {
    expect(() =>
      parseEnv(serviceEnvShape, { PORT: 'eighty', DATABASE_URL: 'mysql://x', ROUTER_SECRET: 'short' }),
    ).toThrow(/PORT[\s\S]*DATABASE_URL[\s\S]*ROUTER_SECRET|PORT[\s\S]*ROUTER_SECRET[\s\S]*DATABASE_URL/);
  });

  it('production refuses the development router secret', () => {
    const raw = parseEnv(serviceEnvShape, {
      TIKETI_ENV: 'production',
      PORT: '1',
      DATABASE_URL: 'postgres://x/y',
    });
    expect(() => serviceConfig(raw, 'x')).toThrow(/ROUTER_SECRET/);
    const ok = parseEnv(serviceEnvShape, {
      TIKETI_ENV: 'production',
      PORT: '1',
      // The service's own Postgres role and Redis user (issue 15).
      DATABASE_URL: 'postgres://tiketi_x:pw@x/y',
      REDIS_URL: 'redis://tiketi-x:pw@x:6379',
      ROUTER_SECRET: 'a-real-secret-from-the-secret-store-123',
    });
    expect(serviceConfig(ok, 'x')).toMatchObject({ mode: 'production', migrateOnStart: false });
  });
});
