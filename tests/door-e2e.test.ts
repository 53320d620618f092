import { fileURLToPath } from 'node:url';
import { seedUser } from '@tiketi/auth';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import pg from 'pg';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { launchChromium, type Site, shot, startSite, watchErrors } from '../web/test/support/app.ts';
import { openDoor, qrPicture, scanQrImage } from './support/door.ts';
import { bearer, seatEvent, tokenMinter } from './support/live.ts';
import { type Buyer, ok, purchase } from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Tickets at the door across both apps in real Chromium (issue 17): the door — the admin app's scanner page, fed
 * a picture of the QR the buyer's ticket page shows, without a camera — admits a ticket once, refuses a second
 * entry and a cancelled ticket, and offline admits on its own, queues the check-in and, back online, reports the
 * other door's earlier entry. (The phone's side — rotation, offline, transfer, resale — is web/test/tickets-e2e.)
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

const buy = async (seatIds: string[]) => (await purchase(stack, buyer, EVENT, seatIds)).reservationId;

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
  doorPage = await openDoor(browser, admin.origin, EVENT, ADMIN);
  door = doorPage.context();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await admin?.stop();
  await stack?.stop();
});

/** The tickets of a reservation, by seat label. */
async function ticketIds(reservationId: string): Promise<Map<string, string>> {
  const { reservation } = await ok(
    stack,
    'query($id: ID!) { reservation(id: $id) { tickets { id seatLabel } } }',
    { id: reservationId },
    buyer.auth,
  );
  return new Map(
    (reservation.tickets as { id: string; seatLabel: string }[]).map((t) => [t.seatLabel, t.id]),
  );
}

/** The QR the buyer's phone shows for a ticket right now: its payload and a picture of it. */
async function qrOf(ticketId: string) {
  await phonePage.goto(`${web.origin}/me/tickets/${ticketId}`);
  return qrPicture(phonePage);
}

const scan = (png: Buffer) => scanQrImage(doorPage, png);

describe('tickets at the door (issue 17)', () => {
  it('the door admits a ticket once, refuses the second scan and a cancelled ticket', async () => {
    // Grab the cancelled order's QR while it is still valid, then cancel the order.
    const [doomedId] = [...(await ticketIds(cancelled.reservationId)).values()];
    const doomed = await qrOf(doomedId!);
    await ok(
      stack,
      'mutation($id: ID!) { cancelReservation(id: $id) { status } }',
      { id: cancelled.reservationId },
      buyer.auth,
    );

    const pairTickets = await ticketIds(pair.reservationId);
    const { png } = await qrOf(pairTickets.get(pair.seatLabels[0]!)!);
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
    const { png, payload } = await qrOf((await ticketIds(pair.reservationId)).get(pair.seatLabels[1]!)!);
    await door.setOffline(true);
    await expect
      .poll(() => doorPage.getByTestId('door-connection').textContent(), { timeout: 5_000 })
      .toBe('오프라인');
    const offline = await scan(png);
    expect(offline).toMatchObject({ outcome: 'ADMITTED', offline: true, seat: pair.seatLabels[1] });
    await expect.poll(() => doorPage.getByTestId('door-pending').textContent(), { timeout: 5_000 }).toBe('1');

    // Meanwhile another door, online, let the same ticket in first.
    const other = await ok(
      stack,
      'mutation($e: ID!, $p: String!, $d: String!) { checkIn(eventId: $e, payload: $p, deviceId: $d) { outcome } }',
      { e: EVENT, p: payload, d: 'door-east' },
      adminAuth,
    );
    expect(other.checkIn.outcome).toBe('ADMITTED');

    // A transaction elsewhere in the cluster still running, as on a busy on-sale night, holds every kit's cursor
    // back: the door must hear of the conflict from its sync's answer, not from a kit half a minute later.
    const elsewhere = new pg.Client({ connectionString: stack.infra.databaseUrl });
    await elsewhere.connect();
    await elsewhere.query('begin');
    await elsewhere.query('select pg_current_xact_id()');
    onTestFinished(() => elsewhere.end());

    await door.setOffline(false);
    await expect
      .poll(() => doorPage.getByTestId('door-pending').textContent(), { timeout: 15_000 })
      .toBe('0');
    const conflicts = doorPage.getByTestId('door-conflicts');
    await conflicts.waitFor({ timeout: 15_000 });
    await expect.poll(() => conflicts.textContent(), { timeout: 15_000 }).toContain('door-east');
    expect(await conflicts.textContent()).toContain(pair.seatLabels[1]);
    // The cursor was indeed held back: the kit does not list it yet.
    const kit = await ok(
      stack,
      'query($e: ID!) { scannerKit(eventId: $e) { conflicts { deviceId } } }',
      { e: EVENT },
      adminAuth,
    );
    expect(kit.scannerKit.conflicts).not.toContainEqual({ deviceId: 'door-east' });
    await shot(doorPage, 'door-conflict', 'admin');
    expect(errors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to fetch|NetworkError/.test(e))).toEqual(
      [],
    );
  }, 60_000);
});
