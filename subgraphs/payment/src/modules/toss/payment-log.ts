import type { EntityManager } from '@mikro-orm/postgresql';
import { type Logger, type Orm, pgTimestamp, runSql, sql } from '@tiketi/kit';

/** One call to Toss (OUT) or from Toss (IN, webhooks), as `payment_logs` keeps it. */
export interface PaymentLogEntry {
  paymentId: string | null;
  orderId: string | null;
  operation: 'confirm' | 'get' | 'cancel' | 'webhook';
  direction: 'OUT' | 'IN';
  method: string;
  endpoint: string;
  idempotencyKey: string | null;
  request: unknown;
  response: unknown;
  httpStatus: number | null;
  outcome: 'ok' | 'error' | 'timeout' | 'network';
  errorCode: string | null;
  latencyMs: number;
  attempt: number;
}

export interface PaymentLogRow extends Omit<PaymentLogEntry, 'request' | 'response'> {
  id: string;
  request: unknown;
  response: unknown;
  at: Date;
}

/**
 * Keys whose values are card, account or personal data, or credentials. Toss masks card numbers already; we
 * store none of it anyway, so a change on Toss' side (or a webhook of another payment method) cannot put card
 * data into our database.
 */
const SENSITIVE_KEY =
  /^(number|cardNumber|cvc|cvv|password|cardPassword|expiryYear|expiryMonth|cardExpiry|secret|secretKey|accountNumber|bankAccount|refundReceiveAccount|customerMobilePhone|customerIdentityNumber|identityNumber|customerKey|billingKey|authorization)$/i;
/** A card number wherever it appears: 13–19 digits in a row, or grouped by four (`4330 1234 5678 9012`). */
const CARD_NUMBER = /\b\d{13,19}\b|\b\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}\b/g;

/**
 * A copy of `value` safe to store: sensitive keys blanked, card-number-like digit runs and any of `secrets`
 * (and their Basic-auth encodings) removed from strings.
 */
export function redact(value: unknown, secrets: readonly string[]): unknown {
  const needles = secrets.flatMap((s) => [s, Buffer.from(`${s}:`).toString('base64')]);
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, inner]) => [
          k,
          SENSITIVE_KEY.test(k) && inner !== null && inner !== undefined ? '[REDACTED]' : walk(inner),
        ]),
      );
    }
    if (typeof v === 'string') {
      let s = v;
      for (const needle of needles) s = s.split(needle).join('[REDACTED]');
      return s.replace(CARD_NUMBER, '[REDACTED]');
    }
    return v;
  };
  return walk(value);
}

export class PaymentLogs {
  constructor(
    private readonly orm: Orm,
    private readonly log: Logger,
    private readonly secrets: readonly string[],
  ) {}

  /**
   * Writes on its own connection, outside any payment transaction: the record of a call must survive the
   * rollback of whatever the call was for. A failure to write is logged, never thrown (the call happened).
   */
  async write(entry: PaymentLogEntry): Promise<void> {
    const json = (v: unknown) => (v === undefined ? null : JSON.stringify(redact(v, this.secrets)));
    try {
      await runSql(
        this.orm.orm.em.fork(),
        sql`insert into payment.payment_logs
              (payment_id, order_id, operation, direction, method, endpoint, idempotency_key, request, response,
               http_status, outcome, error_code, latency_ms, attempt)
            values (${entry.paymentId}, ${entry.orderId}, ${entry.operation}, ${entry.direction}, ${entry.method},
                    ${entry.endpoint}, ${entry.idempotencyKey}, ${json(entry.request)}::jsonb,
                    ${json(entry.response)}::jsonb, ${entry.httpStatus}, ${entry.outcome}, ${entry.errorCode},
                    ${Math.round(entry.latencyMs)}, ${entry.attempt})`,
      );
    } catch (err) {
      this.log.error(
        { err: (err as Error).message, operation: entry.operation, orderId: entry.orderId },
        'payment log not written',
      );
    }
  }

  async forPayment(em: EntityManager, paymentId: string): Promise<PaymentLogRow[]> {
    const rows = await runSql<Record<string, unknown>>(
      em,
      sql`select * from payment.payment_logs where payment_id = ${paymentId} order by id`,
    );
    return rows.map((r) => ({
      id: String(r.id),
      paymentId: r.payment_id as string | null,
      orderId: r.order_id as string | null,
      operation: r.operation as PaymentLogEntry['operation'],
      direction: r.direction as PaymentLogEntry['direction'],
      method: r.method as string,
      endpoint: r.endpoint as string,
      idempotencyKey: r.idempotency_key as string | null,
      request: r.request,
      response: r.response,
      httpStatus: r.http_status as number | null,
      outcome: r.outcome as PaymentLogEntry['outcome'],
      errorCode: r.error_code as string | null,
      latencyMs: r.latency_ms as number,
      attempt: r.attempt as number,
      at: pgTimestamp(r.at as string),
    }));
  }
}
