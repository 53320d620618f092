/**
 * `npm run build [-- [--out <dir>] [service…]]`: the production build of the Node services. Each service
 * (every subgraph with `src/main.ts`, and the router) is bundled by esbuild with the workspace code it uses
 * (the kit included) into `<service>/dist/`; third-party packages stay imports, resolved from the
 * `node_modules` that `npm ci --omit=dev` installs. Source maps are written as files next to the bundles.
 *
 * `dist/main.js`        the service (`node --import ./dist/telemetry.js dist/main.js`)
 * `dist/telemetry.js`   the kit's OpenTelemetry register file, loaded before the service with `--import`
 * `dist/migrate.js`     a subgraph's migrations (the Kubernetes migration Job runs `node dist/migrate.js`)
 * `dist/toss-emulator.js` (payment only) the local Toss Payments emulator
 *
 * With `--out <dir>` the runnable tree goes to `<dir>` instead of the workspaces: `<dir>/<service>/dist/`,
 * the service's `package.json` (ESM) and `schema.graphql`, and for the router `<dir>/schema/supergraph.graphql`
 * and the apps' `src/__generated__/persisted-documents.json` (trusted documents) when present. The bundles read those files relative to themselves (`dist/` sits where `src/` does), so one
 * layout works from sources, from the workspaces and from an image.
 *
 * A bare import must be a production dependency of the workspace whose file imports it: devDependencies
 * are not installed in the images, so the build refuses what would fail there at run time.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export interface BuiltService {
  /** Workspace folder, e.g. `router` or `subgraphs/seating`. */
  dir: string;
  /** Bundles written, relative to the output root. */
  files: string[];
}

export interface BuildOptionsInput {
  /**
   * Where the runnable tree goes; the workspaces themselves when unset.
   * @default the repository root
   */
  outDir?: string;
  /**
   * Services to build by name (`router`, `auth`, …) or folder (`subgraphs/auth`).
   * @default every service
   */
  services?: string[];
}

/** Every Node service: the router and each subgraph with an entry point. */
export function serviceDirs(): string[] {
  const subgraphs = ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats']
    .map((name) => `subgraphs/${name}`)
    .filter((dir) => existsSync(join(root, dir, 'src/main.ts')));
  return [...subgraphs, 'router'];
}

const BUILTINS = new Set(builtinModules);

interface Manifest {
  name?: string;
  dependencies?: Record<string, string>;
}
const manifests = new Map<string, { dir: string; manifest: Manifest }>();
/** The nearest package.json above a file, read once. */
function owningPackage(file: string): { dir: string; manifest: Manifest } {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const cached = manifests.get(dir);
    if (cached) return cached;
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const found = { dir, manifest: JSON.parse(readFileSync(path, 'utf8')) as Manifest };
      manifests.set(dir, found);
      return found;
    }
  }
  throw new Error(`no package.json above ${file}`);
}

const packageName = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * Workspace packages (`@tiketi/*`) are bundled; every other bare import stays an import and must be a
 * production dependency of the workspace that imports it.
 */
export const productionDependencies: Plugin = {
  name: 'production-dependencies',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || BUILTINS.has(args.path)) return { external: true };
      const name = packageName(args.path);
      if (name.startsWith('@tiketi/')) return undefined;
      // An entry given as stdin (the migrate entries, tests) has no file: its resolveDir stands in.
      const owner = owningPackage(isAbsolute(args.importer) ? args.importer : join(args.resolveDir, 'stdin'));
      if (!owner.manifest.dependencies?.[name]) {
        return {
          errors: [
            {
              text: `${relative(root, args.importer)} imports '${name}', which is not in the dependencies of ${owner.manifest.name ?? relative(root, owner.dir)} (devDependencies are not installed in the images)`,
            },
          ],
        };
      }
      return { external: true };
    });
  },
};

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  // The images run Node 24; development and CI here still run 20.19.
  target: 'node20.19',
  // Files, not inline: the bundles stay small to load; `node --enable-source-maps` or a debugger reads them.
  sourcemap: 'linked',
  // Readable stack traces and class names in logs without source maps.
  minify: false,
  keepNames: true,
  logLevel: 'warning',
  plugins: [productionDependencies],
};

export async function buildServices(options: BuildOptionsInput = {}): Promise<BuiltService[]> {
  const outRoot = options.outDir ?? root;
  const all = serviceDirs();
  const wanted = options.services?.length
    ? options.services.map((s) => {
        const dir = all.find((d) => d === s || d === `subgraphs/${s}`);
        if (!dir) throw new Error(`unknown service '${s}' (one of ${all.join(', ')})`);
        return dir;
      })
    : all;

  return Promise.all(
    wanted.map(async (dir) => {
      const src = join(root, dir);
      const dist = join(outRoot, dir, 'dist');
      rmSync(dist, { recursive: true, force: true });
      const entryPoints: Record<string, string> = {
        main: join(src, 'src/main.ts'),
        telemetry: join(root, 'subgraphs/kit/src/telemetry/register.ts'),
      };
      if (existsSync(join(src, 'src/toss-emulator/main.ts')))
        entryPoints['toss-emulator'] = join(src, 'src/toss-emulator/main.ts');
      await build({ ...common, entryPoints, outdir: dist });

      const files = Object.keys(entryPoints).map((name) => `${dir}/dist/${name}.js`);
      const migrations = join(src, 'src/migrations/index.ts');
      if (existsSync(migrations)) {
        const name = dir.split('/').at(-1)!;
        await build({
          ...common,
          stdin: {
            // The migrate CLI with this service's migrations imported statically, so nothing is looked up
            // by name at run time.
            contents: [
              `import { runMigrations } from ${JSON.stringify(pathToFileURL(join(root, 'subgraphs/kit/src/migrate.ts')).pathname)};`,
              `import { migrations } from ${JSON.stringify(pathToFileURL(migrations).pathname)};`,
              `await runMigrations(${JSON.stringify(name)}, migrations);`,
            ].join('\n'),
            resolveDir: src,
            sourcefile: `${dir}/migrate.ts`,
            loader: 'ts',
          },
          outfile: join(dist, 'migrate.js'),
        });
        files.push(`${dir}/dist/migrate.js`);
      }

      if (outRoot !== root) {
        // What the bundles read next to themselves: ESM marker, SDL, and the router's supergraph.
        for (const file of ['package.json', 'schema.graphql']) {
          if (existsSync(join(src, file))) copyFileSync(join(src, file), join(outRoot, dir, file));
        }
        if (dir === 'router') {
          // The supergraph, and the apps' trusted documents when they exist (the router reads both from
          // the paths they have in the repository).
          for (const file of [
            'schema/supergraph.graphql',
            'web/src/__generated__/persisted-documents.json',
            'admin/src/__generated__/persisted-documents.json',
          ]) {
            if (!existsSync(join(root, file))) continue;
            mkdirSync(dirname(join(outRoot, file)), { recursive: true });
            copyFileSync(join(root, file), join(outRoot, file));
          }
        }
      }
      return { dir, files };
    }),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const outAt = args.indexOf('--out');
  const outDir = outAt >= 0 ? args[outAt + 1] : undefined;
  if (outAt >= 0 && !outDir) {
    process.stderr.write('usage: npm run build -- [--out <dir>] [service…]\n');
    process.exit(2);
  }
  const services = args.filter((_, i) => i !== outAt && i !== outAt + 1);
  const started = performance.now();
  buildServices({ ...(outDir ? { outDir } : {}), services }).then(
    (built) => {
      const ms = Math.round(performance.now() - started);
      for (const s of built) process.stdout.write(`built ${s.files.join(', ')}\n`);
      process.stdout.write(`${built.length} services in ${ms} ms\n`);
    },
    (err: Error) => {
      // esbuild has already printed each error with its location.
      process.stderr.write(`build failed: ${err.message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
