import { envTypes, parseEnv, type ServiceConfig, serviceConfig, serviceEnvShape } from '@tiketi/kit';

const shape = {
  ...serviceEnvShape,
  PORT: envTypes.port.default(4006),
};

/** stats needs nothing beyond the common service settings. */
export type Config = ServiceConfig;

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  return serviceConfig(parseEnv(shape, env), 'stats');
}
