import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Seat, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { checkout, type Data, ok } from '../../tests/support/purchase.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import { launchChromium, type Site, shot, startSite, watchErrors } from './support/app.ts';

/**
 * The rough edges a new buyer met, each checked in Chromium against the whole platform (auth, catalog,
 * seating, queue, payment with the Toss emulator) behind the real router: the home page's "more", the filter
 * panel, "did you mean", the phone layout of the header and the event page, languages, not-found pages, the
 * checkout's confirmation before cancelling, a declined payment's tab title, and a refund as it happens.
 */

const IU_EVENT = SEED_IDS.events.iuHereh;
const tokens = tokenMinter();

let stack: Stack;
let site: Site;
let browser: Browser;
let admin: string;
let seats: Seat[];
/** The emulator as the app is told to reach it: by name, not the loopback address it binds. */
let emulatorUrl: string;
const pageErrors: string[] = [];

interface Buyer {
  userId: string;
  auth: Record<string, string>;
  context: BrowserContext;
  page: Page;
}

/** A buyer signed up through the router: API calls with their token, a browser starting signed in as them. */
async function buyer(name: string, viewport = { width: 1366, height: 900 }): Promise<Buyer> {
  const res = await gql<Data>(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }',
    {
      input: { email: `${name}-${randomUUID().slice(0, 8)}@example.com`, password: 'ticket-pass-2026', name },
    },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const context = await browser.newContext({ viewport, timezoneId: 'Asia/Seoul' });
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      localStorage.setItem('tiketi.refreshToken', token);
    }
  }, res.data!.signUp.refreshToken as string);
  const page = await context.newPage();
  watchErrors(page, pageErrors);
  return {
    userId: res.data!.signUp.user.id,
    auth: bearer(res.data!.signUp.accessToken),
    context,
    page,
  };
}

const RESERVATION = `query($id: ID!) { reservation(id: $id) { id status payment { status refundStatus } } }`;

beforeAll(async () => {
  site = await startSite();
  stack = await startStack({
    seating: 1,
    queue: 1,
    payment: 1,
    env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem }, router: { CORS_ORIGINS: site.origin } },
  });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  seats = await seatEvent(stack, IU_EVENT, admin);
  emulatorUrl = stack.toss!.url.replace('127.0.0.1', 'localhost');
  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl, VITE_TOSS_EMULATOR_URL: emulatorUrl });
  browser = await launchChromium();
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await stack?.stop();
});

describe('buyer app rough edges in Chromium', { timeout: 90_000 }, () => {
  let anonymous: Page;

  it('shows every on-sale event through "more" on the home page', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    anonymous = await context.newPage();
    watchErrors(anonymous, pageErrors);
    const api = await ok(stack, '{ events(filter: { status: ON_SALE }, first: 100) { totalCount } }', {}, {});
    const total: number = api.events.totalCount;
    expect(total).toBeGreaterThan(8);

    await anonymous.goto(site.origin);
    const onSale = anonymous.locator('section[aria-labelledby="on-sale-title"]');
    await onSale.locator('.event-card').first().waitFor();
    expect(await onSale.locator('.event-card').count()).toBe(8);
    const more = onSale.getByRole('button', { name: '더 보기' });
    while (await more.isVisible()) {
      const before = await onSale.locator('.event-card').count();
      await more.click();
      await until(async () => (await onSale.locator('.event-card').count()) > before, 10_000, 'next page');
    }
    expect(await onSale.locator('.event-card').count()).toBe(total);
    await shot(anonymous, 'edges-home-more');
  });

  it('keeps the filter panel open on reset and when the last filter is cleared', async () => {
    const filters = anonymous.locator('details.filters');
    await anonymous.getByText('상세 필터').click();
    expect(await filters.getAttribute('open')).not.toBeNull();
    await anonymous.getByLabel('아티스트').fill('아이유');
    await anonymous.waitForURL((url) => url.searchParams.get('artist') === '아이유');
    await anonymous.getByLabel('아티스트').fill('');
    await anonymous.waitForURL((url) => !url.searchParams.has('artist'));
    expect(await filters.getAttribute('open')).not.toBeNull();

    await anonymous.getByLabel('공연장').fill('KSPO');
    await anonymous.waitForURL((url) => url.searchParams.get('venue') === 'KSPO');
    await anonymous.getByRole('button', { name: '필터 초기화' }).click();
    await anonymous.waitForURL((url) => !url.searchParams.has('venue'));
    expect(await filters.getAttribute('open')).not.toBeNull();
    expect(await anonymous.getByLabel('공연장').isVisible()).toBe(true);
  });

  it('suggests the artist a typo resembles, and the suggestion finds the concert', async () => {
    await anonymous.goto(site.origin);
    await anonymous.getByLabel('공연 검색').pressSequentially('아이우', { delay: 40 });
    const results = anonymous.locator('#results');
    await results.getByText('조건에 맞는 공연이 없습니다.').waitFor();
    const suggestion = results.getByRole('link', { name: '혹시 아이유?' });
    await suggestion.waitFor();
    await shot(anonymous, 'edges-suggestion');
    await suggestion.click();
    await anonymous.waitForURL((url) => url.searchParams.get('q') === '아이유');
    await results.locator(`[data-event-id="${IU_EVENT}"]`).waitFor();
  });

  it('shows venues in English where the catalog has them, and marks Korean-only text as Korean', async () => {
    await anonymous.goto(`${site.origin}/events/${IU_EVENT}`);
    await anonymous.getByRole('button', { name: 'English' }).click();
    const facts = anonymous.locator('.facts');
    const venue = await ok(
      stack,
      'query($id: ID!) { event(id: $id) { venue { nameEn } } }',
      { id: IU_EVENT },
      {},
    );
    const venueEn: string = venue.event.venue.nameEn;
    await facts.getByText(venueEn, { exact: true }).waitFor();
    expect(await anonymous.locator('.event__about .prose').getAttribute('lang')).toBe('ko');
    expect(await anonymous.locator('html').getAttribute('lang')).toBe('en');
    await anonymous.getByRole('button', { name: '한국어' }).click();
    await facts.getByText('올림픽체조경기장 (KSPO DOME)').waitFor();
    expect(await anonymous.locator('.event__about .prose').getAttribute('lang')).toBe('ko');
    await anonymous.context().close();
  });

  it('keeps the way to the seats in reach on a phone, and the signed-in header in one row', async () => {
    const phone = await buyer('폰구매자', { width: 390, height: 844 });
    const { page } = phone;
    await page.goto(`${site.origin}/events/${IU_EVENT}`);
    const pick = page.getByRole('link', { name: '좌석 선택하기' });
    await pick.waitFor();
    const inView = async () => {
      const box = await pick.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= 844;
    };
    expect(await inView()).toBe(true);
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    expect(await inView()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'edges-event-390');

    // Signed in: brand, languages, account and a menu button on one row.
    await page.getByRole('link', { name: '폰구매자 님' }).waitFor();
    const header = await page.locator('.header__inner').boundingBox();
    expect(header!.height).toBeLessThan(64);
    const menu = page.getByRole('button', { name: '메뉴' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    expect(await menu.getAttribute('aria-expanded')).toBe('true');
    await page.getByRole('navigation', { name: '주 메뉴' }).getByRole('link', { name: '소식' }).click();
    await page.getByRole('heading', { level: 1, name: '소식' }).waitFor();
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await shot(page, 'edges-header-390');
    await phone.context.close();
  });

  it('answers unknown and malformed reservation ids with a not-found page, not a retry', async () => {
    const { page, context } = await buyer('길잃은구매자');
    for (const path of [
      `/checkout/${randomUUID()}`,
      '/checkout/not-a-reservation',
      `/me/reservations/${randomUUID()}`,
      '/me/reservations/12345',
    ]) {
      await page.goto(`${site.origin}${path}`);
      await page.getByRole('heading', { level: 1, name: '예매 내역을 찾을 수 없습니다' }).waitFor();
      expect(await page.getByRole('button', { name: '다시 시도' }).count(), path).toBe(0);
    }
    await shot(page, 'edges-reservation-not-found');
    await context.close();
  });

  it('asks before the checkout page cancels a booking', async () => {
    const b = await buyer('망설이는구매자');
    const { holdSeats } = await ok(
      stack,
      'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }',
      { input: { eventId: IU_EVENT, seatIds: [seats[0]!.id] } },
      b.auth,
    );
    const { createReservation: reservation } = await ok(
      stack,
      'mutation($hold: ID!) { createReservation(holdId: $hold) { id } }',
      { hold: holdSeats.id },
      b.auth,
    );
    await b.page.goto(`${site.origin}/checkout/${reservation.id}`);
    await b.page.locator('[data-testid="checkout"][data-status="PENDING"]').waitFor();
    // Korean seat labels: section, row and number as Korean tickets write them.
    expect(await b.page.getByTestId('reserved-seat').first().textContent()).toContain('A구역 1열 1번');

    await b.page.getByRole('button', { name: '예매 취소' }).click();
    const dialog = b.page.getByRole('dialog', { name: '예매를 취소할까요?' });
    await dialog.waitFor();
    await shot(b.page, 'edges-cancel-dialog');
    const status = async () =>
      (await ok(stack, RESERVATION, { id: reservation.id }, b.auth)).reservation.status;
    expect(await status()).toBe('PENDING');
    await dialog.getByRole('button', { name: '계속 결제하기' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await status()).toBe('PENDING');

    await b.page.getByRole('button', { name: '예매 취소' }).click();
    await dialog.getByRole('button', { name: '예매 취소하기' }).click();
    await b.page.locator('[data-testid="checkout"][data-status="CANCELLED"]').waitFor();
    await b.page.getByRole('status').getByText('예매를 취소했습니다.').waitFor();
    expect(await status()).toBe('CANCELLED');
    await b.context.close();
  });

  it('titles a declined payment’s tab as not paid', async () => {
    const b = await buyer('거절된구매자');
    const { reservation, widget } = await checkout(stack, b, IU_EVENT, [seats[1]!.id], 'decline');
    const query = new URLSearchParams({
      reservationId: reservation.id,
      paymentKey: widget.paymentKey,
      orderId: widget.orderId,
      amount: String(widget.amount),
    });
    await b.page.goto(`${site.origin}/payments/success?${query}`);
    await b.page.locator('[data-testid="payment-result"][data-result="error"]').waitFor();
    await until(async () => (await b.page.title()) === '결제하지 못했습니다 · TIKETI', 5_000, 'the title');
    expect(await b.page.title()).not.toContain('완료');
    await b.context.close();
  });

  it('shows a paid booking’s refund as it happens, with a receipt link the browser can open', async () => {
    const b = await buyer('환불구매자');
    const { reservation, widget } = await checkout(stack, b, IU_EVENT, [seats[2]!.id]);
    await ok(
      stack,
      'mutation($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { status } }',
      { input: { paymentKey: widget.paymentKey, orderId: widget.orderId, amount: widget.amount } },
      b.auth,
    );
    await b.page.goto(`${site.origin}/me/reservations/${reservation.id}`);
    await b.page.locator('[data-testid="reservation"][data-status="CONFIRMED"]').waitFor({ timeout: 20_000 });
    const status = b.page.getByTestId('payment-status');
    expect(await status.textContent()).toBe('결제 완료');
    const receipt = await b.page.getByRole('link', { name: '카드 영수증 보기' }).getAttribute('href');
    expect(receipt).toBe(`${emulatorUrl}/sandbox/receipt/${widget.paymentKey}`);
    expect((await fetch(receipt!)).ok).toBe(true);

    await b.page.getByRole('button', { name: '예매 취소' }).click();
    await b.page.getByRole('button', { name: '취소 확정' }).click();
    await b.page.locator('[data-testid="payment-status"][data-refund="PENDING"]').waitFor();
    expect(await status.textContent()).toBe('환불 진행 중');
    await shot(b.page, 'edges-refund-pending');
    // No reload: the page asks again while the refund is pending.
    await b.page
      .locator('[data-testid="payment-status"][data-refund="REFUNDED"]')
      .waitFor({ timeout: 30_000 });
    expect(await status.textContent()).toBe('환불 완료');
    const api = await ok(stack, RESERVATION, { id: reservation.id }, b.auth);
    expect(api.reservation.payment).toEqual({ status: 'CANCELED', refundStatus: 'REFUNDED' });
    await shot(b.page, 'edges-refunded');
    // Settled: it stops asking.
    let asked = 0;
    b.page.on('request', (request) => {
      if (request.postDataJSON()?.operationName === 'ReservationQuery') asked++;
    });
    await b.page.waitForTimeout(3_500);
    expect(asked).toBe(0);
    await b.context.close();
  });

  it('raised no errors in the pages', () => {
    expect(pageErrors).toEqual([]);
  });
});
