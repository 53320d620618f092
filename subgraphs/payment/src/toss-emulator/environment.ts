import { ConfigError, envTypes, parseEnv } from '@tiketi/kit';
import { z } from 'zod';
import type { TossEmulatorOptions } from './emulator.ts';
import { DEFAULT_EMULATOR_PORT } from './keys.ts';

const shape = {
  TIKETI_ENV: z.enum(['development', 'test', 'production']).default('development'),
  TOSS_EMULATOR_PORT: envTypes.port.default(DEFAULT_EMULATOR_PORT),
  TOSS_EMULATOR_HOST: z.string().default('127.0.0.1'),
  /** e.g. http://127.0.0.1:4005/webhooks/toss (the payment subgraph) */
  TOSS_EMULATOR_WEBHOOK_URL: envTypes.url.optional(),
  TOSS_EMULATOR_TIMEOUT_DELAY_MS: z.coerce.number().int().nonnegative().default(15_000),
};

/** Parses the emulator's environment once (its `main.ts` passes `process.env`). */
export function loadEmulatorConfig(env: Record<string, string | undefined>): TossEmulatorOptions {
  const raw = parseEnv(shape, env);
  // A stand-in for a payment provider has no business in production: refuse rather than take fake money.
  if (raw.TIKETI_ENV === 'production') {
    throw new ConfigError([
      'TIKETI_ENV: the Toss emulator does not run in production; use the real Toss API',
    ]);
  }
  return {
    port: raw.TOSS_EMULATOR_PORT,
    host: raw.TOSS_EMULATOR_HOST,
    webhookUrl: raw.TOSS_EMULATOR_WEBHOOK_URL ?? null,
    timeoutDelayMs: raw.TOSS_EMULATOR_TIMEOUT_DELAY_MS,
  };
}
