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

const shape = {
  ...serviceEnvShape,
  PORT: envTypes.port.default(4003),
  SEAT_HOLD_SECONDS: envTypes.seconds.default(300),
  CHECKOUT_EXTENSION_SECONDS: envTypes.seconds.default(300),
  SEAT_LIMIT_PER_BUYER: z.coerce.number().int().min(1).max(50).default(4),
  SEAT_SWEEP_INTERVAL_MS: z.coerce.number().int().min(20).max(10_000).default(250),
  TICKET_SIGNING_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.TICKET_SIGNING_SECRET),
  /** Queue's HS256 key of admission passes (kit/admission-pass.ts): seating verifies, queue signs. */
  QUEUE_PASS_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.QUEUE_PASS_SECRET),
  /** Signs `Reservation.checkoutToken` (kit/checkout-token.ts): seating signs, payment verifies. */
  CHECKOUT_TOKEN_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters')
    .default(DEV_SECRETS.CHECKOUT_TOKEN_SECRET),
};

export interface Config extends ServiceConfig {
  holds: {
    /** How long a hold keeps its seats. */
    seconds: number;
    /** The one extension a hold gets when its reservation is created (checkout). */
    checkoutExtensionSeconds: number;
    /** Seats one buyer may hold or own per event, counting what they already hold or bought. */
    limitPerBuyer: number;
  };
  /** How often expired holds are swept back to AVAILABLE and announced; well under the 1 s promise. */
  sweepIntervalMs: number;
  tickets: { signingSecret: string };
  /** Verifies the admission passes `holdSeats` needs while an event's waiting room is on. */
  queuePassSecret: string;
  /** Signs the checkout tokens payment's `preparePayment` charges from. */
  checkoutTokenSecret: string;
}

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(shape, env);
  const problems: string[] = [];
  let common: ServiceConfig | undefined;
  for (const check of [
    () => {
      common = serviceConfig(raw, 'seating');
    },
    () =>
      refuseDevelopmentSecrets(raw.TIKETI_ENV, {
        TICKET_SIGNING_SECRET: raw.TICKET_SIGNING_SECRET,
        QUEUE_PASS_SECRET: raw.QUEUE_PASS_SECRET,
        CHECKOUT_TOKEN_SECRET: raw.CHECKOUT_TOKEN_SECRET,
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
    holds: {
      seconds: raw.SEAT_HOLD_SECONDS,
      checkoutExtensionSeconds: raw.CHECKOUT_EXTENSION_SECONDS,
      limitPerBuyer: raw.SEAT_LIMIT_PER_BUYER,
    },
    sweepIntervalMs: raw.SEAT_SWEEP_INTERVAL_MS,
    tickets: { signingSecret: raw.TICKET_SIGNING_SECRET },
    queuePassSecret: raw.QUEUE_PASS_SECRET,
    checkoutTokenSecret: raw.CHECKOUT_TOKEN_SECRET,
  };
}
