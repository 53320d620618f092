import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../src/modules/toss/toss-api.ts';
import { loadEmulatorConfig, startTossEmulator, type TossEmulator } from '../src/toss-emulator/index.ts';
import { eventually } from './helpers.ts';

/** The local Toss: Toss' endpoints, fields, errors, auth and idempotency, its widget stand-in and webhooks. */
let toss: TossEmulator;
/** The emulator's clock runs with the real one, `skew` ahead: tests move time by adding to it. */
let skew = 0;
const clock = () => Date.now() + skew;
let sink: WebhookSink;
beforeAll(async () => {
  sink = await webhookSink();
  toss = await startTossEmulator({
    port: 0,
    timeoutDelayMs: 400,
    consecutiveCancelWindowMs: 300,
    clock,
    webhookUrl: sink.url,
  });
});
afterAll(async () => {
  await toss?.stop();
  await sink?.close();
});

// biome-ignore lint/suspicious/noExplicitAny: webhook bodies are read loosely and asserted on
type Received = Record<string, any>;
interface WebhookSink {
  url: string;
  received: Received[];
  close(): Promise<void>;
}
/** A real HTTP server standing for a merchant's webhook URL: answers 200 and keeps every body. */
async function webhookSink(): Promise<WebhookSink> {
  const received: Received[] = [];
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    received.push(JSON.parse(body));
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/toss`,
    received,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
const webhooksFor = (paymentKey: string) =>
  sink.received.filter(
    (w) => (w.data?.paymentKey ?? w.paymentKey) === paymentKey || w.orderId === paymentKey,
  );

let orders = 0;
const newOrderId = () => `test-order-${Date.now()}-${++orders}`;

async function api(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${toss.url}${path}`, {
    method,
    headers: {
      authorization: basicAuth(toss.secretKey),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: Toss' objects are read loosely and asserted on
  return { status: res.status, body: (await res.json()) as any };
}

async function authorize(amount: number, card = 'success', orderId = newOrderId()) {
  const res = await fetch(`${toss.url}/sandbox/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ orderId, amount, card }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { paymentKey: string; orderId: string; amount: number };
}

describe('Toss emulator', () => {
  it('checks Basic auth of the secret key like Toss', async () => {
    const widget = await authorize(1_000);
    const path = `/v1/payments/${widget.paymentKey}`;
    expect(await api('GET', path, undefined, { authorization: '' })).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED_KEY' },
    });
    expect(
      await api('GET', path, undefined, { authorization: basicAuth('test_gsk_someone_else') }),
    ).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED_KEY' },
    });
    const noColon = `Basic ${Buffer.from(toss.secretKey).toString('base64')}`;
    expect(await api('GET', path, undefined, { authorization: noColon })).toMatchObject({
      status: 403,
      body: { code: 'INCORRECT_BASIC_AUTH_FORMAT' },
    });
    expect(await api('GET', path)).toMatchObject({ status: 200, body: { status: 'IN_PROGRESS' } });
  });

  it('confirms an authorized payment into a Toss Payment object; the Idempotency-Key replays the first answer', async () => {
    const widget = await authorize(55_000);
    const key = `confirm-${widget.orderId}`;
    const first = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': key });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      paymentKey: widget.paymentKey,
      orderId: widget.orderId,
      status: 'DONE',
      totalAmount: 55_000,
      balanceAmount: 55_000,
      method: '카드',
      currency: 'KRW',
      type: 'NORMAL',
      version: '2022-11-16',
      cancels: null,
      failure: null,
      card: { amount: 55_000, number: expect.stringMatching(/^\d{8}\*{4}\d{3}\*$/) },
      receipt: { url: expect.stringContaining(widget.paymentKey) },
    });
    expect(first.body.approvedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+09:00$/);
    expect(first.body.vat + first.body.suppliedAmount).toBe(55_000);

    const replay = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': key });
    expect(replay).toEqual(first);
    expect(toss.approvals(widget.orderId)).toBe(1);
    expect(toss.calls.filter((c) => c.idempotencyKey === key).map((c) => c.replayed)).toEqual([false, true]);
    // Without the key, a second confirm is refused as already processed.
    expect(await api('POST', '/v1/payments/confirm', widget)).toMatchObject({
      status: 400,
      body: { code: 'ALREADY_PROCESSED_PAYMENT' },
    });
    // Toss: at most 300 characters, else 400 INVALID_IDEMPOTENCY_KEY.
    const tooLong = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'k'.repeat(301) });
    expect(tooLong).toEqual({
      status: 400,
      body: { code: 'INVALID_IDEMPOTENCY_KEY', message: '멱등키는 300자 이하여야 합니다.' },
    });
    const longest = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'k'.repeat(300) });
    expect(longest).toMatchObject({ status: 400, body: { code: 'ALREADY_PROCESSED_PAYMENT' } });
    // By order id too.
    expect(await api('GET', `/v1/payments/orders/${widget.orderId}`)).toMatchObject({
      status: 200,
      body: { status: 'DONE' },
    });
  });

  it('refuses a confirm whose amount or order is not what was authorized; declines the decline card', async () => {
    const widget = await authorize(30_000);
    expect(await api('POST', '/v1/payments/confirm', { ...widget, amount: 300 })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    expect(await api('POST', '/v1/payments/confirm', { ...widget, orderId: newOrderId() })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body.status).toBe('IN_PROGRESS');
    expect(
      await api('POST', '/v1/payments/confirm', { ...widget, paymentKey: 'tkemu-unknown' }),
    ).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND_PAYMENT' },
    });

    const declined = await authorize(30_000, 'decline');
    expect(await api('POST', '/v1/payments/confirm', declined)).toMatchObject({
      status: 403,
      body: { code: 'REJECT_CARD_PAYMENT', message: expect.any(String) },
    });
    expect((await api('GET', `/v1/payments/${declined.paymentKey}`)).body).toMatchObject({
      status: 'ABORTED',
      failure: { code: 'REJECT_CARD_PAYMENT' },
      approvedAt: null,
    });
    expect(toss.approvals(declined.orderId)).toBe(0);
  });

  it('the timeout card answers late but approves all the same; the same key meanwhile gets 409', async () => {
    const widget = await authorize(10_000, 'timeout');
    const key = `confirm-${widget.orderId}`;
    const started = Date.now();
    const slow = api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': key });
    await new Promise((r) => setTimeout(r, 100));
    expect(await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': key })).toMatchObject({
      status: 409,
      body: { code: 'IDEMPOTENT_REQUEST_PROCESSING' },
    });
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body.status).toBe('IN_PROGRESS');
    expect((await slow).body.status).toBe('DONE');
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
    expect((await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': key })).body.status).toBe(
      'DONE',
    );
    expect(toss.approvals(widget.orderId)).toBe(1);
  });

  it('a confirm after 10 minutes is refused; at 30 the payment is EXPIRED and a webhook says so', async () => {
    const widget = await authorize(10_000);
    const late = await authorize(10_000);
    skew += 9 * 60_000;
    expect((await api('POST', '/v1/payments/confirm', late)).body.status).toBe('DONE');
    skew += 60_000 + 1_000;
    expect(await api('POST', '/v1/payments/confirm', widget)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND_PAYMENT_SESSION' },
    });
    // Not EXPIRED yet: Toss shows it so at 30 minutes.
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body.status).toBe('IN_PROGRESS');
    expect(webhooksFor(widget.paymentKey)).toEqual([]);
    skew += 20 * 60_000;
    // Nobody reads it: the emulator's own sweep expires it and tells the webhook URL.
    toss.sweep();
    await eventually(() => webhooksFor(widget.paymentKey).length === 1);
    expect(webhooksFor(widget.paymentKey)[0]).toMatchObject({
      eventType: 'PAYMENT_STATUS_CHANGED',
      data: { paymentKey: widget.paymentKey, status: 'EXPIRED', failure: { code: 'EXPIRED_PAYMENT' } },
    });
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body).toMatchObject({
      status: 'EXPIRED',
      failure: { code: 'EXPIRED_PAYMENT' },
    });
    // The approved one is untouched by time.
    expect((await api('GET', `/v1/payments/${late.paymentKey}`)).body.status).toBe('DONE');
  });

  it('cancels in part and in full, appending to cancels[]; never more than the balance', async () => {
    const widget = await authorize(50_000);
    await api('POST', '/v1/payments/confirm', widget);
    const path = `/v1/payments/${widget.paymentKey}/cancel`;
    expect(await api('POST', path, { cancelAmount: 10_000 })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    const partial = await api(
      'POST',
      path,
      { cancelReason: '부분 환불', cancelAmount: 10_000 },
      { 'idempotency-key': 'c1' },
    );
    expect(partial.body).toMatchObject({
      status: 'PARTIAL_CANCELED',
      balanceAmount: 40_000,
      cancels: [
        { cancelAmount: 10_000, cancelReason: '부분 환불', refundableAmount: 40_000, cancelStatus: 'DONE' },
      ],
    });
    // The same key again: the same answer, not a second refund.
    expect(
      await api(
        'POST',
        path,
        { cancelReason: '부분 환불', cancelAmount: 10_000 },
        { 'idempotency-key': 'c1' },
      ),
    ).toEqual(partial);
    expect(await api('POST', path, { cancelReason: '과다', cancelAmount: 40_001 })).toMatchObject({
      status: 403,
      body: { code: 'NOT_CANCELABLE_AMOUNT' },
    });
    // A second cancel of the same payment within the window is refused for now; like every first answer, the
    // refusal is what its key answers from then on, so the retry needs a new key.
    const tooSoon = await api('POST', path, { cancelReason: '전액 환불' }, { 'idempotency-key': 'c2' });
    expect(tooSoon).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_CONSECUTIVE_REQUEST' } });
    skew += 350;
    expect(await api('POST', path, { cancelReason: '전액 환불' }, { 'idempotency-key': 'c2' })).toEqual(
      tooSoon,
    );
    expect(toss.calls.filter((c) => c.idempotencyKey === 'c2').map((c) => c.replayed)).toEqual([false, true]);
    const full = await api('POST', path, { cancelReason: '전액 환불' }, { 'idempotency-key': 'c3' });
    expect(full.body).toMatchObject({ status: 'CANCELED', balanceAmount: 0 });
    expect(full.body.cancels.map((c: { cancelAmount: number }) => c.cancelAmount)).toEqual([10_000, 40_000]);
    expect(await api('POST', path, { cancelReason: 'again' })).toMatchObject({
      status: 400,
      body: { code: 'ALREADY_CANCELED_PAYMENT' },
    });
    const unpaid = await authorize(1_000);
    expect(
      await api('POST', `/v1/payments/${unpaid.paymentKey}/cancel`, { cancelReason: 'x' }),
    ).toMatchObject({
      status: 403,
      body: { code: 'NOT_CANCELABLE_PAYMENT' },
    });
  });

  it('serves a checkout page that redirects like the widget', async () => {
    const orderId = newOrderId();
    const query = new URLSearchParams({
      orderId,
      amount: '77000',
      orderName: '레미제라블 (1매)',
      clientKey: toss.clientKey,
      successUrl: 'http://localhost:3000/checkout/success?from=toss',
      failUrl: 'http://localhost:3000/checkout/fail',
    });
    const page = await fetch(`${toss.url}/checkout?${query}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('레미제라블 (1매)');
    expect(html).toContain('77,000원');
    expect(html).toContain('value="decline"');
    expect(
      (await fetch(`${toss.url}/checkout?${query}`.replace(toss.clientKey, 'test_gck_wrong'))).status,
    ).toBe(401);

    const submit = (card: string) =>
      fetch(`${toss.url}/checkout`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...Object.fromEntries(query), card }),
        redirect: 'manual',
      });
    const ok = await submit('success');
    expect(ok.status).toBe(303);
    const success = new URL(ok.headers.get('location')!);
    expect(success.origin + success.pathname).toBe('http://localhost:3000/checkout/success');
    expect(Object.fromEntries(success.searchParams)).toMatchObject({
      from: 'toss',
      paymentType: 'NORMAL',
      orderId,
      amount: '77000',
      paymentKey: expect.any(String),
    });
    const confirmed = await api('POST', '/v1/payments/confirm', {
      paymentKey: success.searchParams.get('paymentKey'),
      orderId,
      amount: 77_000,
    });
    expect(confirmed.body.status).toBe('DONE');

    const cancelled = await submit('cancel');
    const fail = new URL(cancelled.headers.get('location')!);
    expect(fail.pathname).toBe('/checkout/fail');
    expect(Object.fromEntries(fail.searchParams)).toMatchObject({ code: 'PAY_PROCESS_CANCELED', orderId });
  });

  it('sends PAYMENT_STATUS_CHANGED webhooks and retries until it gets a 200', async () => {
    const received: { eventType: string; data: { status: string; paymentKey: string } }[] = [];
    let answers = [500, 503];
    const server: Server = createServer(async (req: IncomingMessage, res) => {
      let body = '';
      for await (const chunk of req) body += chunk;
      received.push(JSON.parse(body));
      res.statusCode = answers.shift() ?? 200;
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hooked = await startTossEmulator({
      port: 0,
      webhookUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/toss`,
      webhookRetryDelaysMs: [20, 20, 20],
    });
    try {
      const res = await fetch(`${hooked.url}/sandbox/authorize`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId: newOrderId(), amount: 5_000, card: 'success' }),
      });
      const widget = (await res.json()) as { paymentKey: string; orderId: string; amount: number };
      const confirmed = await fetch(`${hooked.url}/v1/payments/confirm`, {
        method: 'POST',
        headers: { authorization: basicAuth(hooked.secretKey), 'content-type': 'application/json' },
        body: JSON.stringify(widget),
      });
      expect(confirmed.status).toBe(200);
      const deadline = Date.now() + 3_000;
      while (hooked.webhookDeliveries.length < 3 && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 20));
      expect(hooked.webhookDeliveries.map((d) => d.httpStatus)).toEqual([500, 503, 200]);
      expect(received).toHaveLength(3);
      expect(received[0]).toMatchObject({
        eventType: 'PAYMENT_STATUS_CHANGED',
        data: { status: 'DONE', paymentKey: widget.paymentKey },
      });
      answers = [];
    } finally {
      await hooked.stop();
      await new Promise((r) => server.close(r));
    }
  });

  it('replays a temporary error under its key; the same request with a new key runs', async () => {
    const widget = await authorize(20_000);
    toss.failNext('confirm', 'PROVIDER_ERROR');
    const first = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'temp-1' });
    expect(first).toMatchObject({ status: 400, body: { code: 'PROVIDER_ERROR' } });
    expect(await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'temp-1' })).toEqual(first);
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body.status).toBe('IN_PROGRESS');
    expect(toss.approvals(widget.orderId)).toBe(0);
    const retried = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'temp-2' });
    expect(retried.body.status).toBe('DONE');
    expect(toss.approvals(widget.orderId)).toBe(1);
  });

  it('refuses card payments under 100 won (BELOW_MINIMUM_AMOUNT), at the widget and its checkout page', async () => {
    const res = await fetch(`${toss.url}/sandbox/authorize`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ orderId: newOrderId(), amount: 99, card: 'success' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      code: 'BELOW_MINIMUM_AMOUNT',
      message: '신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.',
    });
    expect((await api('POST', '/v1/payments/confirm', await authorize(100))).body.status).toBe('DONE');
    const orderId = newOrderId();
    const page = await fetch(`${toss.url}/checkout`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        orderId,
        amount: '50',
        orderName: 'x',
        clientKey: toss.clientKey,
        successUrl: 'http://localhost:3000/ok',
        failUrl: 'http://localhost:3000/fail',
        card: 'success',
      }),
      redirect: 'manual',
    });
    expect(new URL(page.headers.get('location') ?? '').searchParams.get('code')).toBe('BELOW_MINIMUM_AMOUNT');
  });

  it('cancels only on the refundableAmount it is told (NOT_MATCHES_REFUNDABLE_AMOUNT) and in the payment currency', async () => {
    const widget = await authorize(30_000);
    await api('POST', '/v1/payments/confirm', widget);
    const path = `/v1/payments/${widget.paymentKey}/cancel`;
    expect(
      await api('POST', path, { cancelReason: 'x', cancelAmount: 5_000, refundableAmount: 25_000 }),
    ).toEqual({
      status: 400,
      body: { code: 'NOT_MATCHES_REFUNDABLE_AMOUNT', message: '잔액 결과가 일치하지 않습니다.' },
    });
    expect(
      await api('POST', path, { cancelReason: 'x', refundableAmount: 30_000, currency: 'USD' }),
    ).toMatchObject({ status: 400, body: { code: 'INVALID_CURRENCY' } });
    expect(await api('POST', path, { cancelReason: 'x', refundableAmount: '30000' })).toMatchObject({
      status: 400,
      body: { code: 'INVALID_REQUEST' },
    });
    expect(toss.payment(widget.paymentKey)).toMatchObject({
      status: 'DONE',
      balanceAmount: 30_000,
      cancels: null,
    });
    const partial = await api('POST', path, {
      cancelReason: 'x',
      cancelAmount: 5_000,
      refundableAmount: 30_000,
      currency: 'KRW',
    });
    expect(partial.body).toMatchObject({ status: 'PARTIAL_CANCELED', balanceAmount: 25_000 });
    // The same cancel sent again on the balance it knew: refused, never a second refund.
    skew += 1_000;
    expect(
      await api('POST', path, { cancelReason: 'x', cancelAmount: 5_000, refundableAmount: 30_000 }),
    ).toMatchObject({ status: 400, body: { code: 'NOT_MATCHES_REFUNDABLE_AMOUNT' } });
    expect(toss.payment(widget.paymentKey)?.balanceAmount).toBe(25_000);
  });

  it('TossPayments-Test-Code forces an error; Accept-Language: en-US answers in English', async () => {
    const widget = await authorize(10_000);
    const forced = await api('POST', '/v1/payments/confirm', widget, {
      'TossPayments-Test-Code': 'INVALID_CARD_EXPIRATION',
    });
    expect(forced).toEqual({
      status: 400,
      body: { code: 'INVALID_CARD_EXPIRATION', message: '카드 정보를 다시 확인해주세요.(유효기간)' },
    });
    const english = await api('POST', '/v1/payments/confirm', widget, {
      'TossPayments-Test-Code': 'REJECT_CARD_COMPANY',
      'Accept-Language': 'en-US',
    });
    expect(english).toEqual({
      status: 403,
      body: { code: 'REJECT_CARD_COMPANY', message: 'Payment confirm is rejected' },
    });
    expect(
      await api('GET', `/v1/payments/${widget.paymentKey}`, undefined, {
        'TossPayments-Test-Code': 'NO_SUCH',
      }),
    ).toMatchObject({
      status: 400,
      body: { code: 'INVALID_TEST_CODE', message: '유효하지 않은 테스트 코드입니다.' },
    });
    expect(
      await api('GET', '/v1/payments/tkemu-unknown', undefined, { 'accept-language': 'en-US,en;q=0.9' }),
    ).toEqual({ status: 404, body: { code: 'NOT_FOUND_PAYMENT', message: 'The payment does not exist.' } });
    expect(
      await api('GET', '/v1/payments/tkemu-unknown', undefined, {
        authorization: '',
        'accept-language': 'en-US',
      }),
    ).toMatchObject({
      status: 401,
      body: { message: 'This is an unauthenticated secret key or client key.' },
    });
    // Forced answers change nothing: the payment can still be confirmed.
    expect((await api('POST', '/v1/payments/confirm', widget)).body.status).toBe('DONE');
  });

  it('webhooks carry Korea time without an offset; a virtual account has a secret its webhooks repeat', async () => {
    const card = await authorize(8_000);
    await api('POST', '/v1/payments/confirm', card);
    await eventually(() => webhooksFor(card.paymentKey).length === 1);
    const [cardHook] = webhooksFor(card.paymentKey);
    expect(cardHook?.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/);
    // Read as Korea time (+09:00) it is now, not nine hours off.
    expect(Math.abs(Date.parse(`${cardHook?.createdAt.slice(0, 23)}+09:00`) - clock())).toBeLessThan(5_000);
    expect(cardHook?.data.secret).toBeNull();

    const account = await authorize(45_000, 'virtual-account');
    const issued = await api('POST', '/v1/payments/confirm', account);
    expect(issued.body).toMatchObject({
      status: 'WAITING_FOR_DEPOSIT',
      method: '가상계좌',
      card: null,
      virtualAccount: { accountNumber: expect.any(String), dueDate: expect.stringMatching(/\+09:00$/) },
    });
    const secret = issued.body.secret as string;
    expect(secret).toMatch(/^.{10,50}$/);
    const deposited = await fetch(`${toss.url}/sandbox/deposit/${account.paymentKey}`, { method: 'POST' });
    expect(((await deposited.json()) as { status: string }).status).toBe('DONE');
    const hooks = await eventually(async () => {
      const all = sink.received.filter(
        (w) => w.data?.paymentKey === account.paymentKey || w.orderId === account.orderId,
      );
      return all.length === 4 && all;
    });
    const deposits = hooks.filter((w) => w.eventType === 'DEPOSIT_CALLBACK');
    expect(deposits.map((w) => [w.status, w.secret, w.orderId])).toEqual([
      ['WAITING_FOR_DEPOSIT', secret, account.orderId],
      ['DONE', secret, account.orderId],
    ]);
    expect(deposits[1]?.transactionKey).toEqual(expect.any(String));
    const changes = hooks.filter((w) => w.eventType === 'PAYMENT_STATUS_CHANGED');
    expect(changes.map((w) => [w.data.status, w.data.secret])).toEqual([
      ['WAITING_FOR_DEPOSIT', secret],
      ['DONE', secret],
    ]);
    expect(toss.approvals(account.orderId)).toBe(1);
  });

  it('refuses to run in production', () => {
    expect(() => loadEmulatorConfig({ TIKETI_ENV: 'production' })).toThrow(ConfigError);
    expect(
      loadEmulatorConfig({ TOSS_EMULATOR_WEBHOOK_URL: 'http://127.0.0.1:4005/webhooks/toss' }),
    ).toMatchObject({
      port: 4010,
      webhookUrl: 'http://127.0.0.1:4005/webhooks/toss',
      timeoutDelayMs: 15_000,
    });
  });
});
