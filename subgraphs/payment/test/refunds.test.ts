import { Topics } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../src/modules/toss/toss-api.ts';
import { ADMIN, buyer, eventually, type Harness, PAYMENT, REFUND, startHarness } from './helpers.ts';

/** Refunds: admin full and partial (never more than is left), and the buyer's cancellation within policy. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const cancelCalls = (paymentKey: string) =>
  h.emulator.calls.filter((c) => c.path === `/v1/payments/${paymentKey}/cancel`);
const cancelledEvents = async (reservationId: string) =>
  (await h.published(Topics.paymentCancelled)).filter((e) => e.key === reservationId).map((e) => e.payload);

describe('refunds', () => {
  it('an admin refunds part, then the rest; never more than is left', async () => {
    const me = buyer();
    const { reservationId, order, paymentKey } = await h.checkout(me, { totalAmount: 100_000 });

    const partial = await h.call(
      REFUND,
      { id: order.paymentId, amount: 30_000, reason: '시야 제한석 보상' },
      ADMIN,
    );
    expect(partial.errors).toBeUndefined();
    expect(partial.data?.refundPayment).toMatchObject({
      status: 'PARTIAL_CANCELED',
      amount: 100_000,
      refundedAmount: 30_000,
      pendingRefundAmount: 0,
      cancels: [{ amount: 30_000, reason: '시야 제한석 보상' }],
    });
    expect(h.emulator.payment(paymentKey)).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 70_000,
    });

    const tooMuch = await h.call(REFUND, { id: order.paymentId, amount: 70_001, reason: 'too much' }, ADMIN);
    expect(tooMuch.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount',
      refundable: 70_000,
    });
    expect(cancelCalls(paymentKey)).toHaveLength(1);

    // Toss takes one cancel of a payment per second: asked again at once, it refuses for now. The refund waits
    // (the admin sees it pending) and goes through on a retry with the same Idempotency-Key.
    const rest = await h.call(REFUND, { id: order.paymentId, reason: '공연 취소' }, ADMIN);
    expect(rest.errors).toBeUndefined();
    expect(rest.data?.refundPayment).toMatchObject({
      status: 'PARTIAL_CANCELED',
      refundedAmount: 30_000,
      pendingRefundAmount: 70_000,
    });
    const whilePending = await h.call(REFUND, { id: order.paymentId, amount: 1, reason: 'more' }, ADMIN);
    expect(whilePending.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'amount' });
    const refunded = await eventually(async () => {
      const p = (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment;
      return p?.status === 'CANCELED' && p;
    });
    expect(refunded).toMatchObject({ refundedAmount: 100_000, pendingRefundAmount: 0 });
    expect(refunded.cancels.map((c: { amount: number }) => c.amount)).toEqual([30_000, 70_000]);
    expect(h.emulator.payment(paymentKey)).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    const refusedForNow = cancelCalls(paymentKey).filter((c) => c.code === 'FORBIDDEN_CONSECUTIVE_REQUEST');
    expect(refusedForNow.length).toBeGreaterThan(0);

    const nothingLeft = await h.call(REFUND, { id: order.paymentId, reason: 'again' }, ADMIN);
    expect(nothingLeft.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // Two refunds. Toss keeps a refusal under its key (it replays it), so each try refused for now was followed
    // by a re-read and a new key; no key that was refused ever went through.
    const calls = cancelCalls(paymentKey);
    expect(calls.filter((c) => c.status === 200)).toHaveLength(2);
    const refusedKeys = new Set(refusedForNow.map((c) => c.idempotencyKey));
    expect(calls.filter((c) => c.status === 200 && refusedKeys.has(c.idempotencyKey))).toEqual([]);
    const requests = await h.sql<{ id: string }>(
      'select id from payment.refund_requests where payment_id = ? order by created_at',
      [order.paymentId],
    );
    expect(calls[0]?.idempotencyKey).toBe(`refund-${requests[0]?.id}`);
    expect(calls[1]?.idempotencyKey).toBe(`refund-${requests[1]?.id}`);
    expect(calls.at(-1)?.idempotencyKey).toMatch(new RegExp(`^refund-${requests[1]?.id}~r[0-9a-f]{12}$`));

    // seating releases the seats on the full one only.
    expect(await cancelledEvents(reservationId)).toEqual([
      { reservationId, paymentId: order.paymentId, amount: 30_000, refundedAmount: 30_000, full: false },
      { reservationId, paymentId: order.paymentId, amount: 70_000, refundedAmount: 100_000, full: true },
    ]);
    const audit = await h.sql<{
      actor_id: string;
      action: string;
      details: { amount: number; full: boolean };
    }>('select actor_id, action, details from payment.admin_audit_log where target_id = ? order by at', [
      order.paymentId,
    ]);
    expect(audit.map((a) => [a.actor_id, a.action, a.details.amount, a.details.full])).toEqual([
      [ADMIN.userId, 'payment.refund', 30_000, false],
      [ADMIN.userId, 'payment.refund', 70_000, true],
    ]);
  });

  it('a refund Toss refuses for now (PROVIDER_ERROR) is re-read and sent again under a new key, once', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me, { totalAmount: 50_000 });
    h.emulator.failNext('cancel', 'PROVIDER_ERROR');
    const res = await h.call(REFUND, { id: order.paymentId, amount: 10_000, reason: '보상' }, ADMIN);
    expect(res.errors).toBeUndefined();
    expect(res.data?.refundPayment).toMatchObject({ refundedAmount: 0, pendingRefundAmount: 10_000 });
    await eventually(async () => h.emulator.payment(paymentKey)?.balanceAmount === 40_000);
    const calls = cancelCalls(paymentKey);
    expect(calls.map((c) => c.code ?? c.status)).toEqual(['PROVIDER_ERROR', 200]);
    expect(calls[1]?.idempotencyKey).not.toBe(calls[0]?.idempotencyKey);
    // Toss was re-read between the two, as its documentation asks before a new key.
    const between = h.emulator.calls.filter(
      (c) =>
        c.method === 'GET' &&
        c.path === `/v1/payments/${paymentKey}` &&
        c.at >= calls[0]!.at &&
        c.at <= calls[1]!.at,
    );
    expect(between.length).toBeGreaterThan(0);
    await eventually(async () => {
      const p = (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment;
      return p?.refundedAmount === 10_000 && p.pendingRefundAmount === 0;
    });
  });

  it('cancels carry the balance we know: when Toss has another (a refund made elsewhere), ours is re-read, never doubled', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me, { totalAmount: 60_000 });
    // Someone refunds 15,000 straight at Toss (its dashboard): our row still says 60,000 is left.
    const elsewhere = await fetch(`${h.emulator.url}/v1/payments/${paymentKey}/cancel`, {
      method: 'POST',
      headers: { authorization: basicAuth(h.emulator.secretKey), 'content-type': 'application/json' },
      body: JSON.stringify({ cancelReason: '상점관리자 환불', cancelAmount: 15_000 }),
    });
    expect(elsewhere.status).toBe(200);
    const [row] = await h.sql<{ balance_amount: number }>(
      'select balance_amount from payment.payments where id = ?',
      [order.paymentId],
    );
    expect(row?.balance_amount).toBe(60_000);

    // The admin refunds "everything left": sent with refundableAmount 60,000, Toss refuses it.
    const res = await h.call(REFUND, { id: order.paymentId, reason: '공연 취소' }, ADMIN);
    expect(res.errors).toBeUndefined();
    await eventually(async () => h.emulator.payment(paymentKey)?.status === 'CANCELED');
    const calls = cancelCalls(paymentKey).slice(1);
    expect(calls[0]?.code).toBe('NOT_MATCHES_REFUNDABLE_AMOUNT');
    expect(calls.filter((c) => c.status === 200)).toHaveLength(1);
    expect(h.emulator.payment(paymentKey)?.cancels?.map((c) => c.cancelAmount)).toEqual([15_000, 45_000]);
    const refunded = await eventually(async () => {
      const p = (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment;
      return p?.status === 'CANCELED' && p;
    });
    expect(refunded).toMatchObject({ refundedAmount: 60_000, pendingRefundAmount: 0 });
  });

  it('refunds at the same time never take more than is left', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me, { totalAmount: 100_000 });
    // Three admins each give back 40,000 of 100,000 at once: two fit, the third does not.
    const answers = await Promise.all(
      Array.from({ length: 3 }, (_, i) =>
        h.call(REFUND, { id: order.paymentId, amount: 40_000, reason: `보상 ${i + 1}` }, ADMIN),
      ),
    );
    const accepted = answers.filter((a) => !a.errors);
    const refused = answers.filter((a) => a.errors);
    expect(accepted).toHaveLength(2);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'amount',
      refundable: 20_000,
    });
    // The second one Toss takes a second later (one cancel per payment per second); both end up at Toss.
    const refunded = await eventually(async () => {
      const p = (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment;
      return p?.refundedAmount === 80_000 && p;
    });
    expect(refunded).toMatchObject({ status: 'PARTIAL_CANCELED', pendingRefundAmount: 0 });
    expect(h.emulator.payment(paymentKey)).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 20_000,
    });
    expect(cancelCalls(paymentKey).filter((c) => c.status === 200)).toHaveLength(2);
    const [{ n } = { n: 0 }] = await h.sql<{ n: number }>(
      'select count(*)::int as n from payment.refund_requests where payment_id = ?',
      [order.paymentId],
    );
    expect(n).toBe(2);
  });

  it('refundPayment is for admins: buyers get FORBIDDEN and nothing is refunded', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me);
    const own = await h.call(REFUND, { id: order.paymentId, reason: 'I changed my mind' }, me);
    expect(own.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await h.call(REFUND, { id: order.paymentId, reason: 'x' });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(cancelCalls(paymentKey)).toHaveLength(0);
    expect((await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment.status).toBe('DONE');

    for (const [variables, code] of [
      [{ id: order.paymentId, amount: 0, reason: 'zero' }, 'BAD_USER_INPUT'],
      [{ id: order.paymentId, amount: -5, reason: 'negative' }, 'BAD_USER_INPUT'],
      [{ id: order.paymentId, reason: '   ' }, 'BAD_USER_INPUT'],
      [{ id: '00000000-0000-4000-8000-000000000000', reason: 'unknown' }, 'NOT_FOUND'],
      [{ id: 'not-a-uuid', reason: 'unknown' }, 'NOT_FOUND'],
    ] as const) {
      const res = await h.call(REFUND, variables, ADMIN);
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(variables)).toBe(code);
    }
    // An attempt that never took money cannot be refunded.
    const declined = await h.checkout(me, { card: 'decline' });
    const refused = await h.call(REFUND, { id: declined.order.paymentId, reason: 'x' }, ADMIN);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(cancelCalls(paymentKey)).toHaveLength(0);
  });

  it("a buyer's cancellation within the refund policy refunds everything that is left", async () => {
    const me = buyer();
    const { reservationId, order, paymentKey } = await h.checkout(me, { totalAmount: 120_000 });
    await h.seating.publish(
      Topics.reservationConfirmed,
      reservationId,
      h.seating.lifecycle(Topics.reservationConfirmed, reservationId, { paymentId: order.paymentId }),
    );
    // An admin had already given part back.
    await h.call(REFUND, { id: order.paymentId, amount: 20_000, reason: '할인 적용' }, ADMIN);

    // seating: the buyer cancelled the CONFIRMED reservation (cancelReservation) within the event's policy.
    await h.seating.publish(
      Topics.reservationCancelled,
      reservationId,
      h.seating.lifecycle(Topics.reservationCancelled, reservationId, {
        paymentId: order.paymentId,
        wasConfirmed: true,
      }),
    );
    await eventually(async () => h.emulator.payment(paymentKey)?.status === 'CANCELED');
    expect(h.emulator.payment(paymentKey)?.cancels?.map((c) => c.cancelAmount)).toEqual([20_000, 100_000]);
    await eventually(
      async () => (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment.status === 'CANCELED',
    );
    expect((await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment.refundedAmount).toBe(120_000);
    expect((await cancelledEvents(reservationId)).at(-1)).toEqual({
      reservationId,
      paymentId: order.paymentId,
      amount: 100_000,
      refundedAmount: 120_000,
      full: true,
    });

    // The cancellation seating publishes after releasing the seats (again, or for an unpaid one) refunds nothing.
    await h.seating.publish(
      Topics.reservationCancelled,
      reservationId,
      h.seating.lifecycle(Topics.reservationCancelled, reservationId, {
        paymentId: order.paymentId,
        wasConfirmed: true,
      }),
    );
    await h.service.refunds.idle();
    expect(cancelCalls(paymentKey).filter((c) => c.status === 200)).toHaveLength(2);
    const [projection] = await h.sql<{ status: string }>(
      'select status from payment.reservations where id = ?',
      [reservationId],
    );
    expect(projection?.status).toBe('CANCELLED');
  });
});
