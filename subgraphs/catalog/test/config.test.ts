import { ConfigError, DEV_SECRETS } from '@tiketi/kit';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/index.ts';

// Production logs in as the service's own Postgres role and Redis user (issue 15).
const DATABASE_URL = 'postgres://tiketi_catalog:pw@127.0.0.1:5432/tiketi';
const REDIS_URL = 'redis://tiketi-catalog:pw@127.0.0.1:6379';

describe('catalog configuration', () => {
  it('defaults to port 4002 and the catalog schema', () => {
    const config = loadConfig({ DATABASE_URL, REDIS_URL });
    expect(config.http.port).toBe(4002);
    expect(config.postgres.schema).toBe('catalog');
    expect(config.mode).toBe('development');
  });

  it('refuses the development router secret in production and lists every problem', () => {
    expect(() => loadConfig({ TIKETI_ENV: 'production', DATABASE_URL, REDIS_URL })).toThrow(ConfigError);
    expect(() =>
      loadConfig({
        TIKETI_ENV: 'production',
        DATABASE_URL,
        REDIS_URL,
        ROUTER_SECRET: DEV_SECRETS.ROUTER_SECRET,
      }),
    ).toThrow(/ROUTER_SECRET/);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (err) {
      expect((err as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['PORT', 'DATABASE_URL']);
    }
  });

  it('keeps posters on local disk outside production, and needs a bucket in production', () => {
    expect(loadConfig({ DATABASE_URL, REDIS_URL }).media).toEqual({ store: 'local' });
    const secret = 'a-production-router-secret-0123456789abcdef';
    expect(() =>
      loadConfig({ TIKETI_ENV: 'production', DATABASE_URL, REDIS_URL, ROUTER_SECRET: secret }),
    ).toThrow(/S3_BUCKET/);
    const aws = loadConfig({
      TIKETI_ENV: 'production',
      DATABASE_URL,
      REDIS_URL,
      ROUTER_SECRET: secret,
      S3_BUCKET: 'tiketi-media',
    });
    expect(aws.media).toEqual({
      store: 's3',
      bucket: 'tiketi-media',
      region: 'ap-northeast-2',
      endpoint: null,
      forcePathStyle: false,
      credentials: null,
      publicUrl: 'https://tiketi-media.s3.ap-northeast-2.amazonaws.com',
    });
    const minio = loadConfig({
      DATABASE_URL,
      REDIS_URL,
      S3_BUCKET: 'posters',
      S3_ENDPOINT: 'http://minio:9000/',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    }).media;
    expect(minio).toMatchObject({ endpoint: 'http://minio:9000', publicUrl: 'http://minio:9000/posters' });
    expect(() =>
      loadConfig({ DATABASE_URL, REDIS_URL, S3_BUCKET: 'posters', S3_ACCESS_KEY_ID: 'key' }),
    ).toThrow(/S3_ACCESS_KEY_ID \/ S3_SECRET_ACCESS_KEY/);
  });
});
