import { rawSql, type Sql } from '@tiketi/kit';

/**
 * Seats as clients see them, built from hand-written SQL. The same objects are returned by queries and
 * published in seat-change batches, so a subscription needs no database round trip per delivery.
 */
export type SeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD' | 'BLOCKED';

export interface TicketTypeView {
  id: string;
  eventId: string;
  code: string;
  name: string;
  price: number;
  color: string | null;
}

export interface SeatView {
  id: string;
  eventId: string;
  section: string;
  row: string;
  number: number;
  label: string;
  x: number;
  y: number;
  status: SeatStatus;
  ticketType: TicketTypeView;
}

export interface StageView {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
}

export interface SeatMapView {
  eventId: string;
  version: number;
  width: number;
  height: number;
  stage: StageView | null;
  /** `event_inventory.layout_version`: grows with every layout attached; 0 before the first. */
  layoutRevision: number;
}

export interface AvailabilityView {
  total: number;
  available: number;
  held: number;
  sold: number;
  blocked: number;
}

/** One committed change of an event's seats, as published (channel `seatChannel(eventId)`). */
export interface SeatChangeBatch {
  eventId: string;
  version: number;
  seats: SeatView[];
}

export { seatChannel } from '@tiketi/kit';

/**
 * The status a seat shows: a hold whose time is up reads AVAILABLE at once, whether or not the sweeper has
 * reached it yet (the same `now()` rule the hold transaction uses to take such seats over).
 */
export const effectiveStatus = (alias: string): Sql =>
  rawSql(`(case when ${alias}.status = 'HELD' and ${alias}.held_until <= now() then 'AVAILABLE'
             else ${alias}.status end)`);

/** Columns `toSeatView` reads, from seat alias `s` joined with its ticket type as `tt`. */
export const seatColumns = (s: string, tt: string): Sql =>
  rawSql(`${s}.id, ${s}.event_id, ${s}.section, ${s}."row", ${s}.number, ${s}.label, ${s}.x, ${s}.y,
    ${effectiveStatus(s).text} as status,
    ${tt}.id as tt_id, ${tt}.code as tt_code, ${tt}.name as tt_name, ${tt}.price as tt_price,
    ${tt}.color as tt_color`);

export interface SeatRow {
  id: string;
  event_id: string;
  section: string;
  row: string;
  number: number;
  label: string;
  x: number;
  y: number;
  status: SeatStatus;
  tt_id: string;
  tt_code: string;
  tt_name: string;
  tt_price: number;
  tt_color: string | null;
}

/** Maps rows of `seatColumns`; ticket types are shared between seats of one call. */
export function toSeatViews(rows: readonly SeatRow[]): SeatView[] {
  const types = new Map<string, TicketTypeView>();
  return rows.map((r) => {
    let ticketType = types.get(r.tt_id);
    if (!ticketType) {
      ticketType = {
        id: r.tt_id,
        eventId: r.event_id,
        code: r.tt_code,
        name: r.tt_name,
        price: r.tt_price,
        color: r.tt_color,
      };
      types.set(r.tt_id, ticketType);
    }
    return {
      id: r.id,
      eventId: r.event_id,
      section: r.section,
      row: r.row,
      number: r.number,
      label: r.label,
      x: r.x,
      y: r.y,
      status: r.status,
      ticketType,
    };
  });
}
