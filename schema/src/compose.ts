import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { readSubgraphs, type SubgraphSdl, supergraphPath } from './services.ts';

export class CompositionError extends Error {}

/** Composes the subgraphs' SDL into the supergraph SDL the router runs on. */
export function composeSupergraph(subgraphs: SubgraphSdl[] = readSubgraphs()): string {
  const result = composeServices(
    subgraphs.map(({ name, url, sdl }) => ({ name, url, typeDefs: parse(sdl) })),
  );
  if (result.errors) {
    throw new CompositionError(
      `Composition failed:\n${result.errors.map((e) => `  - ${e.extensions?.code ?? ''} ${e.message}`).join('\n')}`,
    );
  }
  return result.supergraphSdl;
}

export function readCommittedSupergraph(): string {
  return readFileSync(supergraphPath, 'utf8');
}

// `npm run compose`: write schema/supergraph.graphql (committed; a test fails when it is stale).
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const sdl = composeSupergraph();
    writeFileSync(supergraphPath, sdl);
    console.log(
      `wrote ${supergraphPath.pathname} (${readSubgraphs()
        .map((s) => s.name)
        .join(', ')})`,
    );
  } catch (err) {
    console.error((err as Error).message);
    process.exit(1);
  }
}
