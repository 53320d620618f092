import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { answers } from '../dev/redis.ts';

export type PrivateRedis = Awaited<ReturnType<typeof startPrivateRedis>>;

/**
 * A redis-server of the test's own, so it can be killed without touching the shared one. No persistence: a
 * restart (`kill()`, then `startPrivateRedis(port)`) comes back empty, with every key and in-flight message
 * lost. (bench/support/chaos.ts `privateRedis` is the persistent one.)
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
  const exited = new Promise((resolve) => proc.once('exit', resolve));
  const url = `redis://127.0.0.1:${chosen}`;
  for (let tries = 0; !(await answers(url)); tries++) {
    if (tries > 50) throw new Error('the private redis-server did not answer within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    port: chosen,
    async kill() {
      proc.kill('SIGKILL');
      await exited;
    },
  };
}
