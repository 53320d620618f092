/**
 * `npx tsx bench/fanout-resync.ts`: a rolling restart of two routers as their seat pages see it (issue 19).
 * BENCH_PAGES live seat pages (live client + version tracker, split over two routers in front of two seating
 * replicas) watch one event of BENCH_SEATS seats while buyers hold seats at BENCH_RATE/s; every socket of router
 * 0 drops, then (BENCH_GAP_MS later) every socket of router 1. Run twice: pages that reload their statuses after
 * a reconnect (`before`: no catch-up, as until issue 19) and pages that catch up from seating's history
 * (`after`). Prints the bytes the pages re-read after the drops (answers' bodies), per page against one full
 * status map, catch-ups and reloads, and the time from the last drop until every page equals the database.
 *
 * Everything runs in this one process (stack, routers, pages): bytes and time to sync are the figures; CPU is
 * not split per process here. Options (env): BENCH_PAGES (400), BENCH_SEATS (5000), BENCH_RATE (20),
 * BENCH_GAP_MS (1000).
 */
import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { unpackLayout, unpackStatuses } from '../router/client/src/index.ts';
import { bearer, seatEvent, tokenMinter, until } from '../tests/support/live.ts';
import { openSeatPage, postCounting, SEAT_MAP_QUERIES, type SeatPage } from '../tests/support/seat-page.ts';
import { type Stack, startStack } from '../tests/support/stack.ts';
import { numberEnv, sleep } from './support/machine.ts';

const PAGES = numberEnv('BENCH_PAGES', 400);
const SEATS = numberEnv('BENCH_SEATS', 5_000);
const RATE = numberEnv('BENCH_RATE', 20);
const GAP_MS = numberEnv('BENCH_GAP_MS', 1_000);
const tokens = tokenMinter();

type Page = SeatPage;

const openPage = (
  stack: Stack,
  eventId: string,
  routerIndex: number,
  catchUp: boolean,
  ids: string[],
): Page => openSeatPage({ eventId, router: stack.routers[routerIndex]!, catchUp, ids });

async function bigLayout(stack: Stack, admin: string, eventId: string, count: number) {
  const perRow = 100;
  const rows = Array.from({ length: Math.ceil(count / perRow) }, (_, r) => ({
    name: String(r + 1),
    seats: Array.from({ length: Math.min(perRow, count - r * perRow) }, (_, i) => ({
      number: i + 1,
      x: 100 + i * 8,
      y: 50 + r * 8,
    })),
  }));
  const auth = bearer(admin);
  const layout = await gql(
    stack.routerUrl,
    'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
    {
      input: {
        name: `resync ${count} ${randomUUID().slice(0, 8)}`,
        width: 1000,
        height: 1000,
        stage: { x: 400, y: 0, width: 200, height: 20 },
        sections: [{ name: 'A', ticketType: 'R', rows }],
      },
    },
    auth,
  );
  if (layout.errors) throw new Error(JSON.stringify(layout.errors));
  const attached = await gql(
    stack.routerUrl,
    'mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }',
    {
      e: eventId,
      i: {
        layoutId: layout.data!.createSeatLayout.id,
        ticketTypes: [{ code: 'R', name: 'R석', price: 99_000 }],
      },
    },
    auth,
  );
  if (attached.errors) throw new Error(JSON.stringify(attached.errors));
}

async function run(mode: 'before' | 'after', eventId: string, stack: Stack, admin: string) {
  const full = await postCounting<{
    event: { seatMap: { version: number; statusCodes: string; layout: { seats: string } } };
  }>(stack.routerUrl, SEAT_MAP_QUERIES.full, { id: eventId }, { value: 0 });
  const ids = unpackLayout(full.event.seatMap.layout.seats).map((s) => s.id);
  const statusBytes = Buffer.byteLength(
    JSON.stringify({
      data: { event: { seatMap: { version: 1, statusCodes: full.event.seatMap.statusCodes } } },
    }),
  );
  const pages = Array.from({ length: PAGES }, (_, i) =>
    openPage(stack, eventId, i % 2, mode === 'after', ids),
  );
  try {
    await until(() => pages.every((p) => p.tracker.version !== null), 60_000, 'every page loaded');
    await sleep(1_000);
    for (const p of pages) p.bytes.value = 0;
    const stats0 = pages.map((p) => p.tracker.stats);
    // Buyers at RATE/s for the whole restart, one free seat each.
    let stopBuying = false;
    let next = Math.floor(Math.random() * ids.length);
    const buying = (async () => {
      while (!stopBuying) {
        const seat = ids[next++ % ids.length]!;
        void gql(
          stack.routerUrl,
          'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }',
          {
            input: { eventId, seatIds: [seat] },
          },
          bearer(tokens.buyer()),
        );
        await sleep(1_000 / RATE);
      }
    })();
    await sleep(500);
    for (const [i, p] of pages.entries()) if (i % 2 === 0) p.client.reconnect('rolling restart: router 0');
    await sleep(GAP_MS);
    for (const [i, p] of pages.entries()) if (i % 2 === 1) p.client.reconnect('rolling restart: router 1');
    const lastDrop = performance.now();
    await sleep(500);
    stopBuying = true;
    await buying;
    await sleep(300);
    // One change after the buyers, so a page behind it sees the gap; then wait for every page to equal the DB.
    await gql(
      stack.routerUrl,
      'mutation($e: ID!, $s: [ID!]!) { blockSeats(eventId: $e, seatIds: $s) { version } }',
      { e: eventId, s: [ids[ids.length - 1]!] },
      bearer(admin),
    ).catch(() => {});
    const db = await postCounting<{ event: { seatMap: { version: number; statusCodes: string } } }>(
      stack.routerUrl,
      SEAT_MAP_QUERIES.statuses,
      { id: eventId },
      { value: 0 },
    );
    await until(
      () => pages.every((p) => p.tracker.version !== null && p.tracker.version >= db.event.seatMap.version),
      60_000,
      'every page in sync',
    );
    const syncMs = performance.now() - lastDrop;
    const expected = unpackStatuses(ids, db.event.seatMap.statusCodes)!;
    const wrong = pages.filter(
      (p) =>
        p.tracker.version === db.event.seatMap.version &&
        expected.some((s) => p.statuses.get(s.id) !== s.status),
    ).length;
    const total = pages.reduce((n, p) => n + p.bytes.value, 0);
    const catchUps = pages.reduce((n, p, i) => n + p.tracker.stats.catchUps - stats0[i]!.catchUps, 0);
    const reloads = pages.reduce((n, p, i) => n + p.tracker.stats.reloads - stats0[i]!.reloads, 0);
    return {
      mode,
      'bytes re-read': `${(total / 1024).toFixed(0)} KiB, ${(total / PAGES).toFixed(0)} B per page = ${((100 * total) / PAGES / statusBytes).toFixed(1)} % of one status map (${statusBytes} B)`,
      'catch-ups / reloads': `${catchUps} / ${reloads}`,
      'in sync after the last drop': `${syncMs.toFixed(0)} ms`,
      'pages unequal to the DB': String(wrong),
    };
  } finally {
    await Promise.all(pages.map((p) => p.stop()));
  }
}

async function main() {
  const stack = await startStack({
    seating: 2,
    routers: 2,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
  });
  try {
    await seedCatalog(stack.catalog.orm);
    const admin = tokens.admin();
    const rows: Record<string, unknown>[] = [];
    for (const [mode, eventId] of [
      ['before', SEED_IDS.events.iuHereh],
      ['after', SEED_IDS.events.iuFanMeeting],
    ] as const) {
      await seatEvent(stack, eventId, admin, 10);
      await bigLayout(stack, admin, eventId, SEATS);
      rows.push(await run(mode, eventId, stack, admin));
    }
    console.log(
      `\nresync — rolling restart of 2 routers (sockets dropped ${GAP_MS} ms apart), ${PAGES} pages, ${SEATS} seats, holds at ${RATE}/s; one process, Node ${process.version}`,
    );
    console.table(Object.fromEntries(rows.map(({ mode, ...r }) => [String(mode), r])));
  } finally {
    await stack.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
