import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { seedUser } from '@tiketi/auth';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { deriveEventKeys, verifyQr } from '@tiketi/live-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshQrPicture, openDoor, qrPicture, scanQrImage } from '../../tests/support/door.ts';
import { bearer, type Seat, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { type Buyer, CONFIRM, checkout, ok } from '../../tests/support/purchase.ts';
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
 * Tickets after the sale in Chromium (issue 17), against the whole platform behind the real router: the
 * tickets page and the rotating QR (it verifies with the event's key and changes at the 15 s step), the page
 * offline after a reload, a transfer declined, cancelled and accepted between two buyers, and a face-value
 * resale listed by one buyer and bought on the seat map by the other, after which the seller's ticket is RESOLD.
 */

const tokens = tokenMinter();
const SIGNING_SECRET = 'web-tickets-e2e-signing-secret-0123456789abcdef';
const EVENT = SEED_IDS.events.iuHereh;

const DOOR_ADMIN = { email: 'door@tiketi.test', password: 'door-pass-2026' };

let stack: Stack;
let site: Site;
/** The admin app, for its door scanner page. */
let adminSite: Site;
let browser: Browser;
let admin: string;
let seats: Seat[];
const pageErrors: string[] = [];
const sent: SentOperations[] = [];

interface Account extends Buyer {
  email: string;
  context: BrowserContext;
  page: Page;
}

/** A buyer signed up through the router, with a browser signed in as them (a phone-sized one). */
async function account(name: string): Promise<Account> {
  const email = `${name}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await gql(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken user { id } } }',
    { input: { email, password: 'ticket-pass-2026', name } },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const data = res.data as { signUp: { accessToken: string; refreshToken: string; user: { id: string } } };
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    // A phone's screen: the QR is drawn at the device's resolution, as a door's camera sees it.
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    timezoneId: 'Asia/Seoul',
  });
  // Only the first page load: the app rotates the token on every renewal and stores the new one.
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      localStorage.setItem('tiketi.refreshToken', token);
    }
  }, data.signUp.refreshToken);
  const page = await context.newPage();
  watchErrors(page, pageErrors);
  sent.push(recordOperations(page, stack.routerUrl));
  return {
    userId: data.signUp.user.id,
    auth: bearer(data.signUp.accessToken),
    email,
    context,
    page,
  };
}

/** Buys seats through the router (hold → reserve → pay on the emulator) and waits for the tickets. */
async function buy(buyer: Buyer, seatIds: string[]) {
  const { reservation, widget } = await checkout(stack, buyer, EVENT, seatIds);
  await ok(stack, CONFIRM, { input: widget }, buyer.auth);
  const read = async () =>
    (
      await ok(
        stack,
        'query($id: ID!) { reservation(id: $id) { tickets { id seatId } } }',
        { id: reservation.id },
        buyer.auth,
      )
    ).reservation.tickets as { id: string; seatId: string }[];
  await until(async () => (await read()).length === seatIds.length, 15_000, 'the tickets issued');
  return read();
}

let alice: Account;
let bob: Account;
let aliceTickets: { id: string; seatId: string }[];

beforeAll(async () => {
  site = await startSite();
  adminSite = await startSite(fileURLToPath(new URL('../../admin/', import.meta.url)));
  stack = await startStack({
    seating: 1,
    payment: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: `${site.origin},${adminSite.origin}` },
      seating: { TICKET_SIGNING_SECRET: SIGNING_SECRET },
    },
  });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  seats = await seatEvent(stack, EVENT, admin);
  await ok(
    stack,
    'mutation($e: ID!) { setTicketPolicy(eventId: $e, resaleEnabled: true) { resaleEnabled } }',
    { e: EVENT },
    bearer(admin),
  );
  await seedUser(stack.auth.orm, { ...DOOR_ADMIN, role: 'ADMIN', name: '입장 관리자' });
  await site.build({ VITE_GRAPHQL_URL: stack.routerUrl, VITE_TOSS_EMULATOR_URL: stack.toss!.url });
  await adminSite.build({ VITE_GRAPHQL_URL: stack.routerUrl });
  browser = await launchChromium();
  alice = await account('alice');
  bob = await account('bob');
  aliceTickets = await buy(alice, [seats[0]!.id, seats[1]!.id]);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  await adminSite?.stop();
  await stack?.stop();
});

const qr = (page: Page) => page.locator('canvas[data-qr-payload]');
/** What a door runs on a scanned QR, with the event's keys, now. */
const door = (payload: string) => {
  const { publicKey, scanKey } = deriveEventKeys(SIGNING_SECRET, EVENT);
  return verifyQr({ eventId: EVENT, publicKey, scanKey, payload, now: Date.now() });
};
const ticketOf = (seatId: string) => aliceTickets.find((t) => t.seatId === seatId)!.id;

describe('tickets after the sale in Chromium', { timeout: 120_000 }, () => {
  it('lists the tickets by event from my page and shows a rotating QR that the door accepts', async () => {
    const { page } = alice;
    await page.goto(`${site.origin}/me`);
    await page.getByTestId('my-tickets-link').click();
    const list = page.getByTestId('tickets');
    await list.locator(`[data-event-id="${EVENT}"]`).waitFor();
    expect(await list.locator('[data-ticket-id][data-state="VALID"]').count()).toBe(2);
    await shot(page, 'tickets');

    await list.locator(`[data-ticket-id="${ticketOf(seats[0]!.id)}"]`).click();
    await page.locator('[data-testid="ticket"][data-state="VALID"]').waitFor();
    const first = (await qr(page).getAttribute('data-qr-payload'))!;
    const firstStep = Number(await qr(page).getAttribute('data-code-step'));
    // What the door runs: signature with the event's public key, the code's time window.
    expect(door(first)).toMatchObject({
      ok: true,
      claims: { ticketId: ticketOf(seats[0]!.id), holder: alice.userId },
    });
    expect(await page.getByTestId('qr-countdown').textContent()).toMatch(/^\d+초 후 새 QR$/);
    await shot(page, 'ticket-qr');

    // The next 15 s step: a new code, the same credential.
    await page.waitForFunction(
      (step) =>
        Number(document.querySelector('canvas[data-qr-payload]')?.getAttribute('data-code-step')) > step,
      firstStep,
      { timeout: 20_000 },
    );
    const next = (await qr(page).getAttribute('data-qr-payload'))!;
    expect(next).not.toBe(first);
    expect(next.split('.').slice(0, 3)).toEqual(first.split('.').slice(0, 3));
    expect(door(next).ok).toBe(true);
    await shot(page, 'ticket-qr-next');
  });

  it('keeps working offline: a reload shows the saved ticket, its QR still rotating', async () => {
    const { page, context } = alice;
    await page.locator('html[data-offline-ready="true"]').waitFor({ timeout: 20_000 });
    const url = page.url();
    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('[data-testid="ticket-page"][data-source="device"]').waitFor({ timeout: 20_000 });
      await page.getByTestId('ticket-offline').waitFor();
      const payload = (await qr(page).getAttribute('data-qr-payload'))!;
      expect(door(payload).ok).toBe(true);
      expect(page.url()).toBe(url);
      await shot(page, 'ticket-offline');
      // A navigation inside the app, still offline: the list from the device.
      await page.getByRole('link', { name: '내 티켓' }).first().click();
      await page.locator('[data-testid="tickets"][data-source="device"]').waitFor();
      await page.getByTestId('tickets-offline').waitFor();
    } finally {
      await context.setOffline(false);
    }
  });

  it('sends a ticket to a friend: declined, offered and cancelled, then accepted', async () => {
    const ticketId = ticketOf(seats[1]!.id);
    const send = async () => {
      await alice.page.goto(`${site.origin}/me/tickets/${ticketId}`);
      const transfer = alice.page.getByTestId('transfer');
      await transfer.getByRole('button', { name: '친구에게 보내기' }).click();
      await transfer.getByLabel('받는 사람 이메일').fill(bob.email);
      await transfer.getByRole('button', { name: '보내기', exact: true }).click();
      await transfer.getByTestId('transfer-pending').waitFor();
    };

    await send();
    await shot(alice.page, 'transfer-pending');
    await bob.page.goto(`${site.origin}/me/tickets`);
    const incoming = bob.page.getByTestId('incoming-transfers');
    await incoming.waitFor();
    await shot(bob.page, 'transfer-incoming');
    await incoming.getByRole('button', { name: '거절' }).click();
    await incoming.waitFor({ state: 'detached' });
    await bob.page.getByTestId('tickets-empty').waitFor();
    await alice.page.reload();
    await alice.page.getByTestId('transfer').getByRole('button', { name: '친구에게 보내기' }).waitFor();

    // Offered again, and withdrawn by the sender.
    await send();
    await alice.page.getByRole('button', { name: '보내기 취소' }).click();
    await alice.page.getByTestId('transfer').getByRole('button', { name: '친구에게 보내기' }).waitFor();
    await bob.page.reload();
    await bob.page.getByTestId('tickets-empty').waitFor();

    // Offered a third time and accepted: the ticket is Bob's, Alice's is TRANSFERRED.
    await send();
    await bob.page.reload();
    await bob.page.getByTestId('incoming-transfers').getByRole('button', { name: '받기' }).click();
    await bob.page.locator(`[data-event-id="${EVENT}"] [data-ticket-id][data-state="VALID"]`).waitFor();
    await shot(bob.page, 'transfer-accepted');
    await alice.page.reload();
    await alice.page.locator('[data-testid="ticket"][data-state="TRANSFERRED"]').waitFor();
    expect(await qr(alice.page).count()).toBe(0);
    await alice.page.getByTestId('ticket-why').getByText('양도한 티켓').waitFor();
  });

  it('says so when the event’s transfers have closed (TRANSFER_CLOSED)', async () => {
    const policy =
      'mutation($e: ID!, $m: Int) { setTicketPolicy(eventId: $e, transferCutoffMinutes: $m) { eventId } }';
    // The event starts within 100,000 minutes: a cut-off that long has already passed.
    await ok(stack, policy, { e: EVENT, m: 100_000 }, bearer(admin));
    try {
      const { page } = alice;
      await page.goto(`${site.origin}/me/tickets/${ticketOf(seats[0]!.id)}`);
      const transfer = page.getByTestId('transfer');
      await transfer.getByRole('button', { name: '친구에게 보내기' }).click();
      await transfer.getByLabel('받는 사람 이메일').fill(bob.email);
      await transfer.getByRole('button', { name: '보내기', exact: true }).click();
      await transfer
        .getByTestId('transfer-problem')
        .getByText('티켓 양도가 마감되었습니다', { exact: false })
        .waitFor();
      await shot(page, 'transfer-closed');
    } finally {
      await ok(stack, policy, { e: EVENT, m: 60 }, bearer(admin));
    }
  });

  it('lists a ticket at face value; the other buyer buys it on the seat map; the seller’s becomes RESOLD', async () => {
    const ticketId = ticketOf(seats[0]!.id);
    const { page } = alice;
    await page.goto(`${site.origin}/me/tickets/${ticketId}`);
    const resale = page.getByTestId('resale');
    await resale.getByRole('button', { name: '정가로 판매하기' }).click();
    const price = resale.getByLabel('판매 가격 (원)');
    const face = Number(await price.inputValue());
    expect(face).toBeGreaterThan(0);
    expect(await resale.getByTestId('resale-cap').textContent()).toContain(
      `${face.toLocaleString('ko-KR')}원`,
    );
    expect(await price.getAttribute('max')).toBe(String(face));
    await resale.getByRole('button', { name: '리셀 등록' }).click();
    await resale.getByTestId('resale-listed').waitFor();
    await shot(page, 'resale-listed');

    // Bob sees the seat as a resale seat on the map, with the legend saying what the diamond means.
    await bob.page.goto(`${site.origin}/events/${EVENT}/seats`);
    const seat = bob.page.locator(`[data-seat-id="${seats[0]!.id}"][data-resale]`);
    await seat.waitFor({ timeout: 20_000 });
    expect(await seat.getAttribute('data-status')).toBe('SOLD');
    expect(await seat.getAttribute('aria-label')).toMatch(/리셀/);
    await bob.page.locator('[data-legend="RESALE"]').waitFor();
    await shot(bob.page, 'seat-map-resale');
    // Picked with the keyboard (Enter on the seat): a tap first zooms a phone's map to working size.
    await seat.focus();
    await bob.page.keyboard.press('Enter');
    const offer = bob.page.getByTestId('resale-offer');
    await offer.waitFor();
    await offer.getByRole('button', { name: '이 좌석 잡기' }).click();
    await bob.page.getByTestId('hold').waitFor();
    await bob.page.getByRole('button', { name: '예매하고 결제하기' }).click();
    await bob.page.getByRole('heading', { level: 1, name: '결제' }).waitFor();
    // The door is open before the sale completes, and Alice keeps a picture of her QR from just before it.
    const door = await openDoor(browser, adminSite.origin, EVENT, DOOR_ADMIN);
    await page.goto(`${site.origin}/me/tickets/${ticketId}`);
    const alicesOld = await freshQrPicture(page);
    await bob.page.getByRole('button', { name: '결제하기' }).click();
    await bob.page.waitForURL((url) => url.origin === new URL(stack.toss!.url).origin);
    await bob.page.getByRole('button', { name: 'Test card — approves' }).click();
    await bob.page.waitForURL((url) => url.pathname === '/payments/success');
    await bob.page.getByRole('heading', { level: 1, name: '결제가 완료되었습니다' }).waitFor();

    // Bob holds the seat's new ticket; Alice's is RESOLD, without a QR.
    await until(
      async () => {
        await bob.page.goto(`${site.origin}/me/tickets`);
        await bob.page.getByTestId('tickets').waitFor();
        return (await bob.page.locator('[data-ticket-id][data-state="VALID"]').count()) === 2;
      },
      20_000,
      'the buyer’s resale ticket',
    );
    await alice.page.reload();
    await alice.page.locator('[data-testid="ticket"][data-state="RESOLD"]').waitFor();
    expect(await qr(alice.page).count()).toBe(0);
    await shot(alice.page, 'ticket-resold');

    // At the door (the admin app's scanner, fed pictures): Alice's saved QR is refused, Bob's admitted once.
    const refused = await scanQrImage(door, alicesOld.png);
    expect(refused.outcome).toBe('REFUSED');
    expect(refused.reason).toContain('재판매');
    await shot(door, 'door-resold-refused', 'admin');
    const { me } = await ok(stack, '{ me { tickets { id seatId state } } }', {}, bob.auth);
    const bobsTicket = (me.tickets as { id: string; seatId: string; state: string }[]).find(
      (t) => t.seatId === seats[0]!.id && t.state === 'VALID',
    );
    await bob.page.goto(`${site.origin}/me/tickets/${bobsTicket!.id}`);
    const bobs = await qrPicture(bob.page);
    const admitted = await scanQrImage(door, bobs.png);
    expect(admitted).toMatchObject({ outcome: 'ADMITTED', seat: seats[0]!.label });
    await shot(door, 'door-resale-admitted', 'admin');
    const again = await scanQrImage(door, bobs.png);
    expect(again.outcome).toBe('REFUSED');
    expect(again.reason).toContain('이미 입장한 티켓');
    await door.context().close();
  });

  it('sent every operation as a registered trusted document', () => {
    const ids = sent.flatMap((s) => sentDocumentIds(s, manifest));
    expect(ids.length).toBeGreaterThan(0);
  });

  it('raised no errors in the pages', () => {
    // The offline reload's failed requests are expected; anything else is not.
    expect(pageErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|net::/.test(e))).toEqual([]);
  });
});
