import { TEST_CARDS, type TestCard } from './payment-object.ts';

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const LABELS: Record<TestCard, string> = {
  success: 'Test card — approves',
  decline: 'Test card — declined at confirm (REJECT_CARD_PAYMENT)',
  timeout: 'Test card — confirm answers late',
  'virtual-account': 'Virtual account — waits for a deposit (POST /sandbox/deposit/{paymentKey})',
};

export interface CheckoutParams {
  orderId: string;
  amount: number;
  orderName: string;
  clientKey: string;
  successUrl: string;
  failUrl: string;
}

/**
 * The stand-in for Toss' payment widget: the buyer picks a test card (or cancels) and is sent to the success
 * or fail URL with the same query parameters the widget uses.
 */
export function checkoutPage(params: CheckoutParams): string {
  const hidden = Object.entries(params)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(String(v))}">`)
    .join('\n      ');
  const buttons = TEST_CARDS.map(
    (card) => `<button type="submit" name="card" value="${card}">${escapeHtml(LABELS[card])}</button>`,
  ).join('\n      ');
  return `<!doctype html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>토스페이먼츠 (TIKETI 로컬 에뮬레이터)</title>
  <style>
    body { font-family: system-ui, sans-serif; max-width: 28rem; margin: 3rem auto; padding: 0 1rem; color: #191f28; }
    .amount { font-size: 1.75rem; font-weight: 700; margin: .25rem 0 1.5rem; }
    form { display: grid; gap: .5rem; }
    button { padding: .75rem; border-radius: .5rem; border: 1px solid #d1d6db; background: #fff; font-size: 1rem; cursor: pointer; text-align: left; }
    button[value="success"] { background: #3182f6; color: #fff; border-color: #3182f6; }
    .note { color: #6b7684; font-size: .85rem; margin-top: 1.5rem; }
  </style>
</head>
<body>
  <p>${escapeHtml(params.orderName)}</p>
  <p class="amount">${params.amount.toLocaleString('ko-KR')}원</p>
  <form method="post" action="/checkout">
      ${hidden}
      ${buttons}
      <button type="submit" name="card" value="cancel">결제 취소 (PAY_PROCESS_CANCELED)</button>
  </form>
  <p class="note">Local Toss Payments emulator: no real card is charged. Order ${escapeHtml(params.orderId)}.</p>
</body>
</html>`;
}

export function errorPage(code: string, message: string): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${escapeHtml(code)}</title></head>
<body><h1>${escapeHtml(code)}</h1><p>${escapeHtml(message)}</p></body></html>`;
}
