/**
 * Ticket credentials and their rotating codes (issue 17): the one implementation of signing, deriving and
 * verifying that seating (issuing, online check-in) and the door scanner page (offline check-in) both run, so
 * the door and the server can never disagree on what a valid QR is. Pure functions over `@noble/curves` and
 * `@noble/hashes`: no Node API, no DOM API beyond `btoa`/`atob`, so the same code runs in Node 20 and browsers.
 *
 * What a QR carries: `TK2.<claims>.<signature>.<code>`.
 * - The **credential** (`TK2.<claims>.<signature>`) is the ticket's claims signed with Ed25519 by the event's
 *   private key. A scanner verifies it with the event's public key, without any secret.
 * - The **code** is a TOTP-like number (RFC 6238's construction with HMAC-SHA256, 15-second steps, 8 digits)
 *   from the **ticket secret** = HMAC-SHA256(event scan key, ticket id). The holder's app is given only its
 *   ticket secret; a door scanner gets the event's scan key and derives any ticket's secret from the id in the
 *   credential. A screenshot carries one code, which a door accepts while its own step is the code's ±1: until
 *   the end of the step after the code's, so a copied QR stops verifying 15 to 30 s after it was taken.
 *
 * Revocation is not in the credential (it cannot be): the door checks a revocation list it syncs
 * (`scannerKit`), and seating checks the ticket's state online.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** The credential format; a scanner refuses any other. */
export const CREDENTIAL_VERSION = 2;
const PREFIX = `TK${CREDENTIAL_VERSION}`;

/** Seconds per rotating-code step. */
export const CODE_STEP_SECONDS = 15;
/** Steps either side of the current one that the door still accepts (clock drift, a slow scan). */
export const CODE_WINDOW_STEPS = 1;
const CODE_DIGITS = 8;

/** What a ticket credential states, signed by its event's key. */
export interface TicketClaims {
  ticketId: string;
  eventId: string;
  seat: { id: string; label: string };
  /** the holder's user id */
  holder: string;
  /** ISO-8601: when this ticket was issued (a transfer issues a new ticket, with a new id) */
  issuedAt: string;
  /** `CREDENTIAL_VERSION` */
  version: number;
}

/** An event's keys: the private key signs (seating only); the public key and scan key go to its scanners. */
export interface EventKeys {
  privateKey: Uint8Array;
  publicKey: Uint8Array;
  scanKey: Uint8Array;
}

// ---------- bytes ----------

export function toBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** null for anything that is not base64url. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  try {
    const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  } catch {
    return null;
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

// ---------- keys (server side) ----------

/**
 * An event's key pair and scan key, derived from the service's master secret (HKDF-SHA256, one `info` per key
 * and event): nothing per event is stored, every replica derives the same keys, and rotating the master secret
 * rotates every event's keys. Seating only; the master secret never leaves the server.
 */
export function deriveEventKeys(masterSecret: string, eventId: string): EventKeys {
  const ikm = utf8ToBytes(masterSecret);
  const salt = utf8ToBytes('tiketi ticket credential');
  const privateKey = hkdf(sha256, ikm, salt, utf8ToBytes(`ed25519 signing key ${eventId}`), 32);
  const scanKey = hkdf(sha256, ikm, salt, utf8ToBytes(`scan key ${eventId}`), 32);
  return { privateKey, publicKey: ed25519.getPublicKey(privateKey), scanKey };
}

/** `TK2.<claims>.<signature>`. */
export function signCredential(privateKey: Uint8Array, claims: TicketClaims): string {
  const body = `${PREFIX}.${toBase64Url(utf8ToBytes(JSON.stringify(claims)))}`;
  return `${body}.${toBase64Url(ed25519.sign(utf8ToBytes(body), privateKey))}`;
}

// ---------- the holder's code ----------

/** HMAC-SHA256(scan key, ticket id): what the holder's app gets to make its codes, and nothing more. */
export function deriveTicketSecret(scanKey: Uint8Array, ticketId: string): Uint8Array {
  return hmac(sha256, scanKey, utf8ToBytes(ticketId));
}

/** The step of a moment (ms since the epoch). */
export const codeStep = (atMs: number) => Math.floor(atMs / 1000 / CODE_STEP_SECONDS);

/** The code of one step: RFC 4226's dynamic truncation of HMAC-SHA256(secret, step as 8 bytes). */
export function rotatingCode(ticketSecret: Uint8Array, step: number): string {
  const counter = new Uint8Array(8);
  new DataView(counter.buffer).setBigUint64(0, BigInt(step));
  const mac = hmac(sha256, ticketSecret, counter);
  const offset = (mac[mac.length - 1] ?? 0) & 0x0f;
  const view = new DataView(mac.buffer, mac.byteOffset, mac.byteLength);
  const value = (view.getUint32(offset) & 0x7fffffff) % 10 ** CODE_DIGITS;
  return value.toString().padStart(CODE_DIGITS, '0');
}

/** The QR to show now: the credential and the current code. The holder's app calls this every step. */
export function qrPayload(credential: string, ticketSecret: Uint8Array, atMs: number): string {
  return `${credential}.${rotatingCode(ticketSecret, codeStep(atMs))}`;
}

// ---------- verifying (door and server) ----------

/** Why a QR was refused; a scanner shows the reason. */
export type QrRefusal =
  /** not a TIKETI ticket QR (or a pre-2 HMAC ticket, which no longer admits anyone) */
  | 'malformed'
  /** the signature does not verify with this event's public key: forged, edited, or another event's */
  | 'bad-signature'
  /** claims another event (its signature is not checked: this door has only its own event's key) */
  | 'other-event'
  /** the code is not one of the accepted steps: a screenshot, or a clock far off */
  | 'code-expired'
  /** the ticket was cancelled, refunded, transferred or resold */
  | 'revoked'
  /** this ticket already went through a door */
  | 'already-checked-in';

export type QrCheck =
  | { ok: true; claims: TicketClaims; credential: string; step: number }
  | { ok: false; reason: QrRefusal; claims?: TicketClaims };

/**
 * Splits a QR into credential and code and checks the signature; no time, state or revocation check. With
 * `eventId`, a credential claiming another event is `other-event` before its signature is tried (it could not
 * verify with this event's key anyway, and "another event's ticket" is what the door should say).
 */
export function readCredential(
  publicKey: Uint8Array,
  payload: string,
  eventId?: string,
): { ok: true; claims: TicketClaims; credential: string; code: string } | { ok: false; reason: QrRefusal } {
  const parts = payload.trim().split('.');
  if (parts.length !== 4 || parts[0] !== PREFIX) return { ok: false, reason: 'malformed' };
  const [prefix, body, signature, code] = parts as [string, string, string, string];
  if (!/^\d{8}$/.test(code)) return { ok: false, reason: 'malformed' };
  const sig = fromBase64Url(signature);
  const json = fromBase64Url(body);
  if (!sig || !json || sig.length !== 64) return { ok: false, reason: 'malformed' };
  let claims: TicketClaims;
  try {
    claims = JSON.parse(decoder.decode(json)) as TicketClaims;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (
    typeof claims !== 'object' ||
    claims === null ||
    claims.version !== CREDENTIAL_VERSION ||
    typeof claims.ticketId !== 'string' ||
    typeof claims.eventId !== 'string'
  ) {
    return { ok: false, reason: 'malformed' };
  }
  if (eventId !== undefined && claims.eventId !== eventId) return { ok: false, reason: 'other-event' };
  let verified = false;
  try {
    verified = ed25519.verify(sig, utf8ToBytes(`${prefix}.${body}`), publicKey);
  } catch {
    verified = false;
  }
  if (!verified) return { ok: false, reason: 'bad-signature' };
  return { ok: true, claims, credential: `${prefix}.${body}.${signature}`, code };
}

/** The step whose code `code` is, within ±`CODE_WINDOW_STEPS` of `atMs`'s step; null when none is. */
export function matchCodeStep(ticketSecret: Uint8Array, code: string, atMs: number): number | null {
  const now = codeStep(atMs);
  for (let d = -CODE_WINDOW_STEPS; d <= CODE_WINDOW_STEPS; d++) {
    if (constantTimeEqual(rotatingCode(ticketSecret, now + d), code)) return now + d;
  }
  return null;
}

export interface VerifyQrInput {
  /** the event the door admits to */
  eventId: string;
  publicKey: Uint8Array;
  scanKey: Uint8Array;
  payload: string;
  /** ms since the epoch (the scanner's clock) */
  now: number;
  /** ticket ids revoked as of the scanner's last sync */
  isRevoked?: (ticketId: string) => boolean;
}

/**
 * Everything a door can check on its own: signature, event, code window, revocation list. Seating runs the same
 * function online and then checks the ticket's state in its database.
 */
export function verifyQr(input: VerifyQrInput): QrCheck {
  const read = readCredential(input.publicKey, input.payload, input.eventId);
  if (!read.ok) return read;
  const { claims, credential, code } = read;
  const step = matchCodeStep(deriveTicketSecret(input.scanKey, claims.ticketId), code, input.now);
  if (step === null) return { ok: false, reason: 'code-expired', claims };
  if (input.isRevoked?.(claims.ticketId)) return { ok: false, reason: 'revoked', claims };
  return { ok: true, claims, credential, step };
}

function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

// ---------- an offline door ----------

/** What `scannerKit` gives a door (the GraphQL fields, base64url keys). */
export interface ScannerKitData {
  eventId: string;
  publicKey: string;
  scanKey: string;
  revokedTicketIds: string[];
  /** tickets any door let in (as of the sync): refused here as already checked in */
  checkedInTicketIds?: string[];
  /** pass back as `since` for the next sync: only what changed after it comes back (opaque, digits) */
  cursor: string;
}

/** One scan kept by an offline door until it syncs (`syncCheckIns`' input). */
export interface QueuedScan {
  payload: string;
  /** ISO-8601 */
  scannedAt: string;
}

export type DoorDecision =
  | { admitted: true; claims: TicketClaims }
  | {
      admitted: false;
      reason: QrRefusal;
      claims?: TicketClaims;
      /** for `already-checked-in` on this device: when it let the ticket in (absent: another door, before the last sync) */
      firstScannedAt?: string;
    };

/**
 * A door that works offline: the event's keys and revocation list from the last sync, the tickets this device
 * admitted, and the scans to send to `syncCheckIns`. A second entry on this device is refused at once; a
 * second entry on another device is found when both have synced (seating's `syncCheckIns` answers the conflict,
 * and `scannerKit` lists it for the other side).
 */
export class OfflineDoor {
  private readonly publicKey: Uint8Array;
  private readonly scanKey: Uint8Array;
  private readonly revoked = new Set<string>();
  private readonly admitted = new Map<string, string>();
  private readonly checkedInElsewhere = new Set<string>();
  private queue: QueuedScan[] = [];
  private cursorValue: string;
  readonly eventId: string;

  constructor(kit: ScannerKitData) {
    const publicKey = fromBase64Url(kit.publicKey);
    const scanKey = fromBase64Url(kit.scanKey);
    if (!publicKey || !scanKey) throw new TypeError('scanner kit keys are not base64url');
    this.eventId = kit.eventId;
    this.publicKey = publicKey;
    this.scanKey = scanKey;
    this.cursorValue = kit.cursor;
    this.applySync(kit);
  }

  /** The cursor to sync from. */
  get cursor(): string {
    return this.cursorValue;
  }

  /** Adds an incremental sync's revocations (`scannerKit(eventId, since: door.cursor)`). */
  applySync(update: Pick<ScannerKitData, 'revokedTicketIds' | 'checkedInTicketIds' | 'cursor'>): void {
    for (const id of update.revokedTicketIds) this.revoked.add(id);
    for (const id of update.checkedInTicketIds ?? []) this.checkedInElsewhere.add(id);
    if (BigInt(update.cursor) > BigInt(this.cursorValue)) this.cursorValue = update.cursor;
  }

  /** Checks a scan and, when it admits, remembers it and queues it for the server. */
  scan(payload: string, now: number): DoorDecision {
    const check = verifyQr({
      eventId: this.eventId,
      publicKey: this.publicKey,
      scanKey: this.scanKey,
      payload,
      now,
      isRevoked: (id) => this.revoked.has(id),
    });
    if (!check.ok) {
      return { admitted: false, reason: check.reason, ...(check.claims ? { claims: check.claims } : {}) };
    }
    const first = this.admitted.get(check.claims.ticketId);
    if (first) {
      return { admitted: false, reason: 'already-checked-in', claims: check.claims, firstScannedAt: first };
    }
    if (this.checkedInElsewhere.has(check.claims.ticketId)) {
      return { admitted: false, reason: 'already-checked-in', claims: check.claims };
    }
    const scannedAt = new Date(now).toISOString();
    this.admitted.set(check.claims.ticketId, scannedAt);
    this.queue.push({ payload, scannedAt });
    return { admitted: true, claims: check.claims };
  }

  /** The scans not yet synced; `markSynced` drops them once the server has them. */
  pending(): QueuedScan[] {
    return [...this.queue];
  }

  markSynced(count: number): void {
    this.queue = this.queue.slice(count);
  }

  /**
   * Everything the door knows, as JSON-safe data, for the scanner page to keep (IndexedDB, localStorage) so a
   * reload offline loses neither the revocation list nor the local check-ins and queued scans.
   */
  snapshot(): OfflineDoorSnapshot {
    return {
      kit: {
        eventId: this.eventId,
        publicKey: toBase64Url(this.publicKey),
        scanKey: toBase64Url(this.scanKey),
        revokedTicketIds: [...this.revoked],
        checkedInTicketIds: [...this.checkedInElsewhere],
        cursor: this.cursorValue,
      },
      admitted: [...this.admitted],
      queue: [...this.queue],
    };
  }

  static restore(snapshot: OfflineDoorSnapshot): OfflineDoor {
    const door = new OfflineDoor(snapshot.kit);
    for (const [ticketId, at] of snapshot.admitted) door.admitted.set(ticketId, at);
    door.queue = [...snapshot.queue];
    return door;
  }
}

/** `OfflineDoor.snapshot()`. */
export interface OfflineDoorSnapshot {
  kit: ScannerKitData;
  /** ticket id → when this door let it in (ISO) */
  admitted: [string, string][];
  queue: QueuedScan[];
}
