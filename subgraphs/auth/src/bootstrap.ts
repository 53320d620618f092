import { readFileSync } from 'node:fs';
import {
  createRateLimit,
  createRuntime,
  type Orm,
  ProofOfWork,
  REVOKED_SESSION_MARGIN_SECONDS,
  revokedSessionKey,
  startRelay,
} from '@tiketi/kit';
import { parse } from 'graphql';
import type { Context } from './context.ts';
import { createLoaders } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { createAccounts } from './modules/account/accounts.ts';
import { createLoginThrottle } from './modules/account/login-throttle.ts';
import { createApiKeys } from './modules/api-key/api-keys.ts';
import { createGoogleVerifier } from './modules/google/google-id-token.ts';
import { RefreshToken } from './modules/session/refresh-token.entity.ts';
import { createAccessTokenSigner } from './modules/token/access-token.ts';
import { createKeyRing } from './modules/token/key-ring.ts';
import { createPasswordVerifier } from './modules/user/credentials.ts';
import { User } from './modules/user/user.entity.ts';
import { SCHEMA } from './modules/user/user.repository.ts';
import { resolvers } from './resolvers/index.ts';
import { seedDevelopment } from './seed.ts';

export const JWKS_PATH = '/.well-known/jwks.json';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface AuthService {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  port: number;
  /** Where the router fetches the public keys of access tokens. */
  jwksUrl: string;
  orm: Orm;
  stop(): Promise<void>;
}

export async function bootstrap(config: Config): Promise<AuthService> {
  const runtime = await createRuntime({ name: 'auth', config, entities: [User, RefreshToken], migrations });
  try {
    // Moves `auth.user.registered` from the outbox to its Redis stream (at least once; see kit/events).
    runtime.track(
      startRelay({
        orm: runtime.orm,
        redis: runtime.redis,
        schema: SCHEMA,
        service: 'auth',
        log: runtime.log,
      }),
    );
    if (config.mode === 'development') await seedDevelopment(runtime.orm);
    const apiKeys = createApiKeys({ redis: runtime.redis, log: runtime.log });
    runtime.log.info({ live: await apiKeys.publishAll(runtime.orm) }, 'api keys published for the router');

    const keyRing = await createKeyRing(config.jwt.signingKey, config.jwt.previousPublicKeys, runtime.log);
    const { perEmail, perIp, windowSeconds, maxDelaySeconds } = config.loginLimits;
    const proofOfWork = new ProofOfWork(runtime.redis, config.proofOfWork);
    const accounts = createAccounts({
      accessTokens: createAccessTokenSigner(keyRing, config.jwt.accessTokenTtlSeconds),
      verifyPassword: await createPasswordVerifier(),
      verifyGoogleIdToken: createGoogleVerifier(config.google),
      loginThrottle: createLoginThrottle(runtime.redis, {
        freeFailuresPerAccount: perEmail,
        failuresPerIp: perIp,
        windowSeconds,
        maxDelaySeconds,
      }),
      signUpLimit: createRateLimit(runtime.redis, {
        name: 'signup:ip',
        points: config.signUpLimit.perIp,
        durationSeconds: config.signUpLimit.windowSeconds,
      }),
      proofOfWork,
      endSession: async (sessionId) => {
        await runtime.redis.set(
          revokedSessionKey(sessionId),
          '1',
          'EX',
          config.jwt.accessTokenTtlSeconds + REVOKED_SESSION_MARGIN_SECONDS,
        );
      },
      refreshTokenTtlSeconds: config.refreshTokenTtlSeconds,
      log: runtime.log,
    });

    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => ({ ...base, loaders: createLoaders(base.em), accounts, apiKeys, proofOfWork }),
      routes(router) {
        router.get(JWKS_PATH, (_req, res) => {
          // Verifiers may cache for 5 minutes: a new key must be published (as a previous key elsewhere, or by
          // rolling out) at least that long before tokens signed with it are relied on.
          res.set('Cache-Control', 'public, max-age=300');
          res.json(keyRing.jwks());
        });
      },
    });
    return {
      ...service,
      jwksUrl: new URL(JWKS_PATH, service.url).toString(),
      orm: runtime.orm,
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
