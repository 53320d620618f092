import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { productionDependencies } from '../../subgraphs/kit/src/dev/build.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The third-party packages a bundle of `entry` imports (workspace code, the kit included, is followed). */
async function packagesLoadedBy(entry: string): Promise<Set<string>> {
  const { metafile } = await build({
    entryPoints: [`${root}${entry}`],
    bundle: true,
    platform: 'node',
    format: 'esm',
    write: false,
    metafile: true,
    logLevel: 'silent',
    plugins: [productionDependencies],
  });
  const packages = new Set<string>();
  for (const input of Object.values(metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:')) continue;
      const parts = imported.path.split('/');
      packages.add(parts.slice(0, imported.path.startsWith('@') ? 2 : 1).join('/'));
    }
  }
  return packages;
}

describe('kit entry points (issue 15)', () => {
  it('the router loads the kit concern by concern: no ORM, no subgraph library, nothing only subgraphs use', async () => {
    const loaded = await packagesLoadedBy('router/src/main.ts');
    // What the router does use, so the walk is known to reach through the kit.
    expect(loaded).toContain('@apollo/gateway');
    expect(loaded).toContain('jsonwebtoken'); // kit identity.ts
    expect(loaded).toContain('pino'); // kit logger.ts
    for (const subgraphOnly of [
      '@mikro-orm/core',
      '@mikro-orm/postgresql',
      '@mikro-orm/migrations',
      '@apollo/subgraph',
      'dataloader',
      'altcha-lib',
    ]) {
      expect(loaded, subgraphOnly).not.toContain(subgraphOnly);
    }
  });

  it('a subgraph that imports the whole kit does load them (the check above can fail)', async () => {
    const loaded = await packagesLoadedBy('subgraphs/stats/src/main.ts');
    expect(loaded).toContain('@mikro-orm/postgresql');
    expect(loaded).toContain('@apollo/subgraph');
  });
});
