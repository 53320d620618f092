import { createHmac } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import {
  ADMISSION_PASS_ISSUER,
  ErrorCode,
  queuePassRequired,
  signAdmissionPass,
  verifyAdmissionPass,
} from '../src/index.ts';

/** Admission passes as seating checks them (QUEUE_PASS_REQUIRED unless valid for this buyer and event). */
const SECRET = 'kit-test-pass-secret-0123456789abcdef0123';
const buyer = '6f1c1d0e-2b5a-4c36-9a51-1f0d5b2e7a11';
const otherBuyer = '0b9a4f5e-77c1-4f0e-8d1b-3c2a9e6f4d22';
const event = 'a3e5c7d9-1b2f-4a6c-8e0d-5f7b9c1e3a33';
const otherEvent = 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e44';
const now = Date.now();

const pass = (overrides: Partial<Parameters<typeof signAdmissionPass>[1]> = {}, secret = SECRET) =>
  signAdmissionPass(secret, {
    userId: buyer,
    eventId: event,
    jti: `${event}:1`,
    issuedAt: new Date(now),
    expiresAt: new Date(now + 600_000),
    ...overrides,
  });
const check = (token: string | null | undefined, expected = { userId: buyer, eventId: event }) =>
  verifyAdmissionPass(SECRET, token, expected);

describe('admission passes', () => {
  it('accept the buyer and event they were issued for, and are deterministic per admission', () => {
    const result = check(pass());
    expect(result).toEqual({
      ok: true,
      pass: {
        userId: buyer,
        eventId: event,
        jti: `${event}:1`,
        issuedAt: new Date(Math.floor(now / 1000) * 1000),
        expiresAt: new Date(Math.floor((now + 600_000) / 1000) * 1000),
      },
    });
    expect(pass()).toBe(pass());
  });

  it('refuse forged passes: another secret, edited claims, another algorithm, no signature, another issuer', () => {
    expect(check(pass({}, 'another-secret-0123456789abcdef0123456789'))).toEqual({
      ok: false,
      reason: 'invalid',
    });

    // A buyer edits the payload of another buyer's pass to name themselves; the signature no longer matches.
    const [header, payload, signature] = pass({ userId: otherBuyer }).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const edited = Buffer.from(JSON.stringify({ ...claims, sub: buyer })).toString('base64url');
    expect(check(`${header}.${edited}.${signature}`)).toEqual({ ok: false, reason: 'invalid' });

    const exp = Math.floor(now / 1000) + 600;
    const body = {
      iss: ADMISSION_PASS_ISSUER,
      sub: buyer,
      evt: event,
      jti: 'x',
      iat: Math.floor(now / 1000),
      exp,
    };
    expect(check(jwt.sign(body, SECRET, { algorithm: 'HS512' }))).toEqual({ ok: false, reason: 'invalid' });
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify(body)).toString('base64url')}.`;
    expect(check(none)).toEqual({ ok: false, reason: 'invalid' });
    expect(check(jwt.sign({ ...body, iss: 'tiketi-router' }, SECRET, { algorithm: 'HS256' }))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    // Signed right but missing the event claim.
    const { evt: _drop, ...noEvent } = body;
    expect(check(jwt.sign(noEvent, SECRET, { algorithm: 'HS256' }))).toEqual({
      ok: false,
      reason: 'invalid',
    });
    // Raw HMAC of the right secret over a hand-made token still needs the right header and claims.
    const h = Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url');
    const p = Buffer.from(JSON.stringify({ ...body, evt: otherEvent })).toString('base64url');
    const sig = createHmac('sha256', SECRET).update(`${h}.${p}`).digest('base64url');
    expect(check(`${h}.${p}.${sig}`)).toEqual({ ok: false, reason: 'other-event' });
    expect(check('not a token')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuse expired, missing, other buyers’ and other events’ passes', () => {
    const expired = pass({ issuedAt: new Date(now - 700_000), expiresAt: new Date(now - 100_000) });
    expect(check(expired)).toEqual({ ok: false, reason: 'expired' });
    // Valid now, expired ten minutes from now.
    expect(
      verifyAdmissionPass(
        SECRET,
        pass(),
        { userId: buyer, eventId: event },
        { now: new Date(now + 601_000) },
      ),
    ).toEqual({ ok: false, reason: 'expired' });
    expect(check(undefined)).toEqual({ ok: false, reason: 'missing' });
    expect(check('')).toEqual({ ok: false, reason: 'missing' });
    expect(check(pass(), { userId: otherBuyer, eventId: event })).toEqual({
      ok: false,
      reason: 'other-buyer',
    });
    expect(check(pass(), { userId: buyer, eventId: otherEvent })).toEqual({
      ok: false,
      reason: 'other-event',
    });
  });

  it('turn into QUEUE_PASS_REQUIRED errors a buyer can act on', () => {
    for (const reason of [
      'missing',
      'invalid',
      'expired',
      'other-buyer',
      'other-event',
      'slot-lost',
    ] as const) {
      const err = queuePassRequired(reason);
      expect(err.extensions).toEqual({ code: ErrorCode.QUEUE_PASS_REQUIRED, reason });
      expect(err.message.length).toBeGreaterThan(20);
    }
  });
});
