import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import {
  ConfigError,
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

const DAY = 24 * 60 * 60;
/** Google's audience for local development: tokens for it only come from our own test JWKS. */
export const DEV_GOOGLE_CLIENT_ID = 'tiketi-dev.apps.googleusercontent.com';
export const GOOGLE_JWKS_URL = 'https://www.googleapis.com/oauth2/v3/certs';

const count = z.coerce.number().int().positive();

const shape = {
  ...serviceEnvShape,
  ...proofOfWorkEnvShape,
  PORT: envTypes.port.default(4001),
  /** PKCS8 PEM of the RSA key access tokens are signed with. */
  AUTH_JWT_PRIVATE_KEY: z.string().optional(),
  /** SPKI PEMs (concatenated) of keys rotated out, still published until their tokens expire. */
  AUTH_JWT_PREVIOUS_PUBLIC_KEYS: z.string().optional(),
  AUTH_ACCESS_TOKEN_TTL_SECONDS: envTypes.seconds.default(900),
  AUTH_REFRESH_TOKEN_TTL_SECONDS: envTypes.seconds.default(30 * DAY),
  AUTH_LOGIN_LIMIT_PER_EMAIL: count.default(5),
  AUTH_LOGIN_LIMIT_PER_IP: count.default(30),
  AUTH_LOGIN_LIMIT_WINDOW_SECONDS: envTypes.seconds.default(15 * 60),
  AUTH_LOGIN_MAX_DELAY_SECONDS: envTypes.seconds.default(60),
  AUTH_SIGNUP_LIMIT_PER_IP: count.default(10),
  AUTH_SIGNUP_LIMIT_WINDOW_SECONDS: envTypes.seconds.default(60 * 60),
  GOOGLE_CLIENT_ID: z.string().optional(),
  GOOGLE_JWKS_URL: envTypes.url.default(GOOGLE_JWKS_URL),
};

/** Where the access-token signing key comes from. `generated` exists only outside production. */
export type SigningKeySource = { source: 'configured'; privateKey: KeyObject } | { source: 'generated' };

export interface Config extends ServiceConfig {
  jwt: {
    signingKey: SigningKeySource;
    previousPublicKeys: KeyObject[];
    accessTokenTtlSeconds: number;
  };
  refreshTokenTtlSeconds: number;
  /** Failed log-ins slow down (login-throttle.ts): free failures per account, failures per address, window, longest wait. */
  loginLimits: { perEmail: number; perIp: number; windowSeconds: number; maxDelaySeconds: number };
  /** Sign-ups (attempts) per client address per window. */
  signUpLimit: { perIp: number; windowSeconds: number };
  /** The challenge a sign-up solves first (issue 16). */
  proofOfWork: ProofOfWorkConfig;
  google: { clientId: string; jwksUrl: string };
}

/** Parses the environment once. Throws `ConfigError` listing every problem by variable name. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const raw = parseEnv(shape, env);
  const problems: string[] = [];
  const collect = <T>(fn: () => T): T | undefined => {
    try {
      return fn();
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      problems.push(...err.problems);
      return undefined;
    }
  };
  const production = raw.TIKETI_ENV === 'production';

  const common = collect(() => serviceConfig(raw, 'auth'));
  collect(() => refuseDevelopmentSecrets(raw.TIKETI_ENV, { POW_SECRET: raw.POW_SECRET }));

  let signingKey: SigningKeySource = { source: 'generated' };
  if (raw.AUTH_JWT_PRIVATE_KEY) {
    const key = collect(() => parsePrivateKey(raw.AUTH_JWT_PRIVATE_KEY as string));
    if (key) signingKey = { source: 'configured', privateKey: key };
  } else if (production) {
    problems.push(
      'AUTH_JWT_PRIVATE_KEY: required in production (PKCS8 PEM of an RSA key of at least 2048 bits, e.g. `openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048`)',
    );
  }
  const previousPublicKeys = raw.AUTH_JWT_PREVIOUS_PUBLIC_KEYS
    ? (collect(() => parsePreviousKeys(raw.AUTH_JWT_PREVIOUS_PUBLIC_KEYS as string)) ?? [])
    : [];

  if (production && !raw.GOOGLE_CLIENT_ID) {
    problems.push(
      'GOOGLE_CLIENT_ID: required in production (the OAuth client id Google ID tokens are issued to)',
    );
  }
  if (problems.length > 0 || !common) throw new ConfigError(problems);

  return {
    ...common,
    jwt: {
      signingKey,
      previousPublicKeys,
      accessTokenTtlSeconds: raw.AUTH_ACCESS_TOKEN_TTL_SECONDS,
    },
    refreshTokenTtlSeconds: raw.AUTH_REFRESH_TOKEN_TTL_SECONDS,
    loginLimits: {
      perEmail: raw.AUTH_LOGIN_LIMIT_PER_EMAIL,
      perIp: raw.AUTH_LOGIN_LIMIT_PER_IP,
      windowSeconds: raw.AUTH_LOGIN_LIMIT_WINDOW_SECONDS,
      maxDelaySeconds: raw.AUTH_LOGIN_MAX_DELAY_SECONDS,
    },
    signUpLimit: { perIp: raw.AUTH_SIGNUP_LIMIT_PER_IP, windowSeconds: raw.AUTH_SIGNUP_LIMIT_WINDOW_SECONDS },
    proofOfWork: proofOfWorkConfig(raw.TIKETI_ENV, raw),
    google: { clientId: raw.GOOGLE_CLIENT_ID ?? DEV_GOOGLE_CLIENT_ID, jwksUrl: raw.GOOGLE_JWKS_URL },
  };
}

// Secrets stores and .env files often carry PEMs on one line with literal "\n".
const unescapePem = (pem: string) => pem.replace(/\\n/g, '\n').trim();

function parsePrivateKey(pem: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: unescapePem(pem), format: 'pem' });
  } catch {
    throw new ConfigError(['AUTH_JWT_PRIVATE_KEY: not a readable PEM private key (expected PKCS8 PEM)']);
  }
  assertRsa2048('AUTH_JWT_PRIVATE_KEY', key);
  return key;
}

function parsePreviousKeys(pems: string): KeyObject[] {
  const blocks = unescapePem(pems).match(/-----BEGIN PUBLIC KEY-----[\s\S]+?-----END PUBLIC KEY-----/g) ?? [];
  if (blocks.length === 0) {
    throw new ConfigError(['AUTH_JWT_PREVIOUS_PUBLIC_KEYS: expected one or more SPKI PEM public keys']);
  }
  return blocks.map((block, i) => {
    let key: KeyObject;
    try {
      key = createPublicKey({ key: block, format: 'pem' });
    } catch {
      throw new ConfigError([`AUTH_JWT_PREVIOUS_PUBLIC_KEYS: key #${i + 1} is not a readable SPKI PEM`]);
    }
    assertRsa2048(`AUTH_JWT_PREVIOUS_PUBLIC_KEYS (key #${i + 1})`, key);
    return key;
  });
}

// RS256 is the algorithm fixed between auth and the router; jsonwebtoken refuses RSA keys under 2048 bits.
function assertRsa2048(variable: string, key: KeyObject): void {
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError([
      `${variable}: must be an RSA key (access tokens are RS256), got ${key.asymmetricKeyType}`,
    ]);
  }
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  if (bits < 2048)
    throw new ConfigError([`${variable}: the RSA key must have at least 2048 bits, got ${bits}`]);
}
