import type { Logger } from '@tiketi/kit';
import type { TossConfig } from '../../environment.ts';
import type { PaymentLogEntry, PaymentLogs } from './payment-log.ts';
import {
  basicAuth,
  RETRYABLE_CODES,
  type TossPayment,
  tossErrorSchema,
  tossPaymentSchema,
} from './toss-api.ts';

/**
 * What a call to Toss came to, after retries:
 * - `ok`: Toss answered with the payment;
 * - `refused`: Toss answered with a definitive error (4xx that is not temporary);
 * - `unknown`: no definitive answer (timeouts, network errors, 5xx, PROVIDER_ERROR) after every attempt; the
 *   call may or may not have taken effect, so the payment must be re-read.
 */
export type TossOutcome =
  | { kind: 'ok'; payment: TossPayment }
  | { kind: 'refused'; httpStatus: number; code: string; message: string }
  | { kind: 'unknown'; reason: 'timeout' | 'network' | 'provider' | 'unreadable'; code: string | null };

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

  /** `POST /v1/payments/confirm`: approve what the widget authorized. */
  confirm(
    body: { paymentKey: string; orderId: string; amount: number },
    ctx: CallContext & { idempotencyKey: string },
  ): Promise<TossOutcome> {
    return this.call('confirm', 'POST', '/v1/payments/confirm', body, ctx.idempotencyKey, ctx);
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

  /** `POST /v1/payments/{paymentKey}/cancel`: refund `cancelAmount`, or everything left without it. */
  cancel(
    paymentKey: string,
    body: { cancelReason: string; cancelAmount?: number },
    ctx: CallContext & { idempotencyKey: string },
  ): Promise<TossOutcome> {
    const path = `/v1/payments/${encodeURIComponent(paymentKey)}/cancel`;
    return this.call('cancel', 'POST', path, body, ctx.idempotencyKey, ctx);
  }

  /**
   * Sends the request up to `maxAttempts` times. Every attempt of a POST carries the same Idempotency-Key, so
   * Toss performs it at most once and replays its first answer; a retry after a timeout is therefore safe.
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
    if (!error.success || res.status >= 500 || RETRYABLE_CODES.has(error.data.code)) {
      return { final: false, outcome: { kind: 'unknown', reason: 'provider', code } };
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
