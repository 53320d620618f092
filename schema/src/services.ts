import { existsSync, readFileSync } from 'node:fs';

/** The six subgraphs, their default ports (SPEC.md) and where their SDL lives. */
export const SUBGRAPHS = [
  { name: 'auth', port: 4001 },
  { name: 'catalog', port: 4002 },
  { name: 'seating', port: 4003 },
  { name: 'queue', port: 4004 },
  { name: 'payment', port: 4005 },
  { name: 'stats', port: 4006 },
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

export const repoRoot = new URL('../../', import.meta.url);
export const supergraphPath = new URL('schema/supergraph.graphql', repoRoot);
export const contractPath = new URL('schema/contract.graphql', repoRoot);

export interface SubgraphSdl {
  name: SubgraphName;
  url: string;
  sdl: string;
}

/** Every subgraph that exists in the repository, with its SDL. Missing ones are simply not composed yet. */
export function readSubgraphs(): SubgraphSdl[] {
  return SUBGRAPHS.flatMap(({ name, port }) => {
    const file = new URL(`subgraphs/${name}/schema.graphql`, repoRoot);
    if (!existsSync(file)) return [];
    // The URL is the local default; the router overrides it per environment (<NAME>_SUBGRAPH_URL).
    return [{ name, url: `http://localhost:${port}/graphql`, sdl: readFileSync(file, 'utf8') }];
  });
}
