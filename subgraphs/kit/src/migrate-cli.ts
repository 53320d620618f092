/**
 * `npm run migrate -- <service>`: applies a subgraph's pending migrations. Production runs this as a
 * Kubernetes Job before rolling out (services there start with MIGRATE_ON_START=false); development applies
 * migrations on start instead.
 */
import { ConfigError, parseEnv, serviceEnvShape } from './config.ts';
import { createLogger } from './logger.ts';
import { createOrm, type MigrationList } from './orm.ts';

const service = process.argv[2];
if (!service || !/^[a-z]+$/.test(service)) {
  console.error('usage: npm run migrate -- <service>   (auth, catalog, seating, queue, payment, stats)');
  process.exit(2);
}

try {
  const env = parseEnv({ ...serviceEnvShape, PORT: serviceEnvShape.PORT.default(0) }, process.env);
  const { migrations } = (await import(`@tiketi/${service}/migrations`)) as { migrations: MigrationList };
  const log = createLogger(`${service}-migrate`, env.LOG_LEVEL);
  const orm = await createOrm({ url: env.DATABASE_URL, schema: service, entities: [], migrations, log });
  const applied = await orm.migrate();
  log.info({ applied }, applied.length ? 'migrations applied' : 'schema is up to date');
  await orm.close();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : `migration failed: ${(err as Error).message}`);
  process.exit(1);
}
