/**
 * A share of bench/fanout-resync.ts's seat pages, in a process of its own (forked by it): each page is the
 * live client and version tracker of tests/support/seat-page.ts, watching one event through one of the
 * routers. 10,000 pages in one process saturate its core parsing every seat change; spread over processes they
 * keep up, as browsers on their own devices do. Reports, when asked, how many pages are behind a version and why
 * (connection state, reloading), whether those at it equal the database, and the bytes, catch-ups, reloads and
 * reconnects since the last `mark`.
 */
import { unpackStatuses } from '../router/client/src/index.ts';
import { openSeatPage, type SeatPage } from '../tests/support/seat-page.ts';
import type { FromPages, ToPages } from './resync-protocol.ts';
import { sleep } from './support/machine.ts';

const send = (message: FromPages) => process.send?.(message);

interface Page {
  page: SeatPage;
  router: number;
  reconnects: number;
  mark: { catchUps: number; reloads: number; reconnects: number };
}
let pages: Page[] = [];
let ids: string[] = [];
/** Failed catch-ups and reloads since the last `mark`, by what failed (the tracker retries them with backoff). */
let errors: Record<string, number> = {};
const errorKind = (error: unknown) => {
  const cause = (error as { cause?: { code?: string } } | null)?.cause?.code;
  return `${String((error as Error)?.message ?? error)}${cause ? ` (${cause})` : ''}`
    .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, '<id>')
    .slice(0, 100);
};

async function open(message: Extract<ToPages, { type: 'open' }>) {
  ids = message.ids;
  for (let i = 0; i < message.count; i++) {
    const router = (message.first + i) % message.routers.length;
    const page: Page = {
      page: openSeatPage({
        eventId: message.eventId,
        router: message.routers[router]!,
        catchUp: message.catchUp,
        ids,
        onError: (error) => {
          const kind = errorKind(error);
          errors[kind] = (errors[kind] ?? 0) + 1;
        },
      }),
      router,
      reconnects: 0,
      mark: { catchUps: 0, reloads: 0, reconnects: 0 },
    };
    page.page.client.onReconnect(() => page.reconnects++);
    pages.push(page);
    if (i % 50 === 49) await sleep((50 * 1_000) / message.perSecond);
  }
  while (pages.some((p) => p.page.tracker.version === null)) await sleep(100);
}

function status(version: number, statusCodes: string | null): FromPages {
  // Comparing every page's 5,000 statuses takes this process' core for a while: only when asked, at the end.
  const expected = statusCodes === null ? null : (unpackStatuses(ids, statusCodes) ?? []);
  const why: Record<string, number> = {};
  let behind = 0;
  let wrong = 0;
  let bytes = 0;
  let catchUps = 0;
  let reloads = 0;
  let reconnects = 0;
  let mostReconnects = 0;
  for (const p of pages) {
    const { tracker, client } = p.page;
    const stats = tracker.stats;
    bytes += p.page.bytes.value;
    catchUps += stats.catchUps - p.mark.catchUps;
    reloads += stats.reloads - p.mark.reloads;
    reconnects += p.reconnects - p.mark.reconnects;
    mostReconnects = Math.max(mostReconnects, p.reconnects - p.mark.reconnects);
    if (tracker.version === null || tracker.version < version) {
      behind++;
      const reason = `${client.state}, ${tracker.version === null ? 'repairing' : 'live but behind'}`;
      why[reason] = (why[reason] ?? 0) + 1;
    } else if (
      expected &&
      tracker.version === version &&
      expected.some((s) => p.page.statuses.get(s.id) !== s.status)
    ) {
      wrong++;
    }
  }
  return {
    type: 'status',
    behind,
    why,
    wrong,
    bytes,
    catchUps,
    reloads,
    reconnects,
    mostReconnects,
    errors,
  };
}

process.on('message', (message: ToPages) => {
  const reply = async (): Promise<FromPages> => {
    switch (message.type) {
      case 'open':
        await open(message);
        return { type: 'opened' };
      case 'mark':
        errors = {};
        for (const p of pages) {
          p.page.bytes.value = 0;
          const { catchUps, reloads } = p.page.tracker.stats;
          p.mark = { catchUps, reloads, reconnects: p.reconnects };
        }
        return { type: 'marked' };
      case 'drop':
        for (const p of pages) if (p.router === message.router) p.page.client.reconnect(message.reason);
        return { type: 'dropped' };
      case 'status':
        return status(message.version, message.statusCodes);
      case 'stop':
        await Promise.all(pages.map((p) => p.page.stop()));
        pages = [];
        return { type: 'stopped' };
    }
  };
  reply().then(send, (err: Error) => send({ type: 'error', message: err.stack ?? String(err) }));
});
