import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The QR payload of a confirmed ticket: `TKT1.<payload>.<signature>`, both base64url, the signature an
 * HMAC-SHA256 over `TKT1.<payload>` with `TICKET_SIGNING_SECRET`. Gates verify it offline with the same
 * secret; nothing in it is secret, everything in it is tamper-evident. Built from stored fields only, so a
 * reservation's code stays the same from one request to the next (until catalog renames or moves the event).
 */
export interface TicketClaims {
  /** reservation id */
  r: string;
  /** event id */
  e: string;
  /** buyer id */
  u: string;
  /** event title and start, for a gate that is offline */
  t: string;
  at: string;
  /** seat labels */
  s: string[];
  /** confirmed at (ISO) */
  iat: string;
}

const PREFIX = 'TKT1';

const sign = (secret: string, body: string) => createHmac('sha256', secret).update(body).digest('base64url');

export function signTicket(secret: string, claims: TicketClaims): string {
  const body = `${PREFIX}.${Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url')}`;
  return `${body}.${sign(secret, body)}`;
}

/** The claims of a genuine ticket code, or null for anything forged, edited or malformed. */
export function verifyTicket(secret: string, code: string): TicketClaims | null {
  const parts = code.split('.');
  if (parts.length !== 3 || parts[0] !== PREFIX) return null;
  const body = `${parts[0]}.${parts[1]}`;
  const expected = Buffer.from(sign(secret, body));
  const given = Buffer.from(parts[2] ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    return JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')) as TicketClaims;
  } catch {
    return null;
  }
}
