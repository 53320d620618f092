/**
 * `npm run bench:seatmap`: the buyer app's seat map page in Chromium with the development arena (4,992 seats)
 * and stadium (20,000) while seats change at BENCH_RATE per second (default 50) for BENCH_SECONDS (default 15):
 * real holds of one seat each by distinct buyers through the router, delivered to the page by `seatChanged`
 * (coalesced by the router). Per venue, on a desktop (1280×900, mouse) and a phone (390×844, touch, isMobile,
 * device scale 3): on the machine's CPU (desktop only), then with Chromium's CPU throttled BENCH_THROTTLE×
 * (default 4, a mid-range phone) without changes (the baseline), with them at the opening view (the sections
 * overview), and zoomed into a section at working zoom with the holds taken from the seats in view first (every
 * change is drawn). Prints the time from the seat map's data arriving to its first canvas draw (the app's
 * `seatmap:data` mark → `seatmap:first-draw` measure), frame times from `requestAnimationFrame` deltas
 * (p50/p95/p99/max), long tasks (PerformanceObserver), and the seat changes the canvas drew.
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
import type { Browser, Page } from 'playwright-core';
import { bearer, tokenMinter, until } from '../tests/support/live.ts';
import { startStack } from '../tests/support/stack.ts';
import { launchChromium, startSite } from '../web/test/support/app.ts';
import { numberEnv } from './support/machine.ts';

const RATE = numberEnv('BENCH_RATE', 50);
const SECONDS = numberEnv('BENCH_SECONDS', 15);
const THROTTLE = numberEnv('BENCH_THROTTLE', 4);
/** A file: the page's JavaScript CPU profile of the last run (throttled, with changes) is written there. */
const PROFILE = process.env.BENCH_PROFILE;
/** Which venues to run (comma-separated names), all by default. */
const ONLY = process.env.BENCH_VENUES?.split(',');

interface Venue {
  name: string;
  event: string;
  layout: (typeof DEFAULT_LAYOUTS)[number];
  /** The section the zoomed runs open. */
  section: string;
}

const VENUES: Venue[] = [
  {
    name: 'arena',
    event: SEED_IDS.events.iuHereh,
    layout: DEFAULT_LAYOUTS.find((l) => l.name.startsWith('Arena'))!,
    section: 'FLOOR V2',
  },
  {
    name: 'stadium',
    event: SEED_IDS.events.kLeagueSeoulUlsan,
    layout: DEFAULT_LAYOUTS.find((l) => l.name.startsWith('Stadium'))!,
    section: '103',
  },
].filter((v) => !ONLY || ONLY.includes(v.name));

type Device = 'desktop' | 'phone';
const DEVICES: Record<Device, Parameters<Browser['newContext']>[0]> = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, deviceScaleFactor: 3 },
};
const HOLD = 'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }';

interface PageFigures {
  frames: number[];
  longTasks: number[];
  seatUpdates: number;
}

/**
 * Installed in the page: frame deltas, long tasks, and the seat changes the canvas drew (the map counts them in
 * its `data-seat-updates`). A string, not a function: tsx compiles functions with a `__name` helper that does not
 * exist in the page.
 */
const RECORDER = `(() => {
  const map = document.querySelector('.seat-map');
  const drawn = () => Number(map.dataset.seatUpdates || 0);
  const bench = { frames: [], longTasks: [], seatUpdates: 0, stop: false, drawnAtStart: drawn(), drawn };
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
})()`;

const COLLECT = `(() => {
  window.bench.stop = true;
  const { frames, longTasks, drawn, drawnAtStart } = window.bench;
  return { frames, longTasks, seatUpdates: drawn() - drawnAtStart };
})()`;

/** ms from the seat map's data to its first canvas draw, and from navigation start to that draw. */
const FIRST_DRAW = `(() => {
  const m = performance.getEntriesByName('seatmap:first-draw', 'measure')[0];
  return m ? { dataToDraw: m.duration, loadToDraw: m.startTime + m.duration } : null;
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
    await seedLayouts(em.fork());
    await site.build({ VITE_GRAPHQL_URL: stack.routerUrl });
    const results = [];
    for (const venue of VENUES) {
      await until(
        async () =>
          (
            await em
              .fork()
              .getConnection()
              .execute('select 1 from seating.events where event_id = ?', [venue.event])
          ).length > 0,
        15_000,
        'seating to learn the event',
      );
      const attached = await gql(
        stack.routerUrl,
        `mutation($e: ID!, $i: AttachSeatLayoutInput!) {
          attachSeatLayout(eventId: $e, input: $i) { seatMap { seats { id } } }
        }`,
        { e: venue.event, i: { layoutId: venue.layout.id, ticketTypes: venue.layout.ticketTypes } },
        bearer(tokens.admin()),
      );
      if (attached.errors) throw new Error(JSON.stringify(attached.errors));
      const free: string[] = attached.data!.attachSeatLayout.seatMap.seats.map((s: { id: string }) => s.id);
      free.sort(() => Math.random() - 0.5);
      for (const device of ['desktop', 'phone'] as const) {
        const context = await browser.newContext(DEVICES[device]);
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        // Reloads of the statuses (a version gap, a reconnect) are the expensive path: count them.
        let reloads = 0;
        page.on('request', (request) => {
          if (request.postData()?.includes('SeatStatusQuery')) reloads++;
        });
        const runs = [
          ...(device === 'desktop' ? [['desktop CPU', 1, RATE, 'opening'] as const] : []),
          [`CPU ${THROTTLE}×, no changes`, THROTTLE, 0, 'opening'],
          [`CPU ${THROTTLE}×`, THROTTLE, RATE, 'opening'],
          [`CPU ${THROTTLE}×, zoomed into ${venue.section}`, THROTTLE, RATE, 'section'],
        ] as const;
        for (const [label, rate, holdRate, view] of runs) {
          await cdp.send('Emulation.setCPUThrottlingRate', { rate });
          const draw = await openSeatMap(page, site.origin, venue.event);
          if (view === 'section') {
            const inView = await zoomInto(page, venue.section, device);
            // The seats in view change first: each change is drawn, not only counted in a section.
            const visible = new Set(inView);
            const rest = free.filter((id) => !visible.has(id));
            free.length = 0;
            free.push(...rest, ...inView);
          }
          reloads = 0;
          const profiling = PROFILE && rate > 1 && holdRate > 0;
          if (profiling) await cdp.send('Profiler.enable').then(() => cdp.send('Profiler.start'));
          const { figures, holds } = await underLoad(
            page,
            stack.routerUrl,
            venue.event,
            tokens.buyer,
            free,
            holdRate,
          );
          if (profiling) writeFileSync(PROFILE, JSON.stringify((await cdp.send('Profiler.stop')).profile));
          results.push({
            venue: `${venue.name} (${venue.layout.template.sections.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.seats.length, 0), 0)})`,
            device,
            ...summary(label, figures, holds, SECONDS),
            reloads,
            dataToFirstDrawMs: draw.dataToDraw.toFixed(0),
            loadToFirstDrawMs: draw.loadToDraw.toFixed(0),
          });
        }
        await context.close();
      }
      console.log(`${venue.name}: ${free.length} seats still free at the end`);
    }
    console.log(`\n${RATE} holds/s for ${SECONDS} s per run\n`);
    console.table(results);
  } finally {
    await browser.close();
    await stack.stop();
    await site.stop();
  }
}

/** Loads the page; returns the app's own figures for its first draw (see FIRST_DRAW). */
async function openSeatMap(page: Page, origin: string, event: string) {
  await page.goto(`${origin}/events/${event}/seats`);
  await page.waitForFunction(FIRST_DRAW, null, { timeout: 90_000 });
  const draw = (await page.evaluate(FIRST_DRAW)) as { dataToDraw: number; loadToDraw: number };
  await page.locator('[data-testid="live-state"][data-live="connected"]').waitFor();
  // The settle reload after connecting (see live-seats.ts) is part of opening the page, not of the load.
  await new Promise((r) => setTimeout(r, 1_500));
  return draw;
}

/** Taps (phone) or clicks (desktop) a section of the overview; returns the ids of the seats then in view. */
async function zoomInto(page: Page, section: string, device: Device): Promise<string[]> {
  const button = page.locator(`[data-section="${section}"]`);
  await button.scrollIntoViewIfNeeded();
  const box = (await button.boundingBox())!;
  const x = box.x + box.width / 2;
  const y = box.y + box.height / 2;
  if (device === 'phone') await page.touchscreen.tap(x, y);
  else await page.mouse.click(x, y);
  await page.locator('.seat-map[data-working]').waitFor();
  await new Promise((r) => setTimeout(r, 1_000));
  const frame = (await page.locator('.seat-map__viewport').boundingBox())!;
  return page.locator('[data-seat-id][data-status="AVAILABLE"]').evaluateAll(
    (els, f) =>
      els
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.right > f.x && r.bottom > f.y && r.left < f.x + f.width && r.top < f.y + f.height;
        })
        .map((el) => el.getAttribute('data-seat-id')!),
    frame,
  );
}

/** `rate` holds a second, one seat each by a new buyer, while the page records; returns what it saw. */
async function underLoad(
  page: Page,
  routerUrl: string,
  event: string,
  buyer: () => string,
  free: string[],
  rate: number,
) {
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
    const call = gql(routerUrl, HOLD, { input: { eventId: event, seatIds: [seatId] } }, bearer(token))
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
