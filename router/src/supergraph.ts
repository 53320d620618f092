import { watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import type { SupergraphSdlHook } from '@apollo/gateway';
import type { Logger } from '@tiketi/kit/logger';

/** Where the composed supergraph comes from. */
export type SupergraphSource =
  | { kind: 'file'; path: string; watch: boolean }
  /** Handed in directly (tests compose their own subgraphs). */
  | { kind: 'sdl'; sdl: string };

/** Debounce for editors and the composition script, which write a file in several steps. */
const RELOAD_DELAY_MS = 150;

export function supergraphSdlHook(source: SupergraphSource, log: Logger): SupergraphSdlHook {
  return async ({ update }) => {
    if (source.kind === 'sdl') return { supergraphSdl: source.sdl };

    const { path } = source;
    let current = await readSupergraph(path);
    if (!source.watch) return { supergraphSdl: current };

    let timer: NodeJS.Timeout | undefined;
    let closed = false;
    const reload = async () => {
      let next: string;
      try {
        next = await readSupergraph(path);
      } catch (err) {
        // Mid-rename or being rewritten: the next change event brings the complete file.
        log.debug({ err: (err as Error).message }, 'supergraph not readable yet');
        return;
      }
      if (next === current || closed) return;
      try {
        update(next);
        current = next;
        log.info({ path }, 'supergraph reloaded');
      } catch (err) {
        log.error(
          { err: (err as Error).message, path },
          'new supergraph rejected; still serving the previous one',
        );
      }
    };
    // Watch the folder, not the file: a file replaced by rename would otherwise drop out of the watch.
    const watcher = watch(dirname(path), (_event, filename) => {
      if (filename !== null && filename !== basename(path)) return;
      clearTimeout(timer);
      timer = setTimeout(() => void reload(), RELOAD_DELAY_MS);
    });
    log.info({ path }, 'watching the supergraph for changes');
    return {
      supergraphSdl: current,
      cleanup: async () => {
        closed = true;
        clearTimeout(timer);
        watcher.close();
      },
    };
  };
}

async function readSupergraph(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`No supergraph at ${path}: run \`npm run compose\` or set SUPERGRAPH_PATH`);
    }
    throw err;
  }
}
