import { randomBytes, randomInt } from 'node:crypto';
import type { PaymentStatus } from '../modules/toss/toss-api.ts';

/**
 * Test cards: what the emulator does when a payment made with one is confirmed. `virtual-account` is not a card:
 * the confirm issues a virtual account (WAITING_FOR_DEPOSIT, with a `secret`) and `POST /sandbox/deposit/{key}`
 * stands for the buyer's deposit.
 */
export const TEST_CARDS = ['success', 'decline', 'timeout', 'virtual-account'] as const;
export type TestCard = (typeof TEST_CARDS)[number];

/** A masked number per test card, masked the way Toss masks `card.number`. */
const CARD_NUMBERS: Record<Exclude<TestCard, 'virtual-account'>, string> = {
  success: '43301234****123*',
  decline: '53275000****456*',
  timeout: '94104200****789*',
};

export interface EmulatedCancel {
  transactionKey: string;
  cancelReason: string;
  cancelAmount: number;
  canceledAt: Date;
  refundableAmount: number;
}

/** The emulator's state of one payment. */
export interface EmulatedPayment {
  paymentKey: string;
  orderId: string;
  orderName: string;
  totalAmount: number;
  balanceAmount: number;
  card: TestCard;
  status: PaymentStatus;
  requestedAt: Date;
  approvedAt: Date | null;
  lastTransactionKey: string | null;
  cancels: EmulatedCancel[];
  failure: { code: string; message: string } | null;
  /** A `timeout` card's confirm is under way: Toss still reports IN_PROGRESS. */
  confirming: boolean;
  /**
   * Toss' `secret` (≤ 50 characters) of a virtual-account payment, set when the account is issued; null for
   * cards. Merchants compare it with the one a webhook carries.
   */
  secret: string | null;
  /** The issued virtual account's due date (virtual-account payments). */
  dueDate: Date | null;
}

const ALPHANUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 50 characters like Toss' documented examples, with a prefix that marks emulator keys. */
export function newPaymentKey(): string {
  let key = 'tkemu';
  while (key.length < 50) key += ALPHANUM[randomInt(ALPHANUM.length)];
  return key;
}

export const newTransactionKey = () => randomBytes(16).toString('hex').toUpperCase();

/** A webhook secret like Toss' examples (`ps_…`), 50 characters at most. */
export const newSecret = () => `ps_${randomBytes(18).toString('base64url')}`;

/** Toss writes times in KST with an offset: `2024-02-13T12:17:57+09:00`. */
export function kst(date: Date): string {
  return new Date(date.getTime() + 9 * 3600_000).toISOString().replace(/\.\d{3}Z$/, '+09:00');
}

/**
 * A webhook's `createdAt`: Korea time without an offset, to the microsecond (`yyyy-MM-dd'T'HH:mm:ss.SSSSSS`,
 * https://docs.tosspayments.com/en/webhooks; Toss' own example `2022-01-01T00:00:00.000000`).
 */
export function kstLocalMicros(date: Date): string {
  return new Date(date.getTime() + 9 * 3600_000).toISOString().replace(/Z$/, '000');
}

/**
 * The payment as Toss' API returns it (API version 2022-11-16): every top-level field of the Payment object,
 * with `null` for payment methods other than cards.
 */
export function paymentObject(p: EmulatedPayment, baseUrl: string) {
  const approved = p.approvedAt !== null;
  const isCard = p.card !== 'virtual-account';
  const vat = Math.round(p.balanceAmount / 11);
  return {
    mId: 'tvivarepublica',
    lastTransactionKey: p.lastTransactionKey,
    paymentKey: p.paymentKey,
    orderId: p.orderId,
    orderName: p.orderName,
    taxExemptionAmount: 0,
    status: p.status,
    requestedAt: kst(p.requestedAt),
    approvedAt: p.approvedAt ? kst(p.approvedAt) : null,
    useEscrow: false,
    cultureExpense: false,
    card:
      p.card !== 'virtual-account' && (approved || p.status === 'ABORTED')
        ? {
            issuerCode: '71',
            acquirerCode: '71',
            number: CARD_NUMBERS[p.card],
            installmentPlanMonths: 0,
            isInterestFree: false,
            interestPayer: null,
            approveNo: approved ? '00000000' : null,
            useCardPoint: false,
            cardType: '신용',
            ownerType: '개인',
            acquireStatus: p.status === 'CANCELED' ? 'CANCELED' : 'READY',
            amount: p.totalAmount,
          }
        : null,
    virtualAccount:
      p.card === 'virtual-account' && p.dueDate
        ? {
            accountType: '일반',
            accountNumber: 'X6008025675480',
            bankCode: '88',
            customerName: '구매자',
            dueDate: kst(p.dueDate),
            refundStatus: 'NONE',
            expired: false,
            settlementStatus: 'INCOMPLETED',
            refundReceiveAccount: null,
          }
        : null,
    transfer: null,
    mobilePhone: null,
    giftCertificate: null,
    cashReceipt: null,
    cashReceipts: null,
    discount: null,
    cancels: p.cancels.length
      ? p.cancels.map((c) => ({
          transactionKey: c.transactionKey,
          cancelReason: c.cancelReason,
          taxExemptionAmount: 0,
          canceledAt: kst(c.canceledAt),
          easyPayDiscountAmount: 0,
          receiptKey: null,
          cancelAmount: c.cancelAmount,
          taxFreeAmount: 0,
          refundableAmount: c.refundableAmount,
          cancelStatus: 'DONE',
          cancelRequestId: null,
        }))
      : null,
    secret: p.secret,
    type: 'NORMAL',
    easyPay: null,
    country: 'KR',
    failure: p.failure,
    isPartialCancelable: true,
    receipt: approved ? { url: `${baseUrl}/sandbox/receipt/${p.paymentKey}` } : null,
    checkout: { url: `${baseUrl}/checkout?orderId=${encodeURIComponent(p.orderId)}` },
    currency: 'KRW',
    totalAmount: p.totalAmount,
    balanceAmount: p.balanceAmount,
    suppliedAmount: p.balanceAmount - vat,
    vat,
    taxFreeAmount: 0,
    method: isCard ? '카드' : '가상계좌',
    version: '2022-11-16',
  };
}
export type PaymentObject = ReturnType<typeof paymentObject>;
