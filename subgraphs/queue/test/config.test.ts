import { ConfigError, DEV_SECRETS } from '@tiketi/kit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';

// Production logs in as the service's own Postgres role and Redis user (issue 15).
const DATABASE_URL = 'postgres://tiketi_queue:pw@127.0.0.1:5432/tiketi';
const REDIS_URL = 'redis://tiketi-queue:pw@127.0.0.1:6379';

describe('queue configuration', () => {
  it('defaults to port 4004, the queue schema, 600 s passes, 120 s idle slots and capacity 1,000', () => {
    const config = loadConfig({ DATABASE_URL, REDIS_URL });
    expect(config.http.port).toBe(4004);
    expect(config.postgres.schema).toBe('queue');
    expect(config.passes).toEqual({ secret: DEV_SECRETS.QUEUE_PASS_SECRET, ttlSeconds: 600 });
    expect(config.line).toEqual({ idleSeconds: 120, defaultCapacity: 1_000, admissionTickMs: 200 });
    expect(config.updateIntervalMs).toBe(1_000);
    // Proof of work: on outside test mode, at the development difficulty.
    expect(config.proofOfWork).toMatchObject({
      enabled: true,
      difficulty: 400,
      cost: 1_000,
      ttlSeconds: 600,
    });
    expect(loadConfig({ DATABASE_URL, REDIS_URL, TIKETI_ENV: 'test' }).proofOfWork.enabled).toBe(false);
  });

  it('refuses the development pass secret in production, listing every problem', () => {
    const prod = { TIKETI_ENV: 'production', DATABASE_URL, REDIS_URL, ROUTER_SECRET: 'r'.repeat(40) };
    try {
      loadConfig({ ...prod, ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as ConfigError).problems.map((p) => p.split(':')[0])).toEqual([
        'ROUTER_SECRET',
        'QUEUE_PASS_SECRET',
        'POW_SECRET',
      ]);
    }
    const config = loadConfig({ ...prod, QUEUE_PASS_SECRET: 'q'.repeat(40), POW_SECRET: 'p'.repeat(40) });
    expect(config.passes.secret).toBe('q'.repeat(40));
    expect(config.proofOfWork).toMatchObject({ enabled: true, secret: 'p'.repeat(40), difficulty: 2_000 });
    expect(() => loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_PASS_SECRET: 'short' })).toThrow(
      /QUEUE_PASS_SECRET/,
    );
    expect(() => loadConfig({ DATABASE_URL, REDIS_URL, QUEUE_IDLE_SECONDS: '0' })).toThrow(
      /QUEUE_IDLE_SECONDS/,
    );
  });
});
