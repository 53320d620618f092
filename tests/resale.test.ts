import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { codeStep, fromBase64Url, rotatingCode } from '@tiketi/live-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Seat, seatEvent, tokenMinter, until } from './support/live.ts';
import {
  authorize,
  type Buyer,
  CONFIRM,
  checkout,
  type Data,
  ok,
  PREPARE,
  RESERVE,
} from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Face-value resale (issue 17), through the router with real auth, catalog, seating and payment, the Toss
 * emulator, Postgres and Redis: a listing above face value refused; a resale bought through hold → reserve →
 * pay, the seller's ticket RESOLD and the seller refunded price − fee by a partial cancel at Toss; the seller's
 * old QR refused at the door; two buyers racing for one listing; Toss failing the seller's refund and the
 * event redelivered, with exactly one refund of the right amount in the end.
 */
const tokens = tokenMinter();

const TICKETS = `query Tickets($id: ID!) {
  reservation(id: $id) { id status totalAmount tickets { id state seatId seatLabel credential codeSecret qrPayload } } }`;
const TICKET = `query Ticket($id: ID!) {
  ticket(id: $id) { id state endReason resaleListing { id status price faceAmount feeAmount refundAmount } } }`;
const POLICY = `mutation Policy($e: ID!, $on: Boolean, $cap: Int, $fee: Int) {
  setTicketPolicy(eventId: $e, resaleEnabled: $on, resaleCapBps: $cap, resaleFeeBps: $fee) {
    eventId transferCutoffMinutes resaleEnabled resaleCapBps resaleFeeBps } }`;
const LIST = `mutation List($t: ID!, $price: Int!) {
  listTicketForResale(ticketId: $t, price: $price) {
    id status seatId seatLabel price inCheckout ticketId faceAmount feeAmount refundAmount seat { id status } } }`;
const CANCEL_LISTING = `mutation CancelListing($id: ID!) { cancelResaleListing(listingId: $id) { id status } }`;
const HOLD_LISTING = `mutation HoldListing($id: ID!) {
  holdResaleListing(listingId: $id) { id totalAmount expiresAt seats { id status } } }`;
const LISTINGS = `query Listings($e: ID!) {
  event(id: $e) { id resaleListings { id seatId seatLabel price inCheckout faceAmount ticketId }
    seatMap { seats { id status } } } }`;
const OFFER = `mutation Offer($t: ID!, $to: String!) { offerTicketTransfer(ticketId: $t, toEmail: $to) { id } }`;
const GRANT = `mutation Grant($e: ID!, $u: ID!) { grantEventStaff(eventId: $e, userId: $u) { eventId } }`;
const CHECK_IN = `mutation CheckIn($e: ID!, $p: String!, $d: String!) {
  checkIn(eventId: $e, payload: $p, deviceId: $d) { outcome reason ticketId seatLabel } }`;
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

const qrAt = (t: Ticket, atMs: number) =>
  `${t.credential}.${rotatingCode(fromBase64Url(t.codeSecret!)!, codeStep(atMs))}`;

describe('face-value resale, through the router', () => {
  let stack: Stack;
  let admin: Buyer['auth'];
  let seats: Seat[];
  const eventId = SEED_IDS.events.iuHereh;
  const staff = newBuyer();
  const FEE_BPS = 1_000; // 10 %

  beforeAll(async () => {
    stack = await startStack({
      seating: 1,
      payment: 1,
      stats: true,
      env: {
        auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
        seating: { TICKET_SIGNING_SECRET: 'resale-test-signing-secret-0123456789abcdef', LOG_LEVEL: 'warn' },
        payment: { PAYMENT_REFUND_RETRY_MS: '200' },
      },
    });
    await seedCatalog(stack.catalog.orm);
    admin = bearer(tokens.admin());
    seats = await seatEvent(stack, eventId, tokens.admin());
    await ok(stack, GRANT, { e: eventId, u: staff.userId }, admin);
  });
  afterAll(() => stack?.stop());

  /** Buys `seatIds` through the router and waits for the tickets; the widget's answer has the paymentKey. */
  async function buy(buyer: Buyer, seatIds: string[]) {
    const { reservation, widget } = await checkout(stack, buyer, eventId, seatIds);
    await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    const read = async () => (await ok(stack, TICKETS, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).tickets.length === seatIds.length, 15_000, 'the tickets issued');
    return { order: (await read()) as Data & { tickets: Ticket[] }, paymentKey: widget.paymentKey as string };
  }

  /** A listing's hold → reservation → payment through the router, as for any seats. */
  async function buyListing(buyer: Buyer, listingId: string) {
    const { holdResaleListing: hold } = await ok(stack, HOLD_LISTING, { id: listingId }, buyer.auth);
    const { createReservation: reservation } = await ok(stack, RESERVE, { hold: hold.id }, buyer.auth);
    const { preparePayment: order } = await ok(
      stack,
      PREPARE,
      { id: reservation.id, token: reservation.checkoutToken },
      buyer.auth,
    );
    const widget = await authorize(stack, order.orderId, order.amount);
    await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    return { hold, reservation, order };
  }

  const ticket = async (id: string, auth: Buyer['auth']) => (await ok(stack, TICKET, { id }, auth)).ticket;
  const cancelsOf = (paymentKey: string) => stack.toss!.payment(paymentKey)?.cancels ?? [];
  const list = (t: string, price: number, auth: Buyer['auth']) =>
    gql<Data>(stack.routerUrl, LIST, { t, price }, auth);

  it('refuses a listing while resale is off and above face value; sells one end to end', async () => {
    const seller = newBuyer();
    const { order, paymentKey } = await buy(seller, [seats[0]!.id, seats[1]!.id]);
    const face = order.totalAmount / 2;
    const sold = order.tickets.find((t) => t.seatId === seats[0]!.id)!;

    // Resale is off by default.
    expect((await list(sold.id, face, seller.auth)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const { setTicketPolicy } = await ok(stack, POLICY, { e: eventId, on: true, fee: FEE_BPS }, admin);
    expect(setTicketPolicy).toMatchObject({
      resaleEnabled: true,
      resaleCapBps: 10_000,
      resaleFeeBps: FEE_BPS,
    });
    // The others keep their values (and defaults).
    expect(setTicketPolicy.transferCutoffMinutes).toBe(60);

    // Above face value: refused, naming the highest price.
    const above = await list(sold.id, face + 1, seller.auth);
    expect(above.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      maxPrice: face,
      field: 'price',
    });
    // Someone else's ticket reads as missing.
    expect((await list(sold.id, face, newBuyer().auth)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const listed = await list(sold.id, face, seller.auth);
    expect(listed.errors).toBeUndefined();
    const listing = listed.data!.listTicketForResale;
    const fee = Math.floor((face * FEE_BPS) / 10_000);
    expect(listing).toMatchObject({
      status: 'LISTED',
      price: face,
      faceAmount: face,
      feeAmount: fee,
      refundAmount: face - fee,
      seat: { id: seats[0]!.id, status: 'SOLD' },
    });
    // A second listing of the same ticket, and a transfer while listed: CONFLICT.
    expect((await list(sold.id, face, seller.auth)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const offer = await gql(stack.routerUrl, OFFER, { t: sold.id, to: 'friend@example.com' }, seller.auth);
    expect(offer.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    // Buyers see it beside the seat map, where the seat stays SOLD; what the seller paid is not theirs to see.
    const buyer = newBuyer();
    const { event } = await ok(stack, LISTINGS, { e: eventId }, buyer.auth);
    expect(event.resaleListings).toEqual([
      {
        id: listing.id,
        seatId: seats[0]!.id,
        seatLabel: sold.seatLabel,
        price: face,
        inCheckout: false,
        faceAmount: null,
        ticketId: null,
      },
    ]);
    expect(event.seatMap.seats.find((s: Data) => s.id === seats[0]!.id).status).toBe('SOLD');

    // The seller cannot buy their own listing.
    const own = await gql(stack.routerUrl, HOLD_LISTING, { id: listing.id }, seller.auth);
    expect(own.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');

    const { reservation, order: buyerOrder } = await buyListing(buyer, listing.id);
    expect(buyerOrder.amount).toBe(face);
    const read = async () => (await ok(stack, TICKETS, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).status === 'CONFIRMED', 15_000, 'the resale confirmed');
    const [bought] = (await read()).tickets as Ticket[];
    expect(bought).toMatchObject({ state: 'VALID', seatId: seats[0]!.id });

    const old = await ticket(sold.id, seller.auth);
    expect(old).toMatchObject({
      state: 'RESOLD',
      endReason: 'resold',
      resaleListing: { id: listing.id, status: 'SOLD' },
    });
    // The seller's other ticket is untouched.
    const kept = order.tickets.find((t) => t.seatId === seats[1]!.id)!;
    expect((await ticket(kept.id, seller.auth)).state).toBe('VALID');
    expect((await ok(stack, LISTINGS, { e: eventId }, buyer.auth)).event.resaleListings).toEqual([]);

    // The seller's original payment: one partial cancel at Toss of the price minus the fee.
    await until(async () => cancelsOf(paymentKey).length > 0, 15_000, 'the seller refunded');
    expect(cancelsOf(paymentKey).map((c) => c.cancelAmount)).toEqual([face - fee]);
    expect(stack.toss!.payment(paymentKey)!.balanceAmount).toBe(order.totalAmount - (face - fee));

    // At the door: the seller's old QR is refused, the buyer's admitted.
    expect(
      await (await ok(stack, CHECK_IN, { e: eventId, p: qrAt(sold, Date.now()), d: 'gate-1' }, staff.auth))
        .checkIn,
    ).toMatchObject({
      outcome: 'REFUSED',
      reason: 'REVOKED',
    });
    const admitted = (
      await ok(stack, CHECK_IN, { e: eventId, p: bought!.qrPayload, d: 'gate-1' }, staff.auth)
    ).checkIn;
    expect(admitted).toMatchObject({ outcome: 'ADMITTED', ticketId: bought!.id });

    // Audit: listed and sold.
    await until(
      async () => {
        const actions = (await ok(stack, AUDIT, {}, admin)).adminActions.edges.map(
          (e: Data) => e.node.action,
        );
        return ['ticket.resale_list', 'ticket.resale_sold'].every((a) => actions.includes(a));
      },
      15_000,
      'the resale in the audit log',
    );
  });

  it('two buyers racing for one listing: exactly one holds it, the other is told SEAT_UNAVAILABLE', async () => {
    const seller = newBuyer();
    const { order } = await buy(seller, [seats[2]!.id]);
    const listing = (await list(order.tickets[0]!.id, order.totalAmount, seller.auth)).data!
      .listTicketForResale;
    const buyers = Array.from({ length: 6 }, newBuyer);
    const answers = await Promise.all(
      buyers.map((b) => gql<Data>(stack.routerUrl, HOLD_LISTING, { id: listing.id }, b.auth)),
    );
    const won = answers.filter((a) => !a.errors);
    expect(won).toHaveLength(1);
    const lost = answers.filter((a) => a.errors).map((a) => a.errors![0]!.extensions?.code);
    expect(lost).toEqual(Array(5).fill('SEAT_UNAVAILABLE'));
    const { event } = await ok(stack, LISTINGS, { e: eventId }, buyers[0]!.auth);
    expect(event.resaleListings.find((l: Data) => l.id === listing.id)).toMatchObject({ inCheckout: true });
    // While a buyer checks it out, the seller cannot withdraw it.
    const withdraw = await gql(stack.routerUrl, CANCEL_LISTING, { id: listing.id }, seller.auth);
    expect(withdraw.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('Toss fails the seller refund, then the event comes again: exactly one refund of price − fee', async () => {
    const seller = newBuyer();
    const { order, paymentKey } = await buy(seller, [seats[3]!.id]);
    const price = order.totalAmount - 1_000; // below face value is fine
    const listing = (await list(order.tickets[0]!.id, price, seller.auth)).data!.listTicketForResale;
    const fee = Math.floor((price * FEE_BPS) / 10_000);
    // The payment step after the buyer's payment: Toss answers 500 to the first three cancels.
    stack.toss!.failNext('cancel', 'FAILED_INTERNAL_SYSTEM_PROCESSING', 3);
    const buyer = newBuyer();
    const { reservation } = await buyListing(buyer, listing.id);
    await until(
      async () =>
        (await ok(stack, TICKETS, { id: reservation.id }, buyer.auth)).reservation.status === 'CONFIRMED',
      15_000,
      'the resale confirmed',
    );
    await until(
      async () => cancelsOf(paymentKey).length > 0,
      20_000,
      'the seller refunded after the failures',
    );
    const refused = stack.toss!.calls.filter(
      (c) => c.path.includes(`/v1/payments/${paymentKey}/cancel`) && c.status === 500 && !c.replayed,
    );
    expect(refused.length).toBe(3);

    // The event delivered again (a relay that crashed after publishing): payment's consumer sees a new message
    // with the same listing, and refunds nothing more.
    const [event] = await stack.sql<{ topic: string; key: string; payload: unknown }>(
      `select topic, key, payload from seating.outbox where topic = 'seating.ticket.resold' and key = ?`,
      [listing.id],
    );
    if (!event) throw new Error('no seating.ticket.resold in the outbox');
    await stack.sql('insert into seating.outbox (topic, key, payload) values (?, ?, ?::jsonb)', [
      event.topic,
      event.key,
      JSON.stringify(event.payload),
    ]);
    await new Promise((r) => setTimeout(r, 2_000));
    expect(cancelsOf(paymentKey).map((c) => c.cancelAmount)).toEqual([price - fee]);
    const requests = await stack.sql(
      `select status, amount, source from payment.refund_requests where resale_listing_id = ?`,
      [listing.id],
    );
    expect(requests).toEqual([{ status: 'DONE', amount: price - fee, source: 'RESALE' }]);
  });

  it("payment's consumer crashes on the resold event, then recovers: the sale stands, one refund of price − fee", async () => {
    const seller = newBuyer();
    const { order, paymentKey } = await buy(seller, [seats[11]!.id]);
    const listing = (await list(order.tickets[0]!.id, order.totalAmount, seller.auth)).data!
      .listTicketForResale;
    const fee = Math.floor((order.totalAmount * FEE_BPS) / 10_000);
    // Every attempt of payment's step fails inside its transaction (as a crash there would: nothing commits,
    // the message stays pending), until the constraint is dropped again.
    await stack.sql(
      `alter table payment.refund_requests add constraint "resale_crash" check ("source" <> 'RESALE') not valid`,
    );
    try {
      const buyer = newBuyer();
      const { reservation } = await buyListing(buyer, listing.id);
      await until(
        async () =>
          (await ok(stack, TICKETS, { id: reservation.id }, buyer.auth)).reservation.status === 'CONFIRMED',
        15_000,
        'the resale confirmed',
      );
      // The buyer has the seat; the seller's money has not moved yet.
      expect((await ticket(order.tickets[0]!.id, seller.auth)).state).toBe('RESOLD');
      await new Promise((r) => setTimeout(r, 1_500));
      expect(cancelsOf(paymentKey)).toEqual([]);
    } finally {
      await stack.sql('alter table payment.refund_requests drop constraint "resale_crash"');
    }
    // The pending message is claimed again (claimIdleMs) and handled once.
    await until(async () => cancelsOf(paymentKey).length > 0, 40_000, 'the seller refunded after recovery');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(cancelsOf(paymentKey).map((c) => c.cancelAmount)).toEqual([order.totalAmount - fee]);
  }, 60_000);

  it("the event's lower cap, and the buyer's per-event seat limit, apply to resale", async () => {
    const seller = newBuyer();
    const { order } = await buy(seller, [seats[6]!.id]);
    const face = order.totalAmount;
    await ok(stack, POLICY, { e: eventId, cap: 8_000 }, admin);
    try {
      const above = await list(order.tickets[0]!.id, Math.floor(face * 0.8) + 1, seller.auth);
      expect(above.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        maxPrice: Math.floor(face * 0.8),
      });
      const listing = (await list(order.tickets[0]!.id, Math.floor(face * 0.8), seller.auth)).data!
        .listTicketForResale;
      // A buyer who already owns the limit (4) of this event's seats cannot hold one more, resold or not.
      const collector = newBuyer();
      await buy(collector, [seats[7]!.id, seats[8]!.id, seats[9]!.id, seats[10]!.id]);
      const held = await gql(stack.routerUrl, HOLD_LISTING, { id: listing.id }, collector.auth);
      expect(held.errors?.[0]?.extensions?.code).toBe('SEAT_LIMIT_EXCEEDED');
    } finally {
      await ok(stack, POLICY, { e: eventId, cap: 10_000 }, admin);
    }
  });

  it('checking a listed ticket in withdraws the listing; the seller can withdraw an unclaimed one', async () => {
    const seller = newBuyer();
    const { order } = await buy(seller, [seats[4]!.id, seats[5]!.id]);
    const [a, b] = order.tickets as Ticket[];
    const la = (await list(a!.id, 1_000, seller.auth)).data!.listTicketForResale;
    const lb = (await list(b!.id, 1_000, seller.auth)).data!.listTicketForResale;
    const admitted = (
      await ok(stack, CHECK_IN, { e: eventId, p: qrAt(a!, Date.now()), d: 'gate-2' }, staff.auth)
    ).checkIn;
    expect(admitted.outcome).toBe('ADMITTED');
    expect((await ticket(a!.id, seller.auth)).resaleListing).toMatchObject({
      id: la.id,
      status: 'WITHDRAWN',
    });
    expect((await ok(stack, CANCEL_LISTING, { id: lb.id }, seller.auth)).cancelResaleListing.status).toBe(
      'CANCELLED',
    );
    const held = await gql(stack.routerUrl, HOLD_LISTING, { id: la.id }, newBuyer().auth);
    expect(held.errors?.[0]?.extensions?.code).toBe('SEAT_UNAVAILABLE');
  });
});
