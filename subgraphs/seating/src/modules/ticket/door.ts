import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  forbidden,
  type Identity,
  isUuid,
  notFound,
  pgTimestamp,
  recordAudit,
  recordEvent,
  runSql,
  sql,
  Topics,
} from '@tiketi/kit';
import {
  CODE_STEP_SECONDS,
  CODE_WINDOW_STEPS,
  type QrRefusal,
  toBase64Url,
  verifyQr,
} from '@tiketi/live-client';
import type { EventKeyring } from './ticket.repository.ts';
import type { StaffView, TicketState } from './ticket-view.ts';

const SCHEMA = 'seating';

/** GraphQL's CheckInRefusal. */
export type CheckInRefusal =
  | 'MALFORMED'
  | 'BAD_SIGNATURE'
  | 'OTHER_EVENT'
  | 'CODE_EXPIRED'
  | 'REVOKED'
  | 'ALREADY_CHECKED_IN';

const REFUSAL: Record<QrRefusal, CheckInRefusal> = {
  malformed: 'MALFORMED',
  'bad-signature': 'BAD_SIGNATURE',
  'other-event': 'OTHER_EVENT',
  'code-expired': 'CODE_EXPIRED',
  revoked: 'REVOKED',
  'already-checked-in': 'ALREADY_CHECKED_IN',
};

export interface FirstCheckIn {
  at: Date;
  deviceId: string;
}

export type CheckInResult =
  | { outcome: 'ADMITTED'; reason: null; ticketId: string; seatLabel: string; firstCheckIn: null }
  | {
      outcome: 'REFUSED';
      reason: CheckInRefusal;
      ticketId: string | null;
      seatLabel: string | null;
      firstCheckIn: FirstCheckIn | null;
    };

export interface SyncedScan {
  outcome: 'ADMITTED' | 'CONFLICT' | 'REFUSED';
  reason: CheckInRefusal | null;
  ticketId: string | null;
  seatLabel: string | null;
  scannedAt: Date;
  first: FirstCheckIn | null;
  /** ADMITTED, where the ticket had entered at another door: those entries, now second entries */
  secondEntries: CheckInConflict[];
}

export interface CheckInConflict {
  ticketId: string;
  seatLabel: string;
  deviceId: string;
  scannedAt: Date;
  first: FirstCheckIn;
}

/** At most this many queued scans per `syncCheckIns` call (a device syncs in pages). */
export const MAX_SYNC_SCANS = 500;
/** A device's clock may run this far ahead of Postgres' before its scans are refused as malformed. */
const FUTURE_SKEW_MS = 5 * 60_000;

interface LockedTicket {
  id: string;
  event_id: string;
  seat_label: string;
  state: TicketState;
  checked_in_at: string | null;
  checked_in_device: string | null;
}

/**
 * The door: who may scan (per-event staff an admin grants), what a scanner downloads (`scannerKit`), and
 * check-ins — online (`checkIn`) and queued by an offline device (`syncCheckIns`). Every check-in decision
 * runs the same `verifyQr` a scanner runs offline (@tiketi/live-client), then the ticket's state under a row lock.
 */
export class Door {
  constructor(private readonly keyring: EventKeyring) {}

  // ---------- staff ----------

  /** Admins, and users an admin granted STAFF for this event. FORBIDDEN otherwise (UNAUTHENTICATED: anonymous). */
  async requireStaff(em: EntityManager, identity: Identity, eventId: string): Promise<NonNullable<Identity>> {
    if (!identity) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Sign in to scan tickets.');
    if (!isUuid(eventId)) throw notFound('Event');
    if (identity.role === 'ADMIN') return identity;
    const [row] = await runSql<{ ok: number }>(
      em,
      sql`select 1 as ok from seating.event_staff where event_id = ${eventId} and user_id = ${identity.userId}`,
    );
    if (!row) throw forbidden('You are not door staff of this event. Ask an admin to grant it.');
    return identity;
  }

  async grantStaff(em: EntityManager, adminId: string, eventId: string, userId: string): Promise<StaffView> {
    if (!isUuid(eventId)) throw notFound('Event');
    if (!isUuid(userId)) throw badInput('Not a user id.', 'userId');
    return em.transactional(async (tx) => {
      const [event] = await runSql<{ event_id: string }>(
        tx,
        sql`select event_id from seating.events where event_id = ${eventId}`,
      );
      if (!event) throw notFound('Event');
      const [row] = await runSql<{ granted_at: string; fresh: boolean }>(
        tx,
        sql`insert into seating.event_staff (event_id, user_id, granted_by) values (${eventId}, ${userId}, ${adminId})
            on conflict (event_id, user_id) do update set granted_by = seating.event_staff.granted_by
            returning granted_at, (xmax = 0) as fresh`,
      );
      if (!row) throw new Error('staff grant not written');
      if (row.fresh) {
        await recordAudit(tx, SCHEMA, adminId, {
          action: 'event_staff.grant',
          target: { type: 'event', id: eventId },
          details: { userId },
        });
      }
      return { eventId, userId, grantedAt: pgTimestamp(row.granted_at) };
    });
  }

  async revokeStaff(em: EntityManager, adminId: string, eventId: string, userId: string): Promise<boolean> {
    if (!isUuid(eventId) || !isUuid(userId)) return false;
    return em.transactional(async (tx) => {
      const removed = await runSql<{ user_id: string }>(
        tx,
        sql`delete from seating.event_staff where event_id = ${eventId} and user_id = ${userId} returning user_id`,
      );
      if (removed.length === 0) return false;
      await recordAudit(tx, SCHEMA, adminId, {
        action: 'event_staff.revoke',
        target: { type: 'event', id: eventId },
        details: { userId },
      });
      return true;
    });
  }

  async staff(em: EntityManager, eventId: string): Promise<StaffView[]> {
    if (!isUuid(eventId)) throw notFound('Event');
    const rows = await runSql<{ user_id: string; granted_at: string }>(
      em,
      sql`select user_id, granted_at from seating.event_staff where event_id = ${eventId} order by granted_at`,
    );
    return rows.map((r) => ({ eventId, userId: r.user_id, grantedAt: pgTimestamp(r.granted_at) }));
  }

  // ---------- the scanner's kit ----------

  /**
   * Keys, revocations and conflicts since `since`. The cursor is a transaction id horizon (`pg_snapshot_xmin`):
   * every transaction before it has ended, so a revocation committing late (after a newer one was already
   * read) is never skipped, and nothing is sent twice.
   */
  async scannerKit(em: EntityManager, eventId: string, since: string | null | undefined) {
    if (since != null && (!/^\d{1,19}$/.test(since) || BigInt(since) >= 2n ** 63n)) {
      throw badInput('Not a cursor of scannerKit: pass the last kit’s cursor, or nothing.', 'since');
    }
    const from = since ?? '0';
    const [horizon] = await runSql<{ xmin: string }>(
      em,
      sql`select pg_snapshot_xmin(pg_current_snapshot())::text as xmin`,
    );
    const cursor = horizon?.xmin ?? from;
    const [revoked, checkedIn, conflicts] = await Promise.all([
      runSql<{ id: string }>(
        em,
        sql`select id from seating.tickets where event_id = ${eventId}
            and revoked_xid >= ${from}::xid8 and revoked_xid < ${cursor}::xid8 order by revoked_xid, id`,
      ),
      runSql<{ ticket_id: string }>(
        em,
        sql`select distinct ticket_id from seating.check_ins where event_id = ${eventId} and outcome = 'ADMITTED'
            and xid >= ${from}::xid8 and xid < ${cursor}::xid8`,
      ),
      runSql<{
        ticket_id: string;
        seat_label: string;
        device_id: string;
        scanned_at: string;
        first_at: string;
        first_device: string;
      }>(
        em,
        sql`select c.ticket_id, t.seat_label, c.device_id, c.scanned_at, t.checked_in_at as first_at,
              t.checked_in_device as first_device
            from seating.check_ins c join seating.tickets t on t.id = c.ticket_id
            where c.event_id = ${eventId} and c.outcome = 'DUPLICATE'
              and c.xid >= ${from}::xid8 and c.xid < ${cursor}::xid8 and t.checked_in_at is not null
            order by c.xid, c.scanned_at`,
      ),
    ]);
    const keys = this.keyring.of(eventId);
    return {
      eventId,
      publicKey: toBase64Url(keys.publicKey),
      scanKey: toBase64Url(keys.scanKey),
      revokedTicketIds: revoked.map((r) => r.id),
      checkedInTicketIds: checkedIn.map((r) => r.ticket_id),
      conflicts: conflicts.map(
        (c): CheckInConflict => ({
          ticketId: c.ticket_id,
          seatLabel: c.seat_label,
          deviceId: c.device_id,
          scannedAt: pgTimestamp(c.scanned_at),
          first: { at: pgTimestamp(c.first_at), deviceId: c.first_device },
        }),
      ),
      cursor,
      codeStepSeconds: CODE_STEP_SECONDS,
      codeWindowSteps: CODE_WINDOW_STEPS,
    };
  }

  // ---------- check-in ----------

  /** One scan, online: `verifyQr` at the server's clock, then the ticket's state, under its row lock. */
  async checkIn(
    em: EntityManager,
    staffId: string,
    eventId: string,
    payload: string,
    deviceId: string,
  ): Promise<CheckInResult> {
    const device = this.device(deviceId);
    const keys = this.keyring.of(eventId);
    const check = verifyQr({
      eventId,
      publicKey: keys.publicKey,
      scanKey: keys.scanKey,
      payload,
      now: Date.now(),
    });
    if (!check.ok) {
      return {
        outcome: 'REFUSED',
        reason: REFUSAL[check.reason],
        ticketId: check.claims?.ticketId ?? null,
        seatLabel: check.claims?.seat.label ?? null,
        firstCheckIn: null,
      };
    }
    const { claims } = check;
    return em.transactional(async (tx): Promise<CheckInResult> => {
      const ticket = await this.lockTicket(tx, claims.ticketId);
      const refused = (reason: CheckInRefusal, first: FirstCheckIn | null = null): CheckInResult => ({
        outcome: 'REFUSED',
        reason,
        ticketId: claims.ticketId,
        seatLabel: claims.seat.label,
        firstCheckIn: first,
      });
      if (!ticket || ticket.event_id !== eventId) return refused('REVOKED');
      if (ticket.state === 'CHECKED_IN') {
        await this.recordScan(tx, ticket.id, eventId, device, staffId, null, 'DUPLICATE');
        return refused('ALREADY_CHECKED_IN', this.first(ticket));
      }
      if (ticket.state !== 'VALID') return refused('REVOKED');
      await this.recordScan(tx, ticket.id, eventId, device, staffId, null, 'ADMITTED');
      await runSql(
        tx,
        sql`update seating.tickets set state = 'CHECKED_IN', checked_in_at = now(), checked_in_device = ${device}
            where id = ${ticket.id}`,
      );
      await this.announce(tx, ticket.id, eventId, device, new Date());
      return {
        outcome: 'ADMITTED',
        reason: null,
        ticketId: ticket.id,
        seatLabel: ticket.seat_label,
        firstCheckIn: null,
      };
    });
  }

  /**
   * An offline device's scans, which it already acted on. Each code is checked against the moment the device
   * scanned it. First scan wins, by scan time: a synced scan earlier than the recorded check-in takes its place,
   * and the other becomes the conflict (listed by `scannerKit` to every device). A scan sent again (a retried
   * sync) is answered as before and recorded once.
   */
  async syncCheckIns(
    em: EntityManager,
    staffId: string,
    eventId: string,
    deviceId: string,
    scans: { payload: string; scannedAt: Date }[],
  ): Promise<SyncedScan[]> {
    const device = this.device(deviceId);
    if (scans.length > MAX_SYNC_SCANS) {
      throw badInput(`Sync at most ${MAX_SYNC_SCANS} scans at a time.`, 'scans');
    }
    const keys = this.keyring.of(eventId);
    const results: SyncedScan[] = [];
    for (const scan of scans) {
      const at = scan.scannedAt;
      const refused = (
        reason: CheckInRefusal,
        ticketId: string | null,
        seatLabel: string | null,
      ): SyncedScan => ({
        outcome: 'REFUSED',
        reason,
        ticketId,
        seatLabel,
        scannedAt: at,
        first: null,
        secondEntries: [],
      });
      if (at.getTime() > Date.now() + FUTURE_SKEW_MS) {
        results.push(refused('MALFORMED', null, null));
        continue;
      }
      const check = verifyQr({
        eventId,
        publicKey: keys.publicKey,
        scanKey: keys.scanKey,
        payload: scan.payload,
        now: at.getTime(),
      });
      if (!check.ok) {
        results.push(
          refused(REFUSAL[check.reason], check.claims?.ticketId ?? null, check.claims?.seat.label ?? null),
        );
        continue;
      }
      const { claims } = check;
      results.push(
        await em.transactional(async (tx): Promise<SyncedScan> => {
          const ticket = await this.lockTicket(tx, claims.ticketId);
          if (!ticket || ticket.event_id !== eventId)
            return refused('REVOKED', claims.ticketId, claims.seat.label);
          const base = { ticketId: ticket.id, seatLabel: ticket.seat_label, scannedAt: at };
          const admitted = { outcome: 'ADMITTED', reason: null, first: null } as const;
          const [again] = await runSql<{ outcome: string }>(
            tx,
            sql`select outcome from seating.check_ins
                where ticket_id = ${ticket.id} and device_id = ${device} and scanned_at = ${at}::timestamptz`,
          );
          if (again) {
            const first = this.first(ticket);
            return first && (first.deviceId !== device || first.at.getTime() !== at.getTime())
              ? { ...base, outcome: 'CONFLICT', reason: 'ALREADY_CHECKED_IN', first, secondEntries: [] }
              : { ...base, ...admitted, secondEntries: await this.secondEntries(tx, ticket, device, at) };
          }
          if (ticket.state === 'VALID') {
            await this.recordScan(tx, ticket.id, eventId, device, staffId, at, 'ADMITTED');
            await runSql(
              tx,
              sql`update seating.tickets set state = 'CHECKED_IN', checked_in_at = ${at}::timestamptz,
                    checked_in_device = ${device} where id = ${ticket.id}`,
            );
            await this.announce(tx, ticket.id, eventId, device, at);
            return { ...base, ...admitted, secondEntries: [] };
          }
          if (ticket.state !== 'CHECKED_IN') return refused('REVOKED', ticket.id, ticket.seat_label);
          const first = this.first(ticket);
          if (first && at.getTime() < first.at.getTime()) {
            // This scan was first: it takes the entry, the one recorded before becomes the conflict (with a new
            // xid, so every device's next kit lists it).
            await runSql(
              tx,
              sql`update seating.check_ins set outcome = 'DUPLICATE', xid = pg_current_xact_id()
                  where ticket_id = ${ticket.id} and outcome = 'ADMITTED'`,
            );
            await this.recordScan(tx, ticket.id, eventId, device, staffId, at, 'ADMITTED');
            await runSql(
              tx,
              sql`update seating.tickets set checked_in_at = ${at}::timestamptz, checked_in_device = ${device}
                  where id = ${ticket.id}`,
            );
            // Told in the answer too: the kit lists them only once every transaction before this one has ended.
            return { ...base, ...admitted, secondEntries: await this.secondEntries(tx, ticket, device, at) };
          }
          await this.recordScan(tx, ticket.id, eventId, device, staffId, at, 'DUPLICATE');
          return { ...base, outcome: 'CONFLICT', reason: 'ALREADY_CHECKED_IN', first, secondEntries: [] };
        }),
      );
    }
    return results;
  }

  /** `seating.ticket.checked_in` for stats' counts, in the check-in's transaction (outbox). */
  private async announce(em: EntityManager, ticketId: string, eventId: string, deviceId: string, at: Date) {
    await recordEvent(em, SCHEMA, {
      topic: Topics.ticketCheckedIn,
      key: ticketId,
      payload: { ticketId, eventId, deviceId, checkedInAt: at.toISOString() },
    });
  }

  private device(deviceId: string): string {
    const device = deviceId.trim();
    if (device.length === 0 || device.length > 100) {
      throw badInput('Name the scanning device in 1 to 100 characters.', 'deviceId');
    }
    return device;
  }

  /** The ticket's second entries, now that the entry that counts is `device`'s at `at`. */
  private async secondEntries(
    em: EntityManager,
    ticket: LockedTicket,
    device: string,
    at: Date,
  ): Promise<CheckInConflict[]> {
    const rows = await runSql<{ device_id: string; scanned_at: string }>(
      em,
      sql`select device_id, scanned_at from seating.check_ins
          where ticket_id = ${ticket.id} and outcome = 'DUPLICATE' order by scanned_at, device_id`,
    );
    return rows.map((r) => ({
      ticketId: ticket.id,
      seatLabel: ticket.seat_label,
      deviceId: r.device_id,
      scannedAt: pgTimestamp(r.scanned_at),
      first: { at, deviceId: device },
    }));
  }

  private first(ticket: LockedTicket): FirstCheckIn | null {
    return ticket.checked_in_at && ticket.checked_in_device
      ? { at: pgTimestamp(ticket.checked_in_at), deviceId: ticket.checked_in_device }
      : null;
  }

  private async lockTicket(em: EntityManager, id: string): Promise<LockedTicket | null> {
    if (!isUuid(id)) return null;
    const [row] = await runSql<LockedTicket>(
      em,
      sql`select id, event_id, seat_label, state, checked_in_at, checked_in_device from seating.tickets
          where id = ${id} for update`,
    );
    return row ?? null;
  }

  private async recordScan(
    em: EntityManager,
    ticketId: string,
    eventId: string,
    deviceId: string,
    staffId: string,
    scannedAt: Date | null,
    outcome: 'ADMITTED' | 'DUPLICATE',
  ): Promise<void> {
    await runSql(
      em,
      sql`insert into seating.check_ins (ticket_id, event_id, device_id, staff_id, scanned_at, outcome)
          values (${ticketId}, ${eventId}, ${deviceId}, ${staffId},
                  ${scannedAt ? sql`${scannedAt}::timestamptz` : sql`now()`}, ${outcome})`,
    );
  }
}
