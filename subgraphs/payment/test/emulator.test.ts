import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { basicAuth } from '../src/modules/toss/toss-api.ts';
import { loadEmulatorConfig, startTossEmulator, type TossEmulator } from '../src/toss-emulator/index.ts';

/** The local Toss: Toss' endpoints, fields, errors, auth and idempotency, its widget stand-in and webhooks. */
let toss: TossEmulator;
beforeAll(async () => {
  toss = await startTossEmulator({
    port: 0,
    timeoutDelayMs: 400,
    // Long enough for a test's few requests on a busy machine; the expiry test waits it out.
    inProgressTtlMs: 3_000,
    consecutiveCancelWindowMs: 300,
  });
});
afterAll(async () => {
  await toss?.stop();
});

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
    const tooLong = await api('POST', '/v1/payments/confirm', widget, { 'idempotency-key': 'k'.repeat(301) });
    expect(tooLong).toMatchObject({ status: 400, body: { code: 'INVALID_REQUEST' } });
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

  it('an authorized payment not confirmed in time expires (NOT_FOUND_PAYMENT_SESSION)', async () => {
    const widget = await authorize(10_000);
    await new Promise((r) => setTimeout(r, 3_200));
    expect(await api('POST', '/v1/payments/confirm', widget)).toMatchObject({
      status: 404,
      body: { code: 'NOT_FOUND_PAYMENT_SESSION' },
    });
    expect((await api('GET', `/v1/payments/${widget.paymentKey}`)).body).toMatchObject({
      status: 'EXPIRED',
      failure: { code: 'EXPIRED_PAYMENT' },
    });
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
    // A second cancel of the same payment within the window is refused for now (and not kept under its key).
    const tooSoon = await api('POST', path, { cancelReason: '전액 환불' }, { 'idempotency-key': 'c2' });
    expect(tooSoon).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_CONSECUTIVE_REQUEST' } });
    await new Promise((r) => setTimeout(r, 350));
    const full = await api('POST', path, { cancelReason: '전액 환불' }, { 'idempotency-key': 'c2' });
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
