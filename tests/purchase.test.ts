import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { deriveEventKeys, readCredential } from '@tiketi/live-client';
import { seatChannel } from '@tiketi/seating';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, type Seat, seatEvent, seatMap, tokenMinter, until, watch } from './support/live.ts';
import { type Buyer, CONFIRM, checkout, type Data, ok, PREPARE } from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * A purchase end to end, the way the buyer's browser makes it: real auth, catalog, seating and payment behind the
 * real router, the project's Toss emulator standing in for Toss, real Postgres, Redis and sockets. Seats are held
 * and paid through the router; the seat map and the router's `seatChanged` subscription show them sold; payment's
 * `payment.confirmed` reaches seating through the outbox and Redis streams, never through a test shortcut.
 */
const tokens = tokenMinter();
const TICKET_SECRET = 'purchase-test-ticket-secret-0123456789abcdef';

const WATCH = `subscription Watch($e: ID!) { seatChanged(eventId: $e) { eventId version seats { id status } } }`;
const RESERVATION = `query Reservation($id: ID!) {
  reservation(id: $id) {
    id status totalAmount qrCode seats { id label status }
    payment { id status amount refundedAmount pendingRefundAmount }
  } }`;
const REFUND_STATUS = `query RefundStatus($id: ID!) { reservation(id: $id) { payment { status refundStatus } } }`;
const PAYMENT = `query Payment($id: ID!) { payment(id: $id) { id status amount refundedAmount reservation { id } } }`;
const REFUND = `mutation Refund($id: ID!, $amount: Int, $reason: String!) {
  refundPayment(paymentId: $id, amount: $amount, reason: $reason) { id status refundedAmount pendingRefundAmount } }`;
const CANCEL = `mutation Cancel($id: ID!) {
  cancelReservation(id: $id) { id status payment { id status refundStatus pendingRefundAmount } } }`;
const STATS = `query Stats($from: Date!, $to: Date!) {
  salesStats(from: $from, to: $to) {
    days { date orders }
    totals { orders ticketsSold grossRevenue refunded netRevenue newUsers }
    topEvents(first: 100) { event { id title } ticketsSold revenue }
  } }`;
const EVENT_SALES = `query EventSales($id: ID!) { event(id: $id) { id sales { orders ticketsSold revenue } } }`;
const LOGS = `query Logs($id: ID!) {
  paymentLogs(paymentId: $id) { operation direction endpoint httpStatus outcome idempotencyKey request response } }`;

interface Change {
  eventId: string;
  version: number;
  seats: { id: string; status: string }[];
}

const newBuyer = (): Buyer => {
  const userId = randomUUID();
  return { userId, auth: bearer(tokens.mint({ sub: userId, role: 'USER' })) };
};

/** How many seating instances listen on the event's seat channel (the router's upstream subscription). */
async function seatListeners(stack: Stack, eventId: string): Promise<number> {
  const redis = new Redis(stack.infra.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0 });
  try {
    await redis.connect();
    const channel = `${stack.infra.redisPrefix}${seatChannel(eventId)}`;
    const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
    return Number(count);
  } finally {
    redis.disconnect();
  }
}

describe('a purchase through the router', () => {
  let stack: Stack;
  let admin: Buyer['auth'];
  let seats: Seat[];
  const eventId = SEED_IDS.events.iuHereh;

  beforeAll(async () => {
    stack = await startStack({
      seating: 1,
      payment: 1,
      stats: true,
      env: {
        auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
        seating: { TICKET_SIGNING_SECRET: TICKET_SECRET },
        // Toss takes one cancel of a payment per second: a second refund right after a first is resent soon.
        payment: { PAYMENT_REFUND_RETRY_MS: '200' },
      },
    });
    await seedCatalog(stack.catalog.orm);
    admin = bearer(tokens.admin());
    seats = await seatEvent(stack, eventId, tokens.admin());
  });
  afterAll(() => stack?.stop());

  it('hold → reservation → prepare → authorize → confirm: paid once, CONFIRMED with a ticket, seats SOLD live', async () => {
    const buyer = newBuyer();
    const mine = [seats[0]!.id, seats[1]!.id];
    const live = watch<{ seatChanged: Change }>(stack.router.wsUrl, {
      query: WATCH,
      variables: { e: eventId },
    });
    try {
      await until(
        async () => (await seatListeners(stack, eventId)) === 1,
        10_000,
        'the upstream subscription',
      );

      const { hold, reservation, order, widget } = await checkout(stack, buyer, eventId, mine);
      expect(hold.totalAmount).toBe(198_000);
      expect(reservation).toMatchObject({ status: 'PENDING', totalAmount: 198_000 });
      // The amount comes from the reservation on the server, never from the client.
      expect(order).toMatchObject({
        amount: 198_000,
        orderName: '2026 아이유 콘서트 〈HEREH〉 앙코르 (2매)',
        clientKey: stack.toss!.clientKey,
        expiresAt: reservation.expiresAt,
      });

      const { confirmPayment: payment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
      expect(payment).toMatchObject({
        id: order.paymentId,
        orderId: order.orderId,
        status: 'DONE',
        amount: 198_000,
        refundedAmount: 0,
        method: '카드',
      });
      expect(stack.toss!.payment(widget.paymentKey)).toMatchObject({ status: 'DONE', totalAmount: 198_000 });
      expect(stack.toss!.approvals(order.orderId)).toBe(1);

      // Seating sells the seats when payment.confirmed reaches it (outbox → Redis stream → its consumer).
      const read = async () => (await ok(stack, RESERVATION, { id: reservation.id }, buyer.auth)).reservation;
      await until(async () => (await read()).status === 'CONFIRMED', 10_000, 'the reservation CONFIRMED');
      const confirmed = await read();
      expect(confirmed).toMatchObject({
        totalAmount: 198_000,
        payment: { id: payment.id, status: 'DONE', amount: 198_000, refundedAmount: 0 },
      });
      expect(confirmed.seats.map((s: Seat) => s.status)).toEqual(['SOLD', 'SOLD']);
      // The QR is a seat's ticket credential signed with the event's key (issue 17; tests/tickets.test.ts).
      const ticket = readCredential(deriveEventKeys(TICKET_SECRET, eventId).publicKey, confirmed.qrCode);
      expect(ticket).toMatchObject({ ok: true, claims: { eventId, holder: buyer.userId } });
      expect(confirmed.seats.map((s: Seat) => s.label)).toContain(
        ticket.ok ? ticket.claims.seat.label : null,
      );
      const other = deriveEventKeys('someone-elses-secret-0123456789abcdef-xyz', eventId).publicKey;
      expect(readCredential(other, confirmed.qrCode)).toEqual({ ok: false, reason: 'bad-signature' });

      // Everyone's seat map and everyone's subscription: held, then sold.
      const map = await seatMap(stack.routerUrl, eventId);
      expect(map.seats.filter((s) => mine.includes(s.id)).map((s) => s.status)).toEqual(['SOLD', 'SOLD']);
      await until(
        () => live.results.some((r) => r.data?.seatChanged.seats.some((s) => s.status === 'SOLD')),
        10_000,
        'a SOLD seat change',
      );
      const changes = live.results.map((r) => {
        expect(r.errors).toBeUndefined();
        return r.data!.seatChanged;
      });
      const statusOf = (change: Change) =>
        Object.fromEntries(change.seats.filter((s) => mine.includes(s.id)).map((s) => [s.id, s.status]));
      expect(changes.map(statusOf).filter((s) => Object.keys(s).length > 0)).toEqual([
        { [mine[0]!]: 'HELD', [mine[1]!]: 'HELD' },
        { [mine[0]!]: 'SOLD', [mine[1]!]: 'SOLD' },
      ]);
      const versions = changes.map((c) => c.version);
      expect(versions).toEqual([...versions].sort((a, b) => a - b));

      // The provider call is on record, redacted, with its Idempotency-Key; admins read it through the router.
      const { paymentLogs } = await ok(stack, LOGS, { id: payment.id }, admin);
      const confirmCall = paymentLogs.find((l: { operation: string }) => l.operation === 'confirm');
      expect(confirmCall).toMatchObject({
        direction: 'OUT',
        endpoint: '/v1/payments/confirm',
        httpStatus: 200,
        outcome: 'ok',
        idempotencyKey: expect.stringContaining(order.orderId),
      });
      expect(JSON.parse(confirmCall.request)).toEqual(widget);
      expect(confirmCall.response).toContain('"number":"[REDACTED]"');
      expect(JSON.stringify(paymentLogs)).not.toContain(stack.toss!.secretKey);
      const rows = await stack.sql(
        'select endpoint, http_status from payment.payment_logs where payment_id = ?',
        [payment.id],
      );
      expect(rows).toContainEqual({ endpoint: '/v1/payments/confirm', http_status: 200 });

      // The browser confirming again (a reload of the success URL) gets the same payment, and no second charge.
      const again = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
      expect(again.confirmPayment).toEqual(payment);
      expect(stack.toss!.approvals(order.orderId)).toBe(1);
    } finally {
      await live.dispose();
    }
  });

  it("keeps buyers out of each other's purchases; refundPayment is FORBIDDEN to buyers", async () => {
    const buyer = newBuyer();
    const other = newBuyer();
    const { reservation, order, widget } = await checkout(stack, buyer, eventId, [seats[2]!.id]);
    const { confirmPayment: payment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    expect(payment.status).toBe('DONE');

    const code = async (query: string, variables: Record<string, unknown>, auth: Buyer['auth'] = {}) =>
      (await gql(stack.routerUrl, query, variables, auth)).errors?.[0]?.extensions?.code;
    // Another buyer: the reservation, its payment and its order do not exist for them.
    expect(await code(RESERVATION, { id: reservation.id }, other.auth)).toBe('NOT_FOUND');
    expect(await code(PAYMENT, { id: payment.id }, other.auth)).toBe('NOT_FOUND');
    expect(await code(PREPARE, { id: reservation.id }, other.auth)).toBe('NOT_FOUND');
    expect(await code(CONFIRM, { input: widget }, other.auth)).toBe('NOT_FOUND');
    expect(await code(CANCEL, { id: reservation.id }, other.auth)).toBe('NOT_FOUND');
    const theirs = await ok(stack, 'query { myReservations { edges { node { id } } } }', {}, other.auth);
    expect(theirs.myReservations.edges).toEqual([]);
    // Anonymous callers are told to sign in.
    expect(await code(PAYMENT, { id: payment.id })).toBe('UNAUTHENTICATED');
    expect(await code(RESERVATION, { id: reservation.id })).toBe('UNAUTHENTICATED');

    // Refunds are an admin operation, even of one's own payment.
    const refund = await gql(
      stack.routerUrl,
      REFUND,
      { id: payment.id, reason: '환불해 주세요' },
      buyer.auth,
    );
    expect(refund.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(refund.errors?.[0]?.message).toMatch(/admin/i);
    expect(await code(REFUND, { id: payment.id, reason: 'x' }, other.auth)).toBe('FORBIDDEN');
    expect(stack.toss!.calls.filter((c) => c.path === `/v1/payments/${widget.paymentKey}/cancel`)).toEqual(
      [],
    );
    expect((await ok(stack, PAYMENT, { id: payment.id }, buyer.auth)).payment).toMatchObject({
      status: 'DONE',
      refundedAmount: 0,
      reservation: { id: reservation.id },
    });
    expect(stack.toss!.payment(widget.paymentKey)).toMatchObject({
      status: 'DONE',
      balanceAmount: order.amount,
    });
  });

  it("an admin's partial refund keeps the tickets; the buyer's cancellation refunds the rest and frees the seats", async () => {
    const buyer = newBuyer();
    const mine = [seats[3]!.id, seats[4]!.id];
    const { reservation, order, widget } = await checkout(stack, buyer, eventId, mine);
    const { confirmPayment: payment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    const read = async () => (await ok(stack, RESERVATION, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).status === 'CONFIRMED', 10_000, 'the reservation CONFIRMED');

    const { refundPayment } = await ok(
      stack,
      REFUND,
      { id: payment.id, amount: 50_000, reason: '시야 제한석' },
      admin,
    );
    expect(refundPayment).toMatchObject({ status: 'PARTIAL_CANCELED', refundedAmount: 50_000 });
    const above = await gql(stack.routerUrl, REFUND, { id: payment.id, amount: 148_001, reason: 'x' }, admin);
    expect(above.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount',
      refundable: 148_000,
    });
    // seating keeps the sale on a partial refund.
    expect(await read()).toMatchObject({
      status: 'CONFIRMED',
      seats: [{ status: 'SOLD' }, { status: 'SOLD' }],
    });

    expect((await ok(stack, REFUND_STATUS, { id: reservation.id }, buyer.auth)).reservation.payment).toEqual({
      status: 'PARTIAL_CANCELED',
      refundStatus: 'PARTIAL',
    });
    const { cancelReservation } = await ok(stack, CANCEL, { id: reservation.id }, buyer.auth);
    // The answer says what happened: cancelled, and the refund decided, whether or not payment has heard yet.
    expect(cancelReservation).toMatchObject({
      status: 'CANCELLED',
      payment: { id: payment.id, refundStatus: 'PENDING' },
    });
    // seating → payment (seating.reservation.cancelled): everything left goes back to the card.
    await until(
      async () => (await read()).payment.status === 'CANCELED',
      10_000,
      'the payment CANCELED at our side',
    );
    expect((await read()).payment).toMatchObject({ refundedAmount: order.amount, pendingRefundAmount: 0 });
    expect((await ok(stack, REFUND_STATUS, { id: reservation.id }, buyer.auth)).reservation.payment).toEqual({
      status: 'CANCELED',
      refundStatus: 'REFUNDED',
    });
    expect(stack.toss!.payment(widget.paymentKey)).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    expect(stack.toss!.payment(widget.paymentKey)?.cancels?.map((c) => c.cancelAmount)).toEqual([
      50_000, 148_000,
    ]);
    const map = await seatMap(stack.routerUrl, eventId);
    expect(map.seats.filter((s) => mine.includes(s.id)).map((s) => s.status)).toEqual([
      'AVAILABLE',
      'AVAILABLE',
    ]);
  });
  it('shows admins the sale, the refund and the new account in stats, with the event from catalog', async () => {
    // Korean calendar days around now: stats counts days in Korea.
    const kstDay = (offsetDays: number) =>
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Seoul' }).format(
        Date.now() + offsetDays * 86_400_000,
      );
    const period = { from: kstDay(-1), to: kstDay(1) };
    const totals = async () => (await ok(stack, STATS, period, admin)).salesStats;
    // What the tests before announced is all in: the counts below move by this test's doing only.
    await stack.seating[0]!.flushOutbox();
    await stack.payment[0]!.flushOutbox();
    await stack.stats!.drainEvents();
    const before = await totals();

    const signUp = await gql<Data>(
      stack.routerUrl,
      'mutation($input: SignUpInput!) { signUp(input: $input) { user { id } } }',
      { input: { email: `stats-${randomUUID()}@example.com`, password: 'concert2026', name: '통계' } },
    );
    expect(signUp.errors).toBeUndefined();
    const buyer = newBuyer();
    const { order, widget } = await checkout(stack, buyer, eventId, [seats[5]!.id, seats[6]!.id]);
    const { confirmPayment: payment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    await ok(stack, REFUND, { id: payment.id, amount: 10_000, reason: '시야 제한석' }, admin);

    // auth, seating and payment announce; stats records: it shows a moment later.
    const expected = {
      orders: before.totals.orders + 1,
      ticketsSold: before.totals.ticketsSold + 2,
      grossRevenue: before.totals.grossRevenue + order.amount,
      refunded: before.totals.refunded + 10_000,
      newUsers: before.totals.newUsers + 1,
    };
    let after = before;
    await until(
      async () => {
        after = await totals();
        return Object.entries(expected).every(([k, v]) => after.totals[k] === v);
      },
      10_000,
      'stats showing the sale, the refund and the sign-up',
    );
    expect(after.totals.netRevenue).toBe(after.totals.grossRevenue - after.totals.refunded);
    expect(after.days.map((d: { date: string }) => d.date)).toEqual([period.from, kstDay(0), period.to]);
    const top = after.topEvents.find((e: { event: { id: string } }) => e.event.id === eventId);
    expect(top.event.title).toBe('2026 아이유 콘서트 〈HEREH〉 앙코르');
    expect(top.ticketsSold).toBeGreaterThanOrEqual(2);

    // Event.sales joins catalog's event through the router, for admins only.
    const sales = await ok(stack, EVENT_SALES, { id: eventId }, admin);
    expect(sales.event).toMatchObject({ id: eventId, sales: { ticketsSold: top.ticketsSold } });
    const asBuyer = await gql<Data>(stack.routerUrl, STATS, period, buyer.auth);
    expect(asBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const salesAsBuyer = await gql<Data>(stack.routerUrl, EVENT_SALES, { id: eventId }, buyer.auth);
    expect(salesAsBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(salesAsBuyer.data?.event).toMatchObject({ id: eventId, sales: null });
  });

  it('preparePayment right after createReservation answers with the right amount while payment hears nothing of seating', async () => {
    // payment's consumer is down: seating's reservation.created waits in the stream.
    await stack.payment[0]!.stopConsumer();
    const buyer = newBuyer();
    const { hold, reservation, order, widget } = await checkout(stack, buyer, eventId, [
      seats[10]!.id,
      seats[11]!.id,
    ]);
    expect(order).toMatchObject({
      amount: hold.totalAmount,
      orderName: '2026 아이유 콘서트 〈HEREH〉 앙코르 (2매)',
      expiresAt: reservation.expiresAt,
    });
    expect(reservation.totalAmount).toBe(hold.totalAmount);
    // The event never reached payment, and yet the purchase goes through: paid once, then CONFIRMED by seating.
    const sql = (text: string, params: unknown[]) => stack.sql(text, params);
    const [created] = await sql(
      `select 'seating:' || id as event_id from seating.outbox where key = ? and topic = 'seating.reservation.created'`,
      [reservation.id],
    );
    expect(created).toBeDefined();
    expect(await sql('select 1 from payment.inbox where event_id = ?', [created!.event_id])).toHaveLength(0);
    const { confirmPayment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    expect(confirmPayment).toMatchObject({ status: 'DONE', amount: hold.totalAmount });
    expect(stack.toss!.payment(widget.paymentKey)).toMatchObject({
      status: 'DONE',
      totalAmount: hold.totalAmount,
    });
    const read = async () => (await ok(stack, RESERVATION, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).status === 'CONFIRMED', 10_000, 'the reservation CONFIRMED');
    expect(await sql('select 1 from payment.inbox where event_id = ?', [created!.event_id])).toHaveLength(0);
  });
});

describe('a payment Toss approves after the checkout time ran out', () => {
  let stack: Stack;
  let seats: Seat[];
  const eventId = SEED_IDS.events.btsSeoul;
  // The checkout lasts HOLD_S from createReservation; the confirm starts well within it (a loaded machine may
  // take a few seconds), and Toss answers the `timeout` card TOSS_DELAY_MS later, when the seats are gone.
  const HOLD_S = 4;
  const TOSS_DELAY_MS = 7_000;

  beforeAll(async () => {
    stack = await startStack({
      seating: 1,
      payment: 1,
      toss: { timeoutDelayMs: TOSS_DELAY_MS },
      env: {
        auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem },
        seating: { SEAT_HOLD_SECONDS: String(HOLD_S), CHECKOUT_EXTENSION_SECONDS: String(HOLD_S) },
        payment: { TOSS_TIMEOUT_MS: '300', TOSS_MAX_ATTEMPTS: '1', PAYMENT_RECONCILE_INTERVAL_MS: '500' },
      },
    });
    await seedCatalog(stack.catalog.orm);
    seats = await seatEvent(stack, eventId, tokens.admin());
  });
  afterAll(() => stack?.stop());

  it('is refunded in full automatically; the reservation EXPIRED and its seats back on sale', async () => {
    const buyer = newBuyer();
    const mine = [seats[0]!.id];
    const { reservation, order, widget } = await checkout(stack, buyer, eventId, mine, 'timeout');
    // Confirmed within the checkout time, but Toss does not answer in time: IN_PROGRESS, no error.
    const { confirmPayment } = await ok(stack, CONFIRM, { input: widget }, buyer.auth);
    expect(confirmPayment.status).toBe('IN_PROGRESS');

    // The hold runs out first: seating expires the reservation and the seat goes back on sale.
    const read = async () => (await ok(stack, RESERVATION, { id: reservation.id }, buyer.auth)).reservation;
    await until(async () => (await read()).status === 'EXPIRED', 10_000, 'the reservation EXPIRED');
    // Then Toss approves (the money is taken); payment learns it (reconciliation or webhook), seating refuses
    // the late payment (confirm_failed), and payment gives all of it back.
    await until(
      async () => stack.toss!.payment(widget.paymentKey)?.status === 'CANCELED',
      15_000,
      'the refund at Toss',
    );
    const atToss = stack.toss!.payment(widget.paymentKey)!;
    expect(atToss.approvedAt).not.toBeNull();
    expect(atToss).toMatchObject({ balanceAmount: 0, cancels: [{ cancelAmount: order.amount }] });
    expect(stack.toss!.approvals(order.orderId)).toBe(1);
    await until(async () => (await read()).payment.status === 'CANCELED', 10_000, 'CANCELED at our side');
    const ended = await read();
    expect(ended).toMatchObject({
      status: 'EXPIRED',
      qrCode: null,
      payment: { refundedAmount: order.amount, pendingRefundAmount: 0 },
    });
    const map = await seatMap(stack.routerUrl, eventId);
    expect(map.seats.find((s) => s.id === mine[0])?.status).toBe('AVAILABLE');
  });
});
