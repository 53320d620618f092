import { AsyncLocalStorage } from 'node:async_hooks';
import { Migrator } from '@mikro-orm/migrations';
import { type EntitySchema, MikroORM } from '@mikro-orm/postgresql';
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
      const applied = await orm.getMigrator().up();
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
