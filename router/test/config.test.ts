import { fileURLToPath } from 'node:url';
import { ConfigError, DEV_SECRETS } from '@tiketi/kit/config';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';

const SECRET = 'a-real-production-router-secret-0123456789';
/** Production logs in to Redis as the router's own ACL user (issue 15). */
const REDIS_URL = 'redis://tiketi-router:pw@127.0.0.1:6379';

describe('loadConfig', () => {
  it('has working defaults for local development', () => {
    const config = loadConfig({});
    expect(config.mode).toBe('development');
    expect(config.http).toEqual({
      port: 4000,
      host: '127.0.0.1',
      trustProxy: false,
      maxBodyBytes: 100 * 1024,
      adminMaxBodyBytes: 1024 * 1024,
      corsOrigins: ['http://localhost:3000', 'http://localhost:3001'],
    });
    expect(config.auth.jwksUrl).toBe('http://127.0.0.1:4001/.well-known/jwks.json');
    expect(config.limits).toEqual({
      depth: 10,
      aliases: 15,
      directives: 10,
      tokens: 2000,
      cost: 200_000,
      seatsPerMap: 20_000,
    });
    expect(config.supergraph).toEqual({
      path: fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)),
      watch: true,
    });
    expect(config.subgraphUrls).toEqual({});
    expect(config.router.secret).toBe(DEV_SECRETS.ROUTER_SECRET);
    expect(config.subscriptions).toEqual({
      sharedFields: ['seatChanged'],
      maxBufferedBytes: 1024 * 1024,
      coalesceMs: 50,
      maxPerConnection: 20,
      keepAliveMs: 12_000,
      drainRate: 1_000,
      maxSocketsPerIp: null,
    });
  });

  it('takes the subscription settings from the environment, the coalescing window at most 200 ms', () => {
    const config = loadConfig({
      SUBSCRIPTION_SHARED_FIELDS: 'seatChanged, eventAnnounced',
      SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536',
      SUBSCRIPTION_COALESCE_MS: '0',
      SUBSCRIPTION_MAX_PER_CONNECTION: '5',
      SUBSCRIPTION_KEEPALIVE_MS: '30000',
      SUBSCRIPTION_DRAIN_RATE: '0',
    });
    expect(config.subscriptions).toEqual({
      sharedFields: ['seatChanged', 'eventAnnounced'],
      maxBufferedBytes: 65536,
      coalesceMs: 0,
      maxPerConnection: 5,
      keepAliveMs: 30_000,
      drainRate: 0,
      maxSocketsPerIp: null,
    });
    expect(() => loadConfig({ SUBSCRIPTION_COALESCE_MS: '250' })).toThrow(/SUBSCRIPTION_COALESCE_MS/);
    expect(() => loadConfig({ SUBSCRIPTION_DRAIN_RATE: '-1' })).toThrow(/SUBSCRIPTION_DRAIN_RATE/);
  });

  it('limits request rates and sockets per address by default in production only; 0 turns a limit off', () => {
    expect(loadConfig({}).rateLimits).toEqual({ windowSeconds: 60, perIp: null, perUser: null });
    const production = loadConfig({ TIKETI_ENV: 'production', ROUTER_SECRET: SECRET, REDIS_URL });
    expect(production.rateLimits).toEqual({ windowSeconds: 60, perIp: 1800, perUser: 600 });
    expect(production.subscriptions.maxSocketsPerIp).toBe(50);
    const chosen = loadConfig({
      TIKETI_ENV: 'production',
      ROUTER_SECRET: SECRET,
      REDIS_URL,
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_USER: '30',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      SUBSCRIPTION_MAX_SOCKETS_PER_IP: '0',
    });
    expect(chosen.rateLimits).toEqual({ windowSeconds: 10, perIp: null, perUser: 30 });
    expect(chosen.subscriptions.maxSocketsPerIp).toBeNull();
    expect(loadConfig({ SUBSCRIPTION_MAX_SOCKETS_PER_IP: '3' }).subscriptions.maxSocketsPerIp).toBe(3);
    expect(() => loadConfig({ RATE_LIMIT_PER_IP: '-1' })).toThrow(/RATE_LIMIT_PER_IP/);
  });

  it('watches the supergraph only in development', () => {
    expect(loadConfig({ TIKETI_ENV: 'test' }).supergraph.watch).toBe(false);
    expect(loadConfig({ TIKETI_ENV: 'production', ROUTER_SECRET: SECRET, REDIS_URL }).supergraph.watch).toBe(
      false,
    );
  });

  it('reads a URL override for each of the six subgraphs', () => {
    const config = loadConfig({
      AUTH_SUBGRAPH_URL: 'http://auth:4001/graphql',
      CATALOG_SUBGRAPH_URL: 'http://catalog:4002/graphql',
      SEATING_SUBGRAPH_URL: 'http://seating:4003/graphql',
      QUEUE_SUBGRAPH_URL: 'http://queue:4004/graphql',
      PAYMENT_SUBGRAPH_URL: 'http://payment:4005/graphql',
      STATS_SUBGRAPH_URL: 'http://stats:4006/graphql',
    });
    expect(config.subgraphUrls).toEqual({
      auth: 'http://auth:4001/graphql',
      catalog: 'http://catalog:4002/graphql',
      seating: 'http://seating:4003/graphql',
      queue: 'http://queue:4004/graphql',
      payment: 'http://payment:4005/graphql',
      stats: 'http://stats:4006/graphql',
    });
  });

  it('understands the forms of TRUST_PROXY', () => {
    expect(loadConfig({ TRUST_PROXY: 'true' }).http.trustProxy).toBe(true);
    expect(loadConfig({ TRUST_PROXY: '2' }).http.trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toBe('loopback, 10.0.0.0/8');
  });

  it('takes limits and CORS origins from the environment', () => {
    const config = loadConfig({
      GRAPHQL_MAX_DEPTH: '7',
      GRAPHQL_MAX_COST: '900',
      MAX_BODY_BYTES: '2048',
      CORS_ORIGINS: 'https://tiketi.gg, https://admin.tiketi.gg',
    });
    expect(config.limits.depth).toBe(7);
    expect(config.limits.cost).toBe(900);
    expect(config.http.maxBodyBytes).toBe(2048);
    expect(config.http.corsOrigins).toEqual(['https://tiketi.gg', 'https://admin.tiketi.gg']);
  });

  it('takes the lean path for single-fetch plans unless LEAN_PATH=false', () => {
    expect(loadConfig({}).leanPath).toBe(true);
    expect(loadConfig({ LEAN_PATH: 'false' }).leanPath).toBe(false);
    expect(() => loadConfig({ LEAN_PATH: 'sometimes' })).toThrow(ConfigError);
  });

  it('lists every bad variable at once', () => {
    const attempt = () => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep', AUTH_JWKS_URL: 'not a url', PORT: '-1' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (err) {
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toMatch(/GRAPHQL_MAX_DEPTH/);
      expect(problems).toMatch(/AUTH_JWKS_URL/);
      expect(problems).toMatch(/PORT/);
    }
  });

  it('refuses the development ROUTER_SECRET in production', () => {
    expect(() => loadConfig({ TIKETI_ENV: 'production' })).toThrow(/ROUTER_SECRET/);
    expect(() => loadConfig({ TIKETI_ENV: 'production', ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET })).toThrow(
      ConfigError,
    );
    expect(loadConfig({ TIKETI_ENV: 'production', ROUTER_SECRET: SECRET, REDIS_URL }).router.secret).toBe(
      SECRET,
    );
    // …and a Redis login that is not the router's own (issue 15).
    expect(() => loadConfig({ TIKETI_ENV: 'production', ROUTER_SECRET: SECRET })).toThrow(/REDIS_URL/);
    expect(() =>
      loadConfig({
        TIKETI_ENV: 'production',
        ROUTER_SECRET: SECRET,
        REDIS_URL: 'redis://default:pw@redis:6379',
      }),
    ).toThrow(/REDIS_URL/);
  });
});
