import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  MAX_CANCEL_REASON,
  MAX_IDEMPOTENCY_KEY,
  MAX_ORDER_NAME,
  MAX_PAYMENT_KEY,
  ORDER_ID,
} from '../modules/toss/toss-api.ts';
import { type CheckoutParams, checkoutPage, errorPage } from './checkout-page.ts';
import {
  type Answer,
  isTossErrorCode,
  type Language,
  languageOf,
  type TossErrorCode,
  tossError,
} from './errors.ts';
import { DEFAULT_EMULATOR_PORT, EMULATOR_CLIENT_KEY, EMULATOR_SECRET_KEY } from './keys.ts';
import {
  type EmulatedPayment,
  kst,
  kstLocalMicros,
  newPaymentKey,
  newSecret,
  newTransactionKey,
  type PaymentObject,
  paymentObject,
  TEST_CARDS,
  type TestCard,
} from './payment-object.ts';

/**
 * A local Toss Payments (API v1) for development and tests: the endpoints TIKETI uses with Toss' field names,
 * statuses, error bodies (Korean, or English with `Accept-Language: en-US`), Basic auth, Idempotency-Key
 * behaviour and `TossPayments-Test-Code`, test cards and a virtual account, the stand-in checkout page and
 * `POST /sandbox/authorize` (SPEC.md), and PAYMENT_STATUS_CHANGED / DEPOSIT_CALLBACK webhooks. State is in
 * memory; time is the `clock` option's, so tests can move it.
 */
export interface TossEmulatorOptions {
  /** @default 4010 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where webhooks are sent; null sends none. @default null */
  webhookUrl?: string | null;
  /** How long the confirm of a `timeout` card takes before it completes (DONE). @default 15000 */
  timeoutDelayMs?: number;
  /**
   * An authorized payment must be confirmed within this; later confirms are refused with
   * NOT_FOUND_PAYMENT_SESSION (Toss: "you have 10 minutes to authorize the payment before the data is lost",
   * https://docs.tosspayments.com/en/webhooks). @default 600000 (10 minutes)
   */
  inProgressTtlMs?: number;
  /**
   * An authorized payment never confirmed becomes EXPIRED this long after it was authorized, and a
   * PAYMENT_STATUS_CHANGED webhook says so (checked every `sweepIntervalMs` and on every read).
   * @default 1800000 (30 minutes)
   */
  expireAfterMs?: number;
  /** How often payments due to expire are looked for. @default 1000 */
  sweepIntervalMs?: number;
  /** The emulator's time, in ms since the epoch; tests pass a clock they can move. @default Date.now */
  clock?: () => number;
  /**
   * Delays between webhook retries. Toss retries 7 times after 1, 4, 16, 64, 256, 1024 and 4096 minutes.
   * @default the same sequence in seconds, so retries are visible locally
   */
  webhookRetryDelaysMs?: number[];
  /** Idempotency keys are remembered this long (Toss: 15 days). @default 15 days */
  idempotencyTtlMs?: number;
  /**
   * Toss processes only the first of several cancels of one payment within a second; the others are refused
   * (FORBIDDEN_CONSECUTIVE_REQUEST) and must be retried. @default 1000
   */
  consecutiveCancelWindowMs?: number;
}

export type EmulatorOperation = 'confirm' | 'cancel' | 'get';

export interface EmulatorCall {
  method: string;
  path: string;
  idempotencyKey: string | null;
  status: number;
  /** Toss error code of the answer, when it was an error */
  code: string | null;
  /** The answer came from the idempotency store */
  replayed: boolean;
  at: Date;
}

export interface WebhookDelivery {
  eventType: 'PAYMENT_STATUS_CHANGED' | 'DEPOSIT_CALLBACK';
  paymentKey: string;
  status: string;
  attempt: number;
  /** null: no answer (refused connection, timeout) */
  httpStatus: number | null;
}

export interface TossEmulator {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  secretKey: string;
  clientKey: string;
  setWebhookUrl(url: string | null): void;
  /** Every API call answered (`/v1/…`), oldest first. */
  readonly calls: readonly EmulatorCall[];
  /** Confirms that actually approved a payment (replays excluded), in total or for one order. */
  approvals(orderId?: string): number;
  /** A payment as `GET /v1/payments/{paymentKey}` would return it. */
  payment(paymentKey: string): PaymentObject | undefined;
  /**
   * The next `times` requests of `operation` (replays excluded) answer `code`, as if they had carried
   * `TossPayments-Test-Code: code`: how a test makes Toss fail a call our service sends.
   */
  failNext(operation: EmulatorOperation, code: TossErrorCode, times?: number): void;
  /** Expires what is due by the clock now (and sends the webhooks), without waiting for the next sweep. */
  sweep(): void;
  readonly webhookDeliveries: readonly WebhookDelivery[];
  stop(): Promise<void>;
}

const MINUTE_SEQUENCE = [1, 4, 16, 64, 256, 1024, 4096];

type IdempotencyEntry = { state: 'processing' } | { state: 'done'; answer: Answer; expiresAt: number };
type WebhookEvent = {
  eventType: WebhookDelivery['eventType'];
  paymentKey: string;
  status: string;
  body: Record<string, unknown>;
};

const EXPIRED_FAILURE = { code: 'EXPIRED_PAYMENT', message: '결제가 만료되었습니다. 다시 시도해주세요.' };

export async function startTossEmulator(options: TossEmulatorOptions = {}): Promise<TossEmulator> {
  const timeoutDelayMs = options.timeoutDelayMs ?? 15_000;
  const inProgressTtlMs = options.inProgressTtlMs ?? 10 * 60_000;
  const expireAfterMs = options.expireAfterMs ?? 30 * 60_000;
  const retryDelays = options.webhookRetryDelaysMs ?? MINUTE_SEQUENCE.map((m) => m * 1000);
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 15 * 24 * 3600_000;
  const consecutiveCancelWindowMs = options.consecutiveCancelWindowMs ?? 1_000;
  const now = options.clock ?? Date.now;
  const lastCancelAt = new Map<string, number>();
  let webhookUrl = options.webhookUrl ?? null;
  let baseUrl = '';

  const payments = new Map<string, EmulatedPayment>();
  const idempotency = new Map<string, IdempotencyEntry>();
  const approvalsByOrder = new Map<string, number>();
  const forcedCodes: Record<EmulatorOperation, TossErrorCode[]> = { confirm: [], cancel: [], get: [] };
  const calls: EmulatorCall[] = [];
  const deliveries: WebhookDelivery[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      fn();
    }, ms);
    timers.add(timer);
  };
  const sleep = (ms: number) => new Promise<void>((resolve) => later(ms, resolve));
  const invalid = (ko: string, en: string, lang: Language) => tossError('INVALID_REQUEST', lang, { ko, en });

  /** Past Toss' window to confirm: the session data is gone, though the payment still reads IN_PROGRESS. */
  const confirmWindowOver = (p: EmulatedPayment) =>
    p.status === 'IN_PROGRESS' && !p.confirming && now() - p.requestedAt.getTime() > inProgressTtlMs;

  /** Toss expires an authorized payment that was never confirmed, and says so with a webhook. */
  const expireIfDue = (p: EmulatedPayment) => {
    if (p.status === 'IN_PROGRESS' && !p.confirming && now() - p.requestedAt.getTime() >= expireAfterMs) {
      p.status = 'EXPIRED';
      p.failure = EXPIRED_FAILURE;
      notify(p);
    }
  };
  const current = (paymentKey: string): EmulatedPayment | undefined => {
    const p = payments.get(paymentKey);
    if (p) expireIfDue(p);
    return p;
  };
  const sweep = () => {
    for (const p of payments.values()) expireIfDue(p);
  };
  const sweeper = setInterval(sweep, options.sweepIntervalMs ?? 1_000);
  sweeper.unref();

  // ---------- webhooks ----------
  const deliver = (event: WebhookEvent) => {
    const url = webhookUrl;
    if (!url || stopped) return;
    const body = JSON.stringify(event.body);
    const attempt = (n: number) => {
      if (stopped) return;
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: AbortSignal.timeout(10_000),
      })
        .then((res) => res.status)
        .catch(() => null)
        .then((httpStatus) => {
          deliveries.push({
            eventType: event.eventType,
            paymentKey: event.paymentKey,
            status: event.status,
            attempt: n,
            httpStatus,
          });
          // Toss counts only 200 as delivered.
          if (httpStatus !== 200 && n <= retryDelays.length) {
            later(retryDelays[n - 1] ?? 0, () => attempt(n + 1));
          }
        });
    };
    attempt(1);
  };
  /** PAYMENT_STATUS_CHANGED `{eventType, createdAt, data: Payment}` on every status change. */
  const notify = (p: EmulatedPayment) =>
    deliver({
      eventType: 'PAYMENT_STATUS_CHANGED',
      paymentKey: p.paymentKey,
      status: p.status,
      body: {
        eventType: 'PAYMENT_STATUS_CHANGED',
        createdAt: kstLocalMicros(new Date(now())),
        data: paymentObject(p, baseUrl),
      },
    });
  /**
   * DEPOSIT_CALLBACK for a virtual account (issued, deposited, cancelled): `{createdAt, secret, status,
   * transactionKey, orderId}` (https://docs.tosspayments.com/reference/using-api/webhook-events). `secret` is the
   * payment's, which the merchant compares with the one it got from Toss. The `eventType` field is our addition,
   * so one URL can take both events.
   */
  const depositCallback = (p: EmulatedPayment) =>
    deliver({
      eventType: 'DEPOSIT_CALLBACK',
      paymentKey: p.paymentKey,
      status: p.status,
      body: {
        eventType: 'DEPOSIT_CALLBACK',
        createdAt: kstLocalMicros(new Date(now())),
        secret: p.secret,
        status: p.status,
        transactionKey: p.lastTransactionKey,
        orderId: p.orderId,
      },
    });

  // ---------- the API ----------
  const authorize = (req: Request, lang: Language): Answer | null => {
    const header = req.header('authorization') ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match?.[1]) return tossError('UNAUTHORIZED_KEY', lang);
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    if (!decoded.includes(':')) return tossError('INCORRECT_BASIC_AUTH_FORMAT', lang);
    return decoded.slice(0, decoded.indexOf(':')) === EMULATOR_SECRET_KEY
      ? null
      : tossError('UNAUTHORIZED_KEY', lang);
  };

  /**
   * `TossPayments-Test-Code: {code}` (https://docs.tosspayments.com/reference/using-api/authorization, "테스트
   * 환경에서 에러 재현하기"): with a test key, the call answers that error instead of running; an unknown code is
   * INVALID_TEST_CODE. The emulator's key is a test key, so the header always applies. `failNext` queues the same
   * for requests that carry no header. Nothing about the payment changes (our reading: the header only
   * reproduces the answer).
   */
  const forcedError = (req: Request, operation: EmulatorOperation, lang: Language): Answer | null => {
    const header = req.header('tosspayments-test-code');
    const code = header ?? forcedCodes[operation].shift();
    if (code === undefined) return null;
    return isTossErrorCode(code) ? tossError(code, lang) : tossError('INVALID_TEST_CODE', lang);
  };

  /**
   * Toss' Idempotency-Key (https://docs.tosspayments.com/reference/using-api/authorization, "멱등키 헤더"): the
   * first answer for a key (per endpoint; there is one API key) is replayed to every later request with it for 15
   * days — errors included, temporary ones too ("the same response ... even in the case of an error",
   * https://docs.tosspayments.com/en/api-guide), so retrying a refused request needs a new key. While the first
   * is still being processed, others get 409 IDEMPOTENT_REQUEST_PROCESSING; over 300 characters is 400
   * INVALID_IDEMPOTENCY_KEY (neither is kept).
   */
  const idempotent = async (req: Request, endpoint: string, lang: Language, run: () => Promise<Answer>) => {
    const key = req.header('idempotency-key');
    if (key === undefined) return { answer: await run(), replayed: false };
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY) {
      return { answer: tossError('INVALID_IDEMPOTENCY_KEY', lang), replayed: false };
    }
    const storeKey = `${endpoint}\n${key}`;
    const entry = idempotency.get(storeKey);
    if (entry?.state === 'processing') {
      return { answer: tossError('IDEMPOTENT_REQUEST_PROCESSING', lang), replayed: false };
    }
    if (entry?.state === 'done' && entry.expiresAt > now()) return { answer: entry.answer, replayed: true };
    idempotency.set(storeKey, { state: 'processing' });
    let answer: Answer;
    try {
      answer = await run();
    } catch (err) {
      // The emulator itself failed (no answer was given): nothing to replay.
      idempotency.delete(storeKey);
      throw err;
    }
    idempotency.set(storeKey, { state: 'done', answer, expiresAt: now() + idempotencyTtlMs });
    return { answer, replayed: false };
  };

  const approve = (p: EmulatedPayment) => {
    p.status = 'DONE';
    p.approvedAt = new Date(now());
    p.lastTransactionKey = newTransactionKey();
    p.confirming = false;
    approvalsByOrder.set(p.orderId, (approvalsByOrder.get(p.orderId) ?? 0) + 1);
    notify(p);
  };

  const confirm = async (body: Record<string, unknown>, lang: Language): Promise<Answer> => {
    const { paymentKey, orderId, amount } = body;
    if (typeof paymentKey !== 'string' || typeof orderId !== 'string' || typeof amount !== 'number') {
      return invalid(
        'paymentKey, orderId, amount는 필수 파라미터입니다.',
        'paymentKey, orderId and amount are required.',
        lang,
      );
    }
    const p = current(paymentKey);
    if (!p) return tossError('NOT_FOUND_PAYMENT', lang);
    // Toss checks the confirm against what the widget authorized: the order and its amount.
    if (p.orderId !== orderId)
      return invalid(
        '주문번호가 결제 정보와 일치하지 않습니다.',
        'The orderId does not match the payment.',
        lang,
      );
    if (p.totalAmount !== amount)
      return invalid(
        '결제 금액이 결제 정보와 일치하지 않습니다.',
        'The amount does not match the payment.',
        lang,
      );
    if (p.status === 'EXPIRED' || confirmWindowOver(p)) return tossError('NOT_FOUND_PAYMENT_SESSION', lang);
    if (p.status !== 'IN_PROGRESS') return tossError('ALREADY_PROCESSED_PAYMENT', lang);
    if (p.confirming) return tossError('FORBIDDEN_CONSECUTIVE_REQUEST', lang);
    const taken = [...payments.values()].some(
      (other) => other !== p && other.orderId === p.orderId && other.approvedAt !== null,
    );
    if (taken) return tossError('DUPLICATED_ORDER_ID', lang);

    switch (p.card) {
      case 'decline': {
        const refusal = tossError('REJECT_CARD_PAYMENT', lang);
        p.status = 'ABORTED';
        p.failure = refusal.body as { code: string; message: string };
        notify(p);
        return refusal;
      }
      case 'timeout':
        // The answer comes after the caller has given up; the approval happens all the same.
        p.confirming = true;
        await sleep(timeoutDelayMs);
        approve(p);
        return { status: 200, body: paymentObject(p, baseUrl) };
      case 'success':
        approve(p);
        return { status: 200, body: paymentObject(p, baseUrl) };
      case 'virtual-account':
        // The confirm issues the account; the money comes with the deposit (POST /sandbox/deposit/{key}).
        p.status = 'WAITING_FOR_DEPOSIT';
        p.secret = newSecret();
        p.dueDate = new Date(now() + 7 * 24 * 3600_000);
        p.lastTransactionKey = newTransactionKey();
        notify(p);
        depositCallback(p);
        return { status: 200, body: paymentObject(p, baseUrl) };
    }
  };

  const cancel = async (
    paymentKey: string,
    body: Record<string, unknown>,
    lang: Language,
  ): Promise<Answer> => {
    const p = current(paymentKey);
    if (!p) return tossError('NOT_FOUND_PAYMENT', lang);
    const { cancelReason, cancelAmount, refundableAmount, currency } = body;
    if (
      typeof cancelReason !== 'string' ||
      cancelReason.length === 0 ||
      cancelReason.length > MAX_CANCEL_REASON
    ) {
      return invalid(
        'cancelReason은 필수이며 200자 이하여야 합니다.',
        'cancelReason is required and at most 200 characters.',
        lang,
      );
    }
    const isAmount = (v: unknown, min: number) => typeof v === 'number' && Number.isInteger(v) && v >= min;
    if (cancelAmount !== undefined && cancelAmount !== null && !isAmount(cancelAmount, 1)) {
      return invalid(
        'cancelAmount는 0보다 큰 정수여야 합니다.',
        'cancelAmount must be a positive integer.',
        lang,
      );
    }
    if (refundableAmount !== undefined && refundableAmount !== null && !isAmount(refundableAmount, 0)) {
      return invalid(
        'refundableAmount는 0 이상의 정수여야 합니다.',
        'refundableAmount must be a non-negative integer.',
        lang,
      );
    }
    // The cancel's currency must be the payment's (ours are all KRW).
    if (currency !== undefined && currency !== null && currency !== 'KRW')
      return tossError('INVALID_CURRENCY', lang);
    if (p.status === 'CANCELED') return tossError('ALREADY_CANCELED_PAYMENT', lang);
    if (p.status !== 'DONE' && p.status !== 'PARTIAL_CANCELED')
      return tossError('NOT_CANCELABLE_PAYMENT', lang);
    // refundableAmount: "현재 환불 가능한 금액" — when it is not the balance, Toss refuses rather than cancel on a
    // balance the merchant did not know (a duplicate or concurrent cancel).
    if (typeof refundableAmount === 'number' && refundableAmount !== p.balanceAmount) {
      return tossError('NOT_MATCHES_REFUNDABLE_AMOUNT', lang);
    }
    const amount = typeof cancelAmount === 'number' ? cancelAmount : p.balanceAmount;
    if (amount > p.balanceAmount) return tossError('NOT_CANCELABLE_AMOUNT', lang);
    if (now() - (lastCancelAt.get(paymentKey) ?? Number.NEGATIVE_INFINITY) < consecutiveCancelWindowMs)
      return tossError('FORBIDDEN_CONSECUTIVE_REQUEST', lang);
    lastCancelAt.set(paymentKey, now());
    p.balanceAmount -= amount;
    p.lastTransactionKey = newTransactionKey();
    p.cancels.push({
      transactionKey: p.lastTransactionKey,
      cancelReason,
      cancelAmount: amount,
      canceledAt: new Date(now()),
      refundableAmount: p.balanceAmount,
    });
    p.status = p.balanceAmount === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
    notify(p);
    if (p.card === 'virtual-account') depositCallback(p);
    return { status: 200, body: paymentObject(p, baseUrl) };
  };

  /** What the widget does once the buyer has picked a card: an authorized payment awaiting confirm. */
  const authorizePayment = (
    input: { orderId: unknown; amount: unknown; card: unknown; orderName?: unknown },
    lang: Language,
  ): Answer => {
    const { orderId, amount, card } = input;
    if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) {
      return invalid(
        'orderId는 영문 대소문자, 숫자, -, _ 로 이루어진 6자 이상 64자 이하여야 합니다.',
        'orderId must be 6 to 64 letters, digits, - or _.',
        lang,
      );
    }
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) {
      return invalid('amount는 0보다 큰 정수여야 합니다.', 'amount must be a positive integer.', lang);
    }
    if (typeof card !== 'string' || !TEST_CARDS.includes(card as TestCard)) {
      return invalid(
        `card는 ${TEST_CARDS.join(', ')} 중 하나여야 합니다.`,
        `card is one of ${TEST_CARDS.join(', ')}.`,
        lang,
      );
    }
    // Toss' minimum: 100 won by card, 200 won by account (BELOW_MINIMUM_AMOUNT's own message).
    if (amount < (card === 'virtual-account' ? 200 : 100)) return tossError('BELOW_MINIMUM_AMOUNT', lang);
    if ([...payments.values()].some((p) => p.orderId === orderId && p.approvedAt !== null)) {
      return tossError('DUPLICATED_ORDER_ID', lang);
    }
    const orderName =
      typeof input.orderName === 'string' && input.orderName.length > 0
        ? input.orderName.slice(0, MAX_ORDER_NAME)
        : 'TIKETI 주문';
    const p: EmulatedPayment = {
      paymentKey: newPaymentKey(),
      orderId,
      orderName,
      totalAmount: amount,
      balanceAmount: amount,
      card: card as TestCard,
      status: 'IN_PROGRESS',
      requestedAt: new Date(now()),
      approvedAt: null,
      lastTransactionKey: null,
      cancels: [],
      failure: null,
      confirming: false,
      secret: null,
      dueDate: null,
    };
    payments.set(p.paymentKey, p);
    return { status: 200, body: { paymentKey: p.paymentKey, orderId, amount } };
  };

  /** The buyer pays into the virtual account: DONE, with both webhooks. */
  const deposit = (paymentKey: string, lang: Language): Answer => {
    const p = current(paymentKey);
    if (!p) return tossError('NOT_FOUND_PAYMENT', lang);
    if (p.status !== 'WAITING_FOR_DEPOSIT') return tossError('NOT_FOUND_PAYMENT_SESSION', lang);
    approve(p);
    depositCallback(p);
    return { status: 200, body: paymentObject(p, baseUrl) };
  };

  // ---------- HTTP ----------
  const app = express();
  app.disable('x-powered-by');
  const send = (res: Response, answer: Answer) => res.status(answer.status).json(answer.body);
  const lang = (req: Request) => languageOf(req.header('accept-language'));

  app.get(['/health', '/ready'], (_req, res) => {
    res.json({ status: 'ok' });
  });

  app.use('/v1', (req, res, next) => {
    res.on('finish', () => {
      calls.push({
        method: req.method,
        path: req.originalUrl,
        idempotencyKey: req.header('idempotency-key') ?? null,
        status: res.statusCode,
        code: (res.locals.code as string | undefined) ?? null,
        replayed: res.locals.replayed === true,
        at: new Date(now()),
      });
    });
    const refused = authorize(req, lang(req));
    if (refused) {
      res.locals.code = (refused.body as { code: string }).code;
      return send(res, refused);
    }
    next();
  });
  app.use('/v1', express.json({ limit: '64kb' }));

  const answer = (res: Response, result: { answer: Answer; replayed: boolean }) => {
    res.locals.code = (result.answer.body as { code?: string }).code ?? null;
    res.locals.replayed = result.replayed;
    send(res, result.answer);
  };
  /** A read: no idempotency (Toss ignores the header on GET), but the test code applies. */
  const read = (req: Request, res: Response, find: () => EmulatedPayment | undefined) => {
    const forced = forcedError(req, 'get', lang(req));
    const p = forced ? undefined : find();
    answer(res, {
      answer:
        forced ??
        (p ? { status: 200, body: paymentObject(p, baseUrl) } : tossError('NOT_FOUND_PAYMENT', lang(req))),
      replayed: false,
    });
  };

  app.post('/v1/payments/confirm', async (req, res) => {
    const l = lang(req);
    answer(
      res,
      await idempotent(
        req,
        'confirm',
        l,
        async () => forcedError(req, 'confirm', l) ?? confirm(req.body ?? {}, l),
      ),
    );
  });
  app.get('/v1/payments/orders/:orderId', (req, res) => {
    read(req, res, () => {
      const found = [...payments.values()]
        .filter((p) => p.orderId === req.params.orderId)
        .sort((a, b) => Number(b.approvedAt !== null) - Number(a.approvedAt !== null))[0];
      return found && current(found.paymentKey);
    });
  });
  app.get('/v1/payments/:paymentKey', (req, res) => {
    read(req, res, () =>
      req.params.paymentKey.length <= MAX_PAYMENT_KEY ? current(req.params.paymentKey) : undefined,
    );
  });
  app.post('/v1/payments/:paymentKey/cancel', async (req, res) => {
    const { paymentKey } = req.params;
    const l = lang(req);
    answer(
      res,
      await idempotent(
        req,
        `cancel:${paymentKey}`,
        l,
        async () => forcedError(req, 'cancel', l) ?? cancel(paymentKey, req.body ?? {}, l),
      ),
    );
  });

  app.post('/sandbox/authorize', express.json({ limit: '16kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.clientKey !== undefined && body.clientKey !== EMULATOR_CLIENT_KEY) {
      return send(res, tossError('UNAUTHORIZED_KEY', lang(req)));
    }
    send(res, authorizePayment(body as Parameters<typeof authorizePayment>[0], lang(req)));
  });
  /** The buyer's deposit into a virtual account (Toss' test dashboard has a button for it). */
  app.post('/sandbox/deposit/:paymentKey', (req, res) => {
    send(res, deposit(req.params.paymentKey, lang(req)));
  });

  app.get('/checkout', (req, res) => {
    const params = checkoutParams(req.query as Record<string, unknown>);
    if ('error' in params)
      return res.status(400).type('html').send(errorPage('INVALID_REQUEST', params.error));
    if (params.clientKey !== EMULATOR_CLIENT_KEY) {
      return res
        .status(401)
        .type('html')
        .send(errorPage('UNAUTHORIZED_KEY', '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.'));
    }
    res.type('html').send(checkoutPage(params));
  });
  app.post('/checkout', express.urlencoded({ extended: false, limit: '16kb' }), (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    const params = checkoutParams(form);
    if ('error' in params)
      return res.status(400).type('html').send(errorPage('INVALID_REQUEST', params.error));
    if (params.clientKey !== EMULATOR_CLIENT_KEY) {
      return res.status(401).type('html').send(errorPage('UNAUTHORIZED_KEY', 'unknown client key'));
    }
    // The widget's redirects: success with paymentType, orderId, paymentKey, amount; fail with code, message.
    if (form.card === 'cancel') {
      const fail = new URL(params.failUrl);
      fail.searchParams.set('code', 'PAY_PROCESS_CANCELED');
      fail.searchParams.set('message', '사용자에 의해 결제가 취소되었습니다.');
      fail.searchParams.set('orderId', params.orderId);
      return res.redirect(303, fail.toString());
    }
    const result = authorizePayment({ ...params, card: form.card }, 'ko');
    if (result.status !== 200) {
      const { code, message } = result.body as { code: string; message: string };
      const fail = new URL(params.failUrl);
      fail.searchParams.set('code', code);
      fail.searchParams.set('message', message);
      fail.searchParams.set('orderId', params.orderId);
      return res.redirect(303, fail.toString());
    }
    const { paymentKey } = result.body as { paymentKey: string };
    const success = new URL(params.successUrl);
    success.searchParams.set('paymentType', 'NORMAL');
    success.searchParams.set('orderId', params.orderId);
    success.searchParams.set('paymentKey', paymentKey);
    success.searchParams.set('amount', String(params.amount));
    res.redirect(303, success.toString());
  });

  app.get('/sandbox/receipt/:paymentKey', (req, res) => {
    const p = current(req.params.paymentKey);
    if (!p?.approvedAt)
      return res.status(404).type('html').send(errorPage('NOT_FOUND_PAYMENT', '영수증 없음'));
    res
      .type('html')
      .send(
        errorPage(
          `영수증 ${p.orderId}`,
          `${p.orderName}: ${p.totalAmount}원 (잔액 ${p.balanceAmount}원), 승인 ${kst(p.approvedAt)}, ${p.status}`,
        ),
      );
  });

  app.use((req, res) => {
    send(res, tossError('NOT_FOUND', lang(req)));
  });
  // Malformed JSON and other request errors get Toss' error body, not an HTML stack.
  app.use((err: Error & { status?: number }, req: Request, res: Response, _next: NextFunction) => {
    send(
      res,
      err.status && err.status < 500
        ? tossError('INVALID_REQUEST', lang(req))
        : tossError('UNKNOWN_ERROR', lang(req)),
    );
  });

  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? DEFAULT_EMULATOR_PORT, options.host ?? '127.0.0.1', resolve);
  });
  const port = (server.address() as AddressInfo).port;
  baseUrl = `http://127.0.0.1:${port}`;

  return {
    url: baseUrl,
    port,
    secretKey: EMULATOR_SECRET_KEY,
    clientKey: EMULATOR_CLIENT_KEY,
    setWebhookUrl(url) {
      webhookUrl = url;
    },
    calls,
    approvals: (orderId) =>
      orderId === undefined
        ? [...approvalsByOrder.values()].reduce((a, b) => a + b, 0)
        : (approvalsByOrder.get(orderId) ?? 0),
    payment(paymentKey) {
      const p = current(paymentKey);
      return p && paymentObject(p, baseUrl);
    },
    failNext(operation, code, times = 1) {
      for (let i = 0; i < times; i++) forcedCodes[operation].push(code);
    },
    sweep,
    webhookDeliveries: deliveries,
    async stop() {
      stopped = true;
      clearInterval(sweeper);
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

function checkoutParams(input: Record<string, unknown>): CheckoutParams | { error: string } {
  const str = (k: string) => (typeof input[k] === 'string' ? (input[k] as string) : '');
  const amount = Number(str('amount'));
  const params = {
    orderId: str('orderId'),
    amount,
    orderName: str('orderName').slice(0, MAX_ORDER_NAME) || 'TIKETI 주문',
    clientKey: str('clientKey'),
    successUrl: str('successUrl'),
    failUrl: str('failUrl'),
  };
  if (!ORDER_ID.test(params.orderId)) return { error: 'orderId가 올바르지 않습니다.' };
  if (!Number.isInteger(amount) || amount <= 0) return { error: 'amount가 올바르지 않습니다.' };
  for (const k of ['successUrl', 'failUrl'] as const) {
    if (!/^https?:\/\//.test(params[k]) || !URL.canParse(params[k])) {
      return { error: `${k}는 http(s) URL이어야 합니다.` };
    }
  }
  return params;
}
