/**
 * Toss Payments on the client: the real payment widget (SDK v2, loaded from Toss' CDN only when a real client
 * key is in use) or the project's emulator, whose `/checkout` page stands in for the widget and redirects to
 * the same success and fail URLs with the same parameters.
 */

/** `PaymentOrder.clientKey` of the local emulator (payment's `toss-emulator/keys.ts`): no real Toss. */
const EMULATOR_KEY_PREFIX = 'test_gck_tkemu_';

export const isEmulatorKey = (clientKey: string) => clientKey.startsWith(EMULATOR_KEY_PREFIX);

export interface TossOrder {
  orderId: string;
  orderName: string;
  amount: number;
  clientKey: string;
}

export interface ReturnUrls {
  successUrl: string;
  failUrl: string;
}

/** Where the success and fail redirects land; the reservation rides along so the result pages know it. */
export function returnUrls(origin: string, reservationId: string): ReturnUrls {
  const id = encodeURIComponent(reservationId);
  return {
    successUrl: `${origin}/payments/success?reservationId=${id}`,
    failUrl: `${origin}/payments/fail?reservationId=${id}`,
  };
}

/** The emulator's checkout page for an order (`GET /checkout`, see the payment README). */
export function emulatorCheckoutUrl(emulatorUrl: string, order: TossOrder, urls: ReturnUrls): string {
  const url = new URL('/checkout', emulatorUrl);
  url.searchParams.set('orderId', order.orderId);
  url.searchParams.set('amount', String(order.amount));
  url.searchParams.set('orderName', order.orderName);
  url.searchParams.set('clientKey', order.clientKey);
  url.searchParams.set('successUrl', urls.successUrl);
  url.searchParams.set('failUrl', urls.failUrl);
  return url.toString();
}

// The part of Toss' SDK v2 (https://js.tosspayments.com/v2/standard) the widget uses.
interface TossWidgets {
  setAmount(amount: { currency: 'KRW'; value: number }): Promise<void>;
  renderPaymentMethods(options: { selector: string; variantKey?: string }): Promise<unknown>;
  renderAgreement(options: { selector: string; variantKey?: string }): Promise<unknown>;
  requestPayment(options: { orderId: string; orderName: string } & ReturnUrls): Promise<void>;
}
type TossPaymentsFactory = ((clientKey: string) => {
  widgets(options: { customerKey: string }): TossWidgets;
}) & { ANONYMOUS: string };

const SDK_URL = 'https://js.tosspayments.com/v2/standard';
let sdk: Promise<TossPaymentsFactory> | undefined;

function loadSdk(): Promise<TossPaymentsFactory> {
  sdk ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SDK_URL;
    script.onload = () => {
      const factory = (window as unknown as { TossPayments?: TossPaymentsFactory }).TossPayments;
      if (factory) resolve(factory);
      else reject(new Error('Toss SDK loaded without TossPayments'));
    };
    script.onerror = () => {
      sdk = undefined;
      reject(new Error('Toss SDK could not be loaded'));
    };
    document.head.append(script);
  });
  return sdk;
}

/**
 * Renders Toss' payment widget (methods and agreement) into the two elements and returns the function that
 * starts the payment; Toss then redirects to the success or fail URL.
 */
export async function mountTossWidget(
  order: TossOrder,
  selectors: { methods: string; agreement: string },
): Promise<(urls: ReturnUrls) => Promise<void>> {
  const TossPayments = await loadSdk();
  const widgets = TossPayments(order.clientKey).widgets({ customerKey: TossPayments.ANONYMOUS });
  await widgets.setAmount({ currency: 'KRW', value: order.amount });
  await Promise.all([
    widgets.renderPaymentMethods({ selector: selectors.methods, variantKey: 'DEFAULT' }),
    widgets.renderAgreement({ selector: selectors.agreement, variantKey: 'AGREEMENT' }),
  ]);
  return (urls) => widgets.requestPayment({ orderId: order.orderId, orderName: order.orderName, ...urls });
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '0.0.0.0']);

/**
 * A receipt link the buyer's browser can open. Toss' own receipts are public pages and pass through; the
 * emulator's name the address it is bound to (`http://127.0.0.1:<port>/sandbox/receipt/…`), which is the
 * buyer's own machine, not the emulator, anywhere but on the emulator's host: those are moved to the
 * emulator's URL as the app knows it (`VITE_TOSS_EMULATOR_URL`, the one its checkout page is opened on).
 */
export function browsableReceiptUrl(receiptUrl: string, emulatorUrl: string): string {
  let url: URL;
  try {
    url = new URL(receiptUrl);
  } catch {
    return receiptUrl;
  }
  if (!LOOPBACK.has(url.hostname) || !url.pathname.startsWith('/sandbox/receipt/')) return receiptUrl;
  const emulator = new URL(emulatorUrl);
  url.protocol = emulator.protocol;
  url.host = emulator.host;
  return url.toString();
}
