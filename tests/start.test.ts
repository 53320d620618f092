import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { gql, startOtlpReceiver } from '../subgraphs/kit/src/testing/index.ts';

/**
 * The README's first command, as a user runs it: `npm start` with no DATABASE_URL (embedded Postgres in a
 * fresh data folder) brings up every subgraph, the router and both apps, serves the seed through the router, exports
 * traces that cross services, and Ctrl-C stops everything.
 */
const root = new URL('..', import.meta.url).pathname;

const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = createServer().listen(0, () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

async function until<T>(
  what: string,
  fn: () => T | undefined | Promise<T | undefined>,
  ms = 60_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('npm start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'tiketi-start-'));
  // As root, the embedded Postgres runs as `postgres`, which must be able to reach its data folder.
  chmodSync(dataDir, 0o755);
  const prefix = `tiketi-test:start-${process.pid}-${Date.now()}:`;
  let child: ChildProcess | undefined;
  let output = '';

  afterAll(async () => {
    // After a failure: Ctrl-C the launcher's process group, as a terminal would, for its ordered shutdown;
    // SIGKILL if that hangs (its services then stop by themselves once it is gone, parent-watch.ts).
    if (child?.pid && child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGINT');
      await until('the launcher to stop', () => child?.exitCode != null, 20_000).catch(() => {
        if (child?.pid) process.kill(-child.pid, 'SIGKILL');
      });
    }
    rmSync(dataDir, { recursive: true, force: true });
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  /** `npm start`'s process (the launcher), in its own process group so afterAll can stop all it started. */
  function launch(env: Record<string, string>) {
    const { DATABASE_URL: _d, REDIS_URL: _r, ...inherited } = process.env;
    output = '';
    child = spawn(process.execPath, ['--import', 'tsx', 'subgraphs/kit/src/dev/start.ts'], {
      cwd: root,
      env: {
        ...inherited,
        TIKETI_DATA_DIR: dataDir,
        REDIS_PREFIX: prefix,
        LOG_LEVEL: 'warn',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    return child;
  }
  async function running() {
    await until(
      'TIKETI is running',
      () => output.includes('TIKETI is running') || child?.exitCode != null,
      150_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}; its output ended with:\n${output.slice(-3000)}`);
    });
    expect(child?.exitCode, output).toBeNull();
  }
  const PORTS = [3000, 3001, 4000, 4001, 4002, 4003, 4004, 4005, 4006, 4010];

  it('refuses to start on a port already in use, in one line naming the port and the process holding it', async () => {
    // The test's own process holds catalog's port.
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(4002, '127.0.0.1', resolve));
    try {
      const launcher = launch({ DEV_POSTGRES_PORT: String(await freePort()) });
      const code = await until('the launcher to give up', () =>
        launcher.exitCode != null ? { code: launcher.exitCode } : undefined,
      );
      expect(code.code).toBe(1);
      const lines = output.trim().split('\n');
      expect(lines, output).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(
          `^npm start: port 4002 \\(catalog subgraph\\) is in use by pid ${process.pid} \\(.*node.*\\);`,
        ),
      );
      // Nothing was started.
      for (const port of PORTS.filter((p) => p !== 4002))
        expect(await listening(port), String(port)).toBe(false);
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });

  it('starts everything on embedded Postgres, answers through the router, traces across services, stops on Ctrl-C', async () => {
    const otlp = await startOtlpReceiver();
    const pgPort = await freePort();
    child = launch({
      DEV_POSTGRES_PORT: String(pgPort),
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '200',
      // Half the requests that start a trace are traced, as decided where each comes in (kit telemetry/sampling.ts).
      OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
      OTEL_TRACES_SAMPLER_ARG: '0.5',
    });
    await running();

    // A caller that samples its trace: traced through every service, whatever the ratio.
    const sampledTrace = randomBytes(16).toString('hex');
    const res = await gql<{
      events: { edges: { node: { title: string; venue: { name: string }; artists: { name: string }[] } }[] };
    }>(
      'http://127.0.0.1:4000/graphql',
      '{ events(first: 5) { edges { node { title venue { name } artists { name } } } } }',
      {},
      { traceparent: `00-${sampledTrace}-${randomBytes(8).toString('hex')}-01` },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data!.events.edges.map((e) => e.node);
    expect(nodes).toHaveLength(5);
    for (const node of nodes) {
      expect(node.title.length).toBeGreaterThan(0);
      expect(node.venue.name.length).toBeGreaterThan(0);
    }
    expect(nodes.some((n) => n.artists.length > 0)).toBe(true);

    // The two apps, and the development admin reading the sales dashboard's data from stats.
    for (const [port, title] of [
      [3000, '<title>TIKETI</title>'],
      [3001, '<title>TIKETI 관리자</title>'],
    ] as const) {
      const page = await fetch(`http://127.0.0.1:${port}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain(title);
    }
    const login = await gql<{ logIn: { accessToken: string } }>(
      'http://127.0.0.1:4000/graphql',
      'mutation { logIn(input: { email: "admin@tiketi.gg", password: "admin123" }) { accessToken } }',
    );
    expect(login.errors).toBeUndefined();
    const stats = await gql<{ salesStats: { days: unknown[] } }>(
      'http://127.0.0.1:4000/graphql',
      '{ salesStats(from: "2026-01-01", to: "2026-01-07") { days { date } totals { totalUsers } } }',
      {},
      { authorization: `Bearer ${login.data!.logIn.accessToken}` },
    );
    expect(stats.errors).toBeUndefined();
    expect(stats.data!.salesStats.days).toHaveLength(7);

    // A caller that does not sample its trace, and requests that start one.
    const unsampledTrace = randomBytes(16).toString('hex');
    const read = (headers: Record<string, string> = {}) =>
      gql('http://127.0.0.1:4000/graphql', '{ events(first: 1) { edges { node { id } } } }', {}, headers);
    expect(
      (await read({ traceparent: `00-${unsampledTrace}-${randomBytes(8).toString('hex')}-00` })).errors,
    ).toBeUndefined();
    for (let i = 0; i < 20; i++) expect((await read()).errors).toBeUndefined();

    const traces = () => {
      const byTrace = new Map<string, string[]>();
      for (const s of otlp.spans)
        byTrace.set(s.traceId, [...(byTrace.get(s.traceId) ?? []), `${s.service} ${s.name}`]);
      return byTrace;
    };
    // The sampled caller's trace holds the router's call to catalog and catalog's work on it: context crossed
    // the process boundary.
    const names = await until(
      'the sampled trace spanning router and catalog',
      () => {
        const spans = traces().get(sampledTrace);
        return spans?.includes('router gateway.fetch') &&
          spans.some((n) => n.startsWith('catalog query')) &&
          spans.some((n) => n.startsWith('catalog pg.query'))
          ? spans
          : undefined;
      },
      30_000,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const all = traces();
    // The unsampled caller's trace is nowhere, router or catalog.
    expect(all.get(unsampledTrace)).toBeUndefined();
    // The requests that started a trace: some traced, not all (0.5 of 20 and a few more); catalog traced its part
    // only of those the router traced — the router tells it the others are not (an unsampled traceparent), else
    // catalog would draw for them itself.
    const routed = [...all].filter(
      ([id, spans]) => id !== sampledTrace && spans.includes('router gateway.fetch'),
    );
    expect(routed.length).toBeGreaterThan(0);
    expect(routed.length).toBeLessThan(21);
    for (const [id, spans] of all)
      if (spans.some((n) => n.startsWith('catalog query')))
        expect(spans, id).toContain('router gateway.fetch');
    // Its spans are the work, not the plumbing: no span per Express middleware, no resolver spans, no knex
    // span around each SQL statement's pg span, no spans for readiness probes.
    expect(names.filter((n) => /middleware/.test(n))).toEqual([]);
    expect(names.filter((n) => /graphql\.resolve|knex|raw /.test(n))).toEqual([]);
    expect(otlp.spans.filter((s) => /\/(health|ready|metrics)\b/.test(s.name))).toEqual([]);

    child.kill('SIGINT');
    const code = await until(
      'exit',
      () => (child?.exitCode != null ? { code: child.exitCode } : undefined),
      45_000,
    );
    expect(code.code).toBe(0);
    for (const port of [...PORTS, pgPort]) expect(await listening(port)).toBe(false);
    await otlp.close();

    // kill -9 of the launcher (no ordered shutdown): every service notices its parent is gone and stops.
    const launcher = launch({ DEV_POSTGRES_PORT: String(pgPort) });
    await running();
    process.kill(launcher.pid!, 'SIGKILL');
    const left = await until(
      'every service to stop after the launcher was killed',
      async () => {
        const open = [];
        for (const port of [...PORTS, pgPort]) if (await listening(port)) open.push(port);
        return open.length === 0 ? ['none'] : undefined;
      },
      40_000,
    );
    expect(left).toEqual(['none']);
  }, 420_000);
});
