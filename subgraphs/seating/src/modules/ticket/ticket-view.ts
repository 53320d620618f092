import { pgTimestamp } from '@tiketi/kit';

export const TICKET_STATES = ['VALID', 'REVOKED', 'TRANSFERRED', 'RESOLD', 'CHECKED_IN'] as const;
export type TicketState = (typeof TICKET_STATES)[number];

/** A ticket as resolvers read it (`seating.tickets`). */
export interface TicketView {
  id: string;
  eventId: string;
  reservationId: string;
  seatId: string;
  seatLabel: string;
  holderId: string;
  state: TicketState;
  issuedAt: Date;
  endedAt: Date | null;
  endReason: string | null;
  checkedInAt: Date | null;
  checkedInDevice: string | null;
}

export interface TicketRow {
  id: string;
  event_id: string;
  reservation_id: string;
  seat_id: string;
  seat_label: string;
  holder_id: string;
  state: TicketState;
  issued_at: string;
  ended_at: string | null;
  end_reason: string | null;
  checked_in_at: string | null;
  checked_in_device: string | null;
}

export const toTicketView = (r: TicketRow): TicketView => ({
  id: r.id,
  eventId: r.event_id,
  reservationId: r.reservation_id,
  seatId: r.seat_id,
  seatLabel: r.seat_label,
  holderId: r.holder_id,
  state: r.state,
  issuedAt: pgTimestamp(r.issued_at),
  endedAt: r.ended_at ? pgTimestamp(r.ended_at) : null,
  endReason: r.end_reason,
  checkedInAt: r.checked_in_at ? pgTimestamp(r.checked_in_at) : null,
  checkedInDevice: r.checked_in_device,
});

export type TransferStatus = 'OFFERED' | 'ACCEPTED' | 'DECLINED' | 'CANCELLED';

export interface TransferView {
  id: string;
  ticketId: string;
  eventId: string;
  seatLabel: string;
  fromUserId: string;
  toEmail: string;
  toUserId: string | null;
  status: TransferStatus;
  createdAt: Date;
  decidedAt: Date | null;
  newTicketId: string | null;
}

export interface TransferRow {
  id: string;
  ticket_id: string;
  event_id: string;
  seat_label: string;
  from_user_id: string;
  to_email: string;
  to_user_id: string | null;
  status: TransferStatus;
  created_at: string;
  decided_at: string | null;
  new_ticket_id: string | null;
}

export const toTransferView = (r: TransferRow): TransferView => ({
  id: r.id,
  ticketId: r.ticket_id,
  eventId: r.event_id,
  seatLabel: r.seat_label,
  fromUserId: r.from_user_id,
  toEmail: r.to_email,
  toUserId: r.to_user_id,
  status: r.status,
  createdAt: pgTimestamp(r.created_at),
  decidedAt: r.decided_at ? pgTimestamp(r.decided_at) : null,
  newTicketId: r.new_ticket_id,
});

export interface StaffView {
  eventId: string;
  userId: string;
  grantedAt: Date;
}
