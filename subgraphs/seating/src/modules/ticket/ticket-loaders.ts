import type { EntityManager } from '@mikro-orm/postgresql';
import DataLoader from 'dataloader';
import type { Resales } from './resale.ts';
import type { Tickets } from './ticket.repository.ts';

/** Per-request loaders of tickets: `Reservation.tickets` and `Ticket.pendingTransfer` over a list cost one statement each. */
export function createTicketLoaders(em: EntityManager, tickets: Tickets, resales: Resales) {
  return {
    reservationTickets: new DataLoader((ids: readonly string[]) => tickets.byReservations(em, ids)),
    ticket: new DataLoader((ids: readonly string[]) => tickets.byIds(em, ids)),
    openTransfer: new DataLoader((ids: readonly string[]) => tickets.openTransfersOf(em, ids)),
    resaleListings: new DataLoader((eventIds: readonly string[]) => resales.openByEvents(em, eventIds)),
    ticketListing: new DataLoader((ids: readonly string[]) => resales.latestByTickets(em, ids)),
  };
}
