import type { SeatStatus } from '../__generated__/graphql.ts';
import type { SeatInput } from './geometry.ts';
import type { StatusChange } from './store.ts';

/**
 * `SeatMapLayout.seats` as seating packs it: JSON columns, index i of each describing seat i; `section`, `row`
 * and `ticketType` index `sections`, `rows` and `ticketTypes`; `label` holds only labels other than
 * `<section> <row>-<number>`.
 */
interface SeatColumns {
  id: string[];
  sections: string[];
  section: number[];
  rows: string[];
  row: number[];
  number: number[];
  x: number[];
  y: number[];
  ticketTypes: string[];
  ticketType: number[];
  label: Record<number, string>;
}

/** The seats of a packed layout, in its order (the order of `SeatMap.statusCodes`). */
export function unpackLayout(packed: string): SeatInput[] {
  const c = JSON.parse(packed) as SeatColumns;
  return c.id.map((id, i) => {
    const section = c.sections[c.section[i] ?? -1] ?? '';
    const row = c.rows[c.row[i] ?? -1] ?? '';
    const number = c.number[i] ?? 0;
    return {
      id,
      section,
      row,
      number,
      label: c.label[i] ?? `${section} ${row}-${number}`,
      x: c.x[i] ?? 0,
      y: c.y[i] ?? 0,
      ticketTypeId: c.ticketTypes[c.ticketType[i] ?? -1] ?? '',
    };
  });
}

const STATUS: Record<string, SeatStatus> = { A: 'AVAILABLE', H: 'HELD', S: 'SOLD', B: 'BLOCKED' };

/**
 * `SeatMap.statusCodes` read against the layout's seat ids: one character per seat, in layout order. null when
 * they do not line up (another layout was attached meanwhile): the caller reloads the layout.
 */
export function unpackStatuses(ids: readonly string[], codes: string): StatusChange[] | null {
  if (codes.length !== ids.length) return null;
  return ids.map((id, i) => ({ id, status: STATUS[codes[i] as string] ?? 'BLOCKED' }));
}
