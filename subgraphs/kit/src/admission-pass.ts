import jwt from 'jsonwebtoken';
import { AppError, ErrorCode } from './errors.ts';
import { secretKey } from './identity.ts';

/**
 * Admission passes: what the queue subgraph hands a buyer it admits from an event's waiting room, and what
 * seating's `holdSeats` asks for while that room is on (`HoldSeatsInput.admissionPass`). A pass is an HS256
 * JWT signed with `QUEUE_PASS_SECRET` (shared by queue and seating only) with the claims
 * `{ iss: 'tiketi-queue', sub: <buyer id>, evt: <event id>, jti, iat, exp }`: bound to one buyer and one event,
 * useless for anybody or anything else, and short-lived (`QUEUE_PASS_TTL_SECONDS`, default 600).
 *
 * A valid pass is necessary, not sufficient: the buyer must also still hold an active slot (see
 * `touchActiveShopper` in waiting-room.ts), which an idle buyer loses before the pass expires.
 */
export const ADMISSION_PASS_ISSUER = 'tiketi-queue';

export interface AdmissionPass {
  userId: string;
  eventId: string;
  /** Unique per admission: `<eventId>:<admission number>`. */
  jti: string;
  issuedAt: Date;
  expiresAt: Date;
}

/**
 * Signs a pass. Deterministic: the same admission always yields the same token, so the queue can hand it out
 * again on every read of the buyer's ticket without storing it.
 */
export function signAdmissionPass(secret: string, pass: AdmissionPass): string {
  return jwt.sign(
    {
      iss: ADMISSION_PASS_ISSUER,
      sub: pass.userId,
      evt: pass.eventId,
      jti: pass.jti,
      iat: Math.floor(pass.issuedAt.getTime() / 1000),
      exp: Math.floor(pass.expiresAt.getTime() / 1000),
    },
    secretKey(secret),
    { algorithm: 'HS256' },
  );
}

/** Why a pass was refused; seating reports it in `extensions.reason` of QUEUE_PASS_REQUIRED. */
export type AdmissionPassRefusal = 'missing' | 'invalid' | 'expired' | 'other-buyer' | 'other-event';

export type AdmissionPassCheck =
  | { ok: true; pass: AdmissionPass }
  | { ok: false; reason: AdmissionPassRefusal };

/**
 * Checks a pass for the buyer and event of the request. Forged (wrong secret, edited claims, another
 * algorithm, `alg: none`), expired, another buyer's or another event's passes are refused.
 */
export function verifyAdmissionPass(
  secret: string,
  pass: string | null | undefined,
  expected: { userId: string; eventId: string },
  options: { now?: Date } = {},
): AdmissionPassCheck {
  if (!pass) return { ok: false, reason: 'missing' };
  let claims: jwt.JwtPayload;
  try {
    claims = jwt.verify(pass, secretKey(secret), {
      algorithms: ['HS256'],
      issuer: ADMISSION_PASS_ISSUER,
      ...(options.now ? { clockTimestamp: Math.floor(options.now.getTime() / 1000) } : {}),
    }) as jwt.JwtPayload;
  } catch (err) {
    return { ok: false, reason: err instanceof jwt.TokenExpiredError ? 'expired' : 'invalid' };
  }
  const { sub, evt, jti, iat, exp } = claims;
  if (
    typeof sub !== 'string' ||
    typeof evt !== 'string' ||
    typeof jti !== 'string' ||
    typeof iat !== 'number' ||
    typeof exp !== 'number'
  ) {
    return { ok: false, reason: 'invalid' };
  }
  if (sub !== expected.userId) return { ok: false, reason: 'other-buyer' };
  if (evt !== expected.eventId) return { ok: false, reason: 'other-event' };
  return {
    ok: true,
    pass: { userId: sub, eventId: evt, jti, issuedAt: new Date(iat * 1000), expiresAt: new Date(exp * 1000) },
  };
}

const REFUSAL_MESSAGES: Record<AdmissionPassRefusal | 'slot-lost', string> = {
  missing: "This event's waiting room is on: join it and use the admission pass you get when admitted.",
  invalid: 'This admission pass is not valid. Use the pass from your waiting-room ticket.',
  expired: 'Your admission pass has expired. Join the waiting room again.',
  'other-buyer': 'This admission pass was issued to someone else.',
  'other-event': 'This admission pass is for another event.',
  'slot-lost': 'Your shopping slot has ended (idle for too long). Join the waiting room again.',
};

/**
 * The error seating answers with when the room is on and the pass does not let the buyer in. `slot-lost`: the
 * pass is valid but the buyer's active slot expired (`touchActiveShopper` answered `refused`).
 */
export function queuePassRequired(reason: AdmissionPassRefusal | 'slot-lost'): AppError {
  return new AppError(ErrorCode.QUEUE_PASS_REQUIRED, REFUSAL_MESSAGES[reason], { reason });
}
