import jwt from 'jsonwebtoken';
import { AppError, ErrorCode } from './errors.ts';
import { secretKey } from './identity.ts';

/**
 * Checkout tokens: what seating hands the buyer of a PENDING reservation (`Reservation.checkoutToken`) and what
 * payment's `preparePayment` charges from. The token says what seating decided — the reservation, its buyer, the
 * amount computed from the seats' prices, the currency, and the checkout deadline — so payment answers at once
 * from what it can verify, instead of waiting for `seating.reservation.created` to travel outbox → relay →
 * stream → consumer (which under load took longer than a buyer waits). The client carries the token but cannot
 * change it: the amount still never comes from the client.
 *
 * An HS256 JWT signed with `CHECKOUT_TOKEN_SECRET` (shared by seating, which signs, and payment, which verifies):
 * `{ iss: 'tiketi-seating', sub: <buyer>, rsv: <reservation>, evt: <event>, amt, cur, n: <seats>, ttl: <event
 * title>, dl: <checkout deadline, epoch ms>, iat, exp }`. The reservation's domain events stay the durable record (payment's
 * projection and its reconciliation); the token only spares the wait.
 */
export const CHECKOUT_TOKEN_ISSUER = 'tiketi-seating';

export interface CheckoutClaims {
  reservationId: string;
  userId: string;
  eventId: string;
  eventTitle: string;
  /** Won, computed by seating from the seats' prices. */
  amount: number;
  currency: 'KRW';
  seatCount: number;
  /** The reservation's checkout deadline: the token is useless after it. */
  expiresAt: Date;
  issuedAt: Date;
}

/** Signs a token. Deterministic for the same claims, so the field can be read again without storing it. */
export function signCheckoutToken(secret: string, c: CheckoutClaims): string {
  return jwt.sign(
    {
      iss: CHECKOUT_TOKEN_ISSUER,
      sub: c.userId,
      rsv: c.reservationId,
      evt: c.eventId,
      ttl: c.eventTitle,
      amt: c.amount,
      cur: c.currency,
      n: c.seatCount,
      // The deadline to the millisecond (`exp` has whole seconds): the order shows the hold's exact end.
      dl: c.expiresAt.getTime(),
      iat: Math.floor(c.issuedAt.getTime() / 1000),
      exp: Math.ceil(c.expiresAt.getTime() / 1000),
    },
    secretKey(secret),
    { algorithm: 'HS256' },
  );
}

/** Why a token was refused. `expired` means the checkout time is over (answered as HOLD_EXPIRED). */
export type CheckoutTokenRefusal = 'invalid' | 'expired' | 'other-buyer' | 'other-reservation';

export type CheckoutTokenCheck =
  | { ok: true; claims: CheckoutClaims }
  | { ok: false; reason: CheckoutTokenRefusal };

/** Checks a token for the buyer and reservation of the request. */
export function verifyCheckoutToken(
  secret: string,
  token: string,
  expected: { userId: string; reservationId: string },
  options: { now?: Date } = {},
): CheckoutTokenCheck {
  let c: jwt.JwtPayload;
  try {
    c = jwt.verify(token, secretKey(secret), {
      algorithms: ['HS256'],
      issuer: CHECKOUT_TOKEN_ISSUER,
      ...(options.now ? { clockTimestamp: Math.floor(options.now.getTime() / 1000) } : {}),
    }) as jwt.JwtPayload;
  } catch (err) {
    return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
  const { sub, rsv, evt, ttl, amt, cur, n, dl, iat } = c;
  if (
    typeof sub !== 'string' ||
    typeof rsv !== 'string' ||
    typeof evt !== 'string' ||
    typeof ttl !== 'string' ||
    !Number.isSafeInteger(amt) ||
    (amt as number) < 0 ||
    cur !== 'KRW' ||
    !Number.isSafeInteger(n) ||
    typeof iat !== 'number' ||
    !Number.isSafeInteger(dl)
  ) {
    return { ok: false, reason: 'invalid' };
  }
  if ((dl as number) <= (options.now ?? new Date()).getTime()) return { ok: false, reason: 'expired' };
  if (sub !== expected.userId) return { ok: false, reason: 'other-buyer' };
  if (rsv !== expected.reservationId) return { ok: false, reason: 'other-reservation' };
  return {
    ok: true,
    claims: {
      reservationId: rsv,
      userId: sub,
      eventId: evt,
      eventTitle: ttl,
      amount: amt as number,
      currency: cur,
      seatCount: n as number,
      issuedAt: new Date(iat * 1000),
      expiresAt: new Date(dl as number),
    },
  };
}

const REFUSAL_MESSAGES: Record<Exclude<CheckoutTokenRefusal, 'expired'>, string> = {
  invalid: 'This checkout token is not valid. Open the reservation again to get a fresh one.',
  'other-buyer': 'This checkout token was issued to someone else.',
  'other-reservation': 'This checkout token is for another reservation.',
};

/** The error for a refused token: HOLD_EXPIRED when the checkout time is over, CHECKOUT_TOKEN_INVALID otherwise. */
export function checkoutTokenRefused(reason: CheckoutTokenRefusal): AppError {
  if (reason === 'expired') {
    return new AppError(
      ErrorCode.HOLD_EXPIRED,
      "The reservation's checkout time is over and its seats were released. Nothing was charged; pick seats again.",
    );
  }
  return new AppError(ErrorCode.CHECKOUT_TOKEN_INVALID, REFUSAL_MESSAGES[reason], { reason });
}
