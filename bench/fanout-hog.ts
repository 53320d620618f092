import { type ChildProcess, spawn } from 'node:child_process';
import { cpuMs } from './support/machine.ts';

/** `--hog` on the command line (`npm run bench:fanout -- --hog`) or BENCH_HOG=1. */
export const HOG = process.argv.includes('--hog') || process.env.BENCH_HOG === '1';

export interface Hog {
  /** What the report prints: the hog's pid and the CPU it burnt so far. */
  describe(): string;
  stop(): Promise<void>;
}

/**
 * A CPU hog taking one core away, as on a crowded node (issue 19): a separate process spinning in a tight loop
 * for the whole benchmark. The scheduler shares the cores between it and everything else, so on a 2-core
 * machine the router, the clients and the floor's server compete for about one core.
 */
export function startHog(): Hog {
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return {
    describe() {
      const wall = (performance.now() - started) / 1000;
      const busy = cpuMs(child.pid) / 1000;
      return `pid ${child.pid}: ${busy.toFixed(1)} CPU s in ${wall.toFixed(1)} s (${((100 * busy) / Math.max(wall, 0.001)).toFixed(0)}% of a core)`;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
