/** A reservation as payment knows it in the graph: seating owns it, payment adds `payment`. */
export interface ReservationRef {
  id: string;
}
