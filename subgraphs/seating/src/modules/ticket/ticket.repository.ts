import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  type Identity,
  isUuid,
  notFound,
  recordAudit,
  runSql,
  sql,
  uuidArray,
} from '@tiketi/kit';
import {
  CREDENTIAL_VERSION,
  codeStep,
  deriveEventKeys,
  deriveTicketSecret,
  type EventKeys,
  rotatingCode,
  signCredential,
  toBase64Url,
} from '@tiketi/live-client';
import { DEFAULT_RESALE_POLICY, type ResalePolicy, Resales } from './resale.ts';
import {
  type TicketRow,
  type TicketView,
  type TransferRow,
  type TransferView,
  toTicketView,
  toTransferView,
} from './ticket-view.ts';

const SCHEMA = 'seating';

/** Why a ticket stopped admitting its holder (`end_reason`). */
export type TicketEndReason =
  | 'buyer-cancelled'
  | 'admin-cancelled'
  | 'payment-cancelled'
  | 'refunded'
  | 'transferred'
  | (string & {});

/** An event's ticket rules (`TicketPolicy`). */
export interface TicketPolicyView extends ResalePolicy {
  eventId: string;
  transferCutoffMinutes: number;
  transfersCloseAt: Date | null;
}

/** Default `transfer_cutoff_minutes` for an event without a policy row. */
export const DEFAULT_TRANSFER_CUTOFF_MINUTES = 60;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * An event's keys, derived from `TICKET_SIGNING_SECRET` (HKDF, @tiketi/live-client `deriveEventKeys`) and
 * kept per event: deriving is ~0.1 ms, signing a credential ~0.05 ms more.
 */
export class EventKeyring {
  private readonly keys = new Map<string, EventKeys>();
  constructor(private readonly masterSecret: string) {}

  of(eventId: string): EventKeys {
    let keys = this.keys.get(eventId);
    if (!keys) {
      keys = deriveEventKeys(this.masterSecret, eventId);
      if (this.keys.size > 10_000) this.keys.clear();
      this.keys.set(eventId, keys);
    }
    return keys;
  }
}

/**
 * Tickets: one per seat of a confirmed reservation, issued in the confirming transaction and revoked in the
 * transaction that cancels or refunds it, so a seat never has two live tickets (a unique index says so too).
 * Transfers end a ticket and issue its successor in one transaction.
 */
export class Tickets {
  /**
   * Credentials by ticket id. A credential is a function of the ticket's fixed fields (Ed25519 signatures are
   * deterministic), and signing one costs ≈ 0.5 ms of CPU (`npm run bench:tickets`): a holder's app asking
   * again every step would otherwise pay it each time.
   */
  private readonly credentials = new Map<string, string>();

  constructor(readonly keyring: EventKeyring) {}

  // ---------- lifecycle (called inside the reservation's transactions) ----------

  /** A VALID ticket for every seat the reservation bought. Idempotent. */
  async issueForReservation(em: EntityManager, reservationId: string): Promise<number> {
    const rows = await runSql<{ id: string }>(
      em,
      sql`insert into seating.tickets (id, event_id, reservation_id, seat_id, seat_label, holder_id)
          select gen_random_uuid(), r.event_id, r.id, i.seat_id, i.label, r.user_id
          from seating.reservations r
          join seating.reservation_items i on i.reservation_id = r.id and i.active
          where r.id = ${reservationId}
            and not exists (select 1 from seating.tickets t where t.reservation_id = r.id)
          returning id`,
    );
    return rows.length;
  }

  /**
   * Revokes the live tickets of these reservations (all their seats, or only `seatIds`); open transfer offers
   * of them are cancelled. Returns the tickets revoked.
   */
  async revoke(
    em: EntityManager,
    reservationIds: string[],
    reason: TicketEndReason,
    seatIds?: string[],
  ): Promise<string[]> {
    if (reservationIds.length === 0) return [];
    const seatFilter = seatIds ? sql`and seat_id = any(${uuidArray(seatIds)}::uuid[])` : sql``;
    const revoked = await runSql<{ id: string }>(
      em,
      sql`update seating.tickets set state = 'REVOKED', ended_at = now(), end_reason = ${reason},
            revoked_xid = pg_current_xact_id(), checked_in_at = null
          where reservation_id = any(${uuidArray(reservationIds)}::uuid[]) ${seatFilter}
            and state in ('VALID', 'CHECKED_IN')
          returning id`,
    );
    if (revoked.length > 0) {
      await runSql(
        em,
        sql`update seating.ticket_transfers set status = 'CANCELLED', decided_at = now()
            where ticket_id = any(${uuidArray(revoked.map((r) => r.id))}::uuid[]) and status = 'OFFERED'`,
      );
    }
    return revoked.map((r) => r.id);
  }

  /** Whether a reservation has a ticket that left its buyer (transferred or resold): it can no longer be cancelled. */
  async hasPassedOn(em: EntityManager, reservationId: string): Promise<boolean> {
    const [row] = await runSql<{ n: number }>(
      em,
      sql`select count(*)::int as n from seating.tickets
          where reservation_id = ${reservationId} and state in ('TRANSFERRED', 'RESOLD')`,
    );
    return (row?.n ?? 0) > 0;
  }

  // ---------- reading ----------

  async byReservations(em: EntityManager, reservationIds: readonly string[]): Promise<TicketView[][]> {
    const rows = await runSql<TicketRow>(
      em,
      sql`select * from seating.tickets where reservation_id = any(${uuidArray(reservationIds.filter(isUuid))}::uuid[])
          order by issued_at, seat_label, id`,
    );
    const views = rows.map(toTicketView);
    return reservationIds.map((id) => views.filter((t) => t.reservationId === id));
  }

  async byHolder(em: EntityManager, holderId: string): Promise<TicketView[]> {
    const rows = await runSql<TicketRow>(
      em,
      sql`select * from seating.tickets where holder_id = ${holderId} order by issued_at desc, seat_label, id`,
    );
    return rows.map(toTicketView);
  }

  async byIds(em: EntityManager, ids: readonly string[]): Promise<(TicketView | null)[]> {
    const rows = await runSql<TicketRow>(
      em,
      sql`select * from seating.tickets where id = any(${uuidArray(ids.filter(isUuid))}::uuid[])`,
    );
    const views = rows.map(toTicketView);
    return ids.map((id) => views.find((t) => t.id === id) ?? null);
  }

  /** The holder's (or, for admins, any) ticket; NOT_FOUND for a missing one and for someone else's alike. */
  async findVisible(em: EntityManager, identity: NonNullable<Identity>, id: string): Promise<TicketView> {
    const [ticket] = isUuid(id) ? await this.byIds(em, [id]) : [null];
    if (!ticket || (ticket.holderId !== identity.userId && identity.role !== 'ADMIN')) {
      throw notFound('Ticket');
    }
    return ticket;
  }

  // ---------- the holder's QR ----------

  credential(ticket: TicketView): string {
    const cached = this.credentials.get(ticket.id);
    if (cached) return cached;
    const credential = signCredential(this.keyring.of(ticket.eventId).privateKey, {
      ticketId: ticket.id,
      eventId: ticket.eventId,
      seat: { id: ticket.seatId, label: ticket.seatLabel },
      holder: ticket.holderId,
      issuedAt: ticket.issuedAt.toISOString(),
      version: CREDENTIAL_VERSION,
    });
    if (this.credentials.size >= 50_000) this.credentials.clear();
    this.credentials.set(ticket.id, credential);
    return credential;
  }

  codeSecret(ticket: TicketView): Uint8Array {
    return deriveTicketSecret(this.keyring.of(ticket.eventId).scanKey, ticket.id);
  }

  codeSecretText(ticket: TicketView): string {
    return toBase64Url(this.codeSecret(ticket));
  }

  qrPayload(ticket: TicketView, atMs: number): string {
    return `${this.credential(ticket)}.${rotatingCode(this.codeSecret(ticket), codeStep(atMs))}`;
  }

  // ---------- policy ----------

  async policy(em: EntityManager, eventId: string): Promise<TicketPolicyView> {
    if (!isUuid(eventId)) throw notFound('Event');
    const [row] = await runSql<{
      cutoff: number | null;
      closes_at: string | null;
      resale_enabled: boolean | null;
      resale_cap_bps: number | null;
      resale_fee_bps: number | null;
    }>(
      em,
      sql`select p.transfer_cutoff_minutes as cutoff,
            e.starts_at - make_interval(mins => coalesce(p.transfer_cutoff_minutes, ${DEFAULT_TRANSFER_CUTOFF_MINUTES})) as closes_at,
            p.resale_enabled, p.resale_cap_bps, p.resale_fee_bps
          from (select ${eventId}::uuid as event_id) k
          left join seating.ticket_policies p on p.event_id = k.event_id
          left join seating.events e on e.event_id = k.event_id`,
    );
    return {
      eventId,
      transferCutoffMinutes: row?.cutoff ?? DEFAULT_TRANSFER_CUTOFF_MINUTES,
      transfersCloseAt: row?.closes_at ? new Date(row.closes_at) : null,
      resaleEnabled: row?.resale_enabled ?? DEFAULT_RESALE_POLICY.resaleEnabled,
      resaleCapBps: row?.resale_cap_bps ?? DEFAULT_RESALE_POLICY.resaleCapBps,
      resaleFeeBps: row?.resale_fee_bps ?? DEFAULT_RESALE_POLICY.resaleFeeBps,
    };
  }

  /** Sets the rules given (the others stay as they are, or their defaults for a first policy). */
  async setPolicy(
    em: EntityManager,
    adminId: string,
    eventId: string,
    input: { transferCutoffMinutes?: number | null } & Partial<
      Record<keyof ResalePolicy, number | boolean | null>
    >,
  ): Promise<TicketPolicyView> {
    if (!isUuid(eventId)) throw notFound('Event');
    const { transferCutoffMinutes } = input;
    if (
      transferCutoffMinutes != null &&
      (!Number.isInteger(transferCutoffMinutes) ||
        transferCutoffMinutes < 0 ||
        transferCutoffMinutes > 100_000)
    ) {
      throw badInput(
        'The transfer cut-off is 0 to 100,000 minutes before the event starts.',
        'transferCutoffMinutes',
      );
    }
    const resaleCapBps = typeof input.resaleCapBps === 'number' ? input.resaleCapBps : undefined;
    const resaleFeeBps = typeof input.resaleFeeBps === 'number' ? input.resaleFeeBps : undefined;
    const resaleEnabled = typeof input.resaleEnabled === 'boolean' ? input.resaleEnabled : undefined;
    Resales.check({ resaleCapBps, resaleFeeBps });
    await em.transactional(async (tx) => {
      const [event] = await runSql<{ event_id: string }>(
        tx,
        sql`select event_id from seating.events where event_id = ${eventId}`,
      );
      if (!event) throw notFound('Event');
      const current = await this.policy(tx, eventId);
      const next = {
        transferCutoffMinutes: transferCutoffMinutes ?? current.transferCutoffMinutes,
        resaleEnabled: resaleEnabled ?? current.resaleEnabled,
        resaleCapBps: resaleCapBps ?? current.resaleCapBps,
        resaleFeeBps: resaleFeeBps ?? current.resaleFeeBps,
      };
      await runSql(
        tx,
        sql`insert into seating.ticket_policies
              (event_id, transfer_cutoff_minutes, resale_enabled, resale_cap_bps, resale_fee_bps, updated_by)
            values (${eventId}, ${next.transferCutoffMinutes}, ${next.resaleEnabled}, ${next.resaleCapBps},
                    ${next.resaleFeeBps}, ${adminId})
            on conflict (event_id) do update set transfer_cutoff_minutes = excluded.transfer_cutoff_minutes,
              resale_enabled = excluded.resale_enabled, resale_cap_bps = excluded.resale_cap_bps,
              resale_fee_bps = excluded.resale_fee_bps, updated_by = excluded.updated_by, updated_at = now()`,
      );
      await recordAudit(tx, SCHEMA, adminId, {
        action: 'ticket_policy.set',
        target: { type: 'event', id: eventId },
        details: next,
      });
    });
    return this.policy(em, eventId);
  }

  // ---------- transfers ----------

  /** The holder offers a VALID ticket to an email address. Says nothing about whether an account has it. */
  async offerTransfer(
    em: EntityManager,
    holderId: string,
    ticketId: string,
    toEmail: string,
  ): Promise<TransferView> {
    const email = toEmail.trim().toLowerCase();
    if (email.length > 320 || !EMAIL.test(email))
      throw badInput('Give the recipient’s email address.', 'toEmail');
    const id = await em.transactional(async (tx) => {
      const ticket = await this.lockTicket(tx, ticketId);
      if (!ticket || ticket.holder_id !== holderId) throw notFound('Ticket');
      this.requireValid(ticket);
      await this.requireTransfersOpen(tx, ticket.event_id);
      const [open] = await runSql<{ id: string }>(
        tx,
        sql`select id from seating.ticket_transfers where ticket_id = ${ticketId} and status = 'OFFERED'`,
      );
      if (open) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'This ticket is already offered to someone. Cancel that offer first.',
          { transferId: open.id },
        );
      }
      const [listed] = await runSql<{ id: string }>(
        tx,
        sql`select id from seating.resale_listings where ticket_id = ${ticketId} and status = 'LISTED'`,
      );
      if (listed) {
        throw new AppError(
          ErrorCode.CONFLICT,
          'This ticket is listed for resale. Withdraw the listing before transferring it.',
          { listingId: listed.id },
        );
      }
      const transferId = randomUUID();
      await runSql(
        tx,
        sql`insert into seating.ticket_transfers (id, ticket_id, event_id, from_user_id, to_email)
            values (${transferId}, ${ticketId}, ${ticket.event_id}, ${holderId}, ${email})`,
      );
      await recordAudit(tx, SCHEMA, holderId, {
        action: 'ticket.transfer_offer',
        target: { type: 'ticket', id: ticketId },
        details: { transferId, toEmail: email },
      });
      return transferId;
    });
    return this.transfer(em, id);
  }

  async cancelTransfer(em: EntityManager, holderId: string, transferId: string): Promise<TransferView> {
    await em.transactional(async (tx) => {
      const t = await this.lockTransfer(tx, transferId);
      if (!t || t.from_user_id !== holderId) throw notFound('Transfer');
      if (t.status !== 'OFFERED') return;
      await runSql(
        tx,
        sql`update seating.ticket_transfers set status = 'CANCELLED', decided_at = now() where id = ${transferId}`,
      );
      await recordAudit(tx, SCHEMA, holderId, {
        action: 'ticket.transfer_cancel',
        target: { type: 'ticket', id: t.ticket_id },
        details: { transferId },
      });
    });
    return this.transfer(em, transferId);
  }

  /**
   * The open offers to `email`, the address auth gives the router for this user (`@requires(fields: "email")`).
   * Reading them binds each offer to the account: accept and decline then check the caller is that account.
   */
  async incomingFor(em: EntityManager, userId: string, email: string): Promise<TransferView[]> {
    const rows = await runSql<TransferRow>(
      em,
      sql`with bound as (
            update seating.ticket_transfers set to_user_id = ${userId}
            where to_email = ${email.trim().toLowerCase()} and status = 'OFFERED'
              and (to_user_id is null or to_user_id = ${userId}) and from_user_id <> ${userId}
            returning *)
          select b.*, t.seat_label from bound b join seating.tickets t on t.id = b.ticket_id
          order by b.created_at desc`,
    );
    return rows.map(toTransferView);
  }

  async acceptTransfer(em: EntityManager, userId: string, transferId: string): Promise<TransferView> {
    await em.transactional(async (tx) => {
      // Lock order as a cancellation takes them: reservation, ticket, transfer. The new ticket's foreign key
      // share-locks the reservation anyway; taken first, a cancellation in flight is waited for instead of
      // deadlocking with it (and a cancellation after us sees the ticket TRANSFERRED).
      const seen = await this.lockTransfer(tx, transferId, false);
      if (!seen || seen.to_user_id !== userId) throw notFound('Transfer');
      await runSql(
        tx,
        sql`select r.id from seating.reservations r join seating.tickets t on t.reservation_id = r.id
            where t.id = ${seen.ticket_id} for share of r`,
      );
      const ticket = await this.lockTicket(tx, seen.ticket_id);
      const t = await this.lockTransfer(tx, transferId);
      if (!ticket || !t) throw notFound('Transfer');
      if (t.status !== 'OFFERED') throw this.decided(t.status);
      this.requireValid(ticket);
      await this.requireTransfersOpen(tx, ticket.event_id);
      // The old ticket ends before its successor exists: the one-live-ticket-per-seat index holds throughout.
      await runSql(
        tx,
        sql`update seating.tickets set state = 'TRANSFERRED', ended_at = now(), end_reason = 'transferred',
              revoked_xid = pg_current_xact_id() where id = ${ticket.id}`,
      );
      const newTicketId = randomUUID();
      await runSql(
        tx,
        sql`insert into seating.tickets (id, event_id, reservation_id, seat_id, seat_label, holder_id, replaces_id)
            values (${newTicketId}, ${ticket.event_id}, ${ticket.reservation_id}, ${ticket.seat_id},
                    ${ticket.seat_label}, ${userId}, ${ticket.id})`,
      );
      await runSql(
        tx,
        sql`update seating.ticket_transfers set status = 'ACCEPTED', decided_at = now(),
              new_ticket_id = ${newTicketId} where id = ${transferId}`,
      );
      await recordAudit(tx, SCHEMA, userId, {
        action: 'ticket.transfer_accept',
        target: { type: 'ticket', id: ticket.id },
        details: { transferId, from: t.from_user_id, to: userId, newTicketId },
      });
    });
    return this.transfer(em, transferId);
  }

  async declineTransfer(em: EntityManager, userId: string, transferId: string): Promise<TransferView> {
    await em.transactional(async (tx) => {
      const t = await this.lockTransfer(tx, transferId);
      if (!t || t.to_user_id !== userId) throw notFound('Transfer');
      if (t.status !== 'OFFERED') throw this.decided(t.status);
      await runSql(
        tx,
        sql`update seating.ticket_transfers set status = 'DECLINED', decided_at = now() where id = ${transferId}`,
      );
      await recordAudit(tx, SCHEMA, userId, {
        action: 'ticket.transfer_decline',
        target: { type: 'ticket', id: t.ticket_id },
        details: { transferId, from: t.from_user_id },
      });
    });
    return this.transfer(em, transferId);
  }

  async openTransfersOf(em: EntityManager, ticketIds: readonly string[]): Promise<(TransferView | null)[]> {
    const rows = await runSql<TransferRow>(
      em,
      sql`select tr.*, t.seat_label from seating.ticket_transfers tr join seating.tickets t on t.id = tr.ticket_id
          where tr.ticket_id = any(${uuidArray(ticketIds.filter(isUuid))}::uuid[]) and tr.status = 'OFFERED'`,
    );
    const views = rows.map(toTransferView);
    return ticketIds.map((id) => views.find((v) => v.ticketId === id) ?? null);
  }

  private async transfer(em: EntityManager, id: string): Promise<TransferView> {
    const [row] = await runSql<TransferRow>(
      em,
      sql`select tr.*, t.seat_label from seating.ticket_transfers tr join seating.tickets t on t.id = tr.ticket_id
          where tr.id = ${id}`,
    );
    if (!row) throw notFound('Transfer');
    return toTransferView(row);
  }

  private decided(status: string): AppError {
    return new AppError(ErrorCode.CONFLICT, `This transfer was already ${status.toLowerCase()}.`, { status });
  }

  private requireValid(ticket: TicketRow): void {
    if (ticket.state !== 'VALID') {
      throw new AppError(
        ErrorCode.TICKET_NOT_VALID,
        `This ticket is ${ticket.state.toLowerCase().replace('_', ' ')}; it can no longer be transferred.`,
        { state: ticket.state },
      );
    }
  }

  /** Transfers close `transfer_cutoff_minutes` before the event starts (Postgres' clock). */
  private async requireTransfersOpen(em: EntityManager, eventId: string): Promise<void> {
    const [row] = await runSql<{ open: boolean; closes_at: string }>(
      em,
      sql`select now() < e.starts_at - make_interval(mins => coalesce(p.transfer_cutoff_minutes, ${DEFAULT_TRANSFER_CUTOFF_MINUTES})) as open,
            e.starts_at - make_interval(mins => coalesce(p.transfer_cutoff_minutes, ${DEFAULT_TRANSFER_CUTOFF_MINUTES})) as closes_at
          from seating.events e left join seating.ticket_policies p on p.event_id = e.event_id
          where e.event_id = ${eventId}`,
    );
    if (!row?.open) {
      throw new AppError(
        ErrorCode.TRANSFER_CLOSED,
        'Transfers for this event have closed (they close before doors open).',
        row ? { closedAt: new Date(row.closes_at).toISOString() } : {},
      );
    }
  }

  private async lockTicket(em: EntityManager, id: string): Promise<TicketRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await runSql<TicketRow>(em, sql`select * from seating.tickets where id = ${id} for update`);
    return row ?? null;
  }

  private async lockTransfer(em: EntityManager, id: string, lock = true): Promise<TransferRow | null> {
    if (!isUuid(id)) return null;
    const [row] = await runSql<TransferRow>(
      em,
      sql`select tr.*, '' as seat_label from seating.ticket_transfers tr where tr.id = ${id}
          ${lock ? sql`for update` : sql``}`,
    );
    return row ?? null;
  }
}

export type { TicketView };
