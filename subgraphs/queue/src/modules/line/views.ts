import { signAdmissionPass } from '@tiketi/kit';
import type { Reply } from './scripts.ts';

export type QueueMode = 'AUTO' | 'ON' | 'OFF';

/** A buyer's place in an event's waiting room as the API shows it (QueueTicket). */
export type QueueTicketView = {
  eventId: string;
  /** Join sequence number; null in the pre-queue until the sale opens. */
  number: number | null;
  position: number | null;
  etaSeconds: number | null;
  opensAt: Date | null;
  admissionPass: string | null;
  expiresAt: Date | null;
} & (
  | { state: 'WAITING' }
  | { state: 'ADMITTED'; admissionPass: string; expiresAt: Date }
  | { state: 'EXPIRED' | 'LEFT' }
);

/** QueueStatus, plus what the admin view (QueueStats) adds: one snapshot serves both. */
export interface QueueStatusView {
  eventId: string;
  enabled: boolean;
  paused: boolean;
  waiting: number;
  mode: QueueMode;
  capacity: number;
  activeShoppers: number;
  inLine: number;
  preQueue: number;
  oldestWaitSeconds: number | null;
  saleOpensAt: Date | null;
  admittedLastMinute: number;
  /** Admissions per second over the last minute; null before any. */
  admissionRate: number | null;
}

export interface PassIssuer {
  secret: string;
  ttlMs: number;
}

const asNumber = (v: Reply[number] | undefined): number | null => (v == null ? null : Number(v));

/**
 * The measured admission rate (per second): admissions in the last 60 s over the time they span, at least a
 * second so one burst right now does not read as an absurd rate.
 */
export function admissionRate(admittedLastMinute: number, spanMs: number): number | null {
  if (admittedLastMinute <= 0) return null;
  return admittedLastMinute / (Math.max(spanMs, 1_000) / 1_000);
}

/**
 * Seconds until a buyer at `position` is admitted at `rate`, rounded up to a step that grows with the wait (5 s
 * under a minute, 30 s under ten, then whole minutes): precise where it matters, and a line that moves at a
 * slightly varying pace does not push a new ETA to every buyer every second. Null while the line is paused or
 * nobody has been admitted yet (no measured rate).
 */
export function etaSeconds(position: number, rate: number | null, paused: boolean): number | null {
  if (paused || rate === null || rate <= 0) return null;
  const raw = position / rate;
  const step = raw < 60 ? 5 : raw < 600 ? 30 : 60;
  return Math.max(step, Math.ceil(raw / step) * step);
}

/**
 * Builds a ticket from a script's ticket reply `[state, joinSeq, position, opensAt, admitNo, admittedAt,
 * slotEnd]`; `null` when the buyer is not in the room.
 */
export function toTicket(
  eventId: string,
  userId: string,
  reply: Reply,
  passes: PassIssuer,
  rate: { value: number | null; paused: boolean },
): QueueTicketView | null {
  const [state, seq, position, opensAt, admitNo, admittedAt, slotEnd] = reply;
  const base = {
    eventId,
    number: asNumber(seq),
    position: null,
    etaSeconds: null,
    opensAt: null,
    admissionPass: null,
    expiresAt: null,
  };
  switch (state) {
    case 'WAITING': {
      const pos = asNumber(position);
      return {
        ...base,
        state: 'WAITING',
        position: pos,
        etaSeconds: pos === null ? null : etaSeconds(pos, rate.value, rate.paused),
        opensAt: opensAt == null ? null : new Date(Number(opensAt)),
      };
    }
    case 'ADMITTED': {
      const issuedAt = Number(admittedAt);
      const admissionPass = signAdmissionPass(passes.secret, {
        userId,
        eventId,
        jti: `${eventId}:${Number(admitNo)}`,
        issuedAt: new Date(issuedAt),
        expiresAt: new Date(issuedAt + passes.ttlMs),
      });
      return { ...base, state: 'ADMITTED', admissionPass, expiresAt: new Date(Number(slotEnd)) };
    }
    case 'EXPIRED':
    case 'LEFT':
      return { ...base, state };
    default:
      return null;
  }
}

/** What the subscription compares to decide whether a buyer's ticket changed. */
export const ticketKey = (t: QueueTicketView): string =>
  `${t.state}|${t.number}|${t.position}|${t.etaSeconds}|${t.opensAt?.getTime()}|${t.expiresAt?.getTime()}`;

/** Builds a status from the status script's reply. */
export function toStatus(eventId: string, reply: Reply, defaultCapacity: number): QueueStatusView {
  const [
    mode,
    paused,
    capacity,
    state,
    inLine,
    pre,
    active,
    oldestJoin,
    saleStartsAt,
    admitted,
    spanMs,
    now,
  ] = reply;
  const m = (mode ?? 'AUTO') as QueueMode;
  const waiting = Number(inLine) + Number(pre);
  const admittedLastMinute = Number(admitted);
  return {
    eventId,
    // Before the first step ran the state key is absent: a room forced ON is on all the same.
    enabled: state == null ? m === 'ON' : state === 'on',
    paused: Number(paused) === 1,
    waiting,
    mode: m,
    capacity: asNumber(capacity) ?? defaultCapacity,
    activeShoppers: Number(active),
    inLine: Number(inLine),
    preQueue: Number(pre),
    oldestWaitSeconds:
      oldestJoin == null ? null : Math.max(0, Math.floor((Number(now) - Number(oldestJoin)) / 1000)),
    saleOpensAt: saleStartsAt == null ? null : new Date(Number(saleStartsAt)),
    admittedLastMinute,
    admissionRate: admissionRate(admittedLastMinute, Number(spanMs)),
  };
}
