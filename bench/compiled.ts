/**
 * `npm run bench:compiled`: each Node service started as the image starts it (`node --import
 * ./dist/telemetry.js dist/main.js`, the output of `npm run build`) against the same service under tsx
 * (`node --import tsx --import @tiketi/kit/telemetry/register src/main.ts`, what the images ran before issue
 * 15): time from spawn to the first 200 on `/ready`, and resident memory (VmRSS) after 5 s idle.
 *
 * tsx is measured with an empty compile cache (a fresh TMPDIR per start: a new pod, whose /tmp is an empty
 * emptyDir) and with a warm one (a developer's second start). Every service runs in test mode on a fresh
 * database (migrated once before the timed starts) with NODE_ENV=production, telemetry registered, no exporter.
 *
 * Options: BENCH_SERVICES (comma list, default all), BENCH_RUNS (starts per variant, default 3).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServices, serviceDirs } from '../subgraphs/kit/src/dev/build.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { freePort, numberEnv, sleep } from './support/machine.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const RUNS = numberEnv('BENCH_RUNS', 3);
const IDLE_MS = 5_000;
const wanted = (process.env.BENCH_SERVICES ?? '').split(',').filter(Boolean);
const dirs = serviceDirs().filter((d) => !wanted.length || wanted.includes(d.split('/').at(-1)!));

type Variant = 'compiled' | 'tsx cold' | 'tsx warm';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function startOnce(
  dir: string,
  variant: Variant,
  env: Record<string, string>,
  out: string,
  idle: boolean,
): Promise<{ readyMs: number; rss?: number }> {
  const port = await freePort();
  const compiled = variant === 'compiled';
  const args = compiled
    ? ['--import', './dist/telemetry.js', 'dist/main.js']
    : ['--import', 'tsx', '--import', '@tiketi/kit/telemetry/register', 'src/main.ts'];
  const tmp = variant === 'tsx cold' ? mkdtempSync(join(tmpdir(), 'tiketi-tsx-')) : tmpdir();
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: compiled ? join(out, dir) : join(root, dir),
    env: { ...process.env, ...env, PORT: String(port), TMPDIR: tmp },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  try {
    let readyMs = 0;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${dir} (${variant}) exited with ${child.exitCode}:\n${stderr}`);
      try {
        if ((await fetch(`http://127.0.0.1:${port}/ready`)).ok) {
          readyMs = performance.now() - started;
          break;
        }
      } catch {}
      if (performance.now() - started > 60_000) throw new Error(`${dir} (${variant}) not ready in 60 s`);
      await sleep(20);
    }
    if (!idle) return { readyMs };
    await sleep(IDLE_MS);
    return { readyMs, rss: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
    if (variant === 'tsx cold') rmSync(tmp, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const out = mkdtempSync(join(tmpdir(), 'tiketi-bench-build-'));
  const infra = await createTestInfra();
  try {
    const t0 = performance.now();
    await buildServices({ outDir: out, services: dirs });
    const buildMs = performance.now() - t0;
    symlinkSync(join(root, 'node_modules'), join(out, 'node_modules'));
    const env = {
      ...infra.env(),
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      OTEL_SERVICE_NAME: 'bench',
      // The router loads the committed supergraph; nothing calls the subgraphs here.
      TOSS_API_URL: 'http://127.0.0.1:9',
    };
    const rows: string[] = [];
    for (const dir of dirs) {
      // Migrations once, outside the timing.
      await startOnce(dir, 'compiled', env, out, false);
      const figures: Record<Variant, { ready: number[]; rss: number }> = {
        compiled: { ready: [], rss: 0 },
        'tsx cold': { ready: [], rss: 0 },
        'tsx warm': { ready: [], rss: 0 },
      };
      // Warm tsx's cache in the shared TMPDIR first.
      await startOnce(dir, 'tsx warm', env, out, false);
      for (let run = 0; run < RUNS; run++) {
        for (const variant of Object.keys(figures) as Variant[]) {
          const last = run === RUNS - 1;
          const r = await startOnce(dir, variant, env, out, last);
          figures[variant].ready.push(r.readyMs);
          if (r.rss) figures[variant].rss = r.rss;
        }
      }
      const cell = (v: Variant) =>
        `${Math.round(median(figures[v].ready))} ms | ${figures[v].rss.toFixed(0)} MB`;
      const row = `| ${dir} | ${cell('compiled')} | ${cell('tsx cold')} | ${cell('tsx warm')} |`;
      process.stdout.write(`${row}\n`);
      rows.push(row);
    }
    process.stdout.write(
      [
        '',
        `build: ${dirs.length} services in ${Math.round(buildMs)} ms; ${RUNS} starts per variant, medians; RSS after ${IDLE_MS / 1000} s idle`,
        '| service | compiled: ready | RSS | tsx, cold cache: ready | RSS | tsx, warm cache: ready | RSS |',
        '|---|---|---|---|---|---|---|',
        ...rows,
        '',
      ].join('\n'),
    );
  } finally {
    await infra.dispose();
    rmSync(out, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench:compiled failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
