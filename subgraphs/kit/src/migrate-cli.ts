/**
 * `npm run migrate -- <service>`: applies a subgraph's pending migrations from the sources. Production runs
 * the compiled `dist/migrate.js` of the service's image as a Kubernetes Job before rolling out (services
 * there start with MIGRATE_ON_START=false); development applies migrations on start instead.
 */
import { runMigrations } from './migrate.ts';
import type { MigrationList } from './orm.ts';

const service = process.argv[2];
if (!service || !/^[a-z]+$/.test(service)) {
  console.error('usage: npm run migrate -- <service>   (auth, catalog, seating, queue, payment, stats)');
  process.exit(2);
}

let migrations: MigrationList;
try {
  ({ migrations } = (await import(`@tiketi/${service}/migrations`)) as { migrations: MigrationList });
} catch (err) {
  console.error(`no migrations for '${service}': ${(err as Error).message}`);
  process.exit(1);
}
await runMigrations(service, migrations);
