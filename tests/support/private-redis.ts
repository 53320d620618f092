import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { answers } from '../../subgraphs/kit/src/dev/redis.ts';
import { until } from './live.ts';

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;

/**
 * A redis-server of the test's own, so it can be killed without touching the shared one. No persistence: a
 * restart (`kill()`, then `startPrivateRedis(port)`) comes back empty, with the seat history and every in-flight
 * message lost, as the chaos tests want. (bench/support/chaos.ts `privateRedis` is the persistent one.)
 */
export async function startPrivateRedis(port?: number) {
  const chosen =
    port ??
    (await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    }));
  const proc: ChildProcess = spawn(
    'redis-server',
    ['--port', String(chosen), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${chosen}`;
  await until(() => answers(url), 5_000, 'redis-server');
  return {
    url,
    port: chosen,
    async kill() {
      const exited = new Promise((resolve) => proc.once('exit', resolve));
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
