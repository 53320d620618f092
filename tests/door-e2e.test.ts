import { fileURLToPath } from 'node:url';
import { seedUser } from '@tiketi/auth';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Site, shot, startSite, watchErrors } from '../web/test/support/app.ts';
import { bearer, seatEvent, tokenMinter, until } from './support/live.ts';
import { type Buyer, CONFIRM, checkout, ok } from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Tickets after the sale across both apps in real Chromium (issue 17): the buyer's phone shows each seat's
 * rotating QR (made on the phone, still rotating with the network gone); the door — the admin app's scanner page,
 * fed the QR as a picture, without a camera — admits it once, refuses a second entry and a cancelled ticket, and
 * offline admits on its own, queues the check-in and, back online, reports the other door's earlier entry.
 */

const tokens = tokenMinter();
const EVENT = SEED_IDS.events.iuHereh;
const ADMIN = { email: 'door-admin@tiketi.test', password: 'door-pass-2026' };
const webRoot = fileURLToPath(new URL('../web/', import.meta.url));
const adminRoot = fileURLToPath(new URL('../admin/', import.meta.url));

let stack: Stack;
let web: Site;
let admin: Site;
let browser: Browser;
let phone: BrowserContext;
let door: BrowserContext;
let phonePage: Page;
let doorPage: Page;
const errors: string[] = [];
let buyer: Buyer;
let adminAuth: Record<string, string>;
/** seats[0], seats[1]: one paid order; seats[2]: an order the buyer cancels */
let pair: { reservationId: string; seatLabels: string[] };
let cancelled: { reservationId: string };

async function buy(seatIds: string[]) {
  const { reservation, widget } = await checkout(stack, buyer, EVENT, seatIds);
  await ok(stack, CONFIRM, { input: widget }, buyer.auth);
  await until(
    async () =>
      (
        await ok(
          stack,
          'query($id: ID!) { reservation(id: $id) { status } }',
          { id: reservation.id },
          buyer.auth,
        )
      ).reservation.status === 'CONFIRMED',
    10_000,
    'the reservation CONFIRMED',
  );
  return reservation.id as string;
}

beforeAll(async () => {
  web = await startSite(webRoot);
  admin = await startSite(adminRoot);
  stack = await startStack({
    seating: 1,
    payment: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
      router: { CORS_ORIGINS: `${web.origin},${admin.origin}` },
    },
  });
  await seedCatalog(stack.catalog.orm);
  await seedUser(stack.auth.orm, { ...ADMIN, role: 'ADMIN', name: '입장 관리자' });
  adminAuth = bearer(tokens.admin());
  const signUp = await gql(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { refreshToken user { id } } }',
    { input: { email: 'door-fan@example.com', password: 'ticket-pass-2026', name: '입장 팬' } },
  );
  if (signUp.errors) throw new Error(JSON.stringify(signUp.errors));
  const userId = signUp.data!.signUp.user.id as string;
  buyer = { userId, auth: bearer(tokens.mint({ sub: userId, role: 'USER' })) };

  const seats = await seatEvent(stack, EVENT, tokens.admin());
  pair = {
    reservationId: await buy([seats[0]!.id, seats[1]!.id]),
    seatLabels: [seats[0]!.label, seats[1]!.label],
  };
  cancelled = { reservationId: await buy([seats[2]!.id]) };

  await Promise.all([
    web.build({ VITE_GRAPHQL_URL: stack.routerUrl }),
    admin.build({ VITE_GRAPHQL_URL: stack.routerUrl }),
  ]);
  browser = await launchChromium();
  phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    timezoneId: 'Asia/Seoul',
  });
  await phone.addInitScript((token) => {
    if (!sessionStorage.getItem('e2e.seeded')) {
      sessionStorage.setItem('e2e.seeded', '1');
      localStorage.setItem('tiketi.refreshToken', token);
    }
  }, signUp.data!.signUp.refreshToken as string);
  phonePage = await phone.newPage();
  watchErrors(phonePage, errors);
  door = await browser.newContext({ viewport: { width: 800, height: 1000 }, timezoneId: 'Asia/Seoul' });
  doorPage = await door.newPage();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await admin?.stop();
  await stack?.stop();
});

const ticketOf = (label: string) => phonePage.locator(`[data-testid="ticket"][aria-label="${label}"]`);

/** The QR the phone shows for a seat right now: its payload, and a picture of it as a camera would see it. */
async function qrOf(label: string): Promise<{ payload: string; png: Buffer }> {
  const figure = ticketOf(label).locator('figure.rotating-qr');
  await figure.waitFor();
  const payload = (await figure.getAttribute('data-qr-payload'))!;
  const png = await ticketOf(label).getByTestId('ticket-qr').screenshot();
  return { payload, png };
}

/** Feeds the door a picture of a QR and waits for its new verdict. */
async function scan(png: Buffer) {
  const verdict = doorPage.getByTestId('door-verdict');
  const before = await verdict.getAttribute('data-stamp');
  await doorPage
    .getByTestId('door-picture')
    .setInputFiles({ name: 'ticket.png', mimeType: 'image/png', buffer: png });
  await expect.poll(() => verdict.getAttribute('data-stamp'), { timeout: 10_000 }).not.toBe(before);
  return {
    outcome: await verdict.getAttribute('data-outcome'),
    offline: (await verdict.getAttribute('data-offline')) === 'true',
    reason: await doorPage.getByTestId('door-reason').textContent(),
    seat: await doorPage
      .getByTestId('door-seat')
      .textContent()
      .catch(() => null),
  };
}

describe('tickets at the door (issue 17)', () => {
  it("the buyer's phone shows a QR per seat that rotates every 15 s, and keeps rotating offline", async () => {
    await phonePage.goto(`${web.origin}/me/tickets`);
    await ticketOf(pair.seatLabels[0]!).locator('canvas').waitFor();
    expect(await phonePage.getByTestId('ticket').count()).toBe(3);
    const figure = ticketOf(pair.seatLabels[0]!).locator('figure.rotating-qr');
    const first = {
      step: Number(await figure.getAttribute('data-code-step')),
      qr: await figure.getAttribute('data-qr-payload'),
    };
    // The credential stays; the code after it changes with the step.
    const credential = first.qr!.slice(0, first.qr!.lastIndexOf('.'));
    await expect
      .poll(async () => Number(await figure.getAttribute('data-code-step')), {
        timeout: 17_000,
        interval: 500,
      })
      .toBe(first.step + 1);
    const next = (await figure.getAttribute('data-qr-payload'))!;
    expect(next.startsWith(`${credential}.`)).toBe(true);
    expect(next).not.toBe(first.qr);
    await shot(phonePage, 'tickets');
    // Once through the account page and back, so both pages' code is in the browser.
    await phonePage.locator('a.account').click();
    await phonePage.getByTestId('my-tickets-link').click();
    await ticketOf(pair.seatLabels[0]!).locator('canvas').waitFor();

    // No network: leave the page and come back inside the app; the tickets are still there and still rotate.
    await phone.setOffline(true);
    await phonePage.locator('a.account').click();
    await phonePage.getByTestId('my-tickets-link').click();
    const offlineFigure = ticketOf(pair.seatLabels[0]!).locator('figure.rotating-qr');
    await offlineFigure.waitFor();
    const stepOffline = Number(await offlineFigure.getAttribute('data-code-step'));
    await expect
      .poll(async () => Number(await offlineFigure.getAttribute('data-code-step')), {
        timeout: 17_000,
        interval: 500,
      })
      .toBe(stepOffline + 1);
    await phone.setOffline(false);
  }, 60_000);

  it('the door admits a ticket once, refuses the second scan and a cancelled ticket', async () => {
    await doorPage.goto(`${admin.origin}/scan/${EVENT}`);
    await doorPage.getByLabel('이메일').fill(ADMIN.email);
    await doorPage.getByLabel('비밀번호').fill(ADMIN.password);
    await doorPage.getByRole('button', { name: '로그인' }).click();
    await doorPage.getByTestId('door').waitFor();
    await expect.poll(() => doorPage.getByTestId('door-connection').textContent()).toBe('온라인');

    // Grab the cancelled order's QR while it is still valid, then cancel the order.
    const doomedLabel = (
      await ok(
        stack,
        'query($id: ID!) { reservation(id: $id) { tickets { seatLabel } } }',
        { id: cancelled.reservationId },
        buyer.auth,
      )
    ).reservation.tickets[0].seatLabel as string;
    const doomed = await qrOf(doomedLabel);
    await ok(
      stack,
      'mutation($id: ID!) { cancelReservation(id: $id) { status } }',
      { id: cancelled.reservationId },
      buyer.auth,
    );

    const { png } = await qrOf(pair.seatLabels[0]!);
    const admitted = await scan(png);
    expect(admitted).toMatchObject({ outcome: 'ADMITTED', offline: false, seat: pair.seatLabels[0] });
    await shot(doorPage, 'door-admitted', 'admin');

    const again = await scan(png);
    expect(again.outcome).toBe('REFUSED');
    expect(again.reason).toContain('이미 입장한 티켓');
    await shot(doorPage, 'door-already', 'admin');

    const revoked = await scan(doomed.png);
    expect(revoked.outcome).toBe('REFUSED');
    expect(revoked.reason).toContain('취소·환불');

    // The server agrees: the first seat is CHECKED_IN, and the buyer's phone says so.
    const tickets = (
      await ok(
        stack,
        'query($id: ID!) { reservation(id: $id) { tickets { seatLabel state } } }',
        { id: pair.reservationId },
        buyer.auth,
      )
    ).reservation.tickets;
    expect(tickets).toContainEqual({ seatLabel: pair.seatLabels[0], state: 'CHECKED_IN' });
  }, 60_000);

  it('offline, the door admits on its own and queues; back online it syncs and shows the other door’s earlier entry', async () => {
    await phonePage.reload();
    const { png, payload } = await qrOf(pair.seatLabels[1]!);
    await door.setOffline(true);
    await expect.poll(() => doorPage.getByTestId('door-connection').textContent()).toBe('오프라인');
    const offline = await scan(png);
    expect(offline).toMatchObject({ outcome: 'ADMITTED', offline: true, seat: pair.seatLabels[1] });
    await expect.poll(() => doorPage.getByTestId('door-pending').textContent()).toBe('1');

    // Meanwhile another door, online, let the same ticket in first.
    const other = await ok(
      stack,
      'mutation($e: ID!, $p: String!, $d: String!) { checkIn(eventId: $e, payload: $p, deviceId: $d) { outcome } }',
      { e: EVENT, p: payload, d: 'door-east' },
      adminAuth,
    );
    expect(other.checkIn.outcome).toBe('ADMITTED');

    await door.setOffline(false);
    await expect
      .poll(() => doorPage.getByTestId('door-pending').textContent(), { timeout: 15_000 })
      .toBe('0');
    const conflicts = doorPage.getByTestId('door-conflicts');
    await conflicts.waitFor({ timeout: 15_000 });
    await expect.poll(() => conflicts.textContent()).toContain('door-east');
    expect(await conflicts.textContent()).toContain(pair.seatLabels[1]);
    await shot(doorPage, 'door-conflict', 'admin');
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|NetworkError/.test(e))).toEqual(
      [],
    );
  }, 60_000);
});
