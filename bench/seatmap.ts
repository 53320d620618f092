/**
 * `npm run bench:seatmap`: the buyer app's seat map page in Chromium with the development arena layout (4,992
 * seats) while seats change at BENCH_RATE per second (default 50) for BENCH_SECONDS (default 20): real holds of
 * one seat each by distinct buyers through the router, delivered to the page by `seatChanged` (coalesced by the
 * router). On the machine's CPU, then with Chromium's CPU throttled BENCH_THROTTLE× (default 4, a mid-range
 * phone) without changes (the baseline) and with them. Prints the page's first render of the seats, frame times from `requestAnimationFrame`
 * deltas (p50/p95/p99/max), long tasks (PerformanceObserver), and the seat updates the page applied.
 *
 * BENCH_PROFILE=<file.cpuprofile> saves the page's CPU profile of the throttled run with changes.
 *
 * Auth, catalog, seating, queue and the router run in this process (tests/support/stack.ts), on a fresh database and
 * Redis prefix; the app is built for production and served statically. Everything shares the machine's cores.
 */

import { writeFileSync } from 'node:fs';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { DEFAULT_LAYOUTS, seedLayouts } from '@tiketi/seating';
import type { Page } from 'playwright-core';
import { bearer, tokenMinter, until } from '../tests/support/live.ts';
import { startStack } from '../tests/support/stack.ts';
import { launchChromium, startSite } from '../web/test/support/app.ts';
import { numberEnv } from './support/machine.ts';

const RATE = numberEnv('BENCH_RATE', 50);
const SECONDS = numberEnv('BENCH_SECONDS', 20);
const THROTTLE = numberEnv('BENCH_THROTTLE', 4);
/** A file: the page's JavaScript CPU profile of the last run (throttled, with changes) is written there. */
const PROFILE = process.env.BENCH_PROFILE;
const EVENT = SEED_IDS.events.iuHereh;
const ARENA = DEFAULT_LAYOUTS[0]!;
const HOLD = 'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }';

interface PageFigures {
  frames: number[];
  longTasks: number[];
  seatUpdates: number;
}

/**
 * Installed in the page: frame deltas, long tasks, and every `data-status` change of a seat element. A string,
 * not a function: tsx compiles functions with a `__name` helper that does not exist in the page.
 */
const RECORDER = `(() => {
  const bench = { frames: [], longTasks: [], seatUpdates: 0, stop: false };
  window.bench = bench;
  let last = performance.now();
  const frame = (t) => {
    bench.frames.push(t - last);
    last = t;
    if (!bench.stop) requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) bench.longTasks.push(entry.duration);
  }).observe({ type: 'longtask' });
  new MutationObserver((records) => {
    bench.seatUpdates += records.length;
  }).observe(document.querySelector('.seat-map__svg'), { subtree: true, attributeFilter: ['data-status'] });
})()`;

const COLLECT = `(() => {
  window.bench.stop = true;
  const { frames, longTasks, seatUpdates } = window.bench;
  return { frames, longTasks, seatUpdates };
})()`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;

function summary(label: string, figures: PageFigures, holds: number, seconds: number) {
  const frames = [...figures.frames].sort((a, b) => a - b);
  const long = figures.longTasks;
  const ms = (n: number) => n.toFixed(1);
  return {
    label,
    holdsPerSecond: (holds / seconds).toFixed(1),
    seatUpdates: figures.seatUpdates,
    frames: frames.length,
    fps: (frames.length / seconds).toFixed(1),
    p50: ms(percentile(frames, 50)),
    p95: ms(percentile(frames, 95)),
    p99: ms(percentile(frames, 99)),
    max: ms(frames.at(-1) ?? 0),
    over50ms: frames.filter((f) => f > 50).length,
    longTasks: long.length,
    longTaskMs: ms(long.reduce((a, b) => a + b, 0)),
    longestTaskMs: ms(Math.max(0, ...long)),
  };
}

async function main() {
  const tokens = tokenMinter();
  const site = await startSite();
  const stack = await startStack({
    seating: 1,
    queue: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: site.origin },
      // Every buyer who holds counts as an active shopper: past the default capacity (1,000) the waiting room
      // would turn on and refuse holds without a pass. This measures the seat map, not the queue.
      queue: { QUEUE_DEFAULT_CAPACITY: '1000000' },
    },
  });
  const browser = await launchChromium();
  try {
    await seedCatalog(stack.catalog.orm);
    const em = stack.seating[0]!.orm.orm.em;
    await until(
      async () =>
        (await em.fork().getConnection().execute('select 1 from seating.events where event_id = ?', [EVENT]))
          .length > 0,
      15_000,
      'seating to learn the event',
    );
    await seedLayouts(em.fork());
    const attached = await gql(
      stack.routerUrl,
      `mutation($e: ID!, $i: AttachSeatLayoutInput!) {
        attachSeatLayout(eventId: $e, input: $i) { seatMap { seats { id } } }
      }`,
      { e: EVENT, i: { layoutId: ARENA.id, ticketTypes: ARENA.ticketTypes } },
      bearer(tokens.admin()),
    );
    if (attached.errors) throw new Error(JSON.stringify(attached.errors));
    const free: string[] = attached.data!.attachSeatLayout.seatMap.seats.map((s: { id: string }) => s.id);
    free.sort(() => Math.random() - 0.5);
    await site.build({ VITE_GRAPHQL_URL: stack.routerUrl });

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    const results = [];
    // Reloads of the statuses (a version gap, a reconnect) are the expensive path: count them.
    let reloads = 0;
    page.on('request', (request) => {
      if (request.postData()?.includes('SeatStatusQuery')) reloads++;
    });
    for (const [label, rate, holdRate] of [
      ['desktop CPU', 1, RATE],
      [`CPU throttled ${THROTTLE}×, no changes`, THROTTLE, 0],
      [`CPU throttled ${THROTTLE}×`, THROTTLE, RATE],
    ] as const) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate });
      const render = await openSeatMap(page, site.origin);
      reloads = 0;
      const profiling = PROFILE && rate > 1 && holdRate > 0;
      if (profiling) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
      const { figures, holds } = await underLoad(page, stack.routerUrl, tokens.buyer, free, holdRate);
      if (profiling) writeFileSync(PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
      results.push({ ...summary(label, figures, holds, SECONDS), reloads, firstRenderMs: render });
    }
    console.log(`\n${RATE} holds/s for ${SECONDS} s per run; ${free.length} seats still free at the end\n`);
    console.table(results);
  } finally {
    await browser.close();
    await stack.stop();
    await site.stop();
  }
}

/** Loads the page; returns ms from navigation to every seat drawn with its status. */
async function openSeatMap(page: Page, origin: string): Promise<number> {
  const started = Date.now();
  await page.goto(`${origin}/events/${EVENT}/seats`);
  await page.waitForFunction(
    () => document.querySelectorAll('[data-seat-id][data-status]').length > 4_900,
    null,
    {
      timeout: 60_000,
    },
  );
  const drawn = Date.now() - started;
  await page.locator('[data-testid="live-state"][data-live="connected"]').waitFor();
  // The settle reload after connecting (see live-seats.ts) is part of opening the page, not of the load.
  await new Promise((r) => setTimeout(r, 1_500));
  return drawn;
}

/** `rate` holds a second, one seat each by a new buyer, while the page records; returns what it saw. */
async function underLoad(page: Page, routerUrl: string, buyer: () => string, free: string[], rate: number) {
  // Signed before the run: RSA signing is the load generator's cost, not the page's, and shares the cores.
  const buyers = Array.from({ length: rate * SECONDS }, buyer);
  await page.evaluate(RECORDER);
  let holds = 0;
  const refused: Record<string, number> = {};
  const inFlight = new Set<Promise<unknown>>();
  const timer = setInterval(() => {
    const seatId = free.pop();
    const token = buyers.pop();
    if (!seatId || !token) return;
    const call = gql(routerUrl, HOLD, { input: { eventId: EVENT, seatIds: [seatId] } }, bearer(token))
      .then((res) => {
        const code = res.errors?.[0]?.extensions?.code;
        if (!res.errors) holds++;
        else refused[String(code)] = (refused[String(code)] ?? 0) + 1;
      })
      .finally(() => inFlight.delete(call));
    inFlight.add(call);
  }, 1_000 / Math.max(rate, 1));
  await new Promise((r) => setTimeout(r, SECONDS * 1_000));
  clearInterval(timer);
  await Promise.all(inFlight);
  // The last changes reach the page within the router's coalescing window and a frame.
  await new Promise((r) => setTimeout(r, 500));
  const figures = (await page.evaluate(COLLECT)) as PageFigures;
  if (Object.keys(refused).length > 0) console.warn('refused holds:', refused);
  return { figures, holds };
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
