import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { DEFAULT_LAYOUTS, seedLayouts } from '@tiketi/seating';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import { launchChromium, type Site, startSite, watchErrors } from './support/app.ts';

/**
 * The canvas seat map in Chromium against the whole platform: a phone (390×844, touch) pinches into a section
 * of the 5,000-seat arena with two real fingers (CDP touch events), taps two seats, holds, pays on the Toss
 * emulator and sees the ticket; seat boxes at working zoom; wheel and button zoom around their points; the
 * 20,000-seat stadium's overview and keyboard selection on a desktop; and the seat page's rough edges (an ended
 * event, picks kept across logging in, a hold found again in another tab, the expiry message in view).
 * Screenshots of every page at 390×844 and 1366×900 go to tests/screenshots/seatmap/ (git-ignored).
 */

const tokens = tokenMinter();
const ARENA_EVENT = SEED_IDS.events.iuHereh;
const STADIUM_EVENT = SEED_IDS.events.kLeagueSeoulUlsan;
/** Over: started ten days before the seed ran. */
const ENDED_EVENT = SEED_IDS.events.sungSiKyungYearEnd;
/** Twenty seats: every seat has an element at the opening view. */
const SMALL_EVENT = SEED_IDS.events.btsSeoul;
const ARENA = DEFAULT_LAYOUTS.find((l) => l.name.startsWith('Arena'))!;
const STADIUM = DEFAULT_LAYOUTS.find((l) => l.name.startsWith('Stadium'))!;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1366, height: 900 };
const PASSWORD = 'ticket-pass-2026';
const screenshotDir = fileURLToPath(new URL('../../tests/screenshots/seatmap/', import.meta.url));

let stack: Stack;
let site: Site;
let browser: Browser;
let admin: string;
const pageErrors: string[] = [];

// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
async function mutate(query: string, variables: Record<string, unknown>, token?: string): Promise<any> {
  const res = await gql(stack.routerUrl, query, variables, token ? bearer(token) : undefined);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

const knows = (em: EntityManager, eventId: string) =>
  until(
    async () =>
      (await em.fork().getConnection().execute('select 1 from seating.events where event_id = ?', [eventId]))
        .length > 0,
    15_000,
    `seating to learn ${eventId}`,
  );

async function attach(eventId: string, layout: (typeof DEFAULT_LAYOUTS)[number]) {
  await knows(stack.seating[0]!.orm.orm.em, eventId);
  await mutate(
    `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
    { e: eventId, i: { layoutId: layout.id, ticketTypes: layout.ticketTypes } },
    admin,
  );
}

async function signUp(name: string): Promise<{ email: string; refreshToken: string }> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const data = await mutate('mutation($input: SignUpInput!) { signUp(input: $input) { refreshToken } }', {
    input: { email, password: PASSWORD, name },
  });
  return { email, refreshToken: data.signUp.refreshToken };
}

type Device = 'phone' | 'desktop';

/**
 * A browser context, signed in as a new buyer unless `signedIn` is false. The refresh token is seeded once per
 * context (a flag in localStorage), so a second tab does not present the already-rotated token again.
 */
async function contextFor(device: Device, signedIn = true): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: device === 'phone' ? PHONE : DESKTOP,
    timezoneId: 'Asia/Seoul',
    ...(device === 'phone' ? { isMobile: true, hasTouch: true } : {}),
  });
  if (signedIn) {
    const { refreshToken } = await signUp(device);
    await context.addInitScript((token) => {
      if (!localStorage.getItem('e2e.seeded')) {
        localStorage.setItem('e2e.seeded', '1');
        localStorage.setItem('tiketi.refreshToken', token);
      }
    }, refreshToken);
  }
  return context;
}

async function newPage(context: BrowserContext): Promise<Page> {
  const page = await context.newPage();
  watchErrors(page, pageErrors);
  return page;
}

async function shot(page: Page, device: Device, name: string) {
  await page.screenshot({ path: `${screenshotDir}${device}-${name}.png`, fullPage: true });
}

const viewportOf = (page: Page) => page.locator('.seat-map__viewport');

/** Seat elements whose box lies wholly inside the map's viewport (and the window), with their boxes. */
async function visibleSeats(page: Page, status = 'AVAILABLE') {
  const frame = (await viewportOf(page).boundingBox())!;
  const window = page.viewportSize()!;
  return page.locator(`[data-seat-id][data-status="${status}"]`).evaluateAll(
    (els, { frame, window }) =>
      els
        .map((el) => {
          const r = el.getBoundingClientRect();
          return { id: el.getAttribute('data-seat-id')!, x: r.x, y: r.y, width: r.width, height: r.height };
        })
        .filter(
          (b) =>
            b.x >= frame.x + 50 &&
            b.y >= frame.y + 50 &&
            b.x + b.width <= Math.min(frame.x + frame.width, window.width) - 4 &&
            b.y + b.height <= Math.min(frame.y + frame.height, window.height) - 4,
        ),
    { frame, window },
  );
}

/** A two-finger pinch with real touch events: fingers `from` px apart spread to `to` px around (cx, cy). */
async function pinch(page: Page, cx: number, cy: number, from: number, to: number, steps = 12) {
  const cdp = await page.context().newCDPSession(page);
  const points = (d: number) => [
    { x: cx - d / 2, y: cy, id: 0 },
    { x: cx + d / 2, y: cy, id: 1 },
  ];
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: points(from) });
  for (let i = 1; i <= steps; i++) {
    await cdp.send('Input.dispatchTouchEvent', {
      type: 'touchMove',
      touchPoints: points(from + ((to - from) * i) / steps),
    });
  }
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  await cdp.detach();
}

/** The seat element whose centre is nearest to a point, with its label and distance (CSS px). */
function nearestSeat(page: Page, at: { x: number; y: number }) {
  return page.locator('[data-seat-id]').evaluateAll(
    (els, { x, y }) =>
      els
        .map((el) => {
          const r = el.getBoundingClientRect();
          return {
            label: el.getAttribute('aria-label') ?? '',
            distance: Math.hypot(r.x + r.width / 2 - x, r.y + r.height / 2 - y),
          };
        })
        .sort((a, b) => a.distance - b.distance)[0] ?? { label: '', distance: Number.POSITIVE_INFINITY },
    at,
  );
}

interface ViewNow {
  tx: number;
  ty: number;
  scale: number;
}

/** The map's view, read from the accessible layer's transform (layout units → px inside the viewport). */
async function viewOf(page: Page): Promise<ViewNow> {
  const transform = await page
    .locator('.seat-map__layer')
    .evaluate((el) => (el as HTMLElement).style.transform);
  const [, tx, ty, scale] = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(transform)!;
  return { tx: Number(tx), ty: Number(ty), scale: Number(scale) };
}

const centre = (box: { x: number; y: number; width: number; height: number }) => ({
  x: box.x + box.width / 2,
  y: box.y + box.height / 2,
});

async function boxOf(locator: Locator) {
  const box = await locator.boundingBox();
  if (!box) throw new Error('no box');
  return box;
}

beforeAll(async () => {
  mkdirSync(screenshotDir, { recursive: true });
  site = await startSite();
  stack = await startStack({
    seating: 1,
    queue: 1,
    payment: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: site.origin },
    },
  });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  await seedLayouts(stack.seating[0]!.orm.orm.em.fork());
  await attach(ARENA_EVENT, ARENA);
  await attach(STADIUM_EVENT, STADIUM);
  await seatEvent(stack, SMALL_EVENT, admin);
  await knows(stack.seating[0]!.orm.orm.em, ENDED_EVENT);
  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl, VITE_TOSS_EMULATOR_URL: stack.toss!.url });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await stack?.stop();
});

describe('the seat map on a phone (390×844, touch)', { timeout: 120_000 }, () => {
  let page: Page;
  let held: string[] = [];

  it('opens the arena fitted, on its overview of sections', async () => {
    page = await newPage(await contextFor('phone'));
    await page.goto(`${site.origin}/events/${ARENA_EVENT}`);
    await page.getByTestId('seat-area').waitFor();
    await shot(page, 'phone', 'event');
    await page.goto(`${site.origin}/events/${ARENA_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="sections"]').waitFor();
    await page.locator('[data-section="FLOOR V2"]').waitFor();
    // Fitted: the whole venue is inside the map, and no sideways scrolling of the page.
    const frame = await boxOf(viewportOf(page));
    expect(frame.width).toBeLessThanOrEqual(PHONE.width);
    for (const name of ['FLOOR V1', '201', '206']) {
      const section = await boxOf(page.locator(`[data-section="${name}"]`));
      expect(section.x).toBeGreaterThanOrEqual(frame.x - 1);
      expect(section.x + section.width).toBeLessThanOrEqual(frame.x + frame.width + 1);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('[data-section="FLOOR V2"]').getAttribute('aria-label')).toBe(
      'FLOOR V2구역, 160석 중 160석 남음',
    );
    await shot(page, 'phone', 'seats-overview');
  });

  it('pinches into a section with two fingers, around the fingers', async () => {
    const section = page.locator('[data-section="FLOOR V2"]');
    await section.scrollIntoViewIfNeeded();
    const target = centre(await boxOf(section));
    await pinch(page, target.x, target.y, 30, 300);
    await page.locator('.seat-map[data-mode="seats"][data-working]').waitFor();
    // The point under the fingers stayed there: a FLOOR V2 seat is still near the pinch's centre.
    const seats = await visibleSeats(page);
    expect(seats.length).toBeGreaterThan(4);
    const near = await nearestSeat(page, target);
    expect(near.label).toMatch(/^FLOOR V2구역/);
    expect(near.distance).toBeLessThan(60);
    await shot(page, 'phone', 'seats-zoomed');
  });

  it('at working zoom every seat element is a touch target of at least 24 px', async () => {
    const boxes = await page
      .locator('[data-seat-id]')
      .evaluateAll((els) => els.map((el) => el.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(boxes.length).toBeGreaterThan(20);
    for (const [w, h] of boxes) {
      expect(w).toBeGreaterThanOrEqual(24);
      expect(h).toBeGreaterThanOrEqual(24);
    }
  });

  it('taps two seats and holds them; they are marked as the buyer’s', async () => {
    const [a, b] = await visibleSeats(page);
    for (const seat of [a!, b!])
      await page.touchscreen.tap(seat.x + seat.width / 2, seat.y + seat.height / 2);
    const picked = page.locator('[data-seat-id][aria-checked="true"]');
    await until(async () => (await picked.count()) === 2, 5_000, 'two seats picked');
    held = [a!.id, b!.id];
    expect(await page.getByTestId('selection-count').textContent()).toBe('2석 선택 (최대 4석)');
    await shot(page, 'phone', 'seats-picked');
    await page.getByRole('button', { name: '선택한 좌석 잡기' }).tap();
    await page.getByTestId('hold').waitFor();
    for (const id of held) await page.locator(`[data-seat-id="${id}"][data-mine]`).waitFor();
    await shot(page, 'phone', 'seats-held');
  });

  it('pays through the Toss emulator and shows the ticket', async () => {
    await page.getByRole('button', { name: '예매하고 결제하기' }).tap();
    await page.getByRole('heading', { level: 1, name: '결제' }).waitFor();
    expect(await page.getByTestId('reserved-seat').count()).toBe(2);
    const total = await page.getByTestId('reservation-total').textContent();
    await shot(page, 'phone', 'checkout');
    await page.getByRole('button', { name: '결제하기' }).tap();
    await page.waitForURL((url) => url.origin === new URL(stack.toss!.url).origin);
    await page.getByText(total!).waitFor();
    await shot(page, 'phone', 'toss-emulator');
    await page.getByRole('button', { name: 'Test card — approves' }).tap();
    await page.waitForURL((url) => url.pathname === '/payments/success');
    await page.getByRole('heading', { level: 1, name: '결제가 완료되었습니다' }).waitFor();
    await shot(page, 'phone', 'payment-success');
    await page.getByRole('link', { name: '티켓 보기' }).tap();
    await page.locator('[data-testid="reservation"][data-status="CONFIRMED"]').waitFor({ timeout: 20_000 });
    await page.getByTestId('ticket-qr').locator('svg').waitFor();
    await shot(page, 'phone', 'ticket');
  });

  it('the stadium opens on its 40 sections on a phone, and a tap zooms into one', async () => {
    await page.goto(`${site.origin}/events/${STADIUM_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="sections"]').waitFor();
    expect(await page.locator('[data-section]').count()).toBe(40);
    await shot(page, 'phone', 'stadium-overview');
    const section = page.locator('[data-section="103"]');
    await section.scrollIntoViewIfNeeded();
    const at = centre(await boxOf(section));
    await page.touchscreen.tap(at.x, at.y);
    await page.locator('.seat-map[data-mode="seats"][data-working]').waitFor();
    expect((await visibleSeats(page)).length).toBeGreaterThan(4);
    await shot(page, 'phone', 'stadium-section');
  });
});

describe('gestures on a phone', { timeout: 120_000 }, () => {
  it('a double tap zooms ×2 around the finger; one finger drags the map', async () => {
    const page = await newPage(await contextFor('phone', false));
    await page.goto(`${site.origin}/events/${STADIUM_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="sections"]').waitFor();
    const frame = await boxOf(viewportOf(page));
    await viewportOf(page).scrollIntoViewIfNeeded();
    const frameNow = await boxOf(viewportOf(page));
    // The pitch, in the middle of the stadium: no section there.
    const at = { x: frameNow.x + frameNow.width / 2, y: frameNow.y + frameNow.height / 2 };
    const before = await viewOf(page);
    const layoutPoint = (v: ViewNow) => ({
      x: (at.x - frameNow.x - v.tx) / v.scale,
      y: (at.y - frameNow.y - v.ty) / v.scale,
    });
    await page.touchscreen.tap(at.x, at.y);
    await page.touchscreen.tap(at.x, at.y);
    await until(async () => (await viewOf(page)).scale > before.scale * 1.9, 5_000, 'zoomed ×2');
    const zoomed = await viewOf(page);
    expect(zoomed.scale / before.scale).toBeCloseTo(2, 1);
    expect(layoutPoint(zoomed).x).toBeCloseTo(layoutPoint(before).x, 0);
    expect(layoutPoint(zoomed).y).toBeCloseTo(layoutPoint(before).y, 0);

    const cdp = await page.context().newCDPSession(page);
    const finger = (x: number, y: number) => [{ x, y, id: 0 }];
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: finger(at.x, at.y) });
    for (let i = 1; i <= 10; i++) {
      await cdp.send('Input.dispatchTouchEvent', {
        type: 'touchMove',
        touchPoints: finger(at.x - 8 * i, at.y - 5 * i),
      });
    }
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const dragged = await viewOf(page);
    expect(dragged.scale).toBe(zoomed.scale);
    expect(dragged.tx - zoomed.tx).toBeCloseTo(-80, 0);
    expect(dragged.ty - zoomed.ty).toBeCloseTo(-50, 0);
    expect(frame.width).toBeGreaterThan(0);
    await page.close();
  });
});

describe('the seat map on a desktop (1366×900)', { timeout: 120_000 }, () => {
  let context: BrowserContext;
  let page: Page;

  it('opens the stadium on its overview; Enter on a section zooms in; arrows and Space pick', async () => {
    context = await contextFor('desktop');
    page = await newPage(context);
    await page.goto(`${site.origin}/events/${STADIUM_EVENT}`);
    await page.getByTestId('seat-area').waitFor();
    await shot(page, 'desktop', 'event');
    await page.goto(`${site.origin}/events/${STADIUM_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="sections"]').waitFor();
    await page.locator('[data-legend-mode="sections"]').waitFor();
    await shot(page, 'desktop', 'stadium-overview');
    await page.locator('[data-section="101"]').focus();
    await page.keyboard.press('Enter');
    await page.locator('.seat-map[data-mode="seats"][data-working]').waitFor();
    // The legend now says what is drawn: the tiers' colours, unavailable, picked, yours.
    await page.locator('[data-legend-mode="seats"] [data-legend="PICKED"]').waitFor();
    const focused = () => page.evaluate(() => document.activeElement?.getAttribute('aria-label') ?? '');
    await until(async () => (await focused()).startsWith('101구역 1열 1번'), 5_000, 'first seat focused');
    expect(await focused()).toBe('101구역 1열 1번, 1등석 55,000원, 선택 가능');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowRight');
    await until(async () => (await focused()).startsWith('101구역 1열 2번'), 5_000, 'next seat focused');
    await page.keyboard.press('Enter');
    const picked = page.locator('[data-seat-id][aria-checked="true"]');
    await until(async () => (await picked.count()) === 2, 5_000, 'two seats picked');
    // Walking far along the row brings seats without an element into the layer, and into view.
    for (let i = 0; i < 40; i++) await page.keyboard.press('ArrowRight');
    const far = await focused();
    expect(far).toMatch(/^102구역 1열 \d+번/);
    const active = await page.evaluate(() => {
      const r = document.activeElement!.getBoundingClientRect();
      const v = document.querySelector('.seat-map__viewport')!.getBoundingClientRect();
      return r.left >= v.left && r.right <= v.right && r.top >= v.top && r.bottom <= v.bottom;
    });
    expect(active).toBe(true);
    await shot(page, 'desktop', 'stadium-picked');
    await page.getByRole('button', { name: '선택한 좌석 잡기' }).click();
    await page.getByTestId('hold').waitFor();
    await shot(page, 'desktop', 'stadium-held');
    await page.getByRole('button', { name: '예매하고 결제하기' }).click();
    await page.getByRole('heading', { level: 1, name: '결제' }).waitFor();
    await shot(page, 'desktop', 'checkout');
    await page.getByRole('button', { name: '결제하기' }).click();
    await page.waitForURL((url) => url.origin === new URL(stack.toss!.url).origin);
    await shot(page, 'desktop', 'toss-emulator');
    await page.getByRole('button', { name: 'Test card — approves' }).click();
    await page.waitForURL((url) => url.pathname === '/payments/success');
    await page.getByRole('heading', { level: 1, name: '결제가 완료되었습니다' }).waitFor();
    await shot(page, 'desktop', 'payment-success');
    await page.getByRole('link', { name: '티켓 보기' }).click();
    await page.locator('[data-testid="reservation"][data-status="CONFIRMED"]').waitFor({ timeout: 20_000 });
    await shot(page, 'desktop', 'ticket');
  });

  it('wheel zoom keeps the point under the cursor; “+” keeps the centre', async () => {
    await page.goto(`${site.origin}/events/${ARENA_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="sections"]').waitFor();
    await shot(page, 'desktop', 'arena-overview');
    const section = await boxOf(page.locator('[data-section="105"]'));
    const at = { x: section.x + section.width * 0.3, y: section.y + section.height * 0.3 };
    await page.mouse.move(at.x, at.y);
    for (let i = 0; i < 6; i++) {
      await page.mouse.wheel(0, -300);
      await page.waitForTimeout(50);
    }
    await page.locator('.seat-map[data-mode="seats"]').waitFor();
    const under = await page.evaluate(({ x, y }) => {
      const hit = document.elementFromPoint(x, y)?.closest('[data-seat-id]');
      return hit?.getAttribute('aria-label') ?? null;
    }, at);
    expect(under).toMatch(/^105구역/);

    const frame = await boxOf(viewportOf(page));
    const middle = centre(frame);
    const label = () =>
      page.evaluate(({ x, y }) => {
        const hits = document.elementsFromPoint(x, y);
        const seat = hits.find((el) => el.hasAttribute('data-seat-id'));
        const layer = document.querySelector('.seat-map__layer') as HTMLElement;
        return { seat: seat?.getAttribute('data-seat-id') ?? null, transform: layer.style.transform };
      }, middle);
    // The layout point at the centre: computed from the layer's transform before and after "+".
    const layoutAt = (transform: string) => {
      const [, tx, ty, s] = /translate\(([-\d.e]+)px, ([-\d.e]+)px\) scale\(([-\d.e]+)\)/.exec(transform)!;
      return {
        x: (middle.x - frame.x - Number(tx)) / Number(s),
        y: (middle.y - frame.y - Number(ty)) / Number(s),
      };
    };
    const before = layoutAt((await label()).transform);
    await page.getByRole('button', { name: '확대' }).click();
    const after = layoutAt((await label()).transform);
    expect(Math.abs(after.x - before.x)).toBeLessThan(0.5);
    expect(Math.abs(after.y - before.y)).toBeLessThan(0.5);
    await shot(page, 'desktop', 'arena-zoomed');
  });

  it('an ended event’s seat page offers no holds', async () => {
    for (const [device, ctx] of [
      ['desktop', context],
      ['phone', await contextFor('phone')],
    ] as const) {
      const p = await newPage(ctx);
      await p.goto(`${site.origin}/events/${ENDED_EVENT}/seats`);
      await p.locator('[data-testid="seats-closed"][data-reason="ended"]').waitFor();
      expect(await p.getByTestId('seats-closed').textContent()).toContain('종료된 공연입니다');
      expect(await p.getByRole('button', { name: '선택한 좌석 잡기' }).count()).toBe(0);
      expect(await p.getByRole('button', { name: '가장 좋은 자리 잡기' }).count()).toBe(0);
      await shot(p, device, 'ended-event');
      await p.close();
    }
  });
});

describe('the seat page keeps the buyer’s work', { timeout: 120_000 }, () => {
  it('picks made while signed out are picked again after logging in', async () => {
    const { email } = await signUp('returning');
    const context = await contextFor('desktop', false);
    const page = await newPage(context);
    await page.goto(`${site.origin}/events/${SMALL_EVENT}/seats`);
    await page.locator('.seat-map[data-mode="seats"]').waitFor();
    // A mouse picks seats a touch would zoom to first (18 px apart here).
    expect(await page.locator('.seat-map[data-working]').count()).toBe(0);
    const [a, b] = await visibleSeats(page);
    await page.locator(`[data-seat-id="${a!.id}"]`).click();
    await page.locator(`[data-seat-id="${b!.id}"]`).click();
    await until(
      async () => (await page.locator('[data-seat-id][aria-checked="true"]').count()) === 2,
      5_000,
      'two picked',
    );
    await page.getByRole('button', { name: '로그인하고 좌석 잡기' }).click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByLabel('이메일').fill(email);
    await page.getByLabel('비밀번호').fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: '로그인' }).click();
    await page.waitForURL((url) => url.pathname === `/events/${SMALL_EVENT}/seats`);
    await page.getByTestId('picks-restored').waitFor();
    for (const id of [a!.id, b!.id])
      await page.locator(`[data-seat-id="${id}"][aria-checked="true"]`).waitFor();
    await page.getByRole('button', { name: '선택한 좌석 잡기' }).waitFor();
    await shot(page, 'desktop', 'picks-restored');
    await context.close();
  });

  it('a live hold is found again in another tab, and its expiry message shows below the header', async () => {
    const context = await contextFor('phone');
    const first = await newPage(context);
    await first.goto(`${site.origin}/events/${SMALL_EVENT}/seats`);
    await first.locator('.seat-map[data-mode="seats"]').waitFor();
    // Twenty seats on a phone open below working zoom: a tap zooms in first, around the finger.
    const some = await boxOf(first.locator('[data-seat-id]').nth(10));
    await first.touchscreen.tap(some.x + some.width / 2, some.y + some.height / 2);
    await first.locator('.seat-map[data-working]').waitFor();
    const [seat] = await visibleSeats(first);
    await first.waitForTimeout(DOUBLE_TAP_PAUSE);
    await first.touchscreen.tap(seat!.x + seat!.width / 2, seat!.y + seat!.height / 2);
    await first.locator(`[data-seat-id="${seat!.id}"][aria-checked="true"]`).waitFor();
    await first.getByRole('button', { name: '선택한 좌석 잡기' }).tap();
    const holdId = await first.getByTestId('hold').getAttribute('data-hold-id');
    expect(holdId).toBeTruthy();

    // Another tab of the same browser: the hold is read back from the server.
    const second = await newPage(context);
    await second.clock.install();
    await second.goto(`${site.origin}/events/${SMALL_EVENT}/seats`);
    await second.locator(`[data-testid="hold"][data-hold-id="${holdId}"]`).waitFor();
    await second.locator(`[data-seat-id="${seat!.id}"][data-mine]`).waitFor();
    await shot(second, 'phone', 'hold-other-tab');

    // Scrolled so the hold's card is under the sticky header (room below the page to get there): the message
    // appears where the card was, under the header, unless the page brings it below.
    await second.getByTestId('hold').evaluate((el) => {
      document.body.style.paddingBottom = '1500px';
      window.scrollTo({ top: el.getBoundingClientRect().top + window.scrollY - 20, behavior: 'instant' });
    });
    const card = await boxOf(second.getByTestId('hold'));
    const header = await boxOf(second.locator('header').first());
    expect(card.y).toBeLessThan(header.y + header.height);
    await second.clock.fastForward('06:00');
    const alert = second.getByTestId('seat-problem');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('선점 시간이 끝났습니다');
    await until(
      async () => {
        const box = await boxOf(alert);
        return box.y >= header.y + header.height - 1 && box.y + box.height <= PHONE.height;
      },
      5_000,
      'the expiry message visible below the header',
    );
    await shot(second, 'phone', 'hold-expired');
    await context.close();
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});

/** Two taps further apart than a double tap (ms). */
const DOUBLE_TAP_PAUSE = 400;
