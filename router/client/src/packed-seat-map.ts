/**
 * The packed seat map (seating's `SeatMap.statusCodes` and `SeatMapLayout.seats`): what a seat page reads instead of
 * an object per seat. Seating builds it (subgraphs/seating/src/modules/seat/packed-layout.ts); clients unpack it
 * here.
 */

/**
 * `SeatMapLayout.seats`, parsed: index i of each column describes seat i, in the order of `statusCodes`.
 * `section`, `row` and `ticketType` index `sections`, `rows` and `ticketTypes` (TicketType ids); `label` holds
 * only the labels that are not `<section> <row>-<number>`.
 */
export interface PackedSeatColumns {
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

/** One seat of a packed layout, without its status. */
export interface PackedSeat {
  id: string;
  section: string;
  row: string;
  number: number;
  label: string;
  x: number;
  y: number;
  ticketTypeId: string;
}

export type PackedSeatStatus = 'AVAILABLE' | 'HELD' | 'SOLD' | 'BLOCKED';

/** One character per seat in `statusCodes`: the first letter of its status. */
const STATUS_OF_CODE: Record<string, PackedSeatStatus> = {
  A: 'AVAILABLE',
  H: 'HELD',
  S: 'SOLD',
  B: 'BLOCKED',
};

/** The seats of a packed layout, in its order (the order of `SeatMap.statusCodes`). */
export function unpackLayout(packed: string): PackedSeat[] {
  const c = JSON.parse(packed) as PackedSeatColumns;
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

/**
 * `SeatMap.statusCodes` read against the layout's seat ids (in its order). null when they do not line up: a
 * layout was attached in between, and the caller reloads the layout.
 */
export function unpackStatuses(
  ids: readonly string[],
  codes: string,
): { id: string; status: PackedSeatStatus }[] | null {
  if (codes.length !== ids.length) return null;
  return ids.map((id, i) => ({ id, status: STATUS_OF_CODE[codes[i] as string] ?? 'BLOCKED' }));
}

/**
 * `SeatMap.changesSince` read against the layout's seat ids (in its order): `seatIndexes` are positions in
 * them, `codes` one status character per index. null when an index falls outside the layout (another layout
 * was attached): the caller reloads.
 */
export function unpackChanges(
  ids: readonly string[],
  seatIndexes: readonly number[],
  codes: string,
): { id: string; status: PackedSeatStatus }[] | null {
  const changes: { id: string; status: PackedSeatStatus }[] = [];
  for (let i = 0; i < seatIndexes.length; i++) {
    const id = ids[seatIndexes[i] as number];
    if (id === undefined) return null;
    changes.push({ id, status: STATUS_OF_CODE[codes[i] as string] ?? 'BLOCKED' });
  }
  return changes;
}
