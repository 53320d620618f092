import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seedUser } from '@tiketi/auth';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { seedLayouts } from '@tiketi/seating';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { type Buyer, ok, purchase } from '../../tests/support/purchase.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import webManifest from '../../web/src/__generated__/persisted-documents.json' with { type: 'json' };
import {
  launchChromium,
  recordOperations,
  type SentOperations,
  type Site,
  sentDocumentIds,
  shot,
  startSite,
  watchErrors,
} from '../../web/test/support/app.ts';
import manifest from '../src/__generated__/persisted-documents.json' with { type: 'json' };

/**
 * The admin app in real Chromium against the whole platform (auth, catalog, seating, queue, payment with the
 * Toss emulator, stats) behind the real router: log-in, the sales dashboard, an event's waiting room and
 * reservations, a refund. What the app claims to have done is checked at the server, through the router.
 */

const tokens = tokenMinter();
const IU_EVENT = SEED_IDS.events.iuHereh;
const IU_TITLE = '2026 아이유 콘서트 〈HEREH〉 앙코르';
const ADMIN = { email: 'ops@tiketi.test', password: 'ops-pass-2026' };
const BUYER = { email: 'fan@tiketi.test', password: 'fan-pass-2026' };
const adminRoot = fileURLToPath(new URL('..', import.meta.url));

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhgGAzOuHWwAAAABJRU5ErkJggg==',
  'base64',
);

let mediaDir: string;
let stack: Stack;
let site: Site;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const pageErrors: string[] = [];
let sent: SentOperations;
let buyer: Buyer;
let adminAuth: Record<string, string>;
let sale: { reservationId: string; paymentId: string; amount: number };

beforeAll(async () => {
  mediaDir = await mkdtemp(join(tmpdir(), 'tiketi-admin-media-'));
  site = await startSite(adminRoot);
  stack = await startStack({
    seating: 1,
    payment: 1,
    queue: 1,
    stats: true,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: site.origin, MEDIA_DIR: mediaDir, API_KEY_CACHE_MS: '0' },
    },
  });
  await seedCatalog(stack.catalog.orm);
  await seedLayouts(stack.seating[0]!.orm.orm.em.fork());
  await seedUser(stack.auth.orm, { ...ADMIN, role: 'ADMIN', name: '운영자' });
  const fan = await seedUser(stack.auth.orm, { ...BUYER, name: '김팬' });
  buyer = { userId: fan.id, auth: bearer(tokens.mint({ sub: fan.id, role: 'USER' })) };
  adminAuth = bearer(tokens.admin());

  // One paid purchase of two seats, as a buyer makes it through the router.
  const seats = await seatEvent(stack, IU_EVENT, tokens.admin());
  const { reservationId, order, payment } = await purchase(stack, buyer, IU_EVENT, [
    seats[0]!.id,
    seats[1]!.id,
  ]);
  sale = { reservationId, paymentId: payment.id, amount: order.amount };
  // stats records the sale a moment after seating sold the seats.
  await until(
    async () => (await ok(stack, EVENT_SALES, { id: IU_EVENT }, adminAuth)).event.sales.ticketsSold === 2,
    10_000,
    'stats to record the sale',
  );
  // …and the two accounts of this run (auth's events travel on their own stream).
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(new Date());
  await until(
    async () =>
      (
        await ok(
          stack,
          'query($d: Date!) { salesStats(from: $d, to: $d) { totals { newUsers } } }',
          { d: today },
          adminAuth,
        )
      ).salesStats.totals.newUsers === 2,
    10_000,
    'stats to count the new accounts',
  );

  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl });
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1440, height: 1000 }, timezoneId: 'Asia/Seoul' });
  page = await context.newPage();
  watchErrors(page, pageErrors);
  sent = recordOperations(page, stack.routerUrl);
});

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await stack?.stop();
  await rm(mediaDir, { recursive: true, force: true });
});

const EVENT_SALES = `query($id: ID!) { event(id: $id) { sales { ticketsSold revenue } } }`;
const QUEUE = `query($id: ID!) { queueStats(eventId: $id) { status { mode capacity paused } } }`;
const heading = (name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const won = (n: number) => `${new Intl.NumberFormat('ko-KR').format(n)}원`;

async function logIn(account: { email: string; password: string }) {
  await page.getByLabel('이메일').fill(account.email);
  await page.getByLabel('비밀번호').fill(account.password);
  await page.getByRole('button', { name: '로그인' }).click();
}

describe('admin app in Chromium', { timeout: 90_000 }, () => {
  it('sends a visitor to log in, refuses a buyer account, and lets an admin in', async () => {
    await page.goto(`${site.origin}/events`);
    await heading('TIKETI 관리자 로그인').waitFor();
    expect(new URL(page.url()).searchParams.get('next')).toBe('/events');

    await logIn(BUYER);
    await page.getByRole('alert').getByText('관리자 계정이 아닙니다').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await shot(page, 'login-refused', 'admin');

    await logIn(ADMIN);
    await heading('이벤트').waitFor();
    expect(new URL(page.url()).pathname).toBe('/events');
    expect(await page.getByTestId('admin-name').textContent()).toBe('운영자');
  });

  it("shows today's sale on the dashboard, with charts and the top event", async () => {
    await page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '대시보드' }).click();
    await heading('매출 대시보드').waitFor();
    await page.getByTestId('kpi-tickets').filter({ hasText: '2매' }).waitFor();
    expect(await page.getByTestId('kpi-net').textContent()).toBe(won(sale.amount));
    // The buyer and the admin are accounts of this run; stats counts them as new users today.
    expect(await page.getByTestId('kpi-users').textContent()).toBe('2명');
    // Three charts, each drawn with bars for the days of the period.
    expect(await page.locator('figure.chart .recharts-wrapper').count()).toBe(3);
    await page.locator('figure.chart .recharts-bar-rectangle').first().waitFor();
    const top = page.getByRole('table').getByRole('row').nth(1);
    expect(await top.getByRole('link').textContent()).toBe(IU_TITLE);
    // The live list of orders: this run's one sale.
    const recent = page.getByTestId('recent-orders').getByRole('row').nth(1);
    await recent.waitFor();
    expect(await recent.textContent()).toContain(IU_TITLE);
    expect(await recent.textContent()).toContain(won(sale.amount));
    await shot(page, 'dashboard', 'admin');

    await page.getByRole('button', { name: '최근 7일' }).click();
    await page
      .getByText(/^\d{4}-\d{2}-\d{2} ~ /)
      .filter({ hasText: '(한국 시간)' })
      .waitFor();
    expect(await page.getByRole('button', { name: '최근 7일' }).getAttribute('aria-pressed')).toBe('true');
  });

  it("runs the event's waiting room: capacity, mode, pause, and admitting a buyer", async () => {
    await page.getByRole('link', { name: IU_TITLE }).first().click();
    await heading(IU_TITLE).waitFor();
    // A reload keeps the admin signed in (the refresh token is in this tab's sessionStorage).
    await page.reload();
    await heading(IU_TITLE).waitFor();
    expect(await page.getByTestId('event-tickets').textContent()).toBe('2');
    // Its last two weeks, day by day: today's sale is there.
    await page
      .getByTestId('event-daily-total')
      .filter({ hasText: `2매 · 순매출 ${won(sale.amount)}` })
      .waitFor();
    await page.locator('#daily-title + p + figure .recharts-bar-rectangle').first().waitFor();

    const queue = page.locator('section', { has: page.getByRole('heading', { name: '대기열' }) });
    await queue.getByLabel('모드').selectOption('ON');
    await queue.getByLabel('정원 (동시 쇼핑)').fill('5');
    await queue.getByRole('button', { name: '설정 저장' }).click();
    await queue.getByRole('status').getByText('대기열 설정을 저장했습니다.').waitFor();
    expect((await ok(stack, QUEUE, { id: IU_EVENT }, adminAuth)).queueStats.status).toMatchObject({
      mode: 'ON',
      capacity: 5,
      paused: false,
    });

    await queue.getByRole('button', { name: '입장 일시정지' }).click();
    await queue.getByRole('button', { name: '입장 재개' }).waitFor();
    expect((await ok(stack, QUEUE, { id: IU_EVENT }, adminAuth)).queueStats.status.paused).toBe(true);
    await queue.getByTestId('queue-state').filter({ hasText: '입장 일시정지' }).waitFor();

    // The buyer is picked by email, never typed in as an id.
    const admitButton = queue.getByRole('button', { name: '바로 입장' });
    expect(await admitButton.isDisabled()).toBe(true);
    await queue.getByLabel('회원 검색 (이메일·이름)').fill('nobody-here@');
    await queue.getByText('‘nobody-here@’ 회원이 없습니다.').waitFor();
    await queue.getByLabel('회원 검색 (이메일·이름)').fill(BUYER.email);
    await queue.getByRole('list', { name: '회원 검색 결과' }).getByRole('button', { name: /김팬/ }).click();
    expect(await queue.getByTestId('picked-user').textContent()).toContain(BUYER.email);
    await admitButton.click();
    await queue.getByRole('status').getByText(`김팬 (${BUYER.email}) 회원을 입장시켰습니다.`).waitFor();
    const ticket = await ok(
      stack,
      'query($id: ID!) { myQueueTicket(eventId: $id) { state } }',
      { id: IU_EVENT },
      buyer.auth,
    );
    expect(ticket.myQueueTicket.state).toBe('ADMITTED');
    await queue.getByTestId('queue-active').filter({ hasText: '1 / 5' }).waitFor();
    await shot(page, 'event', 'admin');
  });

  it('refunds part of a paid reservation, and the payment shows it', async () => {
    const row = page.getByTestId(`reservation-${sale.reservationId}`);
    await row.getByText('결제 완료').waitFor();
    expect(await row.getByRole('cell').nth(1).textContent()).toContain('김팬');
    await row.getByRole('button', { name: '환불' }).click();
    const form = row.getByRole('form', { name: '환불' });
    await form.getByLabel(/환불 금액/).fill('10000');
    await form.getByLabel('사유').fill('시야 제한석');
    await form.getByRole('button', { name: '환불하기' }).click();
    await row.getByTestId('payment-status').filter({ hasText: '부분 환불' }).waitFor();
    expect(await row.getByTestId('payment-status').textContent()).toContain(`환불 ${won(10_000)}`);

    const { payment } = await ok(
      stack,
      'query($id: ID!) { payment(id: $id) { status refundedAmount } }',
      { id: sale.paymentId },
      adminAuth,
    );
    expect(payment).toEqual({ status: 'PARTIAL_CANCELED', refundedAmount: 10_000 });

    // More than is left does not leave the browser (payment would refuse it too).
    await row.getByRole('button', { name: '환불' }).click();
    const amount = form.getByLabel(/환불 금액/);
    expect(await amount.getAttribute('max')).toBe(String(sale.amount - 10_000));
    await amount.fill(String(sale.amount));
    await form.getByLabel('사유').fill('전액');
    await form.getByRole('button', { name: '환불하기' }).click();
    expect(await amount.evaluate((input: HTMLInputElement) => input.validity.rangeOverflow)).toBe(true);
    await form.getByRole('button', { name: '닫기' }).click();
    expect(
      (
        await ok(
          stack,
          'query($id: ID!) { payment(id: $id) { refundedAmount } }',
          { id: sale.paymentId },
          adminAuth,
        )
      ).payment.refundedAmount,
    ).toBe(10_000);
  });

  it('takes seats out of sale on the map and puts them back', async () => {
    const seatsNow = async () =>
      (
        await ok(
          stack,
          'query($id: ID!) { event(id: $id) { seatMap { seats { id label status } } } }',
          { id: IU_EVENT },
          adminAuth,
        )
      ).event.seatMap.seats as { id: string; label: string; status: string }[];
    const [a, b] = (await seatsNow()).filter((seat) => seat.status === 'AVAILABLE');
    const sold = (await seatsNow()).find((seat) => seat.status === 'SOLD')!;
    const blocker = page.locator('section', { has: page.getByRole('heading', { name: '좌석 판매 중지' }) });
    const seat = (label: string) => blocker.getByRole('checkbox', { name: new RegExp(`^${label} \\(`) });
    for (const label of [a!.label, b!.label, sold.label]) await seat(label).click();
    // A sold seat can be picked but is not blocked.
    await blocker.getByRole('button', { name: '판매 중지 (2)' }).click();
    await blocker.getByRole('status').getByText('2석의 판매를 중지했습니다.').waitFor();
    const after = new Map((await seatsNow()).map((s) => [s.id, s.status]));
    expect([after.get(a!.id), after.get(b!.id), after.get(sold.id)]).toEqual(['BLOCKED', 'BLOCKED', 'SOLD']);
    expect(await seat(a!.label).getAttribute('aria-label')).toBe(`${a!.label} (판매 중지)`);

    await seat(a!.label).click();
    await seat(b!.label).click();
    await blocker.getByRole('button', { name: '판매 재개 (2)' }).click();
    await blocker.getByRole('status').getByText('2석을 다시 판매합니다.').waitFor();
    const back = new Map((await seatsNow()).map((s) => [s.id, s.status]));
    expect([back.get(a!.id), back.get(b!.id)]).toEqual(['AVAILABLE', 'AVAILABLE']);
  });

  it('builds a seat layout from blocks of seats, previews it, and saves it for events', async () => {
    await page
      .getByRole('navigation', { name: '관리 메뉴' })
      .getByRole('link', { name: '좌석 배치' })
      .click();
    await heading('좌석 배치').waitFor();
    await page.getByLabel('이름', { exact: true }).fill('블루스퀘어 소극장');
    const first = page.getByRole('group', { name: '구역 1' });
    await first.getByLabel('구역 이름').fill('1층');
    await first.getByLabel('등급 코드').fill('vip');
    await first.getByLabel('열 수').fill('2');
    await first.getByLabel('열당 좌석').fill('4');
    await first.getByLabel(/통로/).fill('2');
    const second = page.getByRole('group', { name: '구역 2' });
    await second.getByLabel('구역 이름').fill('2층');
    await second.getByLabel('등급 코드').fill('R');
    await second.getByLabel('열 수').fill('3');
    await second.getByLabel('열당 좌석').fill('3');
    await second.getByLabel(/통로/).fill('0');
    await second.getByLabel('열 이름').selectOption('numbers');
    await page.getByRole('img', { name: '좌석 17석 미리보기' }).waitFor();
    expect(await page.locator('figure.layout-preview circle').count()).toBe(17);
    await page.getByRole('button', { name: '좌석 배치 저장' }).click();
    await page.getByRole('status').getByText('"블루스퀘어 소극장" (17석)을 저장했습니다.').waitFor();

    // One layout's seats at a time: every layout's seats in one request is over the router's cost limit.
    const { seatLayouts } = await ok(stack, '{ seatLayouts { id name } }', {}, adminAuth);
    const { seatLayout: saved } = await ok(
      stack,
      'query($id: ID!) { seatLayout(id: $id) { name seatCount ticketTypeCodes sections { name rows { name seats { number gapBefore } } } } }',
      { id: seatLayouts.find((l: { name: string }) => l.name === '블루스퀘어 소극장').id },
      adminAuth,
    );
    expect(saved).toMatchObject({ seatCount: 17, ticketTypeCodes: expect.arrayContaining(['VIP', 'R']) });
    expect(saved.sections[0].rows.map((r: { name: string }) => r.name)).toEqual(['A', 'B']);
    expect(saved.sections[1].rows.map((r: { name: string }) => r.name)).toEqual(['1', '2', '3']);
    expect(saved.sections[0].rows[0].seats.map((s: { gapBefore: boolean }) => s.gapBefore)).toEqual([
      false,
      false,
      true,
      false,
    ]);
    await page.getByRole('row', { name: /블루스퀘어 소극장/ }).waitFor();
    await shot(page, 'layouts', 'admin');
  });

  it('adds a venue and an artist, and links a Korean and an English search word', async () => {
    await page
      .getByRole('navigation', { name: '관리 메뉴' })
      .getByRole('link', { name: '공연장·아티스트' })
      .click();
    await heading('공연장·아티스트').waitFor();
    const venue = page.getByRole('form', { name: '새 공연장' });
    await venue.getByLabel('이름', { exact: true }).fill('티켓홀');
    await venue.getByLabel('도시').fill('서울');
    await venue.getByLabel('좌석 수 (선택)').fill('500');
    await venue.getByRole('button', { name: '공연장 추가' }).click();
    await page.getByRole('status').getByText('공연장 "티켓홀"을(를) 추가했습니다.').waitFor();
    const artist = page.getByRole('form', { name: '새 아티스트' });
    await artist.getByLabel('이름', { exact: true }).fill('새별');
    await artist.getByLabel('영문 이름 (선택)').fill('SAEBYEOL');
    await artist.getByRole('button', { name: '아티스트 추가' }).click();
    await page.getByRole('status').getByText('아티스트 "새별"을(를) 추가했습니다.').waitFor();
    const keywords = page.getByRole('form', { name: '새 검색어 연결' });
    await keywords.getByLabel('한국어').fill('티켓페스타');
    await keywords.getByLabel('영어').fill('tiketi fest');
    await keywords.getByRole('button', { name: '연결' }).click();
    await page.getByRole('button', { name: '티켓페스타 ↔ tiketi fest 연결 해제' }).waitFor();

    const catalog = await ok(
      stack,
      '{ venues { name city capacity } artists(query: "SAEBYEOL") { name nameEn } keywordMappings { korean english } }',
      {},
      adminAuth,
    );
    expect(catalog.venues).toContainEqual({ name: '티켓홀', city: '서울', capacity: 500 });
    expect(catalog.artists[0]).toEqual({ name: '새별', nameEn: 'SAEBYEOL' });
    expect(catalog.keywordMappings).toContainEqual({ korean: '티켓페스타', english: 'tiketi fest' });
  });

  it('creates a draft event with its line-up, seats and prices it, gives it a poster, edits it, publishes it, cancels it, and deletes it', async () => {
    await page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '이벤트' }).click();
    await page.getByRole('link', { name: '새 이벤트' }).click();
    await heading('새 이벤트').waitFor();
    await page.getByLabel('제목', { exact: true }).fill('2027 TIKETI 페스티벌');
    await page.getByLabel('영문 제목 (선택)').fill('TIKETI FESTIVAL 2027');
    await page.getByLabel('분류').fill('festival');
    await page.getByLabel('공연장').selectOption({ label: '티켓홀 (서울)' });
    await page.getByLabel('아티스트 검색').fill('새별');
    await page.getByRole('button', { name: '새별 추가' }).click();
    await page.getByRole('list', { name: '출연 순서' }).getByText('새별').waitFor();
    await page.getByLabel('공연 일시 (한국 시간)').fill('2027-05-05T18:00');
    await page.getByLabel('예매 시작 (한국 시간)').fill('2027-04-01T20:00');
    await page.getByRole('button', { name: '이벤트 만들기' }).click();
    await heading('2027 TIKETI 페스티벌').waitFor();
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    const read = async () =>
      (
        await ok(
          stack,
          'query($id: ID!) { event(id: $id) { status startsAt saleStartsAt } }',
          { id },
          adminAuth,
        )
      ).event;
    const lineUp = await ok(
      stack,
      'query($id: ID!) { event(id: $id) { venue { name } artists { name } } }',
      { id },
      adminAuth,
    );
    expect(lineUp.event).toEqual({ venue: { name: '티켓홀' }, artists: [{ name: '새별' }] });
    expect(await read()).toEqual({
      status: 'DRAFT',
      // Entered as Korean time.
      startsAt: '2027-05-05T09:00:00.000Z',
      saleStartsAt: '2027-04-01T11:00:00.000Z',
    });

    // Seats and prices from a layout template, once seating has heard of the event (catalog.event.changed).
    await until(
      async () =>
        (
          await stack.seating[0]!.orm.orm.em.fork()
            .getConnection()
            .execute('select 1 from seating.events where event_id = ?', [id])
        ).length > 0,
      10_000,
      'seating to learn the new event',
    );
    const seating = page.locator('section', { has: page.getByRole('heading', { name: '좌석 배치와 가격' }) });
    const layouts = seating.getByLabel('좌석 배치');
    await layouts.locator('option', { hasText: 'Small hall' }).waitFor({ state: 'attached' });
    await layouts.selectOption(
      (await layouts.locator('option', { hasText: 'Small hall' }).getAttribute('value'))!,
    );
    await seating.getByRole('group', { name: 'R석' }).getByLabel('가격 (원)').fill('99000');
    await seating.getByRole('group', { name: 'S석' }).getByLabel('가격 (원)').fill('77000');
    await seating.getByRole('button', { name: '좌석 배치 적용' }).click();
    await seating
      .getByRole('status')
      .getByText(/좌석 [\d,]+석을 배치했습니다/)
      .waitFor();
    const seats = await ok(
      stack,
      'query($id: ID!) { event(id: $id) { ticketTypes { code name price } availability { total } } }',
      { id },
      adminAuth,
    );
    expect(seats.event.ticketTypes).toEqual([
      { code: 'R', name: 'R석', price: 99_000 },
      { code: 'S', name: 'S석', price: 77_000 },
    ]);
    expect(seats.event.availability.total).toBeGreaterThan(0);
    await seating.getByTestId('ticket-types').filter({ hasText: 'R석 99,000원 · S석 77,000원' }).waitFor();

    // A poster, uploaded from the file picker to the router's disk and shown from there.
    const poster = page.locator('section', {
      has: page.getByRole('heading', { name: '포스터', exact: true }),
    });
    await poster
      .getByLabel(/포스터 이미지 올리기/)
      .setInputFiles({ name: 'poster.png', mimeType: 'image/png', buffer: PNG });
    await poster.getByRole('status').getByText('포스터를 올렸습니다.').waitFor();
    const { posterUrl } = (
      await ok(stack, 'query($id: ID!) { event(id: $id) { posterUrl } }', { id }, adminAuth)
    ).event;
    expect(posterUrl).toMatch(/^\/media\/posters\/[0-9a-f-]{36}\.png$/);
    const served = await fetch(new URL(posterUrl, stack.routerUrl));
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
    const preview = poster.getByRole('img', { name: /포스터/ });
    await preview.waitFor();
    await page.waitForFunction((img) => (img as HTMLImageElement).complete, await preview.elementHandle());
    expect(await preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);

    // Its details, edited: the page and catalog agree.
    const details = page.locator('section', { has: page.getByRole('heading', { name: '이벤트 정보' }) });
    await details.getByLabel('제목', { exact: true }).fill('2027 TIKETI 페스티벌 (1차)');
    await details.getByLabel('공연 일시 (한국 시간)').fill('2027-05-05T17:30');
    await details.getByRole('button', { name: '정보 저장' }).click();
    await heading('2027 TIKETI 페스티벌 (1차)').waitFor();
    expect(await read()).toMatchObject({ startsAt: '2027-05-05T08:30:00.000Z' });
    expect(await details.getByLabel('공연 일시 (한국 시간)').inputValue()).toBe('2027-05-05T17:30');

    const controls = page.locator('section', { has: page.getByRole('heading', { name: '판매 상태' }) });
    await controls.getByLabel('상태').selectOption('SCHEDULED');
    await controls.getByRole('button', { name: '상태 변경' }).click();
    await controls.getByRole('status').getByText('판매 예정').waitFor();
    expect((await read()).status).toBe('SCHEDULED');
    // Public now: buyers find it by its artist's English name.
    const found = await gql(stack.routerUrl, '{ events(query: "saebyeol") { edges { node { id } } } }');
    expect(found.data?.events.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(id);
    await controls.getByLabel('상태').selectOption('CANCELLED');
    await controls.getByRole('button', { name: '상태 변경' }).click();
    await controls.getByRole('status').getByText('취소됨').waitFor();
    expect((await read()).status).toBe('CANCELLED');
    // CANCELLED is final: catalog refuses the move, and the page says so in catalog's words.
    await controls.getByLabel('상태').selectOption('SCHEDULED');
    await controls.getByRole('button', { name: '상태 변경' }).click();
    await controls.getByRole('alert').waitFor();
    expect((await read()).status).toBe('CANCELLED');

    page.once('dialog', (dialog) => void dialog.accept());
    await controls.getByRole('button', { name: '이벤트 삭제' }).click();
    await heading('이벤트').waitFor();
    expect(await read()).toBeNull();
  });

  it('publishes news about an event and takes it down', async () => {
    const title = `티켓 오픈 안내 ${Date.now()}`;
    await page.getByRole('navigation', { name: '관리 메뉴' }).getByRole('link', { name: '소식' }).click();
    await heading('소식').waitFor();
    await page.getByLabel('제목').fill(title);
    await page.getByLabel('본문').fill('예매는 TIKETI에서만 진행됩니다.');
    await page.getByLabel('관련 이벤트 (선택)').selectOption({ label: IU_TITLE });
    await page.getByRole('button', { name: '게시하기' }).click();
    await page.getByRole('status').getByText('게시했습니다').waitFor();
    const published = async () =>
      (
        await gql<{ news: { edges: { node: { title: string; event: { id: string } | null } }[] } }>(
          stack.routerUrl,
          '{ news(first: 50) { edges { node { title event { id } } } } }',
        )
      ).data!.news.edges.map((e) => e.node);
    expect(await published()).toContainEqual({ title, event: { id: IU_EVENT } });
    await page.getByRole('row', { name: new RegExp(title) }).waitFor();

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: `${title} 게시 내리기` }).click();
    await page.getByRole('status').getByText('게시를 내렸습니다').waitFor();
    expect((await published()).map((n) => n.title)).not.toContain(title);
  });

  it('issues a partner API key that reads the public graph, and revokes it', async () => {
    await page
      .getByRole('navigation', { name: '관리 메뉴' })
      .getByRole('link', { name: '파트너 API' })
      .click();
    await heading('파트너 API 키').waitFor();
    await page.getByLabel('이름 (누구에게 주는 키인지)').fill('예매 대행사');
    await page.getByLabel('소식').check();
    await page.getByLabel('분당 요청 수').fill('120');
    await page.getByRole('button', { name: '키 발급' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^tk_/);
    const asPartner = (query: string) => gql(stack.routerUrl, query, {}, { 'x-api-key': secret });
    expect((await asPartner('{ news(first: 1) { edges { node { title } } } }')).status).toBe(200);
    // Not given AVAILABILITY_READ.
    expect((await asPartner(`{ event(id: "${IU_EVENT}") { availability { total } } }`)).status).toBe(403);
    const row = page.getByRole('row', { name: /예매 대행사/ });
    await row.getByText('사용 중').waitFor();
    expect(await row.textContent()).not.toContain(secret);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: '예매 대행사 키 폐기' }).click();
    await row.getByText(/폐기됨/).waitFor();
    expect((await asPartner('{ news(first: 1) { edges { node { title } } } }')).status).toBe(401);
    await shot(page, 'partners', 'admin');
  });

  it('shows what admins did in every service, with who did it', async () => {
    // Each service records its own; stats gathers them from their domain events, a moment later.
    const expected = [
      'queue.configure',
      'queue.force_admit',
      'payment.refund',
      'layout.create',
      'news.publish',
      'api_key.create',
    ];
    await until(
      async () => {
        const { adminActions } = await ok(
          stack,
          '{ adminActions(first: 100) { edges { node { action } } } }',
          {},
          adminAuth,
        );
        const seen = new Set(adminActions.edges.map((e: { node: { action: string } }) => e.node.action));
        return expected.every((a) => seen.has(a));
      },
      10_000,
      'every service’s admin actions in stats',
    );
    await page
      .getByRole('navigation', { name: '관리 메뉴' })
      .getByRole('link', { name: '감사 기록' })
      .click();
    await heading('감사 기록').waitFor();
    const row = (action: string) =>
      page.locator(`[data-testid="audit-row"][data-action="${action}"]`).first();
    for (const action of expected) {
      await row(action).waitFor();
      expect(await row(action).textContent()).toContain('운영자');
    }
    // People, events and actions by name; ids and JSON only behind "원본".
    const admitted = row('queue.force_admit');
    await admitted.getByText('김팬').waitFor();
    await admitted.getByRole('link', { name: IU_TITLE }).waitFor();
    const shown = await admitted.innerText();
    expect(shown).toContain('바로 입장');
    expect(shown).not.toContain(buyer.userId);
    expect(shown).not.toContain(IU_EVENT);
    expect(shown).not.toContain('{');
    expect(await row('queue.configure').innerText()).toMatch(/모드 켜짐 · 동시 입장 5명/);
    expect(await row('payment.refund').innerText()).toContain('부분 환불 10,000원');
    await page.getByLabel('서비스').selectOption('payment');
    await row('news.publish').waitFor({ state: 'detached' });
    await row('payment.refund').waitFor();
    expect(await page.locator('[data-action="queue.configure"]').count()).toBe(0);
    await shot(page, 'audit', 'admin');
  });

  it('fits a tablet and a phone: the menu behind a button, wide tables scrolling in their box', async () => {
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      for (const path of [
        '/',
        '/events',
        `/events/${IU_EVENT}`,
        '/catalog',
        '/layouts',
        '/news',
        '/partners',
        '/audit',
      ]) {
        await page.goto(`${site.origin}${path}`);
        await page.locator('h1').first().waitFor();
        await page.locator('.table, .card, form').first().waitFor();
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({
          scrollWidth: document.documentElement.scrollWidth,
          innerWidth: window.innerWidth,
        }));
        // On failure, name the elements that stick out.
        const wide =
          scrollWidth <= innerWidth
            ? ''
            : await page.evaluate(() =>
                [...document.querySelectorAll('body *')]
                  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
                  .slice(0, 8)
                  .map((e) => `${e.tagName.toLowerCase()}.${e.className}`)
                  .join(' '),
              );
        expect(scrollWidth, `${path} at ${viewport.width}: ${wide}`).toBeLessThanOrEqual(innerWidth);
      }
      // The audit table is wider than a phone: it scrolls inside itself.
      if (viewport.width === 390) {
        const table = page.locator('table.table').first();
        const { scroll, client } = await table.evaluate((t) => ({
          scroll: t.scrollWidth,
          client: t.clientWidth,
        }));
        expect(scroll).toBeGreaterThan(client);
      }
      await shot(page, `audit-${viewport.width}`, 'admin');
      const nav = page.getByRole('navigation', { name: '관리 메뉴' });
      expect(await nav.isVisible()).toBe(false);
      const menu = page.getByRole('button', { name: '메뉴' });
      await menu.click();
      expect(await menu.getAttribute('aria-expanded')).toBe('true');
      await nav.getByRole('link', { name: '이벤트' }).click();
      await heading('이벤트').waitFor();
      expect(await nav.isVisible()).toBe(false);
    }
    await page.setViewportSize({ width: 1440, height: 1000 });
  });

  it('logs out and ends the session at auth', async () => {
    const refreshToken = await page.evaluate(() => sessionStorage.getItem('tiketi.refreshToken'));
    expect(refreshToken).toBeTruthy();
    const revoked = page.waitForResponse(
      (response) => response.request().postDataJSON()?.operationName === 'AdminLogOut',
    );
    await page.getByRole('button', { name: '로그아웃' }).click();
    await heading('TIKETI 관리자 로그인').waitFor();
    expect((await revoked).ok()).toBe(true);
    const reuse = await gql(
      stack.routerUrl,
      'mutation($t: String!) { refreshSession(refreshToken: $t) { expiresIn } }',
      { t: refreshToken },
    );
    expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('did all that without a page error or a refused request', () => {
    expect(pageErrors).toEqual([]);
  });

  it('sent every operation as a registered trusted-document id, never as text', () => {
    // The session's renewal is shared code (@tiketi/live-client renew.ts) with the admin's own RefreshSession document.
    const ids = sentDocumentIds(sent, { ...webManifest, ...manifest });
    expect(new Set(ids).size).toBeGreaterThan(10);
  });
});
