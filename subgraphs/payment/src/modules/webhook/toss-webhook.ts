import { timingSafeEqual } from 'node:crypto';
import type { Logger } from '@tiketi/kit';
import type { Request, RequestHandler, Response } from 'express';
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

type Handled = {
  status: number;
  result: string;
  paymentId: string | null;
  orderId: string | null;
  /** Toss vouched for what the body says (re-read with our key), or it repeats exactly what we recorded. */
  verified?: boolean;
};

/** Largest webhook body read at all: Toss' Payment object is a few kB. */
export const WEBHOOK_MAX_BODY = '64kb';
/** Largest verified body kept in `payment_logs`. */
const MAX_STORED_BODY_CHARS = 16 * 1024;

/**
 * What `payment_logs` keeps of a webhook body. Anyone can post one: an unverified body is reduced to its event
 * type and size, so strangers cannot fill the table (issue 16: 256 kB bodies were stored as sent).
 */
function storedBody(body: unknown, verified: boolean, bytes: number): unknown {
  const eventType = (body as { eventType?: unknown } | null)?.eventType;
  const summary = {
    eventType: typeof eventType === 'string' ? eventType.slice(0, 40) : null,
    bytes,
    stored: false,
  };
  if (!verified) return { ...summary, reason: 'unverified' };
  return JSON.stringify(body ?? null).length <= MAX_STORED_BODY_CHARS
    ? body
    : { ...summary, reason: 'too large' };
}

/**
 * Express's JSON parser for the webhook, answering a body it cannot read with a short JSON error instead of
 * Express's HTML page (which carried a stack trace with file paths outside production).
 */
export function webhookBodyParser(parse: RequestHandler): RequestHandler {
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const status = (err as { status?: number }).status === 413 ? 413 : 400;
      res.status(status).json({
        result: 'refused',
        code: 'BAD_REQUEST',
        message: status === 413 ? 'The body is too large.' : 'The body is not valid JSON.',
      });
    });
  };
}

/**
 * `POST /webhooks/toss`: Toss' PAYMENT_STATUS_CHANGED (`{eventType, createdAt, data: Payment}`) and, for virtual
 * accounts, DEPOSIT_CALLBACK (`{createdAt, secret, status, transactionKey, orderId}`). The body is not trusted (it
 * is unsigned): it only names a payment, which is then re-read from Toss with our secret key and applied like
 * any other answer from Toss. That makes a forged webhook harmless and a repeated one a no-op. Where Toss puts a
 * `secret` in it (virtual-account payments: the DEPOSIT_CALLBACK body, and `data.secret` of the Payment object),
 * it must equal the payment's secret as Toss reads it back ("가상계좌 웹훅 이벤트 본문으로 돌아온 secret과 같으면
 * 정상적인 웹훅입니다", Payment object, https://docs.tosspayments.com/reference#payment-객체); a webhook whose
 * secret differs is ignored. 200 tells Toss it was delivered; 500 (Toss unreachable from here) makes Toss retry.
 */
export function createTossWebhook(deps: TossWebhookDeps) {
  const handle = async (body: unknown): Promise<Handled> => {
    const event = (body ?? {}) as {
      eventType?: unknown;
      secret?: unknown;
      orderId?: unknown;
      data?: Record<string, unknown>;
    };
    const { eventType, data } = event;
    const deposit = eventType === 'DEPOSIT_CALLBACK';
    const paymentKey =
      typeof data?.paymentKey === 'string' && data.paymentKey.length <= MAX_PAYMENT_KEY
        ? data.paymentKey
        : null;
    const claimedOrderId = deposit ? (event.orderId ?? data?.orderId) : data?.orderId;
    const orderId =
      typeof claimedOrderId === 'string' && ORDER_ID.test(claimedOrderId) ? claimedOrderId : null;
    // The secret the webhook carries, where Toss sends one: null for card payments.
    const claimedSecret = deposit ? (event.secret ?? data?.secret) : data?.secret;
    const none = { paymentId: null, orderId };
    if (eventType !== 'PAYMENT_STATUS_CHANGED' && !deposit)
      return { status: 200, result: 'ignored: event type', ...none };
    if (!paymentKey && !(deposit && orderId))
      return { status: 200, result: 'ignored: no paymentKey', ...none };
    const payment = await deps.payments.findForProvider(paymentKey, orderId);
    if (!payment?.paymentKey) return { status: 200, result: 'ignored: not our payment', ...none };

    const ref = { paymentId: payment.id, orderId: payment.orderId };
    // A status change we have already recorded — our own confirm's DONE, a refund we made — needs no re-read:
    // whatever the body says, nothing is applied. Toss sends one for every payment, so this spares each purchase
    // a call to Toss and a transaction. Any other claim is verified against Toss before it changes anything.
    if (
      !deposit &&
      paymentKey === payment.paymentKey &&
      data?.status === payment.status &&
      data?.balanceAmount === payment.balanceAmount
    ) {
      return {
        status: 200,
        result: `unchanged: ${payment.status} (already recorded)`,
        ...ref,
        verified: true,
      };
    }
    const toss = await deps.toss.get(paymentKey ?? payment.paymentKey, ref);
    if (toss.kind === 'unknown') return { status: 500, result: 'Toss unreachable; retry', ...ref };
    if (toss.kind === 'refused') return { status: 200, result: `ignored: Toss says ${toss.code}`, ...ref };
    if (toss.payment.orderId !== payment.orderId) {
      deps.log.warn(
        { orderId: payment.orderId, claimed: paymentKey },
        'webhook named a payment of another order',
      );
      return { status: 200, result: 'ignored: payment of another order', ...ref };
    }
    const expected = toss.payment.secret ?? null;
    if ((deposit || expected !== null || claimedSecret != null) && !sameSecret(claimedSecret, expected)) {
      deps.log.warn(
        { orderId: payment.orderId, eventType },
        "webhook's secret is not the payment's: ignored",
      );
      return { status: 200, result: 'ignored: secret mismatch', ...ref };
    }
    const { payment: after, changed } = await deps.payments.apply(payment.id, toss.payment);
    return {
      status: 200,
      result: `${changed ? 'applied' : 'unchanged'}: ${after.status}`,
      ...ref,
      verified: true,
    };
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
      request: storedBody(req.body, handled.verified === true, Number(req.headers['content-length'] ?? 0)),
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

/** Constant-time comparison of a webhook's secret with the payment's; a missing one never matches. */
function sameSecret(claimed: unknown, expected: string | null): boolean {
  if (typeof claimed !== 'string' || expected === null) return false;
  const a = Buffer.from(claimed);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
