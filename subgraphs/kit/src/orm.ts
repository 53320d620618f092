import { AsyncLocalStorage } from 'node:async_hooks';
import { Migrator } from '@mikro-orm/migrations';
import { type EntitySchema, MikroORM } from '@mikro-orm/postgresql';
import { withAdvisoryLock } from './advisory-lock.ts';
import type { Logger } from './logger.ts';

export type MigrationList = { name: string; class: new (...args: never[]) => unknown }[];

export interface OrmOptions {
  url: string;
  /** The one Postgres schema this service owns. Its tables and its migration log live there, nowhere else. */
  schema: string;
  // biome-ignore lint/suspicious/noExplicitAny: entity schemas of any shape; MikroORM types them itself
  entities: EntitySchema<any, any>[];
  /** Migrations listed explicitly (no file globbing: works the same under tsx, in tests and in bundles). */
  migrations: MigrationList;
  log?: Logger;
  /** @default 10 */
  poolSize?: number;
}

/**
 * Marks the asynchronous work of one GraphQL request (service.ts runs each `/graphql` request inside it).
 * `Orm.statements` counts only statements issued inside it: background workers (outbox relay, event
 * consumers, sweepers) run on their own schedule and would make request statement counts meaningless.
 */
export const requestScope = new AsyncLocalStorage<true>();

export interface Orm {
  orm: MikroORM;
  /**
   * SQL statements GraphQL requests issued since start (see `requestScope`); tests use it to prove loaders
   * keep statement counts bounded.
   */
  readonly statements: number;
  /**
   * Applies pending migrations under the schema's advisory lock (`migrationLockName`): runs that overlap (two
   * Jobs, replicas migrating on start) apply each migration once; the later one finds nothing left to do.
   */
  migrate(): Promise<string[]>;
  /** True when Postgres answers. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export async function createOrm(options: OrmOptions): Promise<Orm> {
  let statements = 0;
  const orm = await MikroORM.init({
    clientUrl: options.url,
    schema: options.schema,
    entities: options.entities,
    extensions: [Migrator],
    migrations: {
      tableName: 'mikro_orm_migrations',
      migrationsList: options.migrations as never,
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // Applied migrations are logged by `migrate()` through the service's JSON logger instead.
      silent: true,
    },
    pool: { min: 0, max: options.poolSize ?? 10 },
    // Each request forks its own EntityManager (see context.ts); touching the global one is a bug.
    allowGlobalContext: false,
    discovery: { warnWhenNoEntities: false },
    onQuery: (sql) => {
      if (requestScope.getStore()) statements++;
      return sql;
    },
  });
  return {
    orm,
    get statements() {
      return statements;
    },
    async migrate() {
      // The whole run holds the lock: MikroORM reads the applied list (`mikro_orm_migrations`) at the start of
      // `up()` and records each migration inside its transaction, so a run that read the list before another
      // committed would apply the same migrations again.
      const applied = await withAdvisoryLock(options.url, migrationLockName(options.schema), () =>
        orm.getMigrator().up(),
      );
      const names = applied.map((m) => m.name);
      if (names.length) options.log?.info({ migrations: names }, 'migrations applied');
      return names;
    },
    async ping() {
      try {
        await orm.em.fork().getConnection().execute('select 1');
        return true;
      } catch {
        return false;
      }
    },
    close: () => orm.close(true),
  };
}

/** The advisory lock every migration run of `schema` takes (advisory locks are per database). */
export const migrationLockName = (schema: string): string => `migrate:${schema}`;

/**
 * Applies a service's migrations on a connection of their own (the migration role's URL) and closes it: the
 * service itself keeps running as its own role, which may not create tables.
 */
export async function applyMigrations(
  options: Pick<OrmOptions, 'url' | 'schema' | 'migrations' | 'log'>,
): Promise<string[]> {
  const orm = await createOrm({ ...options, entities: [], poolSize: 2 });
  try {
    return await orm.migrate();
  } finally {
    await orm.close();
  }
}
