import type { ReservationStatus } from './reservation.entity.ts';

/**
 * A reservation as payment knows it in the graph: seating owns it, payment adds `payment`. The router sends its
 * `status` with the reference (`@requires`), so payment can tell a cancelled reservation before seating's
 * `reservation.cancelled` event reaches it.
 */
export interface ReservationRef {
  id: string;
  status?: ReservationStatus;
}
