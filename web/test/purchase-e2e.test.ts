import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { DEFAULT_LAYOUTS, seedLayouts } from '@tiketi/seating';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import manifest from '../src/__generated__/persisted-documents.json' with { type: 'json' };
import {
  launchChromium,
  recordOperations,
  type SentOperations,
  type Site,
  sentDocumentIds,
  shot,
  startSite,
  watchErrors,
} from './support/app.ts';

/**
 * A purchase in real Chromium against the whole platform — auth, catalog, seating, queue, payment and the Toss
 * emulator behind the real router: search, the live seat map of a 5,000-seat arena, a hold, checkout on the
 * emulator's page, the QR ticket; a second browser watching the same seat map; and a waiting room that admits.
 */

const tokens = tokenMinter();
const IU_EVENT = SEED_IDS.events.iuHereh;
const IU_TITLE = '2026 아이유 콘서트 〈HEREH〉 앙코르';
/** The waiting room's event: on sale, with a small layout and room for one shopper at a time. */
const FAN_EVENT = SEED_IDS.events.iuFanMeeting;
const ARENA = DEFAULT_LAYOUTS[0]!;

let stack: Stack;
let site: Site;
let browser: Browser;
let buyer: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let watched: SentOperations;
let admin: string;

// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
async function mutate(query: string, variables: Record<string, unknown>, token: string): Promise<any> {
  const res = await gql(stack.routerUrl, query, variables, bearer(token));
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data;
}

/** Waits until a service has projected the event from catalog's `catalog.event.changed`. */
const knows = (em: EntityManager, table: string, eventId: string) =>
  until(
    async () =>
      (await em.fork().getConnection().execute(`select 1 from ${table} where event_id = ?`, [eventId]))
        .length > 0,
    15_000,
    `${table} to learn ${eventId}`,
  );

/** The arena (≈5,000 seats, four tiers) attached to the IU concert, as an admin would through the router. */
async function seatArena() {
  await knows(stack.seating[0]!.orm.orm.em, 'seating.events', IU_EVENT);
  await seedLayouts(stack.seating[0]!.orm.orm.em.fork());
  await mutate(
    `mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }`,
    { e: IU_EVENT, i: { layoutId: ARENA.id, ticketTypes: ARENA.ticketTypes } },
    admin,
  );
}

/** A buyer signed up through the router; the browser context starts signed in with their refresh token. */
async function signedInContext(name: string): Promise<BrowserContext> {
  const res = await gql(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { refreshToken } }',
    {
      input: { email: `${name}-${randomUUID().slice(0, 8)}@example.com`, password: 'ticket-pass-2026', name },
    },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    timezoneId: 'Asia/Seoul',
  });
  // Only the first page load: the app rotates the token on every renewal and stores the new one.
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      localStorage.setItem('tiketi.refreshToken', token);
    }
  }, res.data!.signUp.refreshToken as string);
  return context;
}

beforeAll(async () => {
  site = await startSite();
  stack = await startStack({
    seating: 1,
    queue: 1,
    payment: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: site.origin },
      // Positions reach the buyer within 200 ms instead of a second.
      queue: { QUEUE_UPDATE_INTERVAL_MS: '200' },
    },
  });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  await seatArena();
  await seatEvent(stack, FAN_EVENT, admin);
  await knows(stack.queue[0]!.orm.orm.em, 'queue.events', FAN_EVENT);
  await mutate(
    'mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { mode } }',
    { e: FAN_EVENT, i: { mode: 'ON', capacity: 1 } },
    admin,
  );
  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl, VITE_TOSS_EMULATOR_URL: stack.toss!.url });
  browser = await launchChromium();
  buyer = await signedInContext('구매자');
  page = await buyer.newPage();
  watchErrors(page, pageErrors);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await stack?.stop();
});

const seat = (target: Page, id: string) => target.locator(`[data-seat-id="${id}"]`);

/**
 * The canvas map's accessible layer has elements for the seats in view only (the arena opens on its sections):
 * zooms into a section by clicking it, then returns the ids of available seats wholly inside the map.
 */
async function openSection(target: Page, section: string): Promise<string[]> {
  await target.locator(`[data-section="${section}"]`).click();
  await target.locator('.seat-map[data-mode="seats"]').waitFor();
  // A click right after the one that zoomed would be the second of a double click: the map ignores it.
  await target.waitForTimeout(400);
  const frame = (await target.locator('.seat-map__viewport').boundingBox())!;
  return target.locator('[data-seat-id][data-status="AVAILABLE"]').evaluateAll(
    (els, f) =>
      els
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.x >= f.x && r.y >= f.y && r.right <= f.x + f.width - 60 && r.bottom <= f.y + f.height;
        })
        .map((el) => el.getAttribute('data-seat-id')!),
    frame,
  );
}

// A browser on a busy 2-core machine draws a 5,000-seat map in seconds, not milliseconds.
describe('buying tickets in Chromium', { timeout: 90_000 }, () => {
  let watcher: Page;

  it('opens the live seat map of a 5,000-seat arena in a second browser', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    watcher = await context.newPage();
    watchErrors(watcher, pageErrors);
    watched = recordOperations(watcher, stack.routerUrl);
    await watcher.goto(`${site.origin}/events/${IU_EVENT}/seats`);
    // Above 1,000 seats the map opens on its sections, each labelled with what is left.
    await watcher.locator('[data-section]').first().waitFor();
    expect(await watcher.locator('[data-section]').count()).toBe(24);
    await watcher.getByTestId('available-count').getByText('전체 4992석 중 4992석 예매 가능').waitFor();
    await watcher.locator('[data-testid="live-state"][data-live="connected"]').waitFor();
    await openSection(watcher, 'FLOOR V1');
    // Set once: still there at the end means the page never reloaded.
    await watcher.evaluate(() => {
      (window as unknown as { e2eMarker: number }).e2eMarker = 1;
    });
  });

  let held: string[] = [];

  it('searches 아이유, opens the event, picks two seats (mouse and keyboard) and holds them', async () => {
    await page.goto(site.origin);
    await page.getByLabel('공연 검색').pressSequentially('아이유', { delay: 60 });
    const card = page.locator(`#results [data-event-id="${IU_EVENT}"]`);
    await card.waitFor();
    await card.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: IU_TITLE }).waitFor();
    const area = page.getByTestId('seat-area');
    await area.getByText('VIP석').waitFor();
    await shot(page, 'event-on-sale');

    await area.getByRole('link', { name: '좌석 선택하기' }).click();
    await page.getByRole('heading', { level: 1, name: '좌석 선택' }).waitFor();
    const [firstId] = await openSection(page, 'FLOOR V1');
    await seat(page, firstId!).click();
    // The second with the keyboard: the seat to the right, picked with Space.
    await seat(page, firstId!).press('ArrowRight');
    await page.keyboard.press('Space');
    const picked = page.locator('[data-seat-id][aria-checked="true"]');
    await until(async () => (await picked.count()) === 2, 5_000, 'two seats picked');
    held = await picked.evaluateAll((els) => els.map((el) => el.getAttribute('data-seat-id')!));
    expect(held).toContain(firstId);
    expect(await page.getByTestId('selection-count').textContent()).toBe('2석 선택 (최대 4석)');
    expect(await seat(page, firstId!).getAttribute('aria-label')).toMatch(
      /^FLOOR V1구역 \d+열 \d+번, VIP석 198,000원, 선택 가능$/,
    );
    await shot(page, 'seat-map-picked');

    await page.getByRole('button', { name: '선택한 좌석 잡기' }).click();
    const hold = page.getByTestId('hold');
    await hold.waitFor();
    expect(await page.getByTestId('hold-countdown').textContent()).toMatch(
      /^[45]분 \d+초 동안 좌석이 유지됩니다$/,
    );
    for (const id of held) {
      await page.locator(`[data-seat-id="${id}"][data-mine]`).waitFor();
    }
    await shot(page, 'seat-map-held');
  });

  it('the second browser sees both seats turn HELD without reloading', async () => {
    for (const id of held) await watcher.locator(`[data-seat-id="${id}"][data-status="HELD"]`).waitFor();
    await shot(watcher, 'seat-map-watcher-held');
  });

  it('reserves, pays on the emulator’s checkout page, and shows the QR ticket', async () => {
    await page.getByRole('button', { name: '예매하고 결제하기' }).click();
    await page.getByRole('heading', { level: 1, name: '결제' }).waitFor();
    expect(await page.getByTestId('reserved-seat').count()).toBe(2);
    const total = await page.getByTestId('reservation-total').textContent();
    await shot(page, 'checkout');

    await page.getByRole('button', { name: '결제하기' }).click();
    await page.waitForURL((url) => url.origin === new URL(stack.toss!.url).origin);
    // The amount on Toss' page is the server's, not the browser's.
    await page.getByText(total!).waitFor();
    await shot(page, 'toss-emulator');
    await page.getByRole('button', { name: 'Test card — approves' }).click();

    await page.waitForURL((url) => url.pathname === '/payments/success');
    await page.getByRole('heading', { level: 1, name: '결제가 완료되었습니다' }).waitFor();
    await shot(page, 'payment-success');

    await page.getByRole('link', { name: '티켓 보기' }).click();
    await page.locator('[data-testid="reservation"][data-status="CONFIRMED"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('ticket-qr').locator('svg').waitFor();
    await page.getByTestId('receipt').getByText('결제 완료').waitFor();
    await shot(page, 'ticket');
  });

  it('the second browser sees both seats turn SOLD, still without reloading', async () => {
    for (const id of held) await watcher.locator(`[data-seat-id="${id}"][data-status="SOLD"]`).waitFor();
    expect(await watcher.evaluate(() => (window as unknown as { e2eMarker?: number }).e2eMarker)).toBe(1);
    await shot(watcher, 'seat-map-watcher-sold');
  });

  it('lists the booking on my page', async () => {
    await page.goto(`${site.origin}/me`);
    const list = page.getByTestId('reservations');
    await list.getByText(IU_TITLE).waitFor();
    await list.getByText('예매 완료').waitFor();
    await shot(page, 'me-reservations');
  });

  it('fits the seat map on a 360 px phone', async () => {
    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const mobile = await phone.newPage();
      await mobile.goto(`${site.origin}/events/${IU_EVENT}/seats`);
      await mobile.locator('[data-section]').first().waitFor();
      expect(await mobile.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
      await shot(mobile, 'seat-map-360');
    } finally {
      await phone.close();
    }
  });
});

describe('the waiting room in Chromium', { timeout: 90_000 }, () => {
  it('shows the line, then admits the buyer straight into the seat map', async () => {
    // Someone else is shopping: the room's one slot is taken.
    const ahead = tokens.buyer();
    const first = await mutate(
      'mutation($e: ID!) { joinQueue(eventId: $e) { state } }',
      { e: FAN_EVENT },
      ahead,
    );
    expect(first.joinQueue.state).toBe('ADMITTED');

    await page.goto(`${site.origin}/events/${FAN_EVENT}`);
    await page.getByTestId('seat-area').getByRole('link', { name: '대기열 입장' }).click();
    const queue = page.locator('[data-testid="queue"][data-state="WAITING"]');
    await queue.waitFor();
    expect(await page.getByTestId('queue-position').textContent()).toBe('내 대기 순서 1번');
    await shot(page, 'queue');

    // The shopper ahead leaves: the slot is ours, and the seat map opens by itself.
    await mutate('mutation($e: ID!) { leaveQueue(eventId: $e) }', { e: FAN_EVENT }, ahead);
    await page.waitForURL((url) => url.pathname === `/events/${FAN_EVENT}/seats`, { timeout: 15_000 });
    const available = page.locator('[data-seat-id][data-status="AVAILABLE"]');
    await available.first().waitFor();

    // Holding needs the admission pass (seating checks it while the room is on): the page passes it along.
    await available.first().click();
    await page.getByRole('button', { name: '선택한 좌석 잡기' }).click();
    await page.getByTestId('hold').waitFor();
    await shot(page, 'queue-admitted-seats');
  });

  it('the live seat map subscribed by trusted-document id, like every request', () => {
    expect(watched.subscriptions.length).toBeGreaterThan(0);
    sentDocumentIds(watched, manifest);
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
