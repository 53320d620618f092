/**
 * What every benchmark needs of the machine: ports, starting and waiting for services, and CPU time read from
 * Linux /proc (USER_HZ is 100), per process and for the whole machine, so each bench can say where the CPU of
 * its figure went and how much other work took.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export const numberEnv = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = createServer().listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Polls a readiness URL for up to a minute. */
export async function waitReady(url: string) {
  for (let i = 0; i < 240; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await sleep(250);
  }
  throw new Error(`${url} never became ready`);
}

/** CPU time (user + system) a process has used, in ms; 0 once it has gone (a Postgres backend its pool closed). */
export function cpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

/** The whole machine's busy and total CPU time (ms): what other work took is busy minus ours. */
export function machineCpu(): { busy: number; total: number } {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = line
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = user + nice + system + idle + iowait + irq + softirq + steal;
  return { busy: ((total - idle - iowait) * 1000) / 100, total: (total * 1000) / 100 };
}

export const machineBusyMs = () => machineCpu().busy;

/** Processes whose command line starts with `prefix` and contains `part` (Postgres backends, redis-server). */
export function pidsOf(prefix: string, part: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.startsWith(prefix) && cmd.includes(part)) pids.push(Number(entry));
    } catch {}
  }
  return pids;
}

/** The Postgres backends serving `database` (their process titles name it). */
export const postgresBackends = (database: string) => pidsOf('postgres:', ` ${database} `);

/** The p-th percentile (nearest rank) of `values`; 0 for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** `n` rounded to `digits` decimals for a table (non-finite values as they are). */
export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? Number(n.toFixed(digits)) : n);

/**
 * CPU per process group, sampled every `intervalMs`: a process that is killed keeps what it used until its last
 * sample, and its successor adds its own (runs that restart services, Postgres and Redis). `peak(group)`: the
 * most CPU the group used in any second, in cores.
 */
export function cpuSampler(groups: () => Record<string, number[]>, intervalMs = 1_000) {
  const seen = new Map<string, Map<number, number>>();
  /**
   * What a process had used when first seen after the start (a process started again): its start-up happened
   * between two samples at the earliest, so peaks leave it out rather than put it all in one interval.
   */
  const firstSeen = new Map<number, number>();
  let started = false;
  const history: { at: number; totals: Map<string, number> }[] = [];
  const sample = () => {
    for (const [name, pids] of Object.entries(groups())) {
      const group = seen.get(name) ?? new Map<number, number>();
      seen.set(name, group);
      for (const pid of pids) {
        const ms = cpuMs(pid);
        if (ms <= 0) continue;
        if (started && !group.has(pid)) firstSeen.set(pid, ms);
        group.set(pid, ms);
      }
    }
    history.push({
      at: performance.now(),
      totals: new Map(
        [...seen].map(([name, g]) => [
          name,
          [...g].reduce((sum, [pid, ms]) => sum + ms - (firstSeen.get(pid) ?? 0), 0),
        ]),
      ),
    });
  };
  sample();
  started = true;
  const before = new Map([...seen].map(([name, g]) => [name, new Map(g)]));
  const timer = setInterval(sample, intervalMs);
  return {
    /** CPU ms per group since the sampler started. */
    stop(): Record<string, number> {
      clearInterval(timer);
      sample();
      return Object.fromEntries(
        [...seen].map(([name, g]) => [
          name,
          [...g].reduce((sum, [pid, ms]) => sum + ms - (before.get(name)?.get(pid) ?? 0), 0),
        ]),
      );
    },
    /** The most CPU `group` used in any one second so far, in cores. */
    peak(group: string): number {
      let best = 0;
      for (let i = 0, j = 0; i < history.length; i++) {
        while (history[i]!.at - history[j]!.at > 1_000) j++;
        const span = history[i]!.at - history[j]!.at;
        if (span >= 500) {
          const used = (history[i]!.totals.get(group) ?? 0) - (history[j]!.totals.get(group) ?? 0);
          best = Math.max(best, used / span);
        }
      }
      return best;
    },
  };
}
