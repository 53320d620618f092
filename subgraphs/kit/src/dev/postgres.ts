import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface DevPostgres {
  url: string;
  stop(): Promise<void>;
}

/**
 * With DATABASE_URL set, use it. Otherwise run a real embedded Postgres (in a process of its own, see
 * embedded-postgres-main.ts) whose data lives in `dataDir` across restarts, on its own port so it never
 * collides with a system Postgres on 5432.
 */
export async function ensurePostgres(options: {
  url?: string;
  dataDir: string;
  port: number;
}): Promise<DevPostgres> {
  if (options.url) return { url: options.url, stop: async () => {} };
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      // Stops the cluster when the launcher is gone (killed without its ordered shutdown).
      '--import',
      fileURLToPath(new URL('./parent-watch.ts', import.meta.url)),
      fileURLToPath(new URL('./embedded-postgres-main.ts', import.meta.url)),
      options.dataDir,
      String(options.port),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'], detached: true },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('ready ')) resolve(line.slice('ready '.length));
    });
    void exited.then(() => reject(new Error('embedded Postgres exited before it was ready')));
  });
  return {
    url,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
