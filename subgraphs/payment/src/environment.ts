import {
  ConfigError,
  DEV_SECRETS,
  envTypes,
  parseEnv,
  refuseDevelopmentSecrets,
  type ServiceConfig,
  serviceConfig,
  serviceEnvShape,
} from '@tiketi/kit';
import { z } from 'zod';
import { DEFAULT_EMULATOR_URL, EMULATOR_CLIENT_KEY, EMULATOR_SECRET_KEY } from './toss-emulator/keys.ts';

export const TOSS_API_URL = 'https://api.tosspayments.com';

const ms = z.coerce.number().int().positive();

const shape = {
  ...serviceEnvShape,
  PORT: envTypes.port.default(4005),
  /** Toss secret key (`test_gsk_…`/`live_gsk_…` or `test_sk_…`/`live_sk_…`); unset: the local emulator. */
  TOSS_SECRET_KEY: z.string().min(10).optional(),
  /** Toss client key for the widget; required with TOSS_SECRET_KEY. */
  TOSS_CLIENT_KEY: z.string().min(10).optional(),
  /** Default: Toss' API with a secret key, the local emulator without one. */
  TOSS_API_URL: envTypes.url.optional(),
  TOSS_TIMEOUT_MS: ms.default(10_000),
  TOSS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(3),
  TOSS_RETRY_BACKOFF_MS: ms.default(200),
  PAYMENT_RECONCILE_INTERVAL_MS: ms.default(60_000),
  /** After a confirm ended without Toss' answer: the first look again, doubling up to the interval. */
  PAYMENT_RECHECK_MS: ms.default(5_000),
  PAYMENT_REFUND_RETRY_MS: ms.default(5_000),
  /** Verifies the checkout tokens seating signs (kit/checkout-token.ts); the same value as seating's. */
  CHECKOUT_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.CHECKOUT_TOKEN_SECRET),
};

/** Which Toss we talk to. `emulator` exists only outside production. */
export type TossProvider = { provider: 'toss' } | { provider: 'emulator' };

export interface TossConfig {
  target: TossProvider;
  apiUrl: string;
  secretKey: string;
  clientKey: string;
  /** Per HTTP attempt. */
  timeoutMs: number;
  /** Attempts of one call (same Idempotency-Key) before the payment is re-read instead. */
  maxAttempts: number;
  /** First pause between attempts; doubles each time. */
  retryBackoffMs: number;
}

export interface Config extends ServiceConfig {
  toss: TossConfig;
  /** How often IN_PROGRESS payments are re-read from Toss (also once at start). */
  reconcileIntervalMs: number;
  /** First re-read after a confirm ended without Toss' answer (doubling up to `reconcileIntervalMs`). */
  recheckMs: number;
  /** How often refunds Toss did not answer are tried again. */
  refundRetryMs: number;
  /** Verifies `preparePayment`'s checkout tokens (signed by seating). */
  checkoutTokenSecret: string;
}

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(shape, env);
  const problems: string[] = [];
  let common: ServiceConfig | undefined;
  for (const check of [
    () => {
      common = serviceConfig(raw, 'payment');
    },
    () => refuseDevelopmentSecrets(raw.TIKETI_ENV, { CHECKOUT_TOKEN_SECRET: raw.CHECKOUT_TOKEN_SECRET }),
  ]) {
    try {
      check();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
    }
  }
  const production = raw.TIKETI_ENV === 'production';
  const configured = raw.TOSS_SECRET_KEY !== undefined;

  if (configured !== (raw.TOSS_CLIENT_KEY !== undefined)) {
    problems.push(
      'TOSS_SECRET_KEY / TOSS_CLIENT_KEY: set both (the real Toss) or neither (the local emulator)',
    );
  }
  if (production && !configured) {
    problems.push('TOSS_SECRET_KEY: required in production (the local Toss emulator never runs there)');
  }
  if (production && !raw.TOSS_CLIENT_KEY) problems.push('TOSS_CLIENT_KEY: required in production');
  if (
    production &&
    (raw.TOSS_SECRET_KEY === EMULATOR_SECRET_KEY || raw.TOSS_CLIENT_KEY === EMULATOR_CLIENT_KEY)
  ) {
    problems.push('TOSS_SECRET_KEY / TOSS_CLIENT_KEY: the emulator keys are not allowed in production');
  }
  if (problems.length > 0 || !common) throw new ConfigError(problems);

  const toss: TossConfig = configured
    ? {
        target: { provider: 'toss' },
        apiUrl: raw.TOSS_API_URL ?? TOSS_API_URL,
        secretKey: raw.TOSS_SECRET_KEY as string,
        clientKey: raw.TOSS_CLIENT_KEY as string,
        timeoutMs: raw.TOSS_TIMEOUT_MS,
        maxAttempts: raw.TOSS_MAX_ATTEMPTS,
        retryBackoffMs: raw.TOSS_RETRY_BACKOFF_MS,
      }
    : {
        target: { provider: 'emulator' },
        apiUrl: raw.TOSS_API_URL ?? DEFAULT_EMULATOR_URL,
        secretKey: EMULATOR_SECRET_KEY,
        clientKey: EMULATOR_CLIENT_KEY,
        timeoutMs: raw.TOSS_TIMEOUT_MS,
        maxAttempts: raw.TOSS_MAX_ATTEMPTS,
        retryBackoffMs: raw.TOSS_RETRY_BACKOFF_MS,
      };
  return {
    ...common,
    toss: { ...toss, apiUrl: toss.apiUrl.replace(/\/+$/, '') },
    reconcileIntervalMs: raw.PAYMENT_RECONCILE_INTERVAL_MS,
    recheckMs: raw.PAYMENT_RECHECK_MS,
    refundRetryMs: raw.PAYMENT_REFUND_RETRY_MS,
    checkoutTokenSecret: raw.CHECKOUT_TOKEN_SECRET,
  };
}
