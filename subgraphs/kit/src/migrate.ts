import { z } from 'zod';
import { ConfigError, parseEnv, serviceEnvShape } from './config.ts';
import { ensureDatabaseRoles, SERVICE_SCHEMAS, type ServiceSchema } from './db-roles.ts';
import { createLogger } from './logger.ts';
import { applyMigrations, type MigrationList } from './orm.ts';

const migrateEnvShape = {
  ...serviceEnvShape,
  PORT: serviceEnvShape.PORT.default(0),
  /**
   * A role that may create roles (the cluster's superuser): when set, the run first creates or updates the
   * migration role and this service's role from MIGRATION_DATABASE_URL and DATABASE_URL (db-roles.ts).
   */
  DATABASE_ADMIN_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
};

/**
 * Applies a subgraph's pending migrations to its schema, then exits: non-zero with a readable message when the
 * configuration is bad or a migration fails. The body of `npm run migrate -- <service>` and of each subgraph's
 * compiled `dist/migrate.js` (what the Kubernetes migration Job runs).
 *
 * Runs as MIGRATION_DATABASE_URL's role (DATABASE_URL's when unset, development), under the schema's advisory
 * lock: two runs at once (two Jobs, a Job and a replica migrating on start) apply each migration once.
 */
export async function runMigrations(service: string, migrations: MigrationList): Promise<void> {
  try {
    const env = parseEnv(migrateEnvShape, process.env);
    const problems: string[] = [];
    if (env.TIKETI_ENV === 'production' && !env.MIGRATION_DATABASE_URL) {
      problems.push(
        'MIGRATION_DATABASE_URL: production migrates as the migration role, which owns the schemas',
      );
    }
    if (env.DATABASE_ADMIN_URL && !env.MIGRATION_DATABASE_URL) {
      problems.push('MIGRATION_DATABASE_URL: needed with DATABASE_ADMIN_URL (it names the migration role)');
    }
    if (problems.length > 0) throw new ConfigError(problems);
    const log = createLogger(`${service}-migrate`, env.LOG_LEVEL);
    if (env.DATABASE_ADMIN_URL && env.MIGRATION_DATABASE_URL) {
      const schema = SERVICE_SCHEMAS.find((s) => s === service) as ServiceSchema | undefined;
      await ensureDatabaseRoles({
        adminUrl: env.DATABASE_ADMIN_URL,
        migrationUrl: env.MIGRATION_DATABASE_URL,
        serviceUrls: schema ? { [schema]: env.DATABASE_URL } : {},
      });
      log.info('database roles in place');
    }
    const url = env.MIGRATION_DATABASE_URL ?? env.DATABASE_URL;
    const applied = await applyMigrations({ url, schema: service, migrations, log });
    log.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
