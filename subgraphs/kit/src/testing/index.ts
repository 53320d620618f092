import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import {
  databaseUrlAs,
  dropDatabaseRoles,
  ensureDatabaseRoles,
  SERVICE_SCHEMAS,
  type ServiceSchema,
} from '../db-roles.ts';
import type { NewDomainEvent } from '../events/topics.ts';
import type { Topic } from '../events/types.ts';
import { type Identity, ROUTER_ASSERTION_HEADER, signRouterAssertion } from '../identity.ts';
import {
  applyRedisAcl,
  REDIS_SERVICES,
  type RedisService,
  redisUrlAs,
  removeRedisAcl,
} from '../redis-acl.ts';

/**
 * Test support shared by every workspace. Tests talk to the real Postgres and Redis named by
 * `TEST_DATABASE_URL` / `TEST_REDIS_URL` (default: the local servers); each suite gets its own fresh
 * database and Redis key prefix and removes them afterwards, so parallel runs never step on each other.
 */
export const TEST_ROUTER_SECRET = 'test-router-secret-0123456789abcdef0123456789';

const adminUrl = () => process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const redisUrl = () => process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

export interface TestInfra {
  /** The suite's database as the admin (superuser): what `env()` gives and what tests inspect data with. */
  databaseUrl: string;
  redisUrl: string;
  redisPrefix: string;
  /** The suite's migration role, owner of the schemas (db-roles.ts). */
  migrationDatabaseUrl: string;
  /** The suite's database as `service`'s own role: its schema only. */
  databaseUrlFor(service: ServiceSchema): string;
  /** The suite's Redis as `service`'s ACL user: its keys and commands only (redis-acl.ts). */
  redisUrlFor(service: RedisService): string;
  /** Environment for a service under test: pass to its `loadConfig`. Connects as the admin. */
  env(extra?: Record<string, string>): Record<string, string>;
  /**
   * Environment for `service` under least privilege, as production runs it: its own Postgres role (migrating as
   * the suite's migration role) and its own Redis user.
   */
  serviceEnv(service: RedisService, extra?: Record<string, string>): Record<string, string>;
  [Symbol.asyncDispose](): Promise<void>;
  dispose(): Promise<void>;
}

export async function createTestInfra(): Promise<TestInfra> {
  const id = `${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  const dbName = `tiketi_test_${id}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`create database "${dbName}"`);
  await admin.end();
  const url = new URL(adminUrl());
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const redisPrefix = `tiketi-test:${id}:`;

  // Least-privilege logins of this suite's own: role names are cluster-wide and ACL users server-wide, so both
  // carry the database's name and go when the suite ends.
  const password = randomBytes(12).toString('hex');
  const roleOf = (service: ServiceSchema | 'migrator') => `${dbName}_${service}`;
  const migrationDatabaseUrl = databaseUrlAs(databaseUrl, roleOf('migrator'), password);
  const databaseUrlFor = (service: ServiceSchema) => databaseUrlAs(databaseUrl, roleOf(service), password);
  const aclUsers = REDIS_SERVICES.map((service) => ({ service, name: `${dbName}_${service}`, password }));
  const redisUrlFor = (service: RedisService) => redisUrlAs(redisUrl(), `${dbName}_${service}`, password);
  await ensureDatabaseRoles({
    adminUrl: databaseUrl,
    migrationUrl: migrationDatabaseUrl,
    serviceUrls: Object.fromEntries(SERVICE_SCHEMAS.map((s) => [s, databaseUrlFor(s)])),
  });
  await applyRedisAcl(redisUrl(), aclUsers, redisPrefix);

  const dispose = async () => {
    const client = new pg.Client({ connectionString: adminUrl() });
    await client.connect();
    // FORCE ends connections a leaked pool may still hold, so the drop never hangs.
    await client.query(`drop database if exists "${dbName}" with (force)`);
    await client.end();
    await dropDatabaseRoles(adminUrl(), [...SERVICE_SCHEMAS.map(roleOf), roleOf('migrator')]);
    await removeRedisAcl(
      redisUrl(),
      aclUsers.map((u) => u.name),
    );
    const redis = new Redis(redisUrl());
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${redisPrefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
  };

  const env = (extra: Record<string, string> = {}) => ({
    TIKETI_ENV: 'test',
    PORT: '0',
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl(),
    REDIS_PREFIX: redisPrefix,
    ROUTER_SECRET: TEST_ROUTER_SECRET,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ...extra,
  });
  return {
    databaseUrl,
    redisUrl: redisUrl(),
    redisPrefix,
    migrationDatabaseUrl,
    databaseUrlFor,
    redisUrlFor,
    env,
    serviceEnv: (service, extra = {}) =>
      env({
        ...(service === 'router'
          ? {}
          : { DATABASE_URL: databaseUrlFor(service), MIGRATION_DATABASE_URL: migrationDatabaseUrl }),
        REDIS_URL: redisUrlFor(service),
        ...extra,
      }),
    dispose,
    [Symbol.asyncDispose]: dispose,
  };
}

// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
export interface GraphQLResponse<T = Record<string, any>> {
  status: number;
  data?: T | null;
  errors?: {
    message: string;
    path?: (string | number)[];
    extensions?: { code?: string } & Record<string, unknown>;
  }[];
}

/** POSTs a GraphQL request over real HTTP. */
// biome-ignore lint/suspicious/noExplicitAny: as above
export async function gql<T = Record<string, any>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    // What Apollo Client and urql send: request errors answer 4xx (GraphQL over HTTP; kit graphql-http.ts).
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json;q=0.9',
      ...headers,
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  let body: Omit<GraphQLResponse<T>, 'status'> = {};
  try {
    body = JSON.parse(text);
  } catch {
    body = { errors: [{ message: text }] };
  }
  return { status: res.status, ...body };
}

/** Headers that make a direct subgraph call look like it came from the router, as `identity`. */
export function asRouter(identity: Identity, clientIp = '127.0.0.1'): Record<string, string> {
  return { [ROUTER_ASSERTION_HEADER]: signRouterAssertion(TEST_ROUTER_SECRET, { identity, clientIp }) };
}
export * from './otlp.ts';
export * from './private-redis.ts';

/**
 * An event as another service (or a broken producer) might write it, unchecked against the topic map: for tests
 * that publish on another service's behalf, or that feed consumers a payload they must refuse.
 */
export function untypedEvent(topic: Topic, key: string, payload: unknown): NewDomainEvent {
  return { topic, key, payload } as unknown as NewDomainEvent;
}
