import pg from 'pg';

/**
 * Least-privilege Postgres roles (issue 15). One migration role owns every service schema and everything in it;
 * each subgraph logs in as a role of its own that can use its one schema and nothing else:
 *
 * - the migration role: LOGIN, owner of the schemas (creates and alters tables), CREATE on the database (new
 *   schemas), nothing cluster-wide;
 * - a service role: LOGIN, USAGE on its schema, SELECT/INSERT/UPDATE/DELETE on its tables and USAGE/SELECT/UPDATE
 *   on its sequences, now and for every table the migration role creates later (default privileges); no CREATE
 *   anywhere, no access to another schema, not a superuser.
 *
 * Role names and passwords come from the URLs the services and the migration Job are given (`DATABASE_URL`,
 * `MIGRATION_DATABASE_URL`), so a deployment names each secret once. `ensureDatabaseRoles` creates or updates
 * them idempotently; it needs a role that may create roles (`DATABASE_ADMIN_URL`: the migration Job's first
 * step, `npm start` and the test harness).
 */

/** The subgraphs that own a schema, named like it. */
export const SERVICE_SCHEMAS = ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats'] as const;
export type ServiceSchema = (typeof SERVICE_SCHEMAS)[number];

export interface DatabaseRolesOptions {
  /** A role with CREATEROLE on the database the schemas live in (a superuser in development and tests). */
  adminUrl: string;
  /** The migration role's URL: its user name and password become the role's. */
  migrationUrl: string;
  /**
   * Each service's own URL (user name and password). Services left out keep whatever role they have: a
   * migration Job knows only its own service's secret.
   */
  serviceUrls: Partial<Record<ServiceSchema, string>>;
  /** Schemas the migration role owns (created when missing). @default every schema in SERVICE_SCHEMAS */
  schemas?: readonly ServiceSchema[];
}

interface Login {
  user: string;
  password: string | null;
}

function login(url: string, what: string): Login {
  const parsed = new URL(url);
  const user = decodeURIComponent(parsed.username);
  if (!user) throw new Error(`${what}: the URL names no user`);
  return { user, password: parsed.password ? decodeURIComponent(parsed.password) : null };
}

/** A copy of `url` logging in as `user` with `password` (same host, port and database). */
export function databaseUrlAs(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * Creates or updates the migration role and the given service roles, makes the migration role the owner of the
 * schemas and of everything already in them, and grants each service role its own schema. Safe to run again
 * and from several processes at once (an advisory lock serialises them).
 */
export async function ensureDatabaseRoles(options: DatabaseRolesOptions): Promise<void> {
  const migrator = login(options.migrationUrl, 'MIGRATION_DATABASE_URL');
  const services = Object.entries(options.serviceUrls).map(([schema, url]) => ({
    schema: schema as ServiceSchema,
    ...login(url!, `${schema} DATABASE_URL`),
  }));
  for (const s of services) {
    if (s.user === migrator.user) {
      throw new Error(`${s.schema}: the service must not log in as the migration role (${s.user})`);
    }
  }
  const client = new pg.Client({ connectionString: options.adminUrl, application_name: 'tiketi-roles' });
  await client.connect();
  const id = (name: string) => client.escapeIdentifier(name);
  const lit = (value: string) => client.escapeLiteral(value);
  try {
    await client.query('begin');
    // Two GRANTs on one object at once fail with "tuple concurrently updated": one runner at a time.
    await client.query(`select pg_advisory_xact_lock(hashtext('tiketi'), hashtext('roles'))`);
    const database = (await client.query<{ db: string }>('select current_database() as db')).rows[0]!.db;
    const ensureRole = async ({ user, password }: Login) => {
      await client.query(
        `do $$ begin
           if not exists (select from pg_roles where rolname = ${lit(user)}) then create role ${id(user)}; end if;
         end $$`,
      );
      await client.query(
        `alter role ${id(user)} with login nosuperuser nocreatedb nocreaterole noreplication nobypassrls${
          password ? ` password ${lit(password)}` : ''
        }`,
      );
      await client.query(`grant connect on database ${id(database)} to ${id(user)}`);
    };
    // Nobody connects, or makes temporary tables, unless granted here; no one creates in `public`.
    await client.query(`revoke all on database ${id(database)} from public`);
    await client.query('revoke create on schema public from public');
    await ensureRole(migrator);
    // The migrations open with `create schema if not exists`, which Postgres checks against CREATE on the database.
    await client.query(`grant create on database ${id(database)} to ${id(migrator.user)}`);
    for (const s of services) await ensureRole(s);

    for (const schema of options.schemas ?? SERVICE_SCHEMAS) {
      await client.query(`create schema if not exists ${id(schema)} authorization ${id(migrator.user)}`);
      await client.query(`alter schema ${id(schema)} owner to ${id(migrator.user)}`);
      // A database migrated before the roles existed has its objects owned by the admin: hand them over so the
      // migration role can alter them (a table's owned sequences follow their table).
      await client.query(
        `do $$ declare r record; begin
           for r in select c.oid::regclass as name, c.relkind from pg_class c
                    where c.relnamespace = ${lit(schema)}::regnamespace and c.relkind in ('r','p','v','m','f','S')
                      and pg_get_userbyid(c.relowner) <> ${lit(migrator.user)}
                    order by c.relkind = 'S' loop
             if r.relkind = 'S' then
               if not exists (select from pg_depend d where d.objid = r.name::oid and d.deptype in ('a','i'))
                 and (select pg_get_userbyid(relowner) from pg_class where oid = r.name::oid) <> ${lit(migrator.user)}
               then execute format('alter sequence %s owner to %I', r.name, ${lit(migrator.user)}); end if;
             else execute format('alter table %s owner to %I', r.name, ${lit(migrator.user)});
             end if;
           end loop;
           for r in select p.oid::regprocedure as name from pg_proc p
                    where p.pronamespace = ${lit(schema)}::regnamespace
                      and pg_get_userbyid(p.proowner) <> ${lit(migrator.user)} loop
             execute format('alter routine %s owner to %I', r.name, ${lit(migrator.user)});
           end loop;
           for r in select t.oid::regtype as name from pg_type t
                    where t.typnamespace = ${lit(schema)}::regnamespace and t.typtype in ('e','d','r')
                      and pg_get_userbyid(t.typowner) <> ${lit(migrator.user)} loop
             execute format('alter type %s owner to %I', r.name, ${lit(migrator.user)});
           end loop;
         end $$`,
      );
      await client.query(`revoke all on schema ${id(schema)} from public`);
    }

    for (const { schema, user } of services) {
      const [s, u, m] = [id(schema), id(user), id(migrator.user)];
      await client.query(`grant usage on schema ${s} to ${u}`);
      await client.query(`grant select, insert, update, delete on all tables in schema ${s} to ${u}`);
      await client.query(`grant usage, select, update on all sequences in schema ${s} to ${u}`);
      await client.query(
        `alter default privileges for role ${m} in schema ${s} grant select, insert, update, delete on tables to ${u}`,
      );
      await client.query(
        `alter default privileges for role ${m} in schema ${s} grant usage, select, update on sequences to ${u}`,
      );
    }
    await client.query('commit');
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    await client.end();
  }
}

/**
 * Drops roles once nothing depends on them any more (the test harness, after dropping the suite's database:
 * roles are cluster-wide, databases are not). Unknown names are skipped.
 */
export async function dropDatabaseRoles(adminUrl: string, users: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'tiketi-roles' });
  await client.connect();
  try {
    for (const user of users) await client.query(`drop role if exists ${client.escapeIdentifier(user)}`);
  } finally {
    await client.end();
  }
}
