import {
  ConfigError,
  DEV_SECRETS,
  envTypes,
  type ProofOfWorkConfig,
  parseEnv,
  proofOfWorkConfig,
  proofOfWorkEnvShape,
  refuseDevelopmentSecrets,
  type ServiceConfig,
  serviceConfig,
  serviceEnvShape,
} from '@tiketi/kit';
import { z } from 'zod';

const shape = {
  ...serviceEnvShape,
  ...proofOfWorkEnvShape,
  PORT: envTypes.port.default(4004),
  /** Shared with seating, which verifies the passes (kit/admission-pass.ts). */
  QUEUE_PASS_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.QUEUE_PASS_SECRET),
  QUEUE_PASS_TTL_SECONDS: envTypes.seconds.default(600),
  QUEUE_IDLE_SECONDS: envTypes.seconds.default(120),
  QUEUE_DEFAULT_CAPACITY: z.coerce.number().int().min(1).max(1_000_000).default(1_000),
  QUEUE_ADMISSION_TICK_MS: z.coerce.number().int().min(10).max(5_000).default(200),
  QUEUE_UPDATE_INTERVAL_MS: z.coerce.number().int().min(100).max(60_000).default(1_000),
};

export interface Config extends ServiceConfig {
  passes: {
    /** HS256 key of admission passes. */
    secret: string;
    /** Lifetime of a pass, which also bounds the slot it comes with. */
    ttlSeconds: number;
  };
  line: {
    /** An admitted buyer without activity (heartbeat, seat hold) for this long loses the slot. */
    idleSeconds: number;
    /** Active shoppers at once for an event an admin has not configured. */
    defaultCapacity: number;
    /** How often each replica runs the admission step over every event with a live room. */
    admissionTickMs: number;
  };
  /** Least time between two `queuePosition` updates to one buyer. */
  updateIntervalMs: number;
  /** The challenge a buyer solves before joining a room (issue 16). */
  proofOfWork: ProofOfWorkConfig;
}

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(shape, env);
  const problems: string[] = [];
  let common: ServiceConfig | undefined;
  for (const check of [
    () => {
      common = serviceConfig(raw, 'queue');
    },
    () =>
      refuseDevelopmentSecrets(raw.TIKETI_ENV, {
        QUEUE_PASS_SECRET: raw.QUEUE_PASS_SECRET,
        POW_SECRET: raw.POW_SECRET,
      }),
  ]) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  if (problems.length > 0 || !common) throw new ConfigError(problems);
  return {
    ...common,
    passes: { secret: raw.QUEUE_PASS_SECRET, ttlSeconds: raw.QUEUE_PASS_TTL_SECONDS },
    line: {
      idleSeconds: raw.QUEUE_IDLE_SECONDS,
      defaultCapacity: raw.QUEUE_DEFAULT_CAPACITY,
      admissionTickMs: raw.QUEUE_ADMISSION_TICK_MS,
    },
    updateIntervalMs: raw.QUEUE_UPDATE_INTERVAL_MS,
    proofOfWork: proofOfWorkConfig(raw.TIKETI_ENV, raw),
  };
}
