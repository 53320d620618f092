import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import {
  CODE_STEP_SECONDS,
  codeStep,
  fromBase64Url,
  OfflineDoor,
  readCredential,
  rotatingCode,
  type ScannerKitData,
} from '@tiketi/live-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Seat, seatEvent, tokenMinter, until } from './support/live.ts';
import { type Buyer, CONFIRM, checkout, type Data, ok } from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Tickets after the sale (issue 17), through the router with real auth, catalog, seating and payment, the Toss
 * emulator, Postgres and Redis: tickets issued when payment's confirmation reaches seating, the rotating QR and
 * its window, online and offline check-in with the SAME verify code the scanner page runs (@tiketi/live-client),
 * revocation on cancellation reaching an offline door at its next sync, double entry on one door and across two,
 * and transfers declined and accepted.
 */
const tokens = tokenMinter();

const TICKETS = `query Tickets($id: ID!) {
  reservation(id: $id) {
    id status qrCode
    tickets { id state seatId seatLabel credential codeSecret qrPayload holder { id } issuedAt endedAt endReason }
  } }`;
const KIT = `query Kit($e: ID!, $since: String) {
  scannerKit(eventId: $e, since: $since) {
    eventId publicKey scanKey revokedTicketIds checkedInTicketIds cursor codeStepSeconds codeWindowSteps
    conflicts { ticketId seatLabel deviceId scannedAt first { at deviceId } }
  } }`;
const CHECK_IN = `mutation CheckIn($e: ID!, $p: String!, $d: String!) {
  checkIn(eventId: $e, payload: $p, deviceId: $d) { outcome reason ticketId seatLabel firstCheckIn { at deviceId } } }`;
const SYNC = `mutation Sync($e: ID!, $d: String!, $scans: [QueuedScanInput!]!) {
  syncCheckIns(eventId: $e, deviceId: $d, scans: $scans) { outcome reason ticketId seatLabel scannedAt first { at deviceId }
    secondEntries { ticketId seatLabel deviceId scannedAt first { at deviceId } } } }`;
const GRANT = `mutation Grant($e: ID!, $u: ID!) { grantEventStaff(eventId: $e, userId: $u) { eventId user { id } grantedAt } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelReservation(id: $id) { id status } }`;
const OFFER = `mutation Offer($t: ID!, $to: String!) {
  offerTicketTransfer(ticketId: $t, toEmail: $to) { id status ticketId toEmail seatLabel } }`;
const ACCEPT = `mutation Accept($id: ID!) { acceptTicketTransfer(transferId: $id) { id status newTicket { id state holder { id } qrPayload } } }`;
const DECLINE = `mutation Decline($id: ID!) { declineTicketTransfer(transferId: $id) { id status newTicket { id } } }`;
const INCOMING = `query Incoming { me { id email incomingTicketTransfers { id status seatLabel ticketId event { id } } } }`;
const MY_TICKETS = `query MyTickets { me { id tickets { id state seatLabel qrPayload event { id title } seat { id section row number ticketType { code } } } } }`;
const POLICY = `mutation Policy($e: ID!, $m: Int!) { setTicketPolicy(eventId: $e, transferCutoffMinutes: $m) { eventId transferCutoffMinutes transfersCloseAt } }`;
const REFUND = `mutation Refund($id: ID!, $amount: Int, $reason: String!, $seats: [ID!]) {
  refundPayment(paymentId: $id, amount: $amount, reason: $reason, seatIds: $seats) { id refundedAmount pendingRefundAmount } }`;
const AUDIT = `query Audit { adminActions(first: 100) { edges { node { action service } } } }`;

interface Ticket {
  id: string;
  state: string;
  seatId: string;
  seatLabel: string;
  credential: string | null;
  codeSecret: string | null;
  qrPayload: string | null;
}

const newBuyer = (): Buyer => {
  const userId = randomUUID();
  return { userId, auth: bearer(tokens.mint({ sub: userId, role: 'USER' })) };
};

/** The holder's app: the QR of a moment, from the credential and code secret it was given once. */
const qrAt = (t: Ticket, atMs: number) =>
  `${t.credential}.${rotatingCode(fromBase64Url(t.codeSecret!)!, codeStep(atMs))}`;

describe('tickets after the sale, through the router', () => {
  let stack: Stack;
  let admin: Buyer['auth'];
  let seats: Seat[];
  const eventId = SEED_IDS.events.iuHereh;
  const staff = newBuyer();

  beforeAll(async () => {
    stack = await startStack({
      seating: 1,
      payment: 1,
      stats: true,
      env: {
        auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
        seating: { TICKET_SIGNING_SECRET: 'tickets-test-signing-secret-0123456789abcdef' },
        payment: { PAYMENT_REFUND_RETRY_MS: '200' },
      },
    });
    await seedCatalog(stack.catalog.orm);
    admin = bearer(tokens.admin());
    seats = await seatEvent(stack, eventId, tokens.admin());
    await ok(stack, GRANT, { e: eventId, u: staff.userId }, admin);
  });
  afterAll(() => stack?.stop());

  /** Buys `seatIds` through the router and waits for the tickets. */
  async function buy(buyer: Buyer, seatIds: string[]) {
    const { reservation, widget } = await checkout(stack, buyer, eventId, seatIds);
    await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    const read = async () => (await ok(stack, TICKETS, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).tickets.length === seatIds.length, 15_000, 'the tickets issued');
    return (await read()) as Data & { tickets: Ticket[] };
  }

  /**
   * A door's sync once it can see everything written before it was asked for. The kit's cursor is the cluster's
   * transaction horizon, so a write transaction still open anywhere (another test's database on this Postgres)
   * holds back what a kit returns; the door gets the rest at a later sync. Here: sync until the horizon has
   * passed every transaction id assigned before the call.
   */
  const kit = async (since?: string): Promise<ScannerKitData & Data> => {
    const [now] = await stack.sql<{ next: string }>(
      'select pg_snapshot_xmax(pg_current_snapshot())::text as next',
    );
    const next = BigInt(now!.next);
    let synced: ScannerKitData & Data = (await ok(stack, KIT, { e: eventId, since }, staff.auth)).scannerKit;
    await until(
      async () => {
        if (BigInt(synced.cursor) >= next) return true;
        synced = (await ok(stack, KIT, { e: eventId, since }, staff.auth)).scannerKit;
        return false;
      },
      20_000,
      `the kit's horizon to pass ${next}`,
    );
    return synced;
  };
  const checkIn = async (payload: string, device: string) =>
    (await ok(stack, CHECK_IN, { e: eventId, p: payload, d: device }, staff.auth)).checkIn;

  it('issues one VALID ticket per seat on confirmation; secrets only for the holder; staff-only door', async () => {
    const buyer = newBuyer();
    const order = await buy(buyer, [seats[0]!.id, seats[1]!.id]);
    expect(order.status).toBe('CONFIRMED');
    expect(order.tickets.map((t: Ticket) => t.state)).toEqual(['VALID', 'VALID']);
    expect(order.tickets.map((t: Ticket) => t.seatId).sort()).toEqual([seats[0]!.id, seats[1]!.id].sort());
    const door = await kit();
    const publicKey = fromBase64Url(door.publicKey)!;
    for (const t of order.tickets as Ticket[]) {
      const read = readCredential(publicKey, t.qrPayload!);
      expect(read).toMatchObject({
        ok: true,
        claims: { ticketId: t.id, eventId, holder: buyer.userId, seat: { id: t.seatId, label: t.seatLabel } },
      });
    }
    // The contract's Reservation.qrCode is the first ticket's rotating QR now.
    expect(readCredential(publicKey, order.qrCode)).toMatchObject({ ok: true });

    // An admin reads the order's tickets, never their secrets.
    const asAdmin = (await ok(stack, TICKETS, { id: order.id }, admin)).reservation;
    expect(asAdmin.tickets.map((t: Ticket) => [t.credential, t.codeSecret, t.qrPayload])).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
    // me { tickets } through the router: auth resolves me, seating adds the tickets.
    const mine = await gql<Data>(stack.routerUrl, MY_TICKETS, {}, buyer.auth);
    // A minted buyer has no account in auth, so `me` is null there; the signed-up recipient below reads its tickets.
    expect(mine.errors).toBeUndefined();

    // Not staff: FORBIDDEN, checked by seating.
    const stranger = newBuyer();
    const refused = await gql(stack.routerUrl, KIT, { e: eventId }, stranger.auth);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notIn = await gql(
      stack.routerUrl,
      CHECK_IN,
      { e: eventId, p: order.tickets[0]!.qrPayload, d: 'x' },
      stranger.auth,
    );
    expect(notIn.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const grant = await gql(stack.routerUrl, GRANT, { e: eventId, u: stranger.userId }, stranger.auth);
    expect(grant.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rotating QR: the current step ±1 admits, outside it is refused; the same QR after check-in is refused', async () => {
    const buyer = newBuyer();
    const [ticket] = (await buy(buyer, [seats[2]!.id])).tickets as Ticket[];
    const now = Date.now();
    const step = CODE_STEP_SECONDS * 1000;
    // A screenshot whose code is two, three or eight steps old (taken 30 s ago or more): refused, online and
    // offline alike.
    for (const age of [2, 3, 8]) {
      const stale = qrAt(ticket!, now - age * step);
      expect(await checkIn(stale, 'gate-1')).toMatchObject({
        outcome: 'REFUSED',
        reason: 'CODE_EXPIRED',
        ticketId: ticket!.id,
      });
      expect(new OfflineDoor(await kit()).scan(stale, now)).toMatchObject({
        admitted: false,
        reason: 'code-expired',
      });
    }
    // A code from the future beyond the window (a tampered clock) is refused too.
    expect(await checkIn(qrAt(ticket!, now + 3 * step), 'gate-1')).toMatchObject({ reason: 'CODE_EXPIRED' });
    // An edited credential: the signature fails.
    const [p, body, sig, code] = qrAt(ticket!, now).split('.');
    const edited = `${p}.${body!.slice(0, -2)}AA.${sig}.${code}`;
    expect((await checkIn(edited, 'gate-1')).reason).toMatch(/BAD_SIGNATURE|MALFORMED/);

    // The previous step's code (a scan that straddled a step) admits. Not within 2 s of a step's end, so the
    // server's clock cannot move it two steps back while the request travels.
    if (Date.now() % step > step - 2_000) await new Promise((r) => setTimeout(r, 2_500));
    const previous = qrAt(ticket!, Date.now() - step);
    const admitted = await checkIn(previous, 'gate-1');
    expect(admitted).toMatchObject({
      outcome: 'ADMITTED',
      ticketId: ticket!.id,
      seatLabel: ticket!.seatLabel,
    });
    // Replay of the very same QR, and a fresh code of the same ticket: already in, naming when and where.
    for (const again of [previous, qrAt(ticket!, Date.now())]) {
      const replay = await checkIn(again, 'gate-2');
      expect(replay).toMatchObject({
        outcome: 'REFUSED',
        reason: 'ALREADY_CHECKED_IN',
        firstCheckIn: { deviceId: 'gate-1' },
      });
      expect(Date.parse(replay.firstCheckIn.at)).toBeGreaterThan(now - 60_000);
    }
    const state = (await ok(stack, TICKETS, { id: (await kitTicketOrder(ticket!.id, buyer)).id }, buyer.auth))
      .reservation.tickets[0];
    expect(state).toMatchObject({ state: 'CHECKED_IN', qrPayload: null });
  });

  /** The reservation holding a ticket, by the buyer's reservations. */
  async function kitTicketOrder(ticketId: string, buyer: Buyer) {
    const { myReservations } = await ok(
      stack,
      `query { myReservations(first: 50) { edges { node { id tickets { id } } } } }`,
      {},
      buyer.auth,
    );
    return myReservations.edges
      .map((e: Data) => e.node)
      .find((n: Data) => n.tickets.some((t: Data) => t.id === ticketId));
  }

  it("a cancelled order's QR never verifies again: refused online at once, offline after the door's next sync", async () => {
    const buyer = newBuyer();
    const order = await buy(buyer, [seats[3]!.id]);
    const [ticket] = order.tickets as Ticket[];
    // A door that synced before the cancellation: offline, it still admits (it cannot know yet).
    const before = await kit();
    const offline = new OfflineDoor(before);
    const saved = qrAt(ticket!, Date.now());
    expect(offline.scan(saved, Date.now())).toMatchObject({ admitted: true });

    const { cancelReservation } = await ok(stack, CANCEL, { id: order.id }, buyer.auth);
    expect(cancelReservation.status).toBe('CANCELLED');
    const after = (await ok(stack, TICKETS, { id: order.id }, buyer.auth)).reservation;
    expect(after.qrCode).toBeNull();
    expect(after.tickets[0]).toMatchObject({
      state: 'REVOKED',
      endReason: 'buyer-cancelled',
      credential: null,
      codeSecret: null,
      qrPayload: null,
    });

    // Online: refused at once, with the saved QR and with a fresh code made from the saved secret.
    expect(await checkIn(saved, 'gate-1')).toMatchObject({ outcome: 'REFUSED', reason: 'REVOKED' });
    expect(await checkIn(qrAt(ticket!, Date.now()), 'gate-1')).toMatchObject({ reason: 'REVOKED' });

    // Offline after the next (incremental) sync: the revocation comes with the cursor, and refuses it.
    const bad = await gql(stack.routerUrl, KIT, { e: eventId, since: '99999999999999999999' }, staff.auth);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since' });
    const update = await kit(before.cursor);
    expect(update.revokedTicketIds).toEqual([ticket!.id]);
    const fresh = new OfflineDoor(before);
    fresh.applySync(update);
    expect(fresh.scan(qrAt(ticket!, Date.now()), Date.now())).toMatchObject({
      admitted: false,
      reason: 'revoked',
    });
    // A door syncing from scratch has it too; one syncing from the new cursor gets nothing twice.
    expect((await kit()).revokedTicketIds).toContain(ticket!.id);
    expect((await kit(update.cursor)).revokedTicketIds).not.toContain(ticket!.id);
    // The seat goes back on sale and someone else buys it: their ticket admits, the old QR still never does.
    const next = newBuyer();
    const [resold] = (await buy(next, [seats[3]!.id])).tickets as Ticket[];
    expect(resold!.seatId).toBe(ticket!.seatId);
    expect(await checkIn(qrAt(ticket!, Date.now()), 'gate-1')).toMatchObject({ reason: 'REVOKED' });
    expect(fresh.scan(qrAt(ticket!, Date.now()), Date.now())).toMatchObject({ reason: 'revoked' });
    expect(await checkIn(qrAt(resold!, Date.now()), 'gate-1')).toMatchObject({ outcome: 'ADMITTED' });
    // The offline door that admitted it before its sync is told at sync: the ticket was revoked.
    const synced = (
      await ok(stack, SYNC, { e: eventId, d: 'gate-offline', scans: offline.pending() }, staff.auth)
    ).syncCheckIns;
    expect(synced).toMatchObject([{ outcome: 'REFUSED', reason: 'REVOKED', ticketId: ticket!.id }]);
  });

  it("a partial refund naming a seat revokes that seat's ticket only; a full one (cancellation) revokes the rest", async () => {
    const buyer = newBuyer();
    const order = await buy(buyer, [seats[8]!.id, seats[9]!.id]);
    const [kept, refunded] = order.tickets as Ticket[];
    const { reservation } = await ok(
      stack,
      `query($id: ID!) { reservation(id: $id) { payment { id amount } } }`,
      { id: order.id },
      buyer.auth,
    );
    const { refundPayment } = await ok(
      stack,
      REFUND,
      {
        id: reservation.payment.id,
        amount: reservation.payment.amount / 2,
        reason: '시야 방해석 환불',
        seats: [refunded!.seatId],
      },
      admin,
    );
    expect(refundPayment.refundedAmount + refundPayment.pendingRefundAmount).toBe(
      reservation.payment.amount / 2,
    );
    const read = async () =>
      (await ok(stack, TICKETS, { id: order.id }, buyer.auth)).reservation.tickets as (Ticket & Data)[];
    await until(
      async () => (await read()).find((t) => t.id === refunded!.id)?.state === 'REVOKED',
      15_000,
      'the refunded seat revoked',
    );
    const after = await read();
    expect(after.find((t) => t.id === refunded!.id)).toMatchObject({
      endReason: 'refunded',
      qrPayload: null,
    });
    expect(after.find((t) => t.id === kept!.id)).toMatchObject({ state: 'VALID' });
    expect(await checkIn(qrAt(refunded!, Date.now()), 'gate-1')).toMatchObject({ reason: 'REVOKED' });
    // Naming seats needs an amount (a full refund covers every seat).
    const bad = await gql(
      stack.routerUrl,
      REFUND,
      { id: reservation.payment.id, amount: null, reason: 'x', seats: [kept!.seatId] },
      admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seatIds' });
    expect(await checkIn(qrAt(kept!, Date.now()), 'gate-1')).toMatchObject({ outcome: 'ADMITTED' });
  });

  it('double entry: refused at once on one offline door; across two doors, the sync shows the conflict to both', async () => {
    const buyer = newBuyer();
    const [ticket] = (await buy(buyer, [seats[4]!.id])).tickets as Ticket[];
    const start = await kit();
    const doorA = new OfflineDoor(start);
    const doorB = new OfflineDoor(start);

    const t0 = Date.now();
    expect(doorA.scan(qrAt(ticket!, t0), t0)).toMatchObject({ admitted: true });
    // The same person again at the same door, a few seconds later with a fresh code: refused on the spot.
    const t1 = t0 + 4_000;
    expect(doorA.scan(qrAt(ticket!, t1), t1)).toMatchObject({
      admitted: false,
      reason: 'already-checked-in',
      firstScannedAt: new Date(t0).toISOString(),
    });
    // A screenshot passed to a friend at door B, within the window: door B cannot know, and admits.
    const t2 = t0 + 6_000;
    expect(doorB.scan(qrAt(ticket!, t0), t2)).toMatchObject({ admitted: true });

    const sync = async (device: string, door: OfflineDoor) => {
      const results = (await ok(stack, SYNC, { e: eventId, d: device, scans: door.pending() }, staff.auth))
        .syncCheckIns;
      door.markSynced(results.length);
      return results;
    };
    // Door B syncs first, yet door A scanned first: first scan wins, by scan time.
    expect(await sync('door-B', doorB)).toMatchObject([{ outcome: 'ADMITTED', ticketId: ticket!.id }]);
    const [a] = await sync('door-A', doorA);
    const doorBLost = {
      ticketId: ticket!.id,
      seatLabel: ticket!.seatLabel,
      deviceId: 'door-B',
      scannedAt: new Date(t2).toISOString(),
      first: { at: new Date(t0).toISOString(), deviceId: 'door-A' },
    };
    // Door A is told in the sync's answer which entry its earlier scan displaced, and so again on a retry.
    expect(a).toMatchObject({ outcome: 'ADMITTED', ticketId: ticket!.id, secondEntries: [doorBLost] });
    const [aAgain] = (
      await ok(
        stack,
        SYNC,
        {
          e: eventId,
          d: 'door-A',
          scans: [{ payload: qrAt(ticket!, t0), scannedAt: new Date(t0).toISOString() }],
        },
        staff.auth,
      )
    ).syncCheckIns;
    expect(aAgain).toMatchObject({ outcome: 'ADMITTED', secondEntries: [doorBLost] });
    // Door B learns it lost at its next kit sync, and door A sees it too: one conflict, naming both sides.
    const update = await kit(start.cursor);
    expect(update.conflicts).toEqual([doorBLost]);
    // A retried sync of door B's scan answers the conflict again, without recording it twice.
    const retried = (
      await ok(
        stack,
        SYNC,
        {
          e: eventId,
          d: 'door-B',
          scans: [{ payload: qrAt(ticket!, t0), scannedAt: new Date(t2).toISOString() }],
        },
        staff.auth,
      )
    ).syncCheckIns;
    expect(retried).toMatchObject([
      { outcome: 'CONFLICT', reason: 'ALREADY_CHECKED_IN', first: { deviceId: 'door-A' } },
    ]);
    expect((await kit(start.cursor)).conflicts).toHaveLength(1);
    // A third door, offline after its sync, refuses the ticket: the kit lists what any door let in.
    const doorC = new OfflineDoor(start);
    doorC.applySync(update);
    expect(update.checkedInTicketIds).toContain(ticket!.id);
    expect(doorC.scan(qrAt(ticket!, Date.now()), Date.now())).toMatchObject({
      admitted: false,
      reason: 'already-checked-in',
    });
    // Online, the ticket is in, by door A.
    expect(await checkIn(qrAt(ticket!, Date.now()), 'gate-1')).toMatchObject({
      reason: 'ALREADY_CHECKED_IN',
      firstCheckIn: { deviceId: 'door-A', at: new Date(t0).toISOString() },
    });
  });

  it('double entry across two doors scanning the same moment: exactly one is admitted', async () => {
    const buyer = newBuyer();
    const [ticket] = (await buy(buyer, [seats[5]!.id])).tickets as Ticket[];
    const qr = qrAt(ticket!, Date.now());
    const results = await Promise.all(['gate-x', 'gate-y', 'gate-z'].map((d) => checkIn(qr, d)));
    expect(results.filter((r) => r.outcome === 'ADMITTED')).toHaveLength(1);
    expect(results.filter((r) => r.reason === 'ALREADY_CHECKED_IN')).toHaveLength(2);
  });

  it('transfer: declined keeps the ticket with its holder; accepted ends it and issues a new one to the recipient', async () => {
    const sender = newBuyer();
    const order = await buy(sender, [seats[6]!.id, seats[7]!.id]);
    const [first, second] = order.tickets as Ticket[];
    // The recipient has an account (auth knows the email; seating learns it only through the router).
    const email = `friend-${randomUUID().slice(0, 8)}@example.com`;
    const signedUp = await gql<Data>(
      stack.routerUrl,
      'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken user { id } } }',
      { i: { email, password: 'friend-pass-123', name: 'Friend' } },
    );
    expect(signedUp.errors).toBeUndefined();
    const recipient = {
      userId: signedUp.data!.signUp.user.id as string,
      auth: bearer(signedUp.data!.signUp.accessToken),
    };

    // Offered to an address with different case and spaces: the same account.
    const { offerTicketTransfer: offer } = await ok(
      stack,
      OFFER,
      { t: first!.id, to: ` ${email.toUpperCase()} ` },
      sender.auth,
    );
    expect(offer).toMatchObject({ status: 'OFFERED', toEmail: email, ticketId: first!.id });
    // One open offer per ticket.
    const twice = await gql(stack.routerUrl, OFFER, { t: first!.id, to: email }, sender.auth);
    expect(twice.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    // Nobody but the recipient can answer it.
    const hijack = await gql(stack.routerUrl, ACCEPT, { id: offer.id }, newBuyer().auth);
    expect(hijack.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const incoming = (await ok(stack, INCOMING, {}, recipient.auth)).me;
    expect(incoming.incomingTicketTransfers).toMatchObject([
      { id: offer.id, status: 'OFFERED', seatLabel: first!.seatLabel, event: { id: eventId } },
    ]);
    const { declineTicketTransfer: declined } = await ok(stack, DECLINE, { id: offer.id }, recipient.auth);
    expect(declined).toMatchObject({ status: 'DECLINED', newTicket: null });
    let tickets = (await ok(stack, TICKETS, { id: order.id }, sender.auth)).reservation.tickets as Ticket[];
    expect(tickets.find((t) => t.id === first!.id)).toMatchObject({ state: 'VALID' });
    const again = await gql(stack.routerUrl, ACCEPT, { id: offer.id }, recipient.auth);
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Offered again and accepted: the old ticket is TRANSFERRED, the recipient holds a new VALID one.
    const kitBefore = await kit();
    const { offerTicketTransfer: offer2 } = await ok(stack, OFFER, { t: first!.id, to: email }, sender.auth);
    expect((await ok(stack, INCOMING, {}, recipient.auth)).me.incomingTicketTransfers).toHaveLength(1);
    const { acceptTicketTransfer: accepted } = await ok(stack, ACCEPT, { id: offer2.id }, recipient.auth);
    expect(accepted).toMatchObject({
      status: 'ACCEPTED',
      newTicket: { state: 'VALID', holder: { id: recipient.userId } },
    });
    tickets = (await ok(stack, TICKETS, { id: order.id }, sender.auth)).reservation.tickets as Ticket[];
    expect(tickets.find((t) => t.id === first!.id)).toMatchObject({ state: 'TRANSFERRED', qrPayload: null });
    expect(tickets.find((t) => t.id === accepted.newTicket.id)).toMatchObject({
      state: 'VALID',
      qrPayload: null,
    });

    const mine = (await ok(stack, MY_TICKETS, {}, recipient.auth)).me.tickets;
    expect(mine).toMatchObject([
      {
        id: accepted.newTicket.id,
        state: 'VALID',
        seatLabel: first!.seatLabel,
        // The event's title from catalog and the seat from seating, through the router.
        event: { id: eventId, title: expect.any(String) },
        seat: { id: first!.seatId, section: expect.any(String), number: expect.any(Number) },
      },
    ]);
    // The sender's old QR is refused; the door's next sync lists it; the recipient's admits.
    expect(await checkIn(qrAt(first!, Date.now()), 'gate-1')).toMatchObject({ reason: 'REVOKED' });
    expect((await kit(kitBefore.cursor)).revokedTicketIds).toContain(first!.id);
    expect(await checkIn(mine[0].qrPayload, 'gate-1')).toMatchObject({ outcome: 'ADMITTED' });

    // The sender can no longer cancel the order for a refund of a ticket they gave away.
    const cancel = await gql(stack.routerUrl, CANCEL, { id: order.id }, sender.auth);
    expect(cancel.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Past the event's cut-off (a policy of a very long one), transfers are closed.
    await ok(stack, POLICY, { e: eventId, m: 100_000 }, admin);
    const closed = await gql(stack.routerUrl, OFFER, { t: second!.id, to: email }, sender.auth);
    expect(closed.errors?.[0]?.extensions?.code).toBe('TRANSFER_CLOSED');
    await ok(stack, POLICY, { e: eventId, m: 60 }, admin);

    // Check-in counts reach stats through seating's outbox: one per ticket let in, whatever the second entries.
    const rows = await stack.seating[0]!.orm.orm.em.fork()
      .getConnection()
      .execute(`select count(*)::int as n from seating.tickets where event_id = ? and state = 'CHECKED_IN'`, [
        eventId,
      ]);
    const checkedIn = (rows[0] as { n: number }).n;
    expect(checkedIn).toBeGreaterThanOrEqual(5);
    const counts = async () =>
      (
        await ok(
          stack,
          `query($id: ID!) { event(id: $id) { checkIns { checkedIn lastAt } } }`,
          { id: eventId },
          admin,
        )
      ).event.checkIns;
    await until(async () => (await counts()).checkedIn === checkedIn, 15_000, 'the check-in count in stats');
    expect(Date.parse((await counts()).lastAt)).toBeGreaterThan(Date.now() - 120_000);
    const buyerAsks = await gql(
      stack.routerUrl,
      `query($id: ID!) { event(id: $id) { checkIns { checkedIn } } }`,
      { id: eventId },
      sender.auth,
    );
    expect(buyerAsks.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    // Everything went in the audit log (gathered by stats).
    await until(
      async () => {
        const actions = (await ok(stack, AUDIT, {}, admin)).adminActions.edges.map(
          (e: Data) => e.node.action,
        );
        return [
          'ticket.transfer_offer',
          'ticket.transfer_decline',
          'ticket.transfer_accept',
          'event_staff.grant',
        ].every((a) => actions.includes(a));
      },
      15_000,
      'the audit records in stats',
    );
  });
});
