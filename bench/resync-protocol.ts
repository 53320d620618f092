import { type Child, forkChild } from './support/child.ts';

/** Messages between bench/fanout-resync.ts and its page processes (bench/resync-pages.ts). */
export type ToPages =
  | {
      type: 'open';
      eventId: string;
      /** Page `first + i` watches through `routers[(first + i) % routers.length]`. */
      routers: { url: string; wsUrl: string }[];
      first: number;
      count: number;
      /** Catch up from the history after a gap (`after`), or reload the statuses (`before`). */
      catchUp: boolean;
      /** The event's seat ids in layout order: the pages have the layout cached. */
      ids: string[];
      /** Pages opened per second. */
      perSecond: number;
    }
  /** Start counting bytes, catch-ups, reloads and reconnects from now. */
  | { type: 'mark' }
  /** Every socket of the pages on router `router` replaced: a restart as clients see it. */
  | { type: 'drop'; router: number; reason: string }
  /** Pages against the database's version, and (with `statusCodes`) seat by seat against its statuses. */
  | { type: 'status'; version: number; statusCodes: string | null }
  | { type: 'stop' };

export type FromPages =
  | { type: 'opened' }
  | { type: 'marked' }
  | { type: 'dropped' }
  | {
      type: 'status';
      /** Pages not yet at the version: repairing, or live at an older one. */
      behind: number;
      /** The behind pages by connection state and tracker phase. */
      why: Record<string, number>;
      /** Pages at the version whose statuses differ from the database's (0 when not compared). */
      wrong: number;
      bytes: number;
      catchUps: number;
      reloads: number;
      reconnects: number;
      /** The most reconnects of any one page. */
      mostReconnects: number;
      /** Failed catch-ups and reloads since the last `mark`, by error message. */
      errors: Record<string, number>;
    }
  | { type: 'stopped' }
  | { type: 'error'; message: string };

export type PageProcess = Child<ToPages, FromPages>;

export const forkPages = (): PageProcess =>
  forkChild(new URL('./resync-pages.ts', import.meta.url), ['--max-old-space-size=8000']);
