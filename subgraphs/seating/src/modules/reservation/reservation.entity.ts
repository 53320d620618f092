import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const RESERVATION_STATUSES = ['PENDING', 'CONFIRMED', 'CANCELLED', 'EXPIRED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/**
 * A buyer's reservation of the seats of one hold. Written only by reservation.repository.ts (hand-written SQL
 * in the same transactions that move the seats); the entity is how resolvers read it.
 */
export const Reservation = defineEntity({
  name: 'Reservation',
  tableName: 'reservations',
  properties: (p) => ({
    id: p.uuid().primary(),
    eventId: p.uuid(),
    userId: p.uuid(),
    holdId: p.uuid(),
    status: p.enum([...RESERVATION_STATUSES]),
    totalAmount: p.integer(),
    /** Checkout deadline while PENDING. */
    expiresAt: p.datetime(),
    paymentId: p.string().length(200).nullable(),
    createdAt: p.datetime(),
    updatedAt: p.datetime(),
    confirmedAt: p.datetime().nullable(),
    endedAt: p.datetime().nullable(),
    endReason: p.string().length(40).nullable(),
  }),
});

export type Reservation = InferEntity<typeof Reservation>;
