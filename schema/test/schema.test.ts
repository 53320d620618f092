import { readFileSync } from 'node:fs';
import { buildSchema, findBreakingChanges, printSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, readCommittedSupergraph } from '../src/compose.ts';
import { apiSchemaOf, contractBreaks, contractFor } from '../src/contract.ts';
import { knownOperationsPath, knownOperationsSource } from '../src/operations.ts';
import { contractPath, readSubgraphs } from '../src/services.ts';

describe('supergraph', () => {
  it('composes without errors and the committed schema/supergraph.graphql is up to date (run `npm run compose`)', () => {
    expect(readCommittedSupergraph()).toBe(composeSupergraph());
  });

  it('keeps the public contract for every subgraph that exists', () => {
    const present = readSubgraphs().map((s) => s.name);
    const breaks = contractBreaks(readCommittedSupergraph(), present);
    expect(breaks.map((b) => `${b.type}: ${b.description}`)).toEqual([]);
  });

  it('the contract check can fail: a contract field missing from the API is reported', () => {
    const present = readSubgraphs().map((s) => s.name);
    const api = printSchema(apiSchemaOf(readCommittedSupergraph()));
    const withoutEmail = buildSchema(api.replace(/(type User[^}]*?)\n\s*email: String!/, '$1'));
    expect(findBreakingChanges(contractFor(present), withoutEmail)).toContainEqual(
      expect.objectContaining({ type: 'FIELD_REMOVED', description: 'User.email was removed.' }),
    );
  });

  it('the contract file in schema/ is the shared public contract', () => {
    const shared = new URL('../../../shared/contract.graphql', import.meta.url);
    let original: string | undefined;
    try {
      original = readFileSync(shared, 'utf8');
    } catch {
      return; // outside the development machine the shared folder is absent; the copy is authoritative
    }
    expect(readFileSync(contractPath, 'utf8')).toBe(original);
  });
});

describe('known operations', () => {
  it("the metrics label list is the apps' operations (run `npm run codegen`)", () => {
    expect(readFileSync(knownOperationsPath, 'utf8')).toBe(knownOperationsSource());
  });
});
