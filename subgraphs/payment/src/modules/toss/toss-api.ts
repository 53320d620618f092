import { z } from 'zod';

/**
 * The part of Toss Payments API v1 we rely on (https://docs.tosspayments.com/reference). Field names and
 * statuses are Toss' own; the README lists what was checked against the documentation and what is assumed.
 */

/** Toss' `Payment.status`. Our payments carry the same values (contract.graphql `PaymentStatus`). */
export const PAYMENT_STATUSES = [
  'READY',
  'IN_PROGRESS',
  'WAITING_FOR_DEPOSIT',
  'DONE',
  'CANCELED',
  'PARTIAL_CANCELED',
  'ABORTED',
  'EXPIRED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses in which money was taken (and maybe partly or fully given back). */
export const APPROVED_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'DONE',
  'PARTIAL_CANCELED',
  'CANCELED',
]);
/** Statuses Toss never leaves except by a cancel (approved ones) or never at all. */
export const SETTLED_STATUSES: ReadonlySet<PaymentStatus> = new Set([
  'DONE',
  'PARTIAL_CANCELED',
  'CANCELED',
  'ABORTED',
  'EXPIRED',
]);

const tossCancel = z.object({
  cancelAmount: z.number().int(),
  cancelReason: z.string(),
  canceledAt: z.string(),
  transactionKey: z.string(),
});

/** The fields of Toss' Payment object that we read; others (card, easyPay, …) are ignored on purpose. */
export const tossPaymentSchema = z.object({
  paymentKey: z.string(),
  orderId: z.string(),
  orderName: z.string().nullish(),
  status: z.enum(PAYMENT_STATUSES),
  totalAmount: z.number().int(),
  balanceAmount: z.number().int(),
  method: z.string().nullish(),
  requestedAt: z.string().nullish(),
  approvedAt: z.string().nullish(),
  receipt: z.object({ url: z.string() }).nullish(),
  cancels: z.array(tossCancel).nullish(),
  failure: z.object({ code: z.string(), message: z.string() }).nullish(),
  /** Virtual accounts: the value their webhooks carry (null for cards). */
  secret: z.string().nullish(),
});
export type TossPayment = z.infer<typeof tossPaymentSchema>;

/** Toss' error body. */
export const tossErrorSchema = z.object({ code: z.string(), message: z.string() });
export type TossError = z.infer<typeof tossErrorSchema>;

/**
 * Toss' "not now" answers (temporary errors: retry later). Toss keeps the first answer under an Idempotency-Key
 * for 15 days, errors included, so sending the same request with the same key again only replays the refusal;
 * Toss' advice is to find out what happened first ("멱등한 요청에서 에러가 반환되었을 때 멱등키를 변경해서 동일한
 * 요청을 재시도하는 것은 위험이 있습니다. 정확한 오류 원인을 토스페이먼츠로부터 확인한 다음에 다시 요청을 보내주세요",
 * https://docs.tosspayments.com/reference/using-api/authorization): re-read the payment, then retry with a new
 * key. A request without a key (a GET) is simply retried. Any HTTP 5xx counts too.
 */
export const TEMPORARY_CODES: ReadonlySet<string> = new Set([
  'PROVIDER_ERROR',
  'FORBIDDEN_CONSECUTIVE_REQUEST',
  'FAILED_INTERNAL_SYSTEM_PROCESSING',
  'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
  'FAILED_METHOD_HANDLING',
  'FAILED_METHOD_HANDLING_CANCEL',
  'FAILED_REFUND_PROCESS',
  'UNKNOWN_PAYMENT_ERROR',
  'UNKNOWN_ERROR',
  'COMMON_ERROR',
]);

/**
 * The first request with this key is still being processed: the one answer that is not kept, so asking again
 * with the same key is how to get the outcome ("다시 한번 요청해서 응답을 확인하세요", same page).
 */
export const IDEMPOTENT_PROCESSING_CODE = 'IDEMPOTENT_REQUEST_PROCESSING';

/** Every error after which the same request may be sent again (with the rule above about keys). */
export const RETRYABLE_CODES: ReadonlySet<string> = new Set([...TEMPORARY_CODES, IDEMPOTENT_PROCESSING_CODE]);

/** Our own keys are wrong: nothing the buyer can fix; an operator must. */
export const CREDENTIAL_CODES: ReadonlySet<string> = new Set([
  'UNAUTHORIZED_KEY',
  'INVALID_API_KEY',
  'INCORRECT_BASIC_AUTH_FORMAT',
]);

/**
 * Confirm errors that say the request itself was wrong (a paymentKey that does not belong to the order, an
 * unknown key): nothing was charged and the order can be tried again. Every other 4xx of a confirm is a
 * refusal of the payment (card rejected, limits, fraud checks) and ends the attempt as ABORTED.
 */
export const REQUEST_ERROR_CODES: ReadonlySet<string> = new Set([
  'INVALID_REQUEST',
  'NOT_FOUND_PAYMENT',
  'DUPLICATED_ORDER_ID',
  'UNAPPROVED_ORDER_ID',
]);

/** Toss' 10-minute window to confirm an authorized payment is over (the payment is EXPIRED). */
export const SESSION_EXPIRED_CODE = 'NOT_FOUND_PAYMENT_SESSION';
export const ALREADY_PROCESSED_CODE = 'ALREADY_PROCESSED_PAYMENT';
export const ALREADY_CANCELED_CODE = 'ALREADY_CANCELED_PAYMENT';
/** A cancel's `refundableAmount` is not the payment's balance at Toss: nothing was cancelled. */
export const REFUNDABLE_MISMATCH_CODE = 'NOT_MATCHES_REFUNDABLE_AMOUNT';

/** `Authorization` header value: Basic auth of the secret key with an empty password (note the colon). */
export const basicAuth = (secretKey: string) => `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;

/** Toss' limits: orderId 6–64 of letters, digits, `-`, `_`; orderName ≤ 100; cancelReason ≤ 200. */
export const ORDER_ID = /^[A-Za-z0-9_-]{6,64}$/;
export const MAX_ORDER_NAME = 100;
export const MAX_CANCEL_REASON = 200;
export const MAX_PAYMENT_KEY = 200;
export const MAX_IDEMPOTENCY_KEY = 300;
