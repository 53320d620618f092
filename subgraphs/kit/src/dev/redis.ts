import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

export interface DevRedis {
  url: string;
  stop(): Promise<void>;
}

/** Whether a Redis answers PING at `url` (never retrying, never throwing). */
export async function answers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

/**
 * REDIS_URL if set; else a Redis already on 127.0.0.1:6379; else a private `redis-server` if one is installed;
 * else a one-line instruction (SPEC.md, "Fixed interfaces").
 */
export async function ensureRedis(options: {
  url?: string;
  dataDir: string;
  port: number;
}): Promise<DevRedis> {
  if (options.url) return { url: options.url, stop: async () => {} };
  const local = 'redis://127.0.0.1:6379';
  if (await answers(local)) return { url: local, stop: async () => {} };
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    throw new Error(
      'No Redis found: set REDIS_URL, start Redis on 127.0.0.1:6379, or install redis-server (apt-get install redis-server).',
    );
  }
  mkdirSync(options.dataDir, { recursive: true });
  // Through supervise.ts with parent-watch.ts: the server stops when the launcher is gone, however it ended.
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      fileURLToPath(new URL('./parent-watch.ts', import.meta.url)),
      fileURLToPath(new URL('./supervise.ts', import.meta.url)),
      'redis-server',
      '--port',
      String(options.port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      options.dataDir,
    ],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${options.port}`;
  for (let i = 0; i < 50 && !(await answers(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
