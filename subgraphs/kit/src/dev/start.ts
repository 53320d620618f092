/**
 * `npm start`: the whole platform on one machine. Postgres (configured or embedded), Redis (configured,
 * local or private), then every subgraph that exists, then the router (and the apps once they exist).
 * Ctrl-C stops everything in reverse order; no process is left behind: every process started here, and the
 * launcher itself, stops when its parent is gone (parent-watch.ts), so `kill -9` of the launcher or of the
 * shell that ran it frees the ports too. A port already taken stops the launch before anything starts, with a
 * line naming the port and the process holding it.
 */
import './parent-watch.ts';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { envTypes, parseEnv } from '../config.ts';
import { databaseUrlAs, ensureDatabaseRoles, SERVICE_SCHEMAS, type ServiceSchema } from '../db-roles.ts';
import { applyRedisAcl, REDIS_SERVICES, type RedisService, redisUrlAs } from '../redis-acl.ts';
import { devSigningKey } from './keys.ts';
import { portHolder, portInUse } from './ports.ts';
import { ensurePostgres } from './postgres.ts';
import { type Managed, startProcess, stopProcess, waitReady } from './processes.ts';
import { ensureRedis } from './redis.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

const env = parseEnv(
  {
    DATABASE_URL: z.string().optional(),
    REDIS_URL: z.string().optional(),
    TIKETI_DATA_DIR: z.string().default(`${root}.tiketi`),
    DEV_POSTGRES_PORT: envTypes.port.default(5433),
    DEV_REDIS_PORT: envTypes.port.default(6380),
    OTEL_EXPORTER_OTLP_ENDPOINT: z.string().optional(),
    /** With a real Toss key the real API is used; without one, the project's Toss emulator runs on 4010. */
    TOSS_SECRET_KEY: z.string().optional(),
    LOG_LEVEL: z.string().default('info'),
    REDIS_PREFIX: z.string().default('tiketi:'),
  },
  process.env,
);

/** Start order matters only for readiness: subgraphs first, router after them, apps last. */
const SERVICES = [
  { name: 'auth', dir: 'subgraphs/auth', port: 4001 },
  { name: 'catalog', dir: 'subgraphs/catalog', port: 4002 },
  { name: 'seating', dir: 'subgraphs/seating', port: 4003 },
  { name: 'queue', dir: 'subgraphs/queue', port: 4004 },
  { name: 'payment', dir: 'subgraphs/payment', port: 4005 },
  { name: 'stats', dir: 'subgraphs/stats', port: 4006 },
].filter((s) => existsSync(`${root}${s.dir}/src/main.ts`));

const APPS = [
  { name: 'web', dir: 'web', port: 3000 },
  { name: 'admin', dir: 'admin', port: 3001 },
].filter((a) => existsSync(`${root}${a.dir}/vite.config.ts`));

const running: Managed[] = [];
const cleanups: (() => Promise<void>)[] = [];
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    process.stdout.write('\nstopping TIKETI…\n');
    for (const p of [...running].reverse()) await stopProcess(p);
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  }
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

/**
 * Each service's logins, as production has them (issue 15): its own Postgres role (its schema only; migrations
 * on start as the migration role) and its own Redis ACL user, on development passwords. A Postgres or Redis the
 * launcher may not create roles or users on (a configured one) keeps the URLs it was given, with a warning.
 */
async function serviceLogins(
  postgresUrl: string,
  redisUrl: string,
): Promise<(service: RedisService) => Record<string, string>> {
  const password = (who: string) => `tiketi-dev-${who}`;
  let db: ((service: ServiceSchema) => Record<string, string>) | null = null;
  try {
    const migrationUrl = databaseUrlAs(postgresUrl, 'tiketi_migrator', password('migrator'));
    const own = (service: ServiceSchema) =>
      databaseUrlAs(postgresUrl, `tiketi_${service}`, password(service));
    await ensureDatabaseRoles({
      adminUrl: postgresUrl,
      migrationUrl,
      serviceUrls: Object.fromEntries(SERVICE_SCHEMAS.map((s) => [s, own(s)])),
    });
    db = (service) => ({ DATABASE_URL: own(service), MIGRATION_DATABASE_URL: migrationUrl });
  } catch (err) {
    process.stderr.write(
      `npm start: every service shares ${postgresUrl.replace(/:[^:@/]+@/, ':***@')} (could not create its own roles: ${(err as Error).message})\n`,
    );
  }
  let redis: ((service: RedisService) => string) | null = null;
  try {
    const users = REDIS_SERVICES.map((service) => ({
      service,
      name: `tiketi-${service}`,
      password: password(service),
    }));
    await applyRedisAcl(redisUrl, users, env.REDIS_PREFIX);
    redis = (service) => redisUrlAs(redisUrl, `tiketi-${service}`, password(service));
  } catch (err) {
    process.stderr.write(
      `npm start: every service shares ${redisUrl} (could not create its ACL users: ${(err as Error).message})\n`,
    );
  }
  return (service) => ({
    ...(service !== 'router' && db ? db(service) : { DATABASE_URL: postgresUrl }),
    REDIS_URL: redis ? redis(service) : redisUrl,
  });
}

/** Loaded into every child: it stops when the launcher is gone, however the launcher ended. */
const PARENT_WATCH = [
  '--import',
  'tsx',
  '--import',
  fileURLToPath(new URL('./parent-watch.ts', import.meta.url)),
];

/** How a service starts: TypeScript through tsx, telemetry registered before the app loads. */
const service = (entry = 'src/main.ts') => [
  ...PARENT_WATCH,
  '--import',
  '@tiketi/kit/telemetry/register',
  entry,
];

/** Every port about to be used, taken or not: one line per taken port, naming who holds it. */
async function takenPorts(ports: { port: number; what: string }[]): Promise<string[]> {
  const taken: string[] = [];
  for (const { port, what } of ports) {
    if (!(await portInUse(port))) continue;
    taken.push(
      `npm start: port ${port} (${what}) is in use by ${portHolder(port) ?? 'another process'}; stop it or free the port`,
    );
  }
  return taken;
}

function launch(name: string, dir: string, extraEnv: Record<string, string>, nodeArgs = service()): Managed {
  const p = startProcess(name, process.execPath, nodeArgs, {
    cwd: `${root}${dir}`,
    index: running.length,
    env: {
      ...process.env,
      TIKETI_ENV: 'development',
      OTEL_SERVICE_NAME: name,
      LOG_LEVEL: env.LOG_LEVEL,
      ...extraEnv,
    },
  });
  running.push(p);
  p.exited.then((code) => {
    if (!stopping) {
      process.stderr.write(`${name} exited with code ${code}; stopping everything\n`);
      void stopAll(1);
    }
  });
  return p;
}

async function main() {
  const emulateToss = !env.TOSS_SECRET_KEY && SERVICES.some((s) => s.name === 'payment');
  const taken = await takenPorts([
    ...(env.DATABASE_URL ? [] : [{ port: env.DEV_POSTGRES_PORT, what: 'embedded Postgres' }]),
    ...(emulateToss ? [{ port: 4010, what: 'Toss emulator' }] : []),
    ...SERVICES.map((s) => ({ port: s.port, what: `${s.name} subgraph` })),
    { port: 4000, what: 'router' },
    ...APPS.map((a) => ({ port: a.port, what: `${a.name} app` })),
  ]);
  if (taken.length > 0) {
    process.stderr.write(`${taken.join('\n')}\n`);
    process.exit(1);
  }

  const postgres = await ensurePostgres({
    url: env.DATABASE_URL,
    dataDir: `${env.TIKETI_DATA_DIR}/postgres`,
    port: env.DEV_POSTGRES_PORT,
  });
  cleanups.push(postgres.stop);
  const redis = await ensureRedis({
    url: env.REDIS_URL,
    dataDir: `${env.TIKETI_DATA_DIR}/redis`,
    port: env.DEV_REDIS_PORT,
  });
  cleanups.push(redis.stop);
  const logins = await serviceLogins(postgres.url, redis.url);
  const shared = { REDIS_PREFIX: env.REDIS_PREFIX };

  if (emulateToss) {
    const toss = launch(
      'toss',
      'subgraphs/payment',
      { TOSS_EMULATOR_PORT: '4010', TOSS_EMULATOR_WEBHOOK_URL: 'http://127.0.0.1:4005/webhooks/toss' },
      service('src/toss-emulator/main.ts'),
    );
    await waitReady('http://127.0.0.1:4010/health', () => toss.child.exitCode === null);
  }

  const subgraphs = SERVICES.map((s) =>
    launch(s.name, s.dir, {
      ...shared,
      ...logins(s.name as RedisService),
      PORT: String(s.port),
      ...(s.name === 'auth'
        ? { AUTH_JWT_PRIVATE_KEY: devSigningKey(`${env.TIKETI_DATA_DIR}/dev/jwt-private.pem`) }
        : {}),
    }),
  );
  await Promise.all(
    SERVICES.map((s, i) =>
      waitReady(`http://127.0.0.1:${s.port}/ready`, () => subgraphs[i]!.child.exitCode === null),
    ),
  );
  const router = launch('router', 'router', {
    ...shared,
    REDIS_URL: logins('router').REDIS_URL!,
    PORT: '4000',
    MEDIA_DIR: `${env.TIKETI_DATA_DIR}/media`,
  });
  await waitReady('http://127.0.0.1:4000/ready', () => router.child.exitCode === null);

  // The apps: Vite's dev server (pages build on demand). The router allows these origins (CORS_ORIGINS).
  const apps = APPS.map((app) =>
    launch(app.name, app.dir, {}, [
      ...PARENT_WATCH,
      `${root}node_modules/vite/bin/vite.js`,
      '--port',
      String(app.port),
      '--strictPort',
    ]),
  );
  await Promise.all(
    APPS.map((app, i) => waitReady(`http://127.0.0.1:${app.port}/`, () => apps[i]!.child.exitCode === null)),
  );

  process.stdout.write(
    [
      '',
      'TIKETI is running:',
      ...APPS.map((a) => `  ${`${a.name} app`.padEnd(36)}http://localhost:${a.port}`),
      '  router (GraphQL, HTTP + WebSocket)  http://localhost:4000/graphql',
      ...SERVICES.map(
        (s) => `  ${`${s.name} subgraph (router only)`.padEnd(36)}http://localhost:${s.port}/graphql`,
      ),
      `  postgres                            ${postgres.url.replace(/:[^:@/]+@/, ':***@')}`,
      `  redis                               ${redis.url}`,
      ...(emulateToss ? ['  Toss Payments emulator              http://localhost:4010'] : []),
      '  dev admin: admin@tiketi.gg / admin123',
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  void stopAll(1);
});
