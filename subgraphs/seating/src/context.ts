import type { EntityManager } from '@mikro-orm/postgresql';
import type { BaseContext, PubSub } from '@tiketi/kit';
import type { AdmissionGate } from './modules/admission/admission-gate.ts';
import type { Holds } from './modules/hold/hold.repository.ts';
import type { Inventory } from './modules/inventory/inventory.repository.ts';
import type { Layouts } from './modules/layout/layout.repository.ts';
import type { Reservations } from './modules/reservation/reservation.repository.ts';
import type { PackedLayouts } from './modules/seat/packed-layout.ts';
import type { SeatTopics } from './modules/seat/seat-feed.ts';
import type { SeatHistory } from './modules/seat/seat-history.ts';
import { createSeatLoaders } from './modules/seat/seat-queries.ts';
import type { Door } from './modules/ticket/door.ts';
import type { Resales } from './modules/ticket/resale.ts';
import type { Tickets } from './modules/ticket/ticket.repository.ts';
import { createTicketLoaders } from './modules/ticket/ticket-loaders.ts';

export type Loaders = ReturnType<typeof createLoaders>;

/** The service's domain objects, built once at start-up; every method takes the request's EntityManager. */
export interface Seating {
  holds: Holds;
  /** The waiting room's check in front of every hold. */
  admission: AdmissionGate;
  reservations: Reservations;
  inventory: Inventory;
  layouts: Layouts;
  /** `SeatMap.layout`, kept per layout revision. */
  packedLayouts: PackedLayouts;
  pubsub: PubSub<SeatTopics>;
  /** Recent seat changes per event, for `SeatMap.changesSince`. */
  seatHistory: SeatHistory;
  /** Tickets after the sale: issuing, credentials, transfers (issue 17). */
  tickets: Tickets;
  /** Door staff, scanner kits and check-ins. */
  door: Door;
  /** Face-value resale: listings, their holds and sales. */
  resales: Resales;
  /** Signs `Reservation.checkoutToken` for payment (kit/checkout-token.ts). */
  checkoutTokenSecret: string;
}

export type Context = BaseContext<Loaders> & { seating: Seating };

/** Per-request loaders: every field over a list of events or reservations costs one statement. */
export function createLoaders(em: EntityManager, tickets: Tickets, resales: Resales) {
  return { ...createSeatLoaders(em), ...createTicketLoaders(em, tickets, resales) };
}
