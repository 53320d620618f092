import { createPublicKey, type JsonWebKey, type KeyObject } from 'node:crypto';
import type { Identity } from '@tiketi/kit';
import { asRouter, createTestInfra, type GraphQLResponse, gql, type TestInfra } from '@tiketi/kit/testing';
import jwt from 'jsonwebtoken';
import { type AuthService, bootstrap, loadConfig } from '../src/index.ts';

export const PAYLOAD = 'accessToken refreshToken expiresIn user { id email name role createdAt }';

export interface AuthPayloadData {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: { id: string; email: string; name: string; role: 'USER' | 'ADMIN'; createdAt: string };
}

export interface AuthHarness {
  infra: TestInfra;
  service: AuthService;
  /** A GraphQL call as the router would make it: for `identity`, from `clientIp`. */
  // biome-ignore lint/suspicious/noExplicitAny: same default as the kit's gql(): tests read loosely typed data
  call<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: { identity?: Identity; clientIp?: string },
  ): Promise<GraphQLResponse<T>>;
  dispose(): Promise<void>;
}

export async function startAuth(env: Record<string, string> = {}): Promise<AuthHarness> {
  const infra = await createTestInfra();
  try {
    const service = await bootstrap(loadConfig(infra.env(env)));
    return {
      infra,
      service,
      call: (query, variables, options = {}) =>
        gql(service.url, query, variables, asRouter(options.identity ?? null, options.clientIp)),
      async dispose() {
        await service.stop();
        await infra.dispose();
      },
    };
  } catch (err) {
    await infra.dispose();
    throw err;
  }
}

let ipCounter = 0;
/** A fresh client address per test, so per-IP login limits of one test never bleed into another. */
export const freshIp = () => `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

/** The public key the served JWKS lists under `kid`, as a Node KeyObject (no jwk-to-pem needed). */
export async function jwksKey(jwksUrl: string, kid: string): Promise<KeyObject> {
  const res = await fetch(jwksUrl);
  const { keys } = (await res.json()) as { keys: (JsonWebKey & { kid: string })[] };
  const jwk = keys.find((k) => k.kid === kid);
  if (!jwk) throw new Error(`kid ${kid} is not in the JWKS (${keys.map((k) => k.kid).join(', ')})`);
  return createPublicKey({ key: jwk, format: 'jwk' });
}

/** Verifies an access token the way the router does: against the served JWKS, RS256 only. */
export async function verifyAccessToken(jwksUrl: string, token: string): Promise<jwt.JwtPayload> {
  const decoded = jwt.decode(token, { complete: true });
  if (!decoded?.header.kid) throw new Error('access token without kid');
  const key = await jwksKey(jwksUrl, decoded.header.kid);
  return jwt.verify(token, key, {
    algorithms: ['RS256'],
    issuer: 'tiketi-auth',
    audience: 'tiketi',
  }) as jwt.JwtPayload;
}
