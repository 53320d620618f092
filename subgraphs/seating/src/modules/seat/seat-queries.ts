import type { EntityManager } from '@mikro-orm/postgresql';
import { byIdLoader, isUuid, runSql, sql, uuidArray } from '@tiketi/kit';
import DataLoader from 'dataloader';
import { Reservation } from '../reservation/reservation.entity.ts';
import {
  type AvailabilityView,
  effectiveStatus,
  type SeatMapView,
  type SeatRow,
  type SeatStatus,
  type SeatView,
  type StageView,
  seatColumns,
  type TicketTypeView,
  toSeatViews,
} from './seat-view.ts';

/**
 * Per-request loaders behind `Event.ticketTypes / availability / seatMap` and `Reservation.seats`: a list of
 * N events (or `_entities` with N references) costs one statement per field, never one per event.
 *
 * The seat map is read in two statements, version first: seats read after it are at least as new, so a
 * client applying later batches (absolute statuses, ordered by version) ends up right. The other order could
 * show a version whose change the seats do not yet contain.
 */
export function createSeatLoaders(em: EntityManager) {
  // References may carry anything as an id; what is not a uuid has no seats.
  const ids = (keys: readonly string[]) => uuidArray(keys.filter(isUuid));

  const ticketTypes = new DataLoader<string, TicketTypeView[]>(async (eventIds) => {
    const rows = await runSql<{
      id: string;
      event_id: string;
      code: string;
      name: string;
      price: number;
      color: string | null;
    }>(
      em,
      sql`select id, event_id, code, name, price, color from seating.ticket_types
          where event_id = any(${ids(eventIds)}::uuid[]) and retired_at is null order by event_id, position`,
    );
    const byEvent = groupBy(rows, (r) => r.event_id);
    return eventIds.map((eventId) =>
      (byEvent.get(eventId) ?? []).map((r) => ({
        id: r.id,
        eventId,
        code: r.code,
        name: r.name,
        price: r.price,
        color: r.color,
      })),
    );
  });

  const availability = new DataLoader<
    string,
    { total: AvailabilityView; byType: Map<string, AvailabilityView> }
  >(async (eventIds) => {
    const rows = await runSql<{ event_id: string; ticket_type_id: string; status: SeatStatus; n: number }>(
      em,
      sql`select s.event_id, s.ticket_type_id, ${effectiveStatus('s')} as status, count(*)::int as n
            from seating.seats s where s.event_id = any(${ids(eventIds)}::uuid[])
            group by 1, 2, 3`,
    );
    return eventIds.map((eventId) => {
      const total = emptyAvailability();
      const byType = new Map<string, AvailabilityView>();
      for (const r of rows) {
        if (r.event_id !== eventId) continue;
        const ofType = byType.get(r.ticket_type_id) ?? emptyAvailability();
        byType.set(r.ticket_type_id, ofType);
        for (const a of [total, ofType]) {
          a.total += r.n;
          a[STATUS_FIELD[r.status]] += r.n;
        }
      }
      return { total, byType };
    });
  });

  const seatMap = new DataLoader<string, SeatMapView>(async (eventIds) => {
    const rows = await runSql<{
      event_id: string;
      version: number;
      width: number | null;
      height: number | null;
      stage: (Omit<StageView, 'label'> & { label?: string | null }) | null;
      layout_version: number;
    }>(
      em,
      sql`select event_id, version, (template->>'width')::int as width, (template->>'height')::int as height,
            template->'stage' as stage, layout_version
          from seating.event_inventory where event_id = any(${ids(eventIds)}::uuid[])`,
    );
    return eventIds.map((eventId): SeatMapView => {
      const row = rows.find((r) => r.event_id === eventId);
      if (!row) return { eventId, version: 0, width: 0, height: 0, stage: null, layoutRevision: 0 };
      return {
        eventId,
        version: row.version,
        width: row.width ?? 0,
        height: row.height ?? 0,
        stage: row.stage ? { ...row.stage, label: row.stage.label ?? 'STAGE' } : null,
        layoutRevision: row.layout_version,
      };
    });
  });

  const seats = new DataLoader<string, SeatView[]>(async (eventIds) => {
    const rows = await runSql<SeatRow>(
      em,
      sql`select ${seatColumns('s', 'tt')} from seating.seats s
          join seating.ticket_types tt on tt.id = s.ticket_type_id
          where s.event_id = any(${ids(eventIds)}::uuid[]) order by s.event_id, s.seq, s.id`,
    );
    const byEvent = groupBy(toSeatViews(rows), (v) => v.eventId);
    return eventIds.map((eventId) => byEvent.get(eventId) ?? []);
  });

  /**
   * `SeatMap.statusCodes`: one character per seat, in `seq` order (the first letter of the effective status:
   * AVAILABLE, HELD, SOLD and BLOCKED differ in it), built by Postgres in one row per event.
   */
  const statusCodes = new DataLoader<string, string>(async (eventIds) => {
    const rows = await runSql<{ event_id: string; codes: string }>(
      em,
      sql`select s.event_id, string_agg(left(${effectiveStatus('s')}, 1), '' order by s.seq, s.id) as codes
          from seating.seats s where s.event_id = any(${ids(eventIds)}::uuid[]) group by s.event_id`,
    );
    return eventIds.map((eventId) => rows.find((r) => r.event_id === eventId)?.codes ?? '');
  });

  /** A reservation's seats as sold, with their live status (a seat a later layout removed reads BLOCKED). */
  const reservationSeats = new DataLoader<Pick<Reservation, 'id' | 'eventId'>, SeatView[], string>(
    async (reservations) => {
      const rows = await runSql<SeatRow & { reservation_id: string }>(
        em,
        sql`select ri.reservation_id, ri.seat_id as id, r.event_id, ri.section, ri."row", ri.number, ri.label,
              coalesce(s.x, 0) as x, coalesce(s.y, 0) as y,
              coalesce(${effectiveStatus('s')}, 'BLOCKED') as status,
              tt.id as tt_id, tt.code as tt_code, tt.name as tt_name, tt.price as tt_price, tt.color as tt_color
            from seating.reservation_items ri
            join seating.reservations r on r.id = ri.reservation_id
            join seating.ticket_types tt on tt.id = ri.ticket_type_id
            left join seating.seats s on s.id = ri.seat_id
            where ri.reservation_id = any(${ids(reservations.map((r) => r.id))}::uuid[])
            order by ri.reservation_id, s.seq nulls last, ri.number`,
      );
      const byReservation = groupBy(rows, (r) => r.reservation_id);
      return reservations.map((reservation) => toSeatViews(byReservation.get(reservation.id) ?? []));
    },
    { cacheKeyFn: (r) => r.id },
  );

  /** What seating knows of catalog's events (title and start for tickets). */
  const events = new DataLoader<string, { title: string; startsAt: string } | null>(async (eventIds) => {
    const rows = await runSql<{ event_id: string; title: string; starts_at: string }>(
      em,
      sql`select event_id, title, to_json(starts_at) #>> '{}' as starts_at from seating.events
          where event_id = any(${ids(eventIds)}::uuid[])`,
    );
    return eventIds.map((id) => {
      const row = rows.find((r) => r.event_id === id);
      return row ? { title: row.title, startsAt: row.starts_at } : null;
    });
  });

  /** Reservations by id, for references from other subgraphs (Payment.reservation). */
  const reservation = byIdLoader<Reservation>(em, Reservation);

  return { ticketTypes, availability, seatMap, seats, statusCodes, reservationSeats, events, reservation };
}

const STATUS_FIELD = {
  AVAILABLE: 'available',
  HELD: 'held',
  SOLD: 'sold',
  BLOCKED: 'blocked',
} as const satisfies Record<SeatStatus, keyof AvailabilityView>;

export const emptyAvailability = (): AvailabilityView => ({
  total: 0,
  available: 0,
  held: 0,
  sold: 0,
  blocked: 0,
});

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
