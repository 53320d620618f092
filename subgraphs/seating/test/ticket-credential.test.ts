import { randomUUID } from 'node:crypto';
import {
  CREDENTIAL_VERSION,
  codeStep,
  deriveEventKeys,
  deriveTicketSecret,
  fromBase64Url,
  matchCodeStep,
  OfflineDoor,
  qrPayload,
  readCredential,
  rotatingCode,
  signCredential,
  type TicketClaims,
  toBase64Url,
  verifyQr,
} from '@tiketi/live-client';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/environment.ts';

/**
 * The ticket credential module (@tiketi/live-client ticket-credential.ts) that seating and the scanner page
 * share: pure functions, checked here at fixed clocks. The end-to-end behaviour is tests/tickets.test.ts.
 */
const SECRET = 'unit-test-master-secret-0123456789abcdef';
const eventId = randomUUID();
const keys = deriveEventKeys(SECRET, eventId);
const claims = (over: Partial<TicketClaims> = {}): TicketClaims => ({
  ticketId: randomUUID(),
  eventId,
  seat: { id: randomUUID(), label: 'Floor A 3-12' },
  holder: randomUUID(),
  issuedAt: '2026-12-24T10:00:00.000Z',
  version: CREDENTIAL_VERSION,
  ...over,
});
const STEP = 15_000;
// A moment in the middle of a step, so ±7 s stays inside it.
const T = 1_800_000_000_000 - (1_800_000_000_000 % STEP) + 7_000;

function issue(c = claims()) {
  const credential = signCredential(keys.privateKey, c);
  const secret = deriveTicketSecret(keys.scanKey, c.ticketId);
  return { c, credential, secret, at: (ms: number) => qrPayload(credential, secret, ms) };
}
const verify = (payload: string, now: number, isRevoked?: (id: string) => boolean) =>
  verifyQr({ eventId, publicKey: keys.publicKey, scanKey: keys.scanKey, payload, now, isRevoked });

describe('ticket credentials', () => {
  it('derives the same keys for the same secret and event, different ones otherwise', () => {
    expect(deriveEventKeys(SECRET, eventId)).toEqual(keys);
    expect(toBase64Url(deriveEventKeys(SECRET, randomUUID()).publicKey)).not.toBe(
      toBase64Url(keys.publicKey),
    );
    expect(toBase64Url(deriveEventKeys(`${SECRET}x`, eventId).scanKey)).not.toBe(toBase64Url(keys.scanKey));
    expect(keys.publicKey).toHaveLength(32);
    expect(fromBase64Url(toBase64Url(keys.scanKey))).toEqual(keys.scanKey);
    expect(fromBase64Url('not base64!')).toBeNull();
  });

  it('codes: 8 digits, one per 15 s step; the step and its neighbours match, nothing further', () => {
    const { secret } = issue();
    const code = rotatingCode(secret, codeStep(T));
    expect(code).toMatch(/^\d{8}$/);
    expect(rotatingCode(secret, codeStep(T + 7_000))).toBe(code);
    expect(rotatingCode(secret, codeStep(T + STEP))).not.toBe(code);
    expect(matchCodeStep(secret, code, T)).toBe(codeStep(T));
    expect(matchCodeStep(secret, code, T + STEP)).toBe(codeStep(T));
    expect(matchCodeStep(secret, code, T - STEP)).toBe(codeStep(T));
    expect(matchCodeStep(secret, code, T + 2 * STEP)).toBeNull();
    expect(matchCodeStep(secret, code, T - 2 * STEP)).toBeNull();
    // Another ticket's secret never makes this ticket's codes.
    expect(matchCodeStep(issue().secret, code, T)).toBeNull();
  });

  it('a screenshot verifies while the door’s step is its code’s ±1 (until the next step ends), then never again', () => {
    const ticket = issue();
    const shot = ticket.at(T);
    expect(verify(shot, T)).toMatchObject({ ok: true, claims: ticket.c });
    expect(verify(shot, T + 20_000)).toMatchObject({ ok: true });
    expect(verify(shot, T + 30_000)).toEqual({ ok: false, reason: 'code-expired', claims: ticket.c });
    expect(verify(shot, T + 3_600_000)).toMatchObject({ ok: false, reason: 'code-expired' });
    expect(verify(shot, T - 30_000)).toMatchObject({ ok: false, reason: 'code-expired' });
  });

  it('refuses forged, edited, other-event, old-format and revoked tickets', () => {
    const ticket = issue();
    const good = ticket.at(T);
    const [prefix, body, sig, code] = good.split('.') as [string, string, string, string];
    const edited = toBase64Url(
      new TextEncoder().encode(JSON.stringify({ ...ticket.c, holder: randomUUID() })),
    );
    expect(verify(`${prefix}.${edited}.${sig}.${code}`, T)).toEqual({ ok: false, reason: 'bad-signature' });
    // Signed by another event's key (or another deployment's secret): bad signature here.
    const foreign = signCredential(
      deriveEventKeys('another-deployment-secret-0123456789', eventId).privateKey,
      ticket.c,
    );
    expect(verify(qrPayload(foreign, ticket.secret, T), T)).toEqual({ ok: false, reason: 'bad-signature' });
    // A genuine credential of another event at this door: other-event (said before the signature is tried).
    const otherEvent = randomUUID();
    const otherKeys = deriveEventKeys(SECRET, otherEvent);
    const elsewhere = claims({ eventId: otherEvent });
    const otherQr = qrPayload(
      signCredential(otherKeys.privateKey, elsewhere),
      deriveTicketSecret(otherKeys.scanKey, elsewhere.ticketId),
      T,
    );
    expect(verify(otherQr, T)).toEqual({ ok: false, reason: 'other-event' });
    expect(
      verifyQr({
        eventId: otherEvent,
        publicKey: otherKeys.publicKey,
        scanKey: otherKeys.scanKey,
        payload: otherQr,
        now: T,
      }),
    ).toMatchObject({ ok: true, claims: elsewhere });
    // Claiming this event while signed with the other event's key: bad signature.
    const claimingHere = qrPayload(
      signCredential(otherKeys.privateKey, { ...elsewhere, eventId }),
      ticket.secret,
      T,
    );
    expect(verify(claimingHere, T)).toEqual({ ok: false, reason: 'bad-signature' });
    // The old HMAC ticket format and garbage.
    expect(verify('TKT1.eyJyIjoiMSJ9.c2ln', T)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(`${prefix}.${body}.${sig}`, T)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(`${prefix}.${body}.${sig}.12ab5678`, T)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify('', T)).toEqual({ ok: false, reason: 'malformed' });
    expect(readCredential(keys.publicKey, good)).toMatchObject({ ok: true, code });
    // Revoked as of the last sync.
    expect(verify(good, T, (id) => id === ticket.c.ticketId)).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('an offline door: refuses a second entry at once, applies revocations and other doors’ entries at sync', () => {
    const kit = {
      eventId,
      publicKey: toBase64Url(keys.publicKey),
      scanKey: toBase64Url(keys.scanKey),
      revokedTicketIds: [],
      cursor: '100',
    };
    const door = new OfflineDoor(kit);
    const [a, b, c] = [issue(), issue(), issue()];
    expect(door.scan(a.at(T), T)).toMatchObject({ admitted: true, claims: a.c });
    expect(door.scan(a.at(T + 5_000), T + 5_000)).toEqual({
      admitted: false,
      reason: 'already-checked-in',
      claims: a.c,
      firstScannedAt: new Date(T).toISOString(),
    });
    expect(door.pending()).toEqual([{ payload: a.at(T), scannedAt: new Date(T).toISOString() }]);
    door.applySync({ revokedTicketIds: [b.c.ticketId], checkedInTicketIds: [c.c.ticketId], cursor: '120' });
    expect(door.cursor).toBe('120');
    door.applySync({ revokedTicketIds: [], cursor: '110' });
    expect(door.cursor).toBe('120');
    expect(door.scan(b.at(T), T)).toMatchObject({ admitted: false, reason: 'revoked' });
    expect(door.scan(c.at(T), T)).toMatchObject({ admitted: false, reason: 'already-checked-in' });
    // A reload keeps everything: the kept snapshot (JSON) restores the same door.
    const restored = OfflineDoor.restore(JSON.parse(JSON.stringify(door.snapshot())));
    expect(restored.cursor).toBe('120');
    expect(restored.pending()).toEqual(door.pending());
    expect(restored.scan(a.at(T + 9_000), T + 9_000)).toMatchObject({ reason: 'already-checked-in' });
    expect(restored.scan(b.at(T), T)).toMatchObject({ reason: 'revoked' });
    expect(restored.scan(c.at(T), T)).toMatchObject({ reason: 'already-checked-in' });
    door.markSynced(1);
    expect(door.pending()).toEqual([]);
  });

  it('production refuses the development signing secret (the credential master secret)', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://localhost/x', TIKETI_ENV: 'production' })).toThrow(
      /TICKET_SIGNING_SECRET/,
    );
  });
});
