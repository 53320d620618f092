import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema, getNamedType, isObjectType, parse, TypeInfo, visit, visitWithTypeInfo } from 'graphql';
import { describe, expect, it } from 'vitest';
import { EMBEDDED } from '../src/client.ts';

/**
 * graphcache keys entities by `id`: an entity selected without it cannot be normalized, and the production
 * build drops the warning that would say so. Every selection of a type with an `id` in the admin's operations
 * must ask for it, unless client.ts declares the type embedded.
 */
const src = fileURLToPath(new URL('../src/', import.meta.url));
const schema = buildSchema(
  readFileSync(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url)), 'utf8'),
  { assumeValidSDL: true },
);

function documents(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === '__generated__' ? [] : documents(path);
    if (!/\.tsx?$/.test(entry.name)) return [];
    return [...readFileSync(path, 'utf8').matchAll(/graphql\(`([\s\S]*?)`\)/g)].map((m) => m[1] as string);
  });
}

describe('admin operations and the graphcache keys', () => {
  it('select `id` of every keyed entity', () => {
    const sources = documents(src);
    expect(sources.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const source of sources) {
      const typeInfo = new TypeInfo(schema);
      visit(
        parse(source),
        visitWithTypeInfo(typeInfo, {
          SelectionSet(node) {
            const type = getNamedType(typeInfo.getType());
            if (!isObjectType(type) || !type.getFields().id || EMBEDDED.includes(type.name)) return;
            const selectsId = node.selections.some((s) => s.kind === 'Field' && s.name.value === 'id');
            const spreads = node.selections.some((s) => s.kind !== 'Field');
            if (!selectsId && !spreads) missing.push(`${type.name} in ${source.trim().split('\n')[0]}`);
          },
        }),
      );
    }
    expect(missing).toEqual([]);
  });
});
