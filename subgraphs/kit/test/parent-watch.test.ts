import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * `npm start`'s children stop when the launcher is gone (dev/parent-watch.ts), a program that is not Node
 * through dev/supervise.ts. Here a stand-in launcher starts a supervised `sleep` the way the launcher starts the
 * private redis-server, in its own process group as the launcher's services are, and is killed with SIGKILL.
 */
const dev = (file: string) => fileURLToPath(new URL(`../src/dev/${file}`, import.meta.url));

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

async function until(what: string, check: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('parent-watch', () => {
  it('a supervised program stops when the process that started it is killed with SIGKILL', async () => {
    const launcher = spawn(
      process.execPath,
      [
        '-e',
        `const c = require('node:child_process').spawn(process.execPath,
           ['--import', 'tsx', '--import', ${JSON.stringify(dev('parent-watch.ts'))}, ${JSON.stringify(dev('supervise.ts'))}, 'sleep', '600'],
           { stdio: 'ignore', detached: true });
         console.log(c.pid);
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const wrapper = await new Promise<number>((resolve) =>
      launcher.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
    );
    // The supervisor's child exists from fork, but it is `sleep` only once it has exec'd: wait for that.
    let program = 0;
    let command: string[] = [];
    await until('the supervised sleep', () => {
      program = childrenOf(wrapper)[0] ?? 0;
      if (program === 0) return false;
      try {
        command = readFileSync(`/proc/${program}/cmdline`, 'utf8').split('\u0000');
      } catch {
        return false;
      }
      return command[0] === 'sleep';
    });
    expect(command).toEqual(['sleep', '600', '']);

    launcher.kill('SIGKILL');
    await until('the supervisor and its program to stop', () => !alive(wrapper) && !alive(program));
    expect([alive(wrapper), alive(program)]).toEqual([false, false]);
  });
});
