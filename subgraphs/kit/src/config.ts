import { z } from 'zod';

/**
 * Environment parsing shared by every service. Each service parses its environment once, in its own
 * `environment.ts`, with `parseEnv`; no other file reads `process.env`.
 */

export type Mode = 'development' | 'test' | 'production';

/**
 * Development defaults for secrets. Convenient locally; production mode refuses to start while any secret
 * still has one of these values (see `refuseDevelopmentSecrets`).
 */
export const DEV_SECRETS = {
  ROUTER_SECRET: 'dev-router-secret-change-me-0123456789abcdef',
  TICKET_SIGNING_SECRET: 'dev-ticket-secret-change-me-0123456789abcdef',
  QUEUE_PASS_SECRET: 'dev-queue-pass-secret-change-me-0123456789ab',
  CHECKOUT_TOKEN_SECRET: 'dev-checkout-secret-change-me-0123456789abc',
  POW_SECRET: 'dev-pow-secret-change-me-0123456789abcdefgh',
} as const;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const envTypes = {
  port: z.coerce.number().int().min(0).max(65535),
  url: z.url(),
  bool,
  seconds: z.coerce.number().int().positive(),
  list: z.string().transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  ),
};

/** Variables every subgraph reads. */
export const serviceEnvShape = {
  TIKETI_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: envTypes.port,
  HOST: z.string().min(1).optional(),
  /** The service's own Postgres role (db-roles.ts): it can use its one schema and nothing else. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  /**
   * The migration role, which owns the schemas: used only to apply migrations at start-up (MIGRATE_ON_START).
   * Unset: migrations run as DATABASE_URL's role (a development database where that role owns everything).
   */
  MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  /** With the service's ACL user and password in production: `redis://<user>:<password>@host:6379` (redis-acl.ts). */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// URL')
    .default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().min(1).default('tiketi:'),
  ROUTER_SECRET: z.string().min(32, 'must be at least 32 characters').default(DEV_SECRETS.ROUTER_SECRET),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MIGRATE_ON_START: bool.optional(),
};

/**
 * Parses `env` against `shape`, printing every problem (not just the first) in terms of the variable
 * names, so a misconfigured deployment is fixed in one go.
 */
export function parseEnv<S extends z.ZodRawShape>(
  shape: S,
  env: Record<string, string | undefined>,
): z.infer<z.ZodObject<S>> {
  // Empty strings count as unset: `FOO= npm start` should fall back to the default, not fail validation.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`),
    );
  }
  return result.data;
}

/** Production must never run on the development secrets that make local start-up convenient. */
export function refuseDevelopmentSecrets(
  mode: Mode,
  values: Record<string, string | null | undefined>,
): void {
  if (mode !== 'production') return;
  const devValues = new Set<string>(Object.values(DEV_SECRETS));
  const bad = Object.entries(values)
    .filter(([, v]) => v != null && devValues.has(v))
    .map(([k]) => `${k}: the development default is not allowed in production; set a real secret`);
  if (bad.length > 0) throw new ConfigError(bad);
}

/** Login names no service may use in production: they can do everything (db-roles.ts, redis-acl.ts). */
const PRIVILEGED_LOGINS = new Set(['postgres', 'default']);

/**
 * Production connects to Postgres and Redis only as the service's own least-privilege users (issue 15): each
 * URL must carry a user name and a password, and not the superuser's or Redis' `default` user. The migration
 * role's URL, when given, must differ from the service's.
 */
export function refuseSharedCredentials(
  mode: Mode,
  urls: { DATABASE_URL?: string; REDIS_URL?: string; MIGRATION_DATABASE_URL?: string | undefined },
): void {
  if (mode !== 'production') return;
  const problems: string[] = [];
  const creds = (url: string) => {
    try {
      const u = new URL(url);
      return { user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
    } catch {
      return { user: '', password: '' };
    }
  };
  for (const [name, url] of Object.entries(urls)) {
    if (url === undefined) continue;
    const { user, password } = creds(url);
    if (!user || !password) {
      problems.push(
        `${name}: production needs the service's own user and password in the URL (user:password@)`,
      );
    } else if (PRIVILEGED_LOGINS.has(user)) {
      problems.push(`${name}: '${user}' may do everything; production logs in as the service's own user`);
    }
  }
  if (urls.DATABASE_URL && urls.MIGRATION_DATABASE_URL) {
    if (creds(urls.DATABASE_URL).user === creds(urls.MIGRATION_DATABASE_URL).user) {
      problems.push(
        'DATABASE_URL: the service must not log in as the migration role (MIGRATION_DATABASE_URL)',
      );
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * The address a service listens on. Outside production, the loopback interface unless `HOST` says otherwise: a
 * development machine runs on the repository's public default secrets, and anyone on its network who reached a
 * subgraph could forge a router assertion with them (issue 16). Production listens on every interface (a pod's
 * address is what the cluster routes to); NetworkPolicies keep the subgraphs inside.
 * @returns the host for `server.listen`, or undefined for every interface
 */
export function listenHost(mode: Mode, host: string | undefined): string | undefined {
  if (host) return host === '*' ? undefined : host;
  return mode === 'production' ? undefined : '127.0.0.1';
}

export interface ServiceConfig {
  mode: Mode;
  /** `host`: undefined listens on every interface (see `listenHost`). */
  http: { port: number; host: string | undefined };
  /** `url`: the service's own role; `migrationUrl`: the role migrations run as (the same unless given). */
  postgres: { url: string; migrationUrl: string; schema: string };
  redis: { url: string; prefix: string };
  router: { secret: string };
  log: { level: string };
  /** Apply pending migrations at start-up (default: on except in production, where `npm run migrate` does it). */
  migrateOnStart: boolean;
}

/** Maps the common variables to the nested config object every subgraph carries. */
export function serviceConfig(
  raw: z.infer<z.ZodObject<typeof serviceEnvShape>>,
  pgSchema: string,
): ServiceConfig {
  const problems: string[] = [];
  for (const check of [
    () => refuseDevelopmentSecrets(raw.TIKETI_ENV, { ROUTER_SECRET: raw.ROUTER_SECRET }),
    () =>
      refuseSharedCredentials(raw.TIKETI_ENV, {
        DATABASE_URL: raw.DATABASE_URL,
        REDIS_URL: raw.REDIS_URL,
        MIGRATION_DATABASE_URL: raw.MIGRATION_DATABASE_URL,
      }),
  ]) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    mode: raw.TIKETI_ENV,
    http: { port: raw.PORT, host: listenHost(raw.TIKETI_ENV, raw.HOST) },
    postgres: {
      url: raw.DATABASE_URL,
      migrationUrl: raw.MIGRATION_DATABASE_URL ?? raw.DATABASE_URL,
      schema: pgSchema,
    },
    redis: { url: raw.REDIS_URL, prefix: raw.REDIS_PREFIX },
    router: { secret: raw.ROUTER_SECRET },
    log: { level: raw.LOG_LEVEL },
    migrateOnStart: raw.MIGRATE_ON_START ?? raw.TIKETI_ENV !== 'production',
  };
}
