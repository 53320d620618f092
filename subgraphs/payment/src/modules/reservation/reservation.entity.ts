import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const RESERVATION_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * seating's reservation as its domain events describe it: what payment needs to charge for it (buyer, amount,
 * checkout deadline) and where it stands. Written only by the event handler (reservation-events.ts).
 */
export const ReservationProjection = defineEntity({
  name: 'ReservationProjection',
  tableName: 'reservations',
  properties: (p) => ({
    id: p.uuid().primary(),
    /** null until `seating.reservation.created` has arrived (a status event can overtake it) */
    userId: p.uuid().nullable(),
    eventId: p.uuid().nullable(),
    eventTitle: p.text().nullable(),
    totalAmount: p.integer().nullable(),
    seatCount: p.integer().nullable(),
    holdExpiresAt: p.datetime().nullable(),
    status: p.enum([...RESERVATION_STATUSES]),
    updatedAt: p.datetime(),
  }),
});

export type ReservationProjection = InferEntity<typeof ReservationProjection>;

/** A reservation whose `created` event has arrived: everything payment needs to charge for it. */
export type KnownReservation = ReservationProjection & {
  userId: string;
  totalAmount: number;
  seatCount: number;
  eventTitle: string;
  holdExpiresAt: Date;
};

export const isKnown = (r: ReservationProjection | null): r is KnownReservation =>
  r !== null &&
  r.userId !== null &&
  r.totalAmount !== null &&
  r.seatCount !== null &&
  r.eventTitle !== null &&
  r.holdExpiresAt !== null;
