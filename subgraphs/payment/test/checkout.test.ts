import { randomUUID } from 'node:crypto';
import { signCheckoutToken, Topics } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentConfirmedPayload } from '../src/index.ts';
import {
  ADMIN,
  buyer,
  type Harness,
  PAYMENT,
  PREPARE,
  RESERVATION_PAYMENT,
  startHarness,
} from './helpers.ts';

/** The buyer's checkout against the Toss emulator: prepare → widget → confirm, and every way it can go wrong. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const confirmCalls = (orderId: string) =>
  h.emulator.calls.filter((c) => c.path === '/v1/payments/confirm' && c.idempotencyKey?.includes(orderId));

describe('checkout', () => {
  it("prepares from the checkout token at once (seating's event not yet delivered), confirms once, publishes payment.confirmed and logs the call", async () => {
    const me = buyer();
    // seating's event is still in its outbox when the buyer asks: the token is all payment needs.
    const reservation = await h.seating.reservation(me, {
      totalAmount: 154_000,
      seatCount: 2,
      deliver: false,
    });
    const order = await h.prepare(me, reservation.id, reservation.checkoutToken);
    expect(order).toMatchObject({
      amount: 154_000,
      orderName: '아이유 콘서트 HER (2매)',
      clientKey: h.emulator.clientKey,
      expiresAt: reservation.holdExpiresAt,
    });
    expect(order.orderId).toMatch(/^[A-Za-z0-9_-]{6,64}$/);
    // Preparing again (a page reload) resumes the same order; so does a prepare without the token now.
    expect(await h.prepare(me, reservation.id, reservation.checkoutToken)).toEqual(order);
    expect(await h.prepare(me, reservation.id)).toEqual(order);
    // The event arriving later says the same and changes nothing.
    await h.seating.deliver();
    expect(await h.prepare(me, reservation.id, reservation.checkoutToken)).toEqual(order);

    const widget = await h.authorize(order.orderId, order.amount, 'success');
    const res = await h.confirm(me, widget);
    expect(res.errors).toBeUndefined();
    const payment = res.data!.confirmPayment;
    expect(payment).toMatchObject({
      id: order.paymentId,
      orderId: order.orderId,
      status: 'DONE',
      amount: 154_000,
      refundedAmount: 0,
      method: '카드',
      reservation: { id: reservation.id },
      failure: null,
      cancels: [],
    });
    expect(payment.receiptUrl).toContain(h.emulator.url);
    expect(Date.parse(payment.approvedAt!)).toBeGreaterThan(Date.now() - 60_000);

    // Toss agrees, and was asked exactly once, with an Idempotency-Key.
    expect(h.emulator.payment(widget.paymentKey)).toMatchObject({ status: 'DONE', totalAmount: 154_000 });
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    const calls = confirmCalls(order.orderId);
    expect(calls).toHaveLength(1);

    const confirmed = (await h.published<PaymentConfirmedPayload>(Topics.paymentConfirmed)).filter(
      (e) => e.key === reservation.id,
    );
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]!.payload).toEqual({
      reservationId: reservation.id,
      paymentId: payment.id,
      amount: 154_000,
    });
    expect(confirmed[0]!.id).toMatch(/^payment:/);

    const logs = await h.sql<Record<string, unknown>>(
      'select * from payment.payment_logs where payment_id = ? order by id',
      [payment.id],
    );
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      operation: 'confirm',
      direction: 'OUT',
      method: 'POST',
      endpoint: '/v1/payments/confirm',
      idempotency_key: calls[0]!.idempotencyKey,
      http_status: 200,
      outcome: 'ok',
      attempt: 1,
      request: { paymentKey: widget.paymentKey, orderId: order.orderId, amount: 154_000 },
    });
    expect(logs[0]!.latency_ms).toBeGreaterThanOrEqual(0);
    expect((logs[0]!.response as { status: string }).status).toBe('DONE');

    // The reservation's payment through federation, and the payment itself, for its buyer.
    const entities = await h.call(
      RESERVATION_PAYMENT,
      { reps: [{ __typename: 'Reservation', id: reservation.id }] },
      me,
    );
    expect(entities.data?._entities).toEqual([
      { id: reservation.id, payment: { id: payment.id, status: 'DONE', amount: 154_000, refundedAmount: 0 } },
    ]);
    const read = await h.call(PAYMENT, { id: payment.id }, me);
    expect(read.data?.payment).toEqual(payment);
  });

  it('refuses a forged amount before Toss is asked: nothing is charged', async () => {
    const me = buyer();
    const reservation = await h.seating.reservation(me, { totalAmount: 99_000 });
    const order = await h.prepare(me, reservation.id);
    const widget = await h.authorize(order.orderId, order.amount);

    const forged = await h.confirm(me, { ...widget, amount: 1_000 });
    expect(forged.errors?.[0]?.extensions?.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect(forged.data).toBeNull();
    expect(confirmCalls(order.orderId)).toHaveLength(0);
    expect(h.emulator.payment(widget.paymentKey)?.status).toBe('IN_PROGRESS');

    // The widget itself authorized for less than the order: the client's amount is refused, and the real amount
    // with that paymentKey is refused by Toss (it does not match what was authorized).
    const cheap = await h.authorize(order.orderId, 1_000);
    const cheapConfirm = await h.confirm(me, cheap);
    expect(cheapConfirm.errors?.[0]?.extensions?.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const swapped = await h.confirm(me, { ...cheap, amount: order.amount });
    expect(swapped.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      providerCode: 'INVALID_REQUEST',
    });
    expect(h.emulator.approvals(order.orderId)).toBe(0);

    // The order is still payable with the right amount.
    const paid = await h.confirm(me, widget);
    expect(paid.data?.confirmPayment.status).toBe('DONE');
    expect(h.emulator.approvals()).toBeGreaterThan(0);
    expect(h.emulator.approvals(order.orderId)).toBe(1);
  });

  it('a repeated confirm returns the same payment; concurrent confirms charge once and all get the payment', async () => {
    const me = buyer();
    const first = await h.checkout(me);
    const again = await h.confirm(me, {
      paymentKey: first.paymentKey,
      orderId: first.order.orderId,
      amount: first.order.amount,
    });
    expect(again.data?.confirmPayment).toEqual(first.res.data?.confirmPayment);
    expect(confirmCalls(first.order.orderId)).toHaveLength(1);

    const reservation = await h.seating.reservation(me);
    const order = await h.prepare(me, reservation.id);
    const widget = await h.authorize(order.orderId, order.amount);
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.confirm(me, widget)));
    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data?.confirmPayment).toMatchObject({ id: order.paymentId, status: 'DONE' });
    }
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    expect(confirmCalls(order.orderId)).toHaveLength(1);
    const events = (await h.published(Topics.paymentConfirmed)).filter((e) => e.key === reservation.id);
    expect(events).toHaveLength(1);
  });

  it('a confirm Toss refuses for now (PROVIDER_ERROR) is re-read and sent again under a new key: one charge', async () => {
    const me = buyer();
    const reservation = await h.seating.reservation(me);
    const order = await h.prepare(me, reservation.id);
    const widget = await h.authorize(order.orderId, order.amount);
    h.emulator.failNext('confirm', 'PROVIDER_ERROR');
    const res = await h.confirm(me, widget);
    expect(res.errors).toBeUndefined();
    expect(res.data?.confirmPayment).toMatchObject({ id: order.paymentId, status: 'DONE' });
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    const calls = confirmCalls(order.orderId);
    expect(calls.map((c) => c.code ?? c.status)).toEqual(['PROVIDER_ERROR', 200]);
    // Toss keeps the first answer under its key for 15 days: the second confirm needs another one…
    expect(calls[1]?.idempotencyKey).not.toBe(calls[0]?.idempotencyKey);
    // …and only after the payment was re-read (still IN_PROGRESS: nothing approved), as Toss' documentation asks.
    const between = h.emulator.calls.filter(
      (c) =>
        c.method === 'GET' &&
        c.path === `/v1/payments/${widget.paymentKey}` &&
        c.at >= calls[0]!.at &&
        c.at <= calls[1]!.at,
    );
    expect(between.length).toBeGreaterThan(0);
  });

  it('two checkout windows confirming one order at once with two paymentKeys: one charge, the other CONFLICT', async () => {
    const me = buyer();
    const reservation = await h.seating.reservation(me);
    const order = await h.prepare(me, reservation.id);
    // The buyer opened the widget twice and finished both: Toss authorized two payments for one order.
    const first = await h.authorize(order.orderId, order.amount);
    const second = await h.authorize(order.orderId, order.amount);
    const answers = await Promise.all([first, second, first, second].map((widget) => h.confirm(me, widget)));

    const paid = answers.filter((a) => a.data?.confirmPayment.status === 'DONE');
    const refused = answers.filter((a) => a.errors);
    expect(paid.length + refused.length).toBe(4);
    expect(refused.map((a) => a.errors?.[0]?.extensions?.code)).toEqual(refused.map(() => 'CONFLICT'));
    // Both confirms of the winning key succeed, both of the other are refused: whichever key came first.
    expect(paid).toHaveLength(2);
    const winner = h.emulator.payment(first.paymentKey)?.status === 'DONE' ? first : second;
    const loser = winner === first ? second : first;
    expect(h.emulator.payment(loser.paymentKey)?.status).toBe('IN_PROGRESS');
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    expect(confirmCalls(order.orderId)).toHaveLength(1);
    const read = await h.call(PAYMENT, { id: order.paymentId }, me);
    expect(read.data?.payment).toMatchObject({ status: 'DONE', amount: order.amount });
    const events = (await h.published(Topics.paymentConfirmed)).filter((e) => e.key === reservation.id);
    expect(events).toHaveLength(1);
    const [row] = await h.sql<{ payment_key: string }>(
      'select payment_key from payment.payments where id = ?',
      [order.paymentId],
    );
    expect(row?.payment_key).toBe(winner.paymentKey);
  });

  it('a declined card ends the attempt with PAYMENT_DECLINED; nothing is published and a new attempt can pay', async () => {
    const me = buyer();
    const declined = await h.checkout(me, { card: 'decline' });
    expect(declined.res.errors?.[0]?.extensions).toMatchObject({
      code: 'PAYMENT_DECLINED',
      providerCode: 'REJECT_CARD_PAYMENT',
    });
    expect(declined.res.errors?.[0]?.message).toContain('Nothing was charged');
    const read = await h.call(PAYMENT, { id: declined.order.paymentId }, me);
    expect(read.data?.payment).toMatchObject({
      status: 'ABORTED',
      approvedAt: null,
      failure: { code: 'REJECT_CARD_PAYMENT' },
    });
    // The reservation is untouched (still PENDING, its hold running): payment told seating nothing.
    const events = await h.published(Topics.paymentConfirmed);
    expect(events.filter((e) => e.key === declined.reservationId)).toHaveLength(0);
    const [projection] = await h.sql<{ status: string }>(
      'select status from payment.reservations where id = ?',
      [declined.reservationId],
    );
    expect(projection?.status).toBe('PENDING');

    // Confirming the declined key again gives the same answer without asking Toss again.
    const repeat = await h.confirm(me, {
      paymentKey: declined.paymentKey,
      orderId: declined.order.orderId,
      amount: declined.order.amount,
    });
    expect(repeat.errors?.[0]?.extensions?.code).toBe('PAYMENT_DECLINED');
    expect(confirmCalls(declined.order.orderId)).toHaveLength(1);

    // Another card: a new order for the same reservation.
    const retry = await h.prepare(me, declined.reservationId);
    expect(retry.orderId).not.toBe(declined.order.orderId);
    const widget = await h.authorize(retry.orderId, retry.amount, 'success');
    const paid = await h.confirm(me, widget);
    expect(paid.data?.confirmPayment).toMatchObject({ status: 'DONE', id: retry.paymentId });
  });

  it('refuses forged, expired, other buyers’ and other reservations’ checkout tokens with a code; nothing is recorded', async () => {
    const me = buyer();
    const other = buyer();
    const mine = await h.seating.reservation(me, { deliver: false, totalAmount: 99_000 });
    const theirs = await h.seating.reservation(other, { deliver: false });
    const prepare = (identity: typeof me, id: string, token: string) =>
      h.call(PREPARE, { id, token }, identity).then((r) => r.errors?.[0]?.extensions);

    // Forged: the same claims with a higher amount signed with another key, and a token with a claim edited.
    const forged = signCheckoutToken('not-the-checkout-secret-0123456789abcdef', {
      reservationId: mine.id,
      userId: me.userId,
      eventId: randomUUID(),
      eventTitle: 'x',
      amount: 1,
      currency: 'KRW',
      seatCount: 1,
      issuedAt: new Date(),
      expiresAt: new Date(Date.now() + 60_000),
    });
    expect(await prepare(me, mine.id, forged)).toMatchObject({
      code: 'CHECKOUT_TOKEN_INVALID',
      reason: 'invalid',
    });
    const [head, body, signature] = mine.checkoutToken.split('.') as [string, string, string];
    const edited = JSON.parse(Buffer.from(body, 'base64url').toString());
    edited.amt = 100;
    const tampered = `${head}.${Buffer.from(JSON.stringify(edited)).toString('base64url')}.${signature}`;
    expect(await prepare(me, mine.id, tampered)).toMatchObject({
      code: 'CHECKOUT_TOKEN_INVALID',
      reason: 'invalid',
    });
    expect(await prepare(me, mine.id, 'garbage')).toMatchObject({ code: 'CHECKOUT_TOKEN_INVALID' });

    // Someone else's token, for their reservation or mine; my token for their reservation.
    expect(await prepare(me, theirs.id, theirs.checkoutToken)).toMatchObject({
      code: 'CHECKOUT_TOKEN_INVALID',
      reason: 'other-buyer',
    });
    expect(await prepare(me, theirs.id, mine.checkoutToken)).toMatchObject({
      code: 'CHECKOUT_TOKEN_INVALID',
      reason: 'other-reservation',
    });

    // Past the checkout deadline: the hold is over.
    const lapsed = await h.seating.reservation(me, { holdMs: -2_000, deliver: false });
    expect(await prepare(me, lapsed.id, lapsed.checkoutToken)).toMatchObject({ code: 'HOLD_EXPIRED' });

    // No token and no event yet: NOT_FOUND at once, with what to do.
    const started = Date.now();
    expect((await h.call(PREPARE, { id: mine.id }, me)).errors?.[0]).toMatchObject({
      extensions: { code: 'NOT_FOUND' },
      message: expect.stringContaining('checkoutToken'),
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    // None of it made an order or a projection; the right token still works, for the signed amount.
    expect(
      await h.sql('select 1 from payment.payments where reservation_id in (?, ?, ?)', [
        mine.id,
        theirs.id,
        lapsed.id,
      ]),
    ).toHaveLength(0);
    expect(
      await h.sql('select 1 from payment.reservations where id in (?, ?, ?)', [
        mine.id,
        theirs.id,
        lapsed.id,
      ]),
    ).toHaveLength(0);
    expect((await h.prepare(me, mine.id, mine.checkoutToken)).amount).toBe(99_000);
  });

  it('HOLD_EXPIRED once the checkout time is over, before and after preparing; Toss is never asked', async () => {
    const me = buyer();
    const lapsed = await h.seating.reservation(me, { holdMs: -1_000 });
    const refused = await h.call(
      `mutation { preparePayment(reservationId: "${lapsed.id}") { orderId } }`,
      {},
      me,
    );
    expect(refused.errors?.[0]?.extensions?.code).toBe('HOLD_EXPIRED');

    const short = await h.seating.reservation(me, { holdMs: 1_000 });
    const order = await h.prepare(me, short.id);
    const widget = await h.authorize(order.orderId, order.amount);
    await sleep(1_100);
    const late = await h.confirm(me, widget);
    expect(late.errors?.[0]?.extensions?.code).toBe('HOLD_EXPIRED');

    // seating expired it (its sweeper): the open order is over too.
    const expired = await h.seating.reservation(me);
    const order2 = await h.prepare(me, expired.id);
    await h.seating.publish(
      Topics.reservationExpired,
      expired.id,
      h.seating.lifecycle(Topics.reservationExpired, expired.id),
    );
    const widget2 = await h.authorize(order2.orderId, order2.amount);
    const afterExpiry = await h.confirm(me, widget2);
    expect(afterExpiry.errors?.[0]?.extensions?.code).toBe('HOLD_EXPIRED');
    expect((await h.call(PAYMENT, { id: order2.paymentId }, me)).data?.payment.status).toBe('EXPIRED');

    expect(confirmCalls(order.orderId)).toHaveLength(0);
    expect(confirmCalls(order2.orderId)).toHaveLength(0);
  });

  it("keeps buyers out of each other's reservations and payments", async () => {
    const me = buyer();
    const other = buyer();
    const { reservationId, order, paymentKey } = await h.checkout(me);

    const prepare = await h.call(
      `mutation { preparePayment(reservationId: "${reservationId}") { orderId } }`,
      {},
      other,
    );
    expect(prepare.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const confirm = await h.confirm(other, { paymentKey, orderId: order.orderId, amount: order.amount });
    expect(confirm.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await h.call(PAYMENT, { id: order.paymentId }, other);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(read.data?.payment).toBeNull();
    const entities = await h.call(
      RESERVATION_PAYMENT,
      { reps: [{ __typename: 'Reservation', id: reservationId }] },
      other,
    );
    expect(entities.data?._entities).toEqual([{ id: reservationId, payment: null }]);

    const anonymous = await h.call(PAYMENT, { id: order.paymentId }, null);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const anonymousPrepare = await h.call(
      `mutation { preparePayment(reservationId: "${reservationId}") { orderId } }`,
    );
    expect(anonymousPrepare.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    // Admins see every payment.
    const asAdmin = await h.call(PAYMENT, { id: order.paymentId }, ADMIN);
    expect(asAdmin.data?.payment.status).toBe('DONE');
  });

  it('payment_logs keep no secret key and no card data; only admins read them', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me);
    // Toss' answer carries a (masked) card number: it must not reach our database.
    expect(h.emulator.payment(paymentKey)?.card?.number).toMatch(/\d{8}\*{4}/);
    const rows = await h.sql<{ request: unknown; response: unknown }>(
      'select request, response from payment.payment_logs',
    );
    const stored = JSON.stringify(rows);
    expect(rows.length).toBeGreaterThan(3);
    expect(stored).not.toContain(h.emulator.secretKey);
    expect(stored).not.toContain(Buffer.from(`${h.emulator.secretKey}:`).toString('base64'));
    expect(stored).not.toMatch(/\d{8}\*{4}/);
    expect(stored).toContain('"number":"[REDACTED]"');

    const logs = `query { paymentLogs(paymentId: "${order.paymentId}") { operation endpoint httpStatus idempotencyKey response } }`;
    const asAdmin = await h.call(logs, {}, ADMIN);
    expect(asAdmin.data?.paymentLogs).toMatchObject([
      { operation: 'confirm', endpoint: '/v1/payments/confirm', httpStatus: 200 },
    ]);
    expect(asAdmin.data?.paymentLogs[0].response).toContain('[REDACTED]');
    const asBuyer = await h.call(logs, {}, me);
    expect(asBuyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
