import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Topics } from '@tiketi/kit';
import { asRouter, gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaymentCancelledPayload } from '../src/index.ts';
import { basicAuth } from '../src/modules/toss/toss-api.ts';
import { buyer, CONFIRM, eventually, type Harness, PAYMENT, startHarness } from './helpers.ts';

/**
 * Money is never lost or taken twice when things go wrong between us and Toss: timeouts, a crash between
 * Toss' approval and our commit, a payment that arrives after its seats were lost, webhooks forged or repeated.
 */
let h: Harness;
// Generous enough that a busy CI machine does not time out the re-reads that settle a payment.
const TIMEOUT_MS = 800;
const TOSS_DELAY_MS = 2_500;
const SETTLES_MS = 20_000;
beforeAll(async () => {
  h = await startHarness({
    // The `timeout` card answers after TOSS_DELAY_MS, well past our TIMEOUT_MS × 2 attempts.
    env: {
      TOSS_TIMEOUT_MS: String(TIMEOUT_MS),
      TOSS_MAX_ATTEMPTS: '2',
      PAYMENT_RECONCILE_INTERVAL_MS: '400',
    },
    emulator: { timeoutDelayMs: TOSS_DELAY_MS },
  });
});
afterAll(async () => {
  await h?.dispose();
});

const paymentStatus = async (id: string, identity: Parameters<Harness['call']>[2]) =>
  (await h.call(PAYMENT, { id }, identity)).data?.payment as
    | { status: string; refundedAmount: number }
    | undefined;
const publishedFor = async (topic: (typeof Topics)[keyof typeof Topics], reservationId: string) =>
  (await h.published<Record<string, unknown>>(topic)).filter((e) => e.key === reservationId);

describe('recovery', () => {
  it('a confirm that times out is retried with the same Idempotency-Key, then settled by reconciliation', async () => {
    const me = buyer();
    const { order, paymentKey, res, reservationId } = await h.checkout(me, { card: 'timeout' });
    // Toss did not answer in time: the buyer sees IN_PROGRESS, not an error and not a second charge.
    expect(res.errors).toBeUndefined();
    expect(res.data?.confirmPayment).toMatchObject({ id: order.paymentId, status: 'IN_PROGRESS' });

    const logs = await h.sql<{
      operation: string;
      outcome: string;
      idempotency_key: string | null;
      error_code: string | null;
    }>(
      'select operation, outcome, idempotency_key, error_code from payment.payment_logs where payment_id = ? order by id',
      [order.paymentId],
    );
    const confirms = logs.filter((l) => l.operation === 'confirm');
    expect(confirms.map((l) => l.outcome)).toEqual(['timeout', 'error']);
    expect(confirms[1]?.error_code).toBe('IDEMPOTENT_REQUEST_PROCESSING');
    expect(new Set(confirms.map((l) => l.idempotency_key)).size).toBe(1);
    expect(logs.some((l) => l.operation === 'get')).toBe(true);

    // Toss completes the approval late; reconciliation (no webhook configured here) records it.
    await eventually(async () => (await paymentStatus(order.paymentId, me))?.status === 'DONE', SETTLES_MS);
    expect(h.emulator.payment(paymentKey)?.status).toBe('DONE');
    expect(h.emulator.approvals(order.orderId)).toBe(1);
    expect(await publishedFor(Topics.paymentConfirmed, reservationId)).toHaveLength(1);
  });

  it('a crash between Toss approving and our commit is repaired at restart', async () => {
    const me = buyer();
    const reservation = await h.seating.reservation(me);
    const order = await h.prepare(me, reservation.id);
    const widget = await h.authorize(order.orderId, order.amount, 'timeout');
    // Only the process we are about to kill runs now: no other replica to reconcile for it.
    await h.service.stop();

    const child = await startPaymentProcess(
      h.infra.env({ TOSS_API_URL: h.emulator.url, TOSS_TIMEOUT_MS: '10000' }),
    );
    try {
      const confirming = gql(child.url, CONFIRM, { input: widget }, asRouter(me)).catch(() => null);
      // The confirm has taken the order and is waiting for Toss: kill the process right there.
      await eventually(async () => {
        const [row] = await h.sql<{ status: string }>('select status from payment.payments where id = ?', [
          order.paymentId,
        ]);
        return row?.status === 'IN_PROGRESS';
      });
      await new Promise((r) => setTimeout(r, 150));
      child.process.kill('SIGKILL');
      await confirming;
    } finally {
      child.process.kill('SIGKILL');
    }
    // Toss approves (the money is taken) while our database still says IN_PROGRESS and nothing was published.
    await eventually(async () => h.emulator.payment(widget.paymentKey)?.status === 'DONE', SETTLES_MS);
    const [stuck] = await h.sql<{ status: string }>('select status from payment.payments where id = ?', [
      order.paymentId,
    ]);
    expect(stuck?.status).toBe('IN_PROGRESS');
    const outbox = await h.sql('select id from payment.outbox where key = ?', [reservation.id]);
    expect(outbox).toHaveLength(0);

    await h.restart();
    await eventually(async () => (await paymentStatus(order.paymentId, me))?.status === 'DONE', SETTLES_MS);
    const confirmed = await publishedFor(Topics.paymentConfirmed, reservation.id);
    expect(confirmed).toHaveLength(1);
    expect(confirmed[0]?.payload).toEqual({
      reservationId: reservation.id,
      paymentId: order.paymentId,
      amount: order.amount,
    });
    expect(h.emulator.approvals(order.orderId)).toBe(1);

    // The buyer's browser retrying the confirm after the restart gets the payment, and Toss no second charge.
    const retried = await h.confirm(me, widget);
    expect(retried.data?.confirmPayment.status).toBe('DONE');
    expect(h.emulator.approvals(order.orderId)).toBe(1);
  });

  it('a payment that arrives after the seats were lost is refunded in full automatically, once', async () => {
    const me = buyer();
    const { reservationId, order, paymentKey, res } = await h.checkout(me);
    expect(res.data?.confirmPayment.status).toBe('DONE');
    // seating got payment.confirmed after the hold had expired and the seats were gone: it says so.
    await h.seating.publish(
      Topics.reservationExpired,
      reservationId,
      h.seating.lifecycle(Topics.reservationExpired, reservationId),
    );
    const failed = h.seating.lifecycle(Topics.reservationConfirmFailed, reservationId, {
      paymentId: order.paymentId,
      reason: 'hold expired before payment',
    });
    await h.seating.publish(Topics.reservationConfirmFailed, reservationId, failed);

    await eventually(async () => h.emulator.payment(paymentKey)?.status === 'CANCELED');
    const atToss = h.emulator.payment(paymentKey)!;
    expect(atToss.balanceAmount).toBe(0);
    expect(atToss.cancels).toHaveLength(1);
    expect(atToss.cancels?.[0]).toMatchObject({ cancelAmount: order.amount });
    expect(atToss.cancels?.[0]?.cancelReason).toContain('Seats no longer available');

    await eventually(async () => (await paymentStatus(order.paymentId, me))?.status === 'CANCELED');
    const payment = (await h.call(PAYMENT, { id: order.paymentId }, me)).data?.payment;
    expect(payment).toMatchObject({ refundedAmount: order.amount, pendingRefundAmount: 0 });
    expect(payment.cancels[0].reason).toContain('hold expired before payment');
    const cancelled = await publishedFor(Topics.paymentCancelled, reservationId);
    expect(cancelled.map((e) => e.payload)).toEqual([
      {
        reservationId,
        paymentId: order.paymentId,
        amount: order.amount,
        refundedAmount: order.amount,
        full: true,
      } satisfies PaymentCancelledPayload,
    ]);

    // seating saying it again (a redelivery, or a second replica) refunds nothing more.
    await h.seating.publish(Topics.reservationConfirmFailed, reservationId, failed);
    await h.service.refunds.idle();
    const cancelCalls = h.emulator.calls.filter((c) => c.path === `/v1/payments/${paymentKey}/cancel`);
    expect(cancelCalls).toHaveLength(1);
    expect(await publishedFor(Topics.paymentCancelled, reservationId)).toHaveLength(1);
  });

  it('a webhook repeating what we have recorded is answered without asking Toss; any other claim is checked', async () => {
    const me = buyer();
    const { order, paymentKey } = await h.checkout(me, { totalAmount: 50_000 });
    const reads = () =>
      h.emulator.calls.filter((c) => c.method === 'GET' && c.path.includes(paymentKey)).length;
    const post = (data: Record<string, unknown>) =>
      fetch(h.service.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          eventType: 'PAYMENT_STATUS_CHANGED',
          createdAt: '2026-01-01T00:00:00.000000',
          data,
        }),
      });
    const before = reads();
    // Our own DONE, as Toss announces it after our confirm.
    const same = await post({
      paymentKey,
      orderId: order.orderId,
      status: 'DONE',
      totalAmount: 50_000,
      balanceAmount: 50_000,
    });
    expect(await same.json()).toEqual({ result: 'unchanged: DONE (already recorded)' });
    expect(reads()).toBe(before);
    // The same status with another balance (a second partial refund keeps PARTIAL_CANCELED) is re-read.
    const other = await post({
      paymentKey,
      orderId: order.orderId,
      status: 'DONE',
      totalAmount: 50_000,
      balanceAmount: 1,
    });
    expect(other.status).toBe(200);
    expect(reads()).toBe(before + 1);
    expect((await paymentStatus(order.paymentId, me))?.status).toBe('DONE');
  });

  it('webhooks are verified by re-reading the payment from Toss, and applied once however often they come', async () => {
    const me = buyer();
    h.emulator.setWebhookUrl(h.service.webhookUrl);
    try {
      const { reservationId, order, paymentKey } = await h.checkout(me, { totalAmount: 80_000 });
      const post = (body: unknown) =>
        fetch(h.service.webhookUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });

      // A forged webhook claiming a refund that never happened changes nothing.
      const forged = await post({
        eventType: 'PAYMENT_STATUS_CHANGED',
        createdAt: '2026-01-01T00:00:00.000000',
        data: {
          paymentKey,
          orderId: order.orderId,
          status: 'CANCELED',
          totalAmount: 80_000,
          balanceAmount: 0,
        },
      });
      expect(forged.status).toBe(200);
      expect((await paymentStatus(order.paymentId, me))?.status).toBe('DONE');
      const unknown = await post({
        eventType: 'PAYMENT_STATUS_CHANGED',
        data: { paymentKey: 'tkemu-nobody', orderId: 'nobody-order' },
      });
      expect(unknown.status).toBe(200);

      // A refund made on Toss' side (its dashboard): Toss' webhook brings it to us.
      const cancel = await fetch(`${h.emulator.url}/v1/payments/${paymentKey}/cancel`, {
        method: 'POST',
        headers: { authorization: basicAuth(h.emulator.secretKey), 'content-type': 'application/json' },
        body: JSON.stringify({ cancelReason: '고객 요청 (대시보드)', cancelAmount: 30_000 }),
      });
      expect(cancel.status).toBe(200);
      await eventually(async () => (await paymentStatus(order.paymentId, me))?.status === 'PARTIAL_CANCELED');
      expect((await paymentStatus(order.paymentId, me))?.refundedAmount).toBe(30_000);
      const delivered = await eventually(async () => {
        const d = h.emulator.webhookDeliveries.filter(
          (w) => w.paymentKey === paymentKey && w.status === 'PARTIAL_CANCELED',
        );
        return d.length > 0 && d;
      });
      expect(delivered.map((d) => d.httpStatus)).toEqual([200]);

      // The same webhook again (Toss retries until it sees a 200): nothing changes, nothing is published twice.
      const body = {
        eventType: 'PAYMENT_STATUS_CHANGED',
        createdAt: '2026-01-01T00:00:00.000000',
        data: h.emulator.payment(paymentKey),
      };
      expect((await post(body)).status).toBe(200);
      expect((await post(body)).status).toBe(200);
      const cancelled = await publishedFor(Topics.paymentCancelled, reservationId);
      expect(cancelled.map((e) => e.payload)).toEqual([
        { reservationId, paymentId: order.paymentId, amount: 30_000, refundedAmount: 30_000, full: false },
      ]);
      const incoming = await h.sql<{ http_status: number; response: { result: string } }>(
        `select http_status, response from payment.payment_logs where payment_id = ? and direction = 'IN' order by id`,
        [order.paymentId],
      );
      const results = incoming.map((l) => l.response.result);
      // Toss' own DONE webhook may land before or after the confirm's answer; the forged one never applies.
      expect(results.filter((r) => r.includes(': DONE'))).toHaveLength(2);
      expect(results.filter((r) => r === 'applied: PARTIAL_CANCELED')).toHaveLength(1);
      // What we already recorded is not asked of Toss again.
      expect(results.slice(-2)).toEqual([
        'unchanged: PARTIAL_CANCELED (already recorded)',
        'unchanged: PARTIAL_CANCELED (already recorded)',
      ]);
      expect(incoming.every((l) => l.http_status === 200)).toBe(true);
    } finally {
      h.emulator.setWebhookUrl(null);
    }
  });
});

/** The payment service as its own process (`src/main.ts`), so that it can really be killed. */
async function startPaymentProcess(
  env: Record<string, string>,
): Promise<{ url: string; process: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('payment process did not start')), 20_000);
    child.once('exit', (code) => reject(new Error(`payment process exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const entry = JSON.parse(line) as { url?: string; msg?: string };
        if (entry.msg === 'payment subgraph ready' && entry.url) {
          clearTimeout(timer);
          resolve(entry.url);
        }
      } catch {
        /* not a log line */
      }
    });
    child.stderr?.resume();
  });
  return { url, process: child };
}
