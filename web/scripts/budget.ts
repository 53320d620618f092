import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export interface BudgetOptions {
  /** Largest allowed gzipped size of the JavaScript a first visit downloads before the page runs. @default 250 */
  initialJsKb?: number;
}

interface ChunkInfo {
  code: string;
  imports: string[];
  isEntry: boolean;
}

/**
 * The JavaScript a first visit must download: every entry chunk and, transitively, the chunks they import
 * statically. Lazily loaded routes (dynamic imports) are not part of it.
 */
export function initialChunks(bundle: Record<string, ChunkInfo | { type: 'asset' }>): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    const chunk = bundle[name];
    if (seen.has(name) || !chunk || !('code' in chunk)) return;
    seen.add(name);
    for (const imported of chunk.imports) visit(imported);
  };
  for (const [name, chunk] of Object.entries(bundle)) if ('code' in chunk && chunk.isEntry) visit(name);
  return [...seen];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

/** Prints the initial JavaScript's gzipped size after `vite build` and fails the build above the budget. */
export function budget(options: BudgetOptions = {}): Plugin {
  const limitKb = options.initialJsKb ?? 250;
  return {
    name: 'tiketi:budget',
    apply: 'build',
    generateBundle(_output, bundle) {
      const chunks = bundle as unknown as Record<string, ChunkInfo | { type: 'asset' }>;
      const initial = initialChunks(chunks);
      const sizes = initial.map((name) => {
        const chunk = chunks[name] as ChunkInfo;
        return { name, gzip: gzipSync(chunk.code, { level: 9 }).length };
      });
      const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
      const lines = sizes.map((s) => `  ${s.name.padEnd(40)} ${kb(s.gzip).padStart(7)} KB`);
      const verdict = `initial JS ${kb(total)} KB gzipped (budget ${limitKb} KB)`;
      this.info?.(`\n${lines.join('\n')}`);
      // Printed on its own line so CI logs and the README command show it.
      console.log(`\n[budget] ${verdict}`);
      if (total > limitKb * 1024) this.error(`[budget] over budget: ${verdict}`);
    },
  };
}
