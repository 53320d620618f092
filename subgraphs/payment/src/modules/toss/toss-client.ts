import { randomBytes } from 'node:crypto';
import type { Logger } from '@tiketi/kit';
import type { TossConfig } from '../../environment.ts';
import type { PaymentLogEntry, PaymentLogs } from './payment-log.ts';
import {
  basicAuth,
  IDEMPOTENT_PROCESSING_CODE,
  MAX_IDEMPOTENCY_KEY,
  TEMPORARY_CODES,
  type TossPayment,
  tossErrorSchema,
  tossPaymentSchema,
} from './toss-api.ts';

/**
 * What a call to Toss came to, after retries:
 * - `ok`: Toss answered with the payment;
 * - `refused`: Toss answered with a definitive error (4xx that is not temporary);
 * - `unknown`: no definitive answer after every attempt, so the payment must be re-read. `temporary`: Toss did
 *   answer, with a temporary error (PROVIDER_ERROR, FORBIDDEN_CONSECUTIVE_REQUEST, …) that is now what its
 *   Idempotency-Key answers for 15 days: a retry needs a new key, after a re-read. The other reasons (timeout,
 *   network, a 5xx without Toss' error body, an unreadable payment, a request still processing) leave the
 *   outcome open: the same key is the way to learn it.
 */
export type TossOutcome =
  | { kind: 'ok'; payment: TossPayment }
  | { kind: 'refused'; httpStatus: number; code: string; message: string }
  | {
      kind: 'unknown';
      reason: 'timeout' | 'network' | 'provider' | 'unreadable' | 'temporary';
      code: string | null;
    };

/** What the call is about, for payment_logs. */
export interface CallContext {
  paymentId: string | null;
  orderId: string | null;
}

type Attempt =
  | { final: true; outcome: TossOutcome }
  | { final: false; outcome: Extract<TossOutcome, { kind: 'unknown' }> };

export class TossClient {
  constructor(
    private readonly config: TossConfig,
    private readonly logs: PaymentLogs,
    private readonly log: Logger,
  ) {}

  /**
   * `POST /v1/payments/confirm`: approve what the widget authorized. When Toss answers a temporary error (kept
   * under the key), the payment is re-read as Toss advises: decided (DONE, ABORTED, …) is the outcome; still
   * IN_PROGRESS means nothing was approved, and the confirm is sent again under a new key. That is safe for a
   * confirm whatever the key: Toss approves a paymentKey once (a second confirm is ALREADY_PROCESSED_PAYMENT).
   */
  async confirm(
    body: { paymentKey: string; orderId: string; amount: number },
    ctx: CallContext & { idempotencyKey: string },
  ): Promise<TossOutcome> {
    let key = ctx.idempotencyKey;
    let outcome: TossOutcome = { kind: 'unknown', reason: 'network', code: null };
    for (let round = 1; round <= this.config.maxAttempts; round++) {
      if (round > 1) await sleep(this.config.retryBackoffMs * 2 ** (round - 2));
      outcome = await this.call('confirm', 'POST', '/v1/payments/confirm', body, key, ctx);
      if (outcome.kind !== 'unknown' || outcome.reason !== 'temporary') return outcome;
      const reread = await this.get(body.paymentKey, ctx);
      if (reread.kind === 'ok' && reread.payment.status !== 'IN_PROGRESS') return reread;
      if (reread.kind !== 'ok') return outcome;
      this.log.warn(
        { orderId: ctx.orderId, code: outcome.code, round },
        'Toss refused the confirm for now and nothing was approved; confirming again with a new key',
      );
      key = retryKey(ctx.idempotencyKey);
    }
    return outcome;
  }

  /** `GET /v1/payments/{paymentKey}`: Toss' current view of a payment. */
  get(paymentKey: string, ctx: CallContext): Promise<TossOutcome> {
    return this.call('get', 'GET', `/v1/payments/${encodeURIComponent(paymentKey)}`, undefined, null, ctx);
  }

  /** `GET /v1/payments/orders/{orderId}`: Toss' view of an order, whichever paymentKey took it. */
  getByOrderId(orderId: string, ctx: CallContext): Promise<TossOutcome> {
    return this.call(
      'get',
      'GET',
      `/v1/payments/orders/${encodeURIComponent(orderId)}`,
      undefined,
      null,
      ctx,
    );
  }

  /**
   * `POST /v1/payments/{paymentKey}/cancel`: refund `cancelAmount`, or everything left without it.
   * `refundableAmount` is the balance the caller knows: Toss refuses (NOT_MATCHES_REFUNDABLE_AMOUNT) rather than
   * cancel on another balance, so a cancel sent twice (or on a stale view) can never refund twice.
   */
  cancel(
    paymentKey: string,
    body: { cancelReason: string; cancelAmount?: number; refundableAmount: number },
    ctx: CallContext & { idempotencyKey: string },
  ): Promise<TossOutcome> {
    const path = `/v1/payments/${encodeURIComponent(paymentKey)}/cancel`;
    return this.call('cancel', 'POST', path, body, ctx.idempotencyKey, ctx);
  }

  /**
   * Sends the request up to `maxAttempts` times while there is no answer. Every attempt of a POST carries the
   * same Idempotency-Key, so Toss performs it at most once and a retry after a timeout gets the first answer.
   * An error Toss did answer is final for the key (Toss replays it), so it is not sent again here.
   */
  private async call(
    operation: PaymentLogEntry['operation'],
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotencyKey: string | null,
    ctx: CallContext,
  ): Promise<TossOutcome> {
    let last: Extract<TossOutcome, { kind: 'unknown' }> = { kind: 'unknown', reason: 'network', code: null };
    for (let attempt = 1; attempt <= this.config.maxAttempts; attempt++) {
      if (attempt > 1) await sleep(this.config.retryBackoffMs * 2 ** (attempt - 2));
      const result = await this.attempt(operation, method, path, body, idempotencyKey, ctx, attempt);
      if (result.final) return result.outcome;
      last = result.outcome;
      this.log.warn(
        { operation, orderId: ctx.orderId, attempt, reason: last.reason, code: last.code },
        'Toss call without a definitive answer; retrying with the same idempotency key',
      );
    }
    return last;
  }

  private async attempt(
    operation: PaymentLogEntry['operation'],
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    idempotencyKey: string | null,
    ctx: CallContext,
    attempt: number,
  ): Promise<Attempt> {
    const headers: Record<string, string> = { authorization: basicAuth(this.config.secretKey) };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const started = performance.now();
    const entry = (fields: Pick<PaymentLogEntry, 'response' | 'httpStatus' | 'outcome' | 'errorCode'>) =>
      this.logs.write({
        ...ctx,
        operation,
        direction: 'OUT',
        method,
        endpoint: path,
        idempotencyKey,
        request: body ?? null,
        latencyMs: performance.now() - started,
        attempt,
        ...fields,
      });

    let res: globalThis.Response;
    let text: string;
    try {
      res = await fetch(`${this.config.apiUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.config.timeoutMs),
      });
      text = await res.text();
    } catch (err) {
      const timeout = (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      await entry({
        response: { error: (err as Error).message },
        httpStatus: null,
        outcome: timeout ? 'timeout' : 'network',
        errorCode: null,
      });
      return {
        final: false,
        outcome: { kind: 'unknown', reason: timeout ? 'timeout' : 'network', code: null },
      };
    }

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = { unparsable: text.slice(0, 500) };
    }
    if (res.ok) {
      const payment = tossPaymentSchema.safeParse(json);
      await entry({
        response: json,
        httpStatus: res.status,
        outcome: payment.success ? 'ok' : 'error',
        errorCode: null,
      });
      if (payment.success) return { final: true, outcome: { kind: 'ok', payment: payment.data } };
      this.log.error(
        { operation, path, issues: payment.error.issues },
        'Toss answered with an unreadable payment',
      );
      return { final: false, outcome: { kind: 'unknown', reason: 'unreadable', code: null } };
    }
    const error = tossErrorSchema.safeParse(json);
    const code = error.success ? error.data.code : null;
    await entry({ response: json, httpStatus: res.status, outcome: 'error', errorCode: code });
    // No Toss error body (a proxy's 502, …): nothing says Toss answered; the same key can ask again.
    if (!error.success) return { final: false, outcome: { kind: 'unknown', reason: 'provider', code } };
    if (error.data.code === IDEMPOTENT_PROCESSING_CODE) {
      return { final: false, outcome: { kind: 'unknown', reason: 'provider', code } };
    }
    if (res.status >= 500 || TEMPORARY_CODES.has(error.data.code)) {
      // Under a key this answer is kept by Toss: final here, the caller re-reads and picks a new key.
      return idempotencyKey
        ? { final: true, outcome: { kind: 'unknown', reason: 'temporary', code } }
        : { final: false, outcome: { kind: 'unknown', reason: 'provider', code } };
    }
    return {
      final: true,
      outcome: {
        kind: 'refused',
        httpStatus: res.status,
        code: error.data.code,
        message: error.data.message,
      },
    };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A new Idempotency-Key for sending `base`'s request again after Toss refused it for now: the base with a random
 * suffix, cut to Toss' 300 characters.
 */
export function retryKey(base: string): string {
  const suffix = `~r${randomBytes(6).toString('hex')}`;
  return `${base.slice(0, MAX_IDEMPOTENCY_KEY - suffix.length)}${suffix}`;
}
