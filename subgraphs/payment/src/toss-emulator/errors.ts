/**
 * The Toss errors the emulator answers with: HTTP status and message in Korean (Toss' default) and English
 * (`Accept-Language: en-US`). Codes, statuses and both messages are copied from Toss' error-code list
 * (https://docs.tosspayments.com/reference/error-codes, "전체 에러 목록") unless the comment says otherwise; the
 * two idempotency errors come from https://docs.tosspayments.com/reference/using-api/authorization ("멱등키 헤더
 * › 에러 처리하기"). Every code here can also be forced with `TossPayments-Test-Code` (Toss' test header).
 */
export interface TossErrorDefinition {
  status: number;
  ko: string;
  en: string;
}

export const TOSS_ERRORS = {
  ALREADY_CANCELED_PAYMENT: {
    status: 400,
    ko: '이미 취소된 결제 입니다.',
    en: 'The payment has already been canceled.',
  },
  ALREADY_PROCESSED_PAYMENT: {
    status: 400,
    ko: '이미 처리된 결제 입니다.',
    en: 'This is a payment that has already been processed.',
  },
  BELOW_MINIMUM_AMOUNT: {
    status: 400,
    ko: '신용카드는 결제금액이 100원 이상, 계좌는 200원이상부터 결제가 가능합니다.',
    en: 'Payment can be made from 100 won or more by credit card, and 200 won or more for account.',
  },
  DUPLICATED_ORDER_ID: {
    status: 400,
    ko: '이미 승인 및 취소가 진행된 중복된 주문번호 입니다. 다른 주문번호로 진행해주세요.',
    en: 'This is a duplicate order id that has already been approved or canceled. Please proceed with a different order id.',
  },
  INVALID_CARD_EXPIRATION: {
    status: 400,
    ko: '카드 정보를 다시 확인해주세요.(유효기간)',
    en: 'Please check the card expiration date information again.',
  },
  INVALID_CARD_NUMBER: {
    status: 400,
    ko: '카드번호를 다시 확인해주세요.',
    en: 'Please check your card number again.',
  },
  INVALID_CURRENCY: { status: 400, ko: '잘못된 통화 값입니다.', en: 'Invalid currency value.' },
  INVALID_IDEMPOTENCY_KEY: {
    status: 400,
    ko: '멱등키는 300자 이하여야 합니다.',
    // Toss' page gives the Korean message only; this English one is ours.
    en: 'The idempotency key must be 300 characters or less.',
  },
  INVALID_REJECT_CARD: {
    status: 400,
    ko: '카드 사용이 거절되었습니다. 카드사 문의가 필요합니다.',
    en: 'Refer to card issuer/decline.',
  },
  INVALID_REQUEST: { status: 400, ko: '잘못된 요청입니다.', en: 'The bad request.' },
  INVALID_STOPPED_CARD: { status: 400, ko: '정지된 카드 입니다.', en: 'This is a suspended card.' },
  INVALID_TEST_CODE: { status: 400, ko: '유효하지 않은 테스트 코드입니다.', en: 'Invalid test code' },
  NOT_MATCHES_REFUNDABLE_AMOUNT: {
    status: 400,
    ko: '잔액 결과가 일치하지 않습니다.',
    en: 'Balance results do not match.',
  },
  // Listed among Toss' temporary errors (retry later); its status here is the one our client always assumed.
  PROVIDER_ERROR: {
    status: 400,
    ko: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
    en: 'A temporary error has occurred. Please try again in a few minutes.',
  },
  UNAUTHORIZED_KEY: {
    status: 401,
    ko: '인증되지 않은 시크릿 키 혹은 클라이언트 키 입니다.',
    en: 'This is an unauthenticated secret key or client key.',
  },
  // Status from our assumption (Toss' list has no row for it); message ours.
  INCORRECT_BASIC_AUTH_FORMAT: {
    status: 403,
    ko: "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요.",
    en: "Bad request. Encode the secret key followed by ':'.",
  },
  FORBIDDEN_CONSECUTIVE_REQUEST: {
    status: 403,
    ko: '반복적인 요청은 허용되지 않습니다. 잠시 후 다시 시도해주세요.',
    en: 'Repetitive requests are not allowed. Please try again in a few minutes.',
  },
  NOT_CANCELABLE_AMOUNT: {
    status: 403,
    ko: '취소 할 수 없는 금액 입니다.',
    en: 'This is a non-cancelable amount.',
  },
  NOT_CANCELABLE_PAYMENT: {
    status: 403,
    ko: '취소 할 수 없는 결제 입니다.',
    en: 'This is a non-cancelable payment.',
  },
  REJECT_CARD_COMPANY: {
    status: 403,
    ko: '결제 승인이 거절되었습니다.',
    en: 'Payment confirm is rejected',
  },
  // Not in the part of Toss' list we could read; status and messages are ours.
  REJECT_CARD_PAYMENT: {
    status: 403,
    ko: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.',
    en: 'Payment failed due to exceeded limit or insufficient balance.',
  },
  NOT_FOUND: { status: 404, ko: '존재하지 않는 정보 입니다.', en: 'This information does not exist.' },
  NOT_FOUND_PAYMENT: {
    status: 404,
    ko: '존재하지 않는 결제 정보 입니다.',
    en: 'The payment does not exist.',
  },
  NOT_FOUND_PAYMENT_SESSION: {
    status: 404,
    ko: '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.',
    en: 'Payment session does not exist because the session time has expired.',
  },
  IDEMPOTENT_REQUEST_PROCESSING: {
    status: 409,
    ko: '이전 멱등 요청이 처리중입니다.',
    // Toss' page gives the Korean message only; this English one is ours.
    en: 'The previous request with this idempotency key is still being processed.',
  },
  FAILED_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: '내부 시스템 처리 작업이 실패했습니다. 잠시 후 다시 시도해주세요.',
    en: 'Internal system processing operation has failed. Please try again in a few minutes.',
  },
  FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING: {
    status: 500,
    ko: '결제 기관(카드사, 은행, 국세청 등) 오류입니다. 결제 기관에서 보내 준 에러 메시지가 표시됩니다.',
    en: 'Provider error. The error message received from provider will be displayed.',
  },
  COMMON_ERROR: {
    status: 500,
    ko: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.',
    en: 'A temporary error has occurred. Please try again in a few minutes.',
  },
  UNKNOWN_ERROR: {
    status: 500,
    ko: '확인되지 않은 오류입니다. 잠시 후 다시 시도해주세요.',
    en: 'An unknown error occurred. Please try again in a few minutes.',
  },
} as const satisfies Record<string, TossErrorDefinition>;

export type TossErrorCode = keyof typeof TOSS_ERRORS;
export type Language = 'ko' | 'en';

export const isTossErrorCode = (code: string): code is TossErrorCode => Object.hasOwn(TOSS_ERRORS, code);

/**
 * Toss answers in Korean unless the request asks for English with `Accept-Language: en-US`
 * (https://docs.tosspayments.com/reference/using-api/authorization, "영문으로 응답받기"). Any `en…` tag counts.
 */
export const languageOf = (acceptLanguage: string | undefined): Language =>
  acceptLanguage && /^\s*en\b/i.test(acceptLanguage) ? 'en' : 'ko';

export interface Answer {
  status: number;
  body: unknown;
}

/** Toss' error body `{code, message}` with the code's status; `detail` replaces the generic message. */
export function tossError(code: TossErrorCode, lang: Language, detail?: { ko: string; en: string }): Answer {
  const def: TossErrorDefinition = TOSS_ERRORS[code];
  return { status: def.status, body: { code, message: (detail ?? def)[lang] } };
}
