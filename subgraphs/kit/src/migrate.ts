import { ConfigError, parseEnv, serviceEnvShape } from './config.ts';
import { createLogger } from './logger.ts';
import { createOrm, type MigrationList } from './orm.ts';

/**
 * Applies a subgraph's pending migrations to its schema, then exits: non-zero with a readable message when the
 * configuration is bad or a migration fails. The body of `npm run migrate -- <service>` and of each subgraph's
 * compiled `dist/migrate.js` (what the Kubernetes migration Job runs).
 */
export async function runMigrations(service: string, migrations: MigrationList): Promise<void> {
  try {
    const env = parseEnv({ ...serviceEnvShape, PORT: serviceEnvShape.PORT.default(0) }, process.env);
    const log = createLogger(`${service}-migrate`, env.LOG_LEVEL);
    const orm = await createOrm({ url: env.DATABASE_URL, schema: service, entities: [], migrations, log });
    const applied = await orm.migrate();
    log.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
    await orm.close();
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
    process.exit(1);
  }
}
