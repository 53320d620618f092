import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startHarness } from './helpers.ts';

/** Issue 16: the public webhook answered malformed JSON with a stack trace and stored any body as sent. */
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.dispose();
});

const post = (body: string) =>
  fetch(h.service.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

describe('Toss webhook against strangers', () => {
  it('answers malformed JSON with a short JSON 400: no stack trace, no file paths', async () => {
    const res = await post('{"eventType": "PAYMENT_STATUS_CHANGED", ');
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({
      result: 'refused',
      code: 'BAD_REQUEST',
      message: 'The body is not valid JSON.',
    });
    expect(text).not.toMatch(/<html|<pre|\bat\s|node_modules|\/work\//i);
  });

  it('answers an oversized body with a JSON 413', async () => {
    const res = await post(JSON.stringify({ eventType: 'PAYMENT_STATUS_CHANGED', pad: 'x'.repeat(100_000) }));
    expect(res.status).toBe(413);
    expect(((await res.json()) as { code: string }).code).toBe('BAD_REQUEST');
  });

  it('keeps only the event type and size of a body nobody vouched for', async () => {
    const padding = 'x'.repeat(50_000);
    for (const body of [
      {
        eventType: 'PAYMENT_STATUS_CHANGED',
        data: { paymentKey: 'tgen_unknown', orderId: 'order-x', padding },
      },
      { eventType: 'SOMETHING_ELSE', padding },
      { padding },
    ]) {
      expect((await post(JSON.stringify(body))).status).toBe(200);
    }
    const rows = await h.sql<{ size: number; request: Record<string, unknown> }>(
      `select length(request::text) as size, request from payment.payment_logs where direction = 'IN' order by id`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) {
      expect(row.size).toBeLessThan(500);
      expect(row.request).toMatchObject({ stored: false, reason: 'unverified' });
    }
  });
});
