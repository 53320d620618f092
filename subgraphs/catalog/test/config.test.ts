import { ConfigError, DEV_SECRETS } from '@tiketi/kit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';

const DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/tiketi';

describe('catalog configuration', () => {
  it('defaults to port 4002 and the catalog schema', () => {
    const config = loadConfig({ DATABASE_URL });
    expect(config.http.port).toBe(4002);
    expect(config.postgres.schema).toBe('catalog');
    expect(config.mode).toBe('development');
  });

  it('refuses the development router secret in production and lists every problem', () => {
    expect(() => loadConfig({ TIKETI_ENV: 'production', DATABASE_URL })).toThrow(ConfigError);
    expect(() =>
      loadConfig({ TIKETI_ENV: 'production', DATABASE_URL, ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET }),
    ).toThrow(/ROUTER_SECRET/);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATABASE_URL']);
    }
  });
});
