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
import { DEFAULT_EMULATOR_PORT, EMULATOR_CLIENT_KEY, EMULATOR_SECRET_KEY } from './keys.ts';
import {
  type EmulatedPayment,
  kst,
  newPaymentKey,
  newTransactionKey,
  type PaymentObject,
  paymentObject,
  TEST_CARDS,
  type TestCard,
} from './payment-object.ts';

/**
 * A local Toss Payments (API v1) for development and tests: the endpoints TIKETI uses with Toss' field names,
 * statuses, error bodies, Basic auth and Idempotency-Key behaviour, test cards, the stand-in checkout page and
 * `POST /sandbox/authorize` (SPEC.md), and PAYMENT_STATUS_CHANGED webhooks. State is in memory.
 */
export interface TossEmulatorOptions {
  /** @default 4010 (0 picks a free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** Where PAYMENT_STATUS_CHANGED webhooks are sent; null sends none. @default null */
  webhookUrl?: string | null;
  /** How long the confirm of a `timeout` card takes before it completes (DONE). @default 15000 */
  timeoutDelayMs?: number;
  /** An authorized payment not confirmed within this expires (Toss: 10 minutes). @default 600000 */
  inProgressTtlMs?: number;
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
  readonly webhookDeliveries: readonly WebhookDelivery[];
  stop(): Promise<void>;
}

const MINUTE_SEQUENCE = [1, 4, 16, 64, 256, 1024, 4096];
/** Answers that say "not now" rather than "no": not kept under the Idempotency-Key, so a retry can succeed. */
const TEMPORARY_CODES = new Set(['PROVIDER_ERROR', 'FORBIDDEN_CONSECUTIVE_REQUEST']);

type Answer = { status: number; body: unknown };
type IdempotencyEntry = { state: 'processing' } | { state: 'done'; answer: Answer; expiresAt: number };

const tossError = (status: number, code: string, message: string): Answer => ({
  status,
  body: { code, message },
});

const ERRORS = {
  unauthorized: () =>
    tossError(401, 'UNAUTHORIZED_KEY', '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.'),
  basicFormat: () =>
    tossError(403, 'INCORRECT_BASIC_AUTH_FORMAT', "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요."),
  invalid: (message: string) => tossError(400, 'INVALID_REQUEST', message),
  notFound: () => tossError(404, 'NOT_FOUND_PAYMENT', '존재하지 않는 결제 입니다.'),
  sessionExpired: () =>
    tossError(404, 'NOT_FOUND_PAYMENT_SESSION', '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.'),
  alreadyProcessed: () => tossError(400, 'ALREADY_PROCESSED_PAYMENT', '이미 처리된 결제 입니다.'),
  duplicatedOrder: () =>
    tossError(400, 'DUPLICATED_ORDER_ID', '이미 승인 및 취소가 진행된 중복된 주문번호 입니다.'),
  rejected: () => tossError(403, 'REJECT_CARD_PAYMENT', '한도초과 혹은 잔액부족으로 결제에 실패했습니다.'),
  consecutive: () =>
    tossError(
      403,
      'FORBIDDEN_CONSECUTIVE_REQUEST',
      '반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.',
    ),
  idempotentProcessing: () =>
    tossError(
      409,
      'IDEMPOTENT_REQUEST_PROCESSING',
      '이전 멱등 요청이 처리 중입니다. 잠시 후 다시 시도해주세요.',
    ),
  alreadyCanceled: () => tossError(400, 'ALREADY_CANCELED_PAYMENT', '이미 취소된 결제 입니다.'),
  notCancelablePayment: () => tossError(403, 'NOT_CANCELABLE_PAYMENT', '취소 할 수 없는 결제 입니다.'),
  notCancelableAmount: () => tossError(403, 'NOT_CANCELABLE_AMOUNT', '취소 할 수 없는 금액 입니다.'),
};

export async function startTossEmulator(options: TossEmulatorOptions = {}): Promise<TossEmulator> {
  const timeoutDelayMs = options.timeoutDelayMs ?? 15_000;
  const inProgressTtlMs = options.inProgressTtlMs ?? 10 * 60_000;
  const retryDelays = options.webhookRetryDelaysMs ?? MINUTE_SEQUENCE.map((m) => m * 1000);
  const idempotencyTtlMs = options.idempotencyTtlMs ?? 15 * 24 * 3600_000;
  const consecutiveCancelWindowMs = options.consecutiveCancelWindowMs ?? 1_000;
  const lastCancelAt = new Map<string, number>();
  let webhookUrl = options.webhookUrl ?? null;
  let baseUrl = '';

  const payments = new Map<string, EmulatedPayment>();
  const idempotency = new Map<string, IdempotencyEntry>();
  const approvalsByOrder = new Map<string, number>();
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

  /** Toss expires an authorized payment that was not confirmed in time. */
  const current = (paymentKey: string): EmulatedPayment | undefined => {
    const p = payments.get(paymentKey);
    if (
      p &&
      p.status === 'IN_PROGRESS' &&
      !p.confirming &&
      Date.now() - p.requestedAt.getTime() > inProgressTtlMs
    ) {
      p.status = 'EXPIRED';
      p.failure = { code: 'EXPIRED_PAYMENT', message: '결제가 만료되었습니다. 다시 시도해주세요.' };
      notify(p);
    }
    return p;
  };

  // ---------- webhooks ----------
  const notify = (p: EmulatedPayment) => {
    const url = webhookUrl;
    if (!url || stopped) return;
    const body = JSON.stringify({
      eventType: 'PAYMENT_STATUS_CHANGED',
      // Toss' webhook createdAt has microseconds and no offset.
      createdAt: new Date().toISOString().replace('Z', '000'),
      data: paymentObject(p, baseUrl),
    });
    const status = p.status;
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
          deliveries.push({ paymentKey: p.paymentKey, status, attempt: n, httpStatus });
          // Toss counts only 200 as delivered.
          if (httpStatus !== 200 && n <= retryDelays.length) {
            later(retryDelays[n - 1] ?? 0, () => attempt(n + 1));
          }
        });
    };
    attempt(1);
  };

  // ---------- the API ----------
  const authorize = (req: Request): Answer | null => {
    const header = req.header('authorization') ?? '';
    const match = /^Basic\s+(.+)$/i.exec(header);
    if (!match?.[1]) return ERRORS.unauthorized();
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    if (!decoded.includes(':')) return ERRORS.basicFormat();
    return decoded.slice(0, decoded.indexOf(':')) === EMULATOR_SECRET_KEY ? null : ERRORS.unauthorized();
  };

  /**
   * Toss' Idempotency-Key: the first answer for a key (per endpoint) is replayed to every later request with
   * it; while the first is still being processed, others get 409. Answers of temporary failures are not kept,
   * so a retry with the same key really retries.
   */
  const idempotent = async (req: Request, endpoint: string, run: () => Promise<Answer>) => {
    const key = req.header('idempotency-key');
    if (key === undefined) return { answer: await run(), replayed: false };
    if (key.length === 0 || key.length > MAX_IDEMPOTENCY_KEY) {
      return { answer: ERRORS.invalid('Idempotency-Key는 300자 이하여야 합니다.'), replayed: false };
    }
    const storeKey = `${endpoint}\n${key}`;
    const entry = idempotency.get(storeKey);
    if (entry?.state === 'processing') return { answer: ERRORS.idempotentProcessing(), replayed: false };
    if (entry?.state === 'done' && entry.expiresAt > Date.now())
      return { answer: entry.answer, replayed: true };
    idempotency.set(storeKey, { state: 'processing' });
    let answer: Answer;
    try {
      answer = await run();
    } catch (err) {
      idempotency.delete(storeKey);
      throw err;
    }
    const code = (answer.body as { code?: string }).code;
    if (answer.status >= 500 || (code !== undefined && TEMPORARY_CODES.has(code)))
      idempotency.delete(storeKey);
    else idempotency.set(storeKey, { state: 'done', answer, expiresAt: Date.now() + idempotencyTtlMs });
    return { answer, replayed: false };
  };

  const approve = (p: EmulatedPayment) => {
    p.status = 'DONE';
    p.approvedAt = new Date();
    p.lastTransactionKey = newTransactionKey();
    p.confirming = false;
    approvalsByOrder.set(p.orderId, (approvalsByOrder.get(p.orderId) ?? 0) + 1);
    notify(p);
  };

  const confirm = async (body: Record<string, unknown>): Promise<Answer> => {
    const { paymentKey, orderId, amount } = body;
    if (typeof paymentKey !== 'string' || typeof orderId !== 'string' || typeof amount !== 'number') {
      return ERRORS.invalid('paymentKey, orderId, amount는 필수 파라미터입니다.');
    }
    const p = current(paymentKey);
    if (!p) return ERRORS.notFound();
    // Toss checks the confirm against what the widget authorized: the order and its amount.
    if (p.orderId !== orderId) return ERRORS.invalid('주문번호가 결제 정보와 일치하지 않습니다.');
    if (p.totalAmount !== amount) return ERRORS.invalid('결제 금액이 결제 정보와 일치하지 않습니다.');
    if (p.status === 'EXPIRED') return ERRORS.sessionExpired();
    if (p.status !== 'IN_PROGRESS') return ERRORS.alreadyProcessed();
    if (p.confirming) return ERRORS.consecutive();
    const taken = [...payments.values()].some(
      (other) => other !== p && other.orderId === p.orderId && other.approvedAt !== null,
    );
    if (taken) return ERRORS.duplicatedOrder();

    switch (p.card) {
      case 'decline':
        p.status = 'ABORTED';
        p.failure = {
          code: 'REJECT_CARD_PAYMENT',
          message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
        };
        notify(p);
        return ERRORS.rejected();
      case 'timeout':
        // The answer comes after the caller has given up; the approval happens all the same.
        p.confirming = true;
        await sleep(timeoutDelayMs);
        approve(p);
        return { status: 200, body: paymentObject(p, baseUrl) };
      case 'success':
        approve(p);
        return { status: 200, body: paymentObject(p, baseUrl) };
    }
  };

  const cancel = async (paymentKey: string, body: Record<string, unknown>): Promise<Answer> => {
    const p = current(paymentKey);
    if (!p) return ERRORS.notFound();
    const { cancelReason, cancelAmount } = body;
    if (
      typeof cancelReason !== 'string' ||
      cancelReason.length === 0 ||
      cancelReason.length > MAX_CANCEL_REASON
    ) {
      return ERRORS.invalid('cancelReason은 필수이며 200자 이하여야 합니다.');
    }
    if (
      cancelAmount !== undefined &&
      cancelAmount !== null &&
      (typeof cancelAmount !== 'number' || !Number.isInteger(cancelAmount) || cancelAmount <= 0)
    ) {
      return ERRORS.invalid('cancelAmount는 0보다 큰 정수여야 합니다.');
    }
    if (p.status === 'CANCELED') return ERRORS.alreadyCanceled();
    if (p.status !== 'DONE' && p.status !== 'PARTIAL_CANCELED') return ERRORS.notCancelablePayment();
    const amount = typeof cancelAmount === 'number' ? cancelAmount : p.balanceAmount;
    if (amount > p.balanceAmount) return ERRORS.notCancelableAmount();
    if (Date.now() - (lastCancelAt.get(paymentKey) ?? 0) < consecutiveCancelWindowMs)
      return ERRORS.consecutive();
    lastCancelAt.set(paymentKey, Date.now());
    p.balanceAmount -= amount;
    p.lastTransactionKey = newTransactionKey();
    p.cancels.push({
      transactionKey: p.lastTransactionKey,
      cancelReason,
      cancelAmount: amount,
      canceledAt: new Date(),
      refundableAmount: p.balanceAmount,
    });
    p.status = p.balanceAmount === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
    notify(p);
    return { status: 200, body: paymentObject(p, baseUrl) };
  };

  /** What the widget does once the buyer has picked a card: an authorized payment awaiting confirm. */
  const authorizePayment = (input: {
    orderId: unknown;
    amount: unknown;
    card: unknown;
    orderName?: unknown;
  }): Answer => {
    const { orderId, amount, card } = input;
    if (typeof orderId !== 'string' || !ORDER_ID.test(orderId)) {
      return ERRORS.invalid('orderId는 영문 대소문자, 숫자, -, _ 로 이루어진 6자 이상 64자 이하여야 합니다.');
    }
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount <= 0) {
      return ERRORS.invalid('amount는 0보다 큰 정수여야 합니다.');
    }
    if (typeof card !== 'string' || !TEST_CARDS.includes(card as TestCard)) {
      return ERRORS.invalid(`card는 ${TEST_CARDS.join(', ')} 중 하나여야 합니다.`);
    }
    if ([...payments.values()].some((p) => p.orderId === orderId && p.approvedAt !== null)) {
      return ERRORS.duplicatedOrder();
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
      requestedAt: new Date(),
      approvedAt: null,
      lastTransactionKey: null,
      cancels: [],
      failure: null,
      confirming: false,
    };
    payments.set(p.paymentKey, p);
    return { status: 200, body: { paymentKey: p.paymentKey, orderId, amount } };
  };

  // ---------- HTTP ----------
  const app = express();
  app.disable('x-powered-by');
  const send = (res: Response, answer: Answer) => res.status(answer.status).json(answer.body);

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
        at: new Date(),
      });
    });
    const refused = authorize(req);
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

  app.post('/v1/payments/confirm', async (req, res) => {
    answer(res, await idempotent(req, 'confirm', () => confirm(req.body ?? {})));
  });
  app.get('/v1/payments/orders/:orderId', (req, res) => {
    const found = [...payments.values()]
      .filter((p) => p.orderId === req.params.orderId)
      .sort((a, b) => Number(b.approvedAt !== null) - Number(a.approvedAt !== null))[0];
    const p = found && current(found.paymentKey);
    answer(res, {
      answer: p ? { status: 200, body: paymentObject(p, baseUrl) } : ERRORS.notFound(),
      replayed: false,
    });
  });
  app.get('/v1/payments/:paymentKey', (req, res) => {
    const p = req.params.paymentKey.length <= MAX_PAYMENT_KEY ? current(req.params.paymentKey) : undefined;
    answer(res, {
      answer: p ? { status: 200, body: paymentObject(p, baseUrl) } : ERRORS.notFound(),
      replayed: false,
    });
  });
  app.post('/v1/payments/:paymentKey/cancel', async (req, res) => {
    const { paymentKey } = req.params;
    answer(res, await idempotent(req, `cancel:${paymentKey}`, () => cancel(paymentKey, req.body ?? {})));
  });

  app.post('/sandbox/authorize', express.json({ limit: '16kb' }), (req, res) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.clientKey !== undefined && body.clientKey !== EMULATOR_CLIENT_KEY) {
      return send(res, ERRORS.unauthorized());
    }
    send(res, authorizePayment(body as Parameters<typeof authorizePayment>[0]));
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
    const result = authorizePayment({ ...params, card: form.card });
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

  app.use((_req, res) => {
    send(res, tossError(404, 'NOT_FOUND', '요청한 리소스를 찾을 수 없습니다.'));
  });
  // Malformed JSON and other request errors get Toss' error body, not an HTML stack.
  app.use((err: Error & { status?: number }, _req: Request, res: Response, _next: NextFunction) => {
    send(res, ERRORS.invalid(err.status && err.status < 500 ? '잘못된 요청입니다.' : 'internal error'));
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
    webhookDeliveries: deliveries,
    async stop() {
      stopped = true;
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
