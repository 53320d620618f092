import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, buyer, eventually, type Harness, PAYMENT, REFUND, startHarness } from './helpers.ts';

/**
 * Toss answers 5xx to every attempt of a confirm (an outage, as `bench:onsale --chaos` makes): the buyer sees
 * IN_PROGRESS and Toss holds the authorized payment, unconfirmed. Nobody has to press again: reconciliation
 * comes back soon after (PAYMENT_RECHECK_MS, well before its PAYMENT_RECONCILE_INTERVAL_MS), finds Toss still
 * waiting for the confirm, and resumes it under the order's confirm key. Until then such a payment stayed
 * IN_PROGRESS for good, its buyer without a ticket.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    env: { TOSS_MAX_ATTEMPTS: '2', PAYMENT_RECONCILE_INTERVAL_MS: '600000', PAYMENT_RECHECK_MS: '300' },
  });
});
afterAll(() => h?.dispose());

describe('a confirm Toss never received', () => {
  it('is resumed by reconciliation soon after, charged once', async () => {
    const me = buyer();
    h.emulator.failNext('confirm', 'FAILED_INTERNAL_SYSTEM_PROCESSING', 2);
    const { order, paymentKey, res } = await h.checkout(me);
    expect(res.errors).toBeUndefined();
    expect(res.data?.confirmPayment).toMatchObject({ id: order.paymentId, status: 'IN_PROGRESS' });
    expect(h.emulator.payment(paymentKey)?.status).toBe('IN_PROGRESS');

    await eventually(
      async () => (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment?.status === 'DONE',
      10_000,
    );
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    // Toss keeps an answer under its Idempotency-Key, so each retry after a re-read takes a key derived from
    // the order's confirm key (toss-client.ts); only the resumed one was answered, and it charged once.
    const confirms = await h.sql<{ outcome: string; idempotency_key: string }>(
      `select outcome, idempotency_key from payment.payment_logs where payment_id = ? and operation = 'confirm' order by id`,
      [order.paymentId],
    );
    expect(confirms.at(-1)?.outcome).toBe('ok');
    expect(confirms.slice(0, 2).map((c) => c.outcome)).toEqual(['error', 'error']);
    const base = confirms[0]!.idempotency_key;
    expect(confirms.every((c) => c.idempotency_key.startsWith(base))).toBe(true);
  }, 30_000);
});

describe("Toss' answers arriving out of order", () => {
  it('a DONE read before a refund, applied after it, does not undo the refund', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me);
    // What Toss said at approval: a reconciliation's or a resumed confirm's answer still on its way.
    const stale = h.emulator.payment(paymentKey)!;
    expect(stale.status).toBe('DONE');
    const refunded = await h.call(REFUND, { id: order.paymentId, reason: '좌석 상실' }, ADMIN);
    expect(refunded.errors).toBeUndefined();
    await eventually(
      async () => (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment?.status === 'CANCELED',
      10_000,
    );

    const after = await h.service.payments.settle(order.paymentId, stale);
    expect(after.status).toBe('CANCELED');
    expect(after.balanceAmount).toBe(0);
    expect((await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment).toMatchObject({
      status: 'CANCELED',
      refundedAmount: order.amount,
    });
  });
});
