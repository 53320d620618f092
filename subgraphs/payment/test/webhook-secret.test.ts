import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buyer, eventually, type Harness, startHarness } from './helpers.ts';

/**
 * Virtual-account payments: Toss gives them a `secret` and repeats it in their webhooks (DEPOSIT_CALLBACK's body,
 * PAYMENT_STATUS_CHANGED's Payment). Our webhook compares it with the payment's as Toss reads it back, so a
 * webhook with the wrong secret is ignored even when Toss' state would have applied.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const post = async (body: unknown) => {
  const res = await fetch(h.service.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { result: string } };
};
const statusOf = async (paymentId: string) =>
  (await h.sql<{ status: string }>('select status from payment.payments where id = ?', [paymentId]))[0]
    ?.status;

describe('Toss webhook secret', () => {
  it('a deposit webhook applies only with the secret Toss gave the payment', async () => {
    const { order, paymentKey } = await h.checkout(buyer(), { card: 'virtual-account', totalAmount: 45_000 });
    const issued = h.emulator.payment(paymentKey);
    expect(issued).toMatchObject({ status: 'WAITING_FOR_DEPOSIT', secret: expect.any(String) });
    const secret = issued?.secret as string;
    // The buyer pays; Toss' own webhooks are not delivered here (no URL), so only the ones below reach us.
    expect((await fetch(`${h.emulator.url}/sandbox/deposit/${paymentKey}`, { method: 'POST' })).status).toBe(
      200,
    );
    expect(await statusOf(order.paymentId)).toBe('IN_PROGRESS');

    const deposit = {
      eventType: 'DEPOSIT_CALLBACK',
      createdAt: '2026-12-15T12:00:00.000000',
      status: 'DONE',
      transactionKey: h.emulator.payment(paymentKey)?.lastTransactionKey,
      orderId: order.orderId,
    };
    // Without the secret, or with another: ignored, though Toss would confirm the deposit.
    for (const forged of [
      deposit,
      // One character off (a secret ending in x gets a y: an x would forge the real one).
      { ...deposit, secret: `${secret.slice(0, -1)}${secret.endsWith('x') ? 'y' : 'x'}` },
      { ...deposit, secret: '' },
    ]) {
      expect(await post(forged)).toMatchObject({ status: 200, body: { result: 'ignored: secret mismatch' } });
    }
    const changed = {
      eventType: 'PAYMENT_STATUS_CHANGED',
      createdAt: '2026-12-15T12:00:00.000000',
      data: { ...h.emulator.payment(paymentKey), secret: 'ps_guessed' },
    };
    expect(await post(changed)).toMatchObject({ body: { result: 'ignored: secret mismatch' } });
    expect(await statusOf(order.paymentId)).toBe('IN_PROGRESS');

    expect(await post({ ...deposit, secret })).toMatchObject({
      status: 200,
      body: { result: 'applied: DONE' },
    });
    expect(await statusOf(order.paymentId)).toBe('DONE');
  });

  it("Toss' own webhooks for a virtual account carry the secret and are applied", async () => {
    const { order, paymentKey } = await h.checkout(buyer(), { card: 'virtual-account', totalAmount: 30_000 });
    h.emulator.setWebhookUrl(h.service.webhookUrl);
    try {
      await fetch(`${h.emulator.url}/sandbox/deposit/${paymentKey}`, { method: 'POST' });
      await eventually(async () => (await statusOf(order.paymentId)) === 'DONE');
      const delivered = await eventually(async () => {
        const d = h.emulator.webhookDeliveries.filter((w) => w.paymentKey === paymentKey);
        return d.length === 2 && d;
      });
      expect(delivered.map((d) => [d.eventType, d.httpStatus]).sort()).toEqual([
        ['DEPOSIT_CALLBACK', 200],
        ['PAYMENT_STATUS_CHANGED', 200],
      ]);
      const logged = await h.sql<{ response: { result: string } }>(
        "select response from payment.payment_logs where order_id = ? and operation = 'webhook'",
        [order.orderId],
      );
      expect(logged.map((l) => l.response.result)).not.toContain('ignored: secret mismatch');
    } finally {
      h.emulator.setWebhookUrl(null);
    }
  });
});
