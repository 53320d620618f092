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
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
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
  postgres: { url: string; schema: string };
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
  refuseDevelopmentSecrets(raw.TIKETI_ENV, { ROUTER_SECRET: raw.ROUTER_SECRET });
  return {
    mode: raw.TIKETI_ENV,
    http: { port: raw.PORT, host: listenHost(raw.TIKETI_ENV, raw.HOST) },
    postgres: { url: raw.DATABASE_URL, schema: pgSchema },
    redis: { url: raw.REDIS_URL, prefix: raw.REDIS_PREFIX },
    router: { secret: raw.ROUTER_SECRET },
    log: { level: raw.LOG_LEVEL },
    migrateOnStart: raw.MIGRATE_ON_START ?? raw.TIKETI_ENV !== 'production',
  };
}
