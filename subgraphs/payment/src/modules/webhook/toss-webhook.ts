import type { Logger } from '@tiketi/kit';
import type { Request, Response } from 'express';
import type { Payments } from '../payment/payments.ts';
import type { PaymentLogs } from '../toss/payment-log.ts';
import { MAX_PAYMENT_KEY, ORDER_ID } from '../toss/toss-api.ts';
import type { TossClient } from '../toss/toss-client.ts';

export const TOSS_WEBHOOK_PATH = '/webhooks/toss';

export interface TossWebhookDeps {
  payments: Payments;
  toss: TossClient;
  logs: PaymentLogs;
  log: Logger;
}

type Handled = { status: number; result: string; paymentId: string | null; orderId: string | null };

/**
 * `POST /webhooks/toss`, Toss' PAYMENT_STATUS_CHANGED. The body is not trusted (it is unsigned): it only names
 * a payment, which is then re-read from Toss with our secret key and applied like any other answer from Toss.
 * That makes a forged webhook harmless and a repeated one a no-op. 200 tells Toss it was delivered; 500 (Toss
 * unreachable from here) makes Toss retry.
 */
export function createTossWebhook(deps: TossWebhookDeps) {
  const handle = async (body: unknown): Promise<Handled> => {
    const { eventType, data } = (body ?? {}) as { eventType?: unknown; data?: Record<string, unknown> };
    const paymentKey =
      typeof data?.paymentKey === 'string' && data.paymentKey.length <= MAX_PAYMENT_KEY
        ? data.paymentKey
        : null;
    const orderId = typeof data?.orderId === 'string' && ORDER_ID.test(data.orderId) ? data.orderId : null;
    const none = { paymentId: null, orderId };
    if (eventType !== 'PAYMENT_STATUS_CHANGED')
      return { status: 200, result: 'ignored: event type', ...none };
    if (!paymentKey) return { status: 200, result: 'ignored: no paymentKey', ...none };
    const payment = await deps.payments.findForProvider(paymentKey, orderId);
    if (!payment) return { status: 200, result: 'ignored: not our payment', ...none };

    const ref = { paymentId: payment.id, orderId: payment.orderId };
    const toss = await deps.toss.get(paymentKey, ref);
    if (toss.kind === 'unknown') return { status: 500, result: 'Toss unreachable; retry', ...ref };
    if (toss.kind === 'refused') return { status: 200, result: `ignored: Toss says ${toss.code}`, ...ref };
    if (toss.payment.orderId !== payment.orderId) {
      deps.log.warn(
        { orderId: payment.orderId, claimed: paymentKey },
        'webhook named a payment of another order',
      );
      return { status: 200, result: 'ignored: payment of another order', ...ref };
    }
    const { payment: after, changed } = await deps.payments.apply(payment.id, toss.payment);
    return { status: 200, result: `${changed ? 'applied' : 'unchanged'}: ${after.status}`, ...ref };
  };

  return async (req: Request, res: Response) => {
    const started = performance.now();
    let handled: Handled;
    try {
      handled = await handle(req.body);
    } catch (err) {
      deps.log.error({ err: (err as Error).message }, 'Toss webhook failed');
      handled = { status: 500, result: 'failed', paymentId: null, orderId: null };
    }
    await deps.logs.write({
      paymentId: handled.paymentId,
      orderId: handled.orderId,
      operation: 'webhook',
      direction: 'IN',
      method: 'POST',
      endpoint: TOSS_WEBHOOK_PATH,
      idempotencyKey: null,
      request: req.body ?? null,
      response: { result: handled.result },
      httpStatus: handled.status,
      outcome: handled.status === 200 ? 'ok' : 'error',
      errorCode: null,
      latencyMs: performance.now() - started,
      attempt: 1,
    });
    res.status(handled.status).json({ result: handled.result });
  };
}
