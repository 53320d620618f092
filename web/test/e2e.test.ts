import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
 * The buyer app, built for production and served as static files, against the real router, auth, catalog,
 * seating and queue (fresh database, seeded catalog), driven in Debian's Chromium. Each page is saved to
 * tests/screenshots/. The purchase itself (seat map, waiting room, payment) is in purchase-e2e.test.ts.
 */

const IU_EVENT = SEED_IDS.events.iuHereh;
const IU_TITLE = '2026 아이유 콘서트 〈HEREH〉 앙코르';
const IU_TITLE_EN = "2026 IU CONCERT 'HEREH' ENCORE";
const IU_NEWS = '아이유 〈HEREH〉 앙코르 콘서트 티켓 오픈 안내';

let stack: Stack;
let site: Site;
let origin: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let sent: SentOperations;

beforeAll(async () => {
  site = await startSite();
  origin = site.origin;
  // The event page shows seating's prices and queue's waiting room: both run, with the router allowing this origin.
  stack = await startStack({ seating: 1, queue: 1, env: { router: { CORS_ORIGINS: origin } } });
  await seedCatalog(stack.catalog.orm);
  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, timezoneId: 'Asia/Seoul' });
  page = await context.newPage();
  watchErrors(page, pageErrors);
  sent = recordOperations(page, stack.routerUrl);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await stack?.stop();
});

const heading = (target: Page, name: string | RegExp) => target.getByRole('heading', { level: 1, name });

describe('buyer web app in Chromium', { timeout: 90_000 }, () => {
  it('built the app against the stack’s router', async () => {
    const html = await (await fetch(origin)).text();
    expect(html).toContain('<div id="root">');
  });

  it('finds the IU concert while typing 아이유 and opens its page', async () => {
    await page.goto(origin);
    await page.getByRole('heading', { level: 2, name: '지금 예매 중' }).waitFor();
    await page.locator('section[aria-labelledby="on-sale-title"] .event-card').first().waitFor();
    await shot(page, 'home');

    // As you type: no Enter, no button.
    await page.getByLabel('공연 검색').pressSequentially('아이유', { delay: 60 });
    const results = page.locator('#results');
    await results.getByRole('heading', { name: '검색 결과' }).waitFor();
    const card = results.locator(`[data-event-id="${IU_EVENT}"]`);
    await card.waitFor();
    expect(await card.getByRole('heading', { level: 3 }).textContent()).toBe(IU_TITLE);
    expect(decodeURIComponent(new URL(page.url()).search)).toBe('?q=아이유');
    await shot(page, 'search');

    await card.getByRole('link').click();
    await heading(page, IU_TITLE).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/events/${IU_EVENT}`);

    const api = await gql(stack.routerUrl, 'query($id: ID!) { event(id: $id) { startsAt } }', {
      id: IU_EVENT,
    });
    const startsAt: string = api.data!.event.startsAt;
    const facts = page.locator('.facts');
    await facts.getByText('올림픽체조경기장 (KSPO DOME)').waitFor();
    const date = facts.locator(`time[datetime="${startsAt}"]`);
    // Shown in Korean time, whatever the machine's zone: "2026년 12월 26일 토 오후 7:00".
    const kst = new Date(Date.parse(startsAt) + 9 * 3600_000);
    const text = await date.textContent();
    expect(text).toContain(`${kst.getUTCFullYear()}년 ${kst.getUTCMonth() + 1}월 ${kst.getUTCDate()}일`);
    expect(text).toContain(`${kst.getUTCHours() % 12 || 12}:${String(kst.getUTCMinutes()).padStart(2, '0')}`);
    // On sale: the way to the seat map (this stack gave the event no seats; purchase-e2e does).
    const seats = page.locator('[data-testid="seat-area"][data-state="open"]');
    await seats.getByRole('link', { name: '좌석 선택하기' }).waitFor();
    await shot(page, 'event');
  });

  it('switches to English, keeps it across a reload, and back to Korean', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await heading(page, IU_TITLE_EN).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'News' }).waitFor();

    await page.reload();
    await heading(page, IU_TITLE_EN).waitFor();
    expect(await page.getByRole('button', { name: 'English' }).getAttribute('aria-pressed')).toBe('true');
    await shot(page, 'event-en');

    await page.getByRole('button', { name: '한국어' }).click();
    await heading(page, IU_TITLE).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
  });

  const email = `buyer-${Date.now()}@example.com`;
  const password = 'ticket-pass-2026';

  it('signs up, stays signed in across a reload, logs out, and logs in again', async () => {
    await page.getByRole('link', { name: '로그인' }).click();
    await heading(page, '로그인').waitFor();
    await page.getByRole('link', { name: '회원가입' }).click();
    await heading(page, '회원가입').waitFor();
    await page.getByLabel('이름').fill('김티켓');
    await page.getByLabel('이메일').fill(email);
    await page.getByLabel('비밀번호').fill(password);
    await shot(page, 'signup');
    await page.getByRole('button', { name: '가입하기' }).click();

    const account = page.getByRole('link', { name: '김티켓 님' });
    await account.waitFor();
    await page.waitForURL((url) => url.pathname === '/');
    await account.click();
    await heading(page, '마이페이지').waitFor();
    expect(await page.getByTestId('me-email').textContent()).toBe(email);
    await shot(page, 'me');

    // The access token lives in memory only: a reload renews it from the stored refresh token.
    const refreshToken = await page.evaluate(() => localStorage.getItem('tiketi.refreshToken'));
    expect(refreshToken).toBeTruthy();
    await page.reload();
    expect(await page.getByTestId('me-email').textContent({ timeout: 10_000 })).toBe(email);
    const rotated = await page.evaluate(() => localStorage.getItem('tiketi.refreshToken'));
    expect(rotated).toBeTruthy();
    expect(rotated).not.toBe(refreshToken);

    // The page signs out at once and revokes on the server in the background; wait for that call to answer.
    const revoked = page.waitForResponse(
      (response) => response.request().postDataJSON()?.operationName === 'LogOut',
    );
    await page.getByRole('button', { name: '로그아웃' }).click();
    expect((await revoked).ok()).toBe(true);
    await page.getByRole('link', { name: '로그인' }).waitFor();
    await page.waitForURL((url) => url.pathname === '/');
    expect(await page.evaluate(() => localStorage.getItem('tiketi.refreshToken'))).toBeNull();
    // The server ended the session too: the last refresh token no longer works.
    const reuse = await gql(
      stack.routerUrl,
      'mutation($t: String!) { refreshSession(refreshToken: $t) { expiresIn } }',
      {
        t: rotated,
      },
    );
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // A signed-out visit to my page goes through log-in and comes back.
    await page.goto(`${origin}/me`);
    await heading(page, '로그인').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/me');

    await page.getByLabel('이메일').fill(email);
    await page.getByLabel('비밀번호').fill('not-the-password-1');
    await page.getByRole('button', { name: '로그인' }).click();
    expect(await page.getByRole('alert').textContent()).toBe('이메일 또는 비밀번호가 올바르지 않습니다.');
    await shot(page, 'login-error');

    await page.getByLabel('비밀번호').fill(password);
    await page.getByRole('button', { name: '로그인' }).click();
    await heading(page, '마이페이지').waitFor();
    await page.waitForURL((url) => url.pathname === '/me');
    expect(await page.getByTestId('me-name').textContent()).toBe('김티켓');
  });

  it('lists news and opens an article', async () => {
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '소식' }).click();
    await heading(page, '소식').waitFor();
    const items = page.locator('.news-list > li');
    await items.first().waitFor();
    expect(await items.count()).toBeGreaterThanOrEqual(2);
    await shot(page, 'news');

    await page.getByRole('link', { name: IU_NEWS }).click();
    await heading(page, IU_NEWS).waitFor();
    await page.getByText('1인 최대 2매까지').waitFor();
    await page.locator(`.article__event [data-event-id="${IU_EVENT}"]`).waitFor();
    await shot(page, 'news-article');
  });

  it('says so when an event does not exist', async () => {
    await page.goto(`${origin}/events/00000000-0000-4000-8000-000000000000`);
    await heading(page, '공연을 찾을 수 없습니다').waitFor();
    await shot(page, 'event-not-found');
  });

  it('fits a 360 px phone without sideways scrolling', async () => {
    const phone = await browser.newContext({
      viewport: { width: 360, height: 740 },
      isMobile: true,
      hasTouch: true,
    });
    try {
      const mobile = await phone.newPage();
      for (const [name, path] of [
        ['home-360', '/'],
        ['event-360', `/events/${IU_EVENT}`],
        ['login-360', '/login'],
      ] as const) {
        await mobile.goto(`${origin}${path}`);
        await mobile.locator('h1').first().waitFor();
        await mobile.locator('.event-card, .seat-area, form').first().waitFor();
        const width = await mobile.evaluate(() => document.documentElement.scrollWidth);
        expect(width, name).toBeLessThanOrEqual(360);
        await shot(mobile, name);
      }
    } finally {
      await phone.close();
    }
  });

  it('raised no errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });

  it('sent every operation as a registered trusted-document id, never as text', () => {
    const ids = sentDocumentIds(sent, manifest);
    expect(new Set(ids).size).toBeGreaterThan(5);
  });

  // Last: it stops seating for good.
  it('still shows an event while seating cannot answer, its seat area saying so with a retry', async () => {
    await stack.seating[0]!.stop();
    const other = await context.newPage();
    try {
      await other.goto(`${origin}/events/${IU_EVENT}`);
      await heading(other, IU_TITLE).waitFor();
      await other.locator('.facts').getByText('올림픽체조경기장 (KSPO DOME)').waitFor();
      const seats = other.locator('[data-testid="seat-area"][data-state="error"]');
      await seats.getByRole('alert').waitFor();
      await seats.getByRole('button', { name: '다시 시도' }).waitFor();
      expect(await other.getByRole('heading', { name: '공연을 찾을 수 없습니다' }).count()).toBe(0);
      await shot(other, 'event-seating-down');
    } finally {
      await other.close();
    }
  });
});
