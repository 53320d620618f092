import type { EntityManager } from '@mikro-orm/postgresql';
import { runSql, sql } from '@tiketi/kit';
import type { PackedSeatColumns } from '@tiketi/live-client';
import { defaultSeatLabel } from '../layout/layout-template.ts';

/** `SeatMapLayout`: an event's seats without their statuses, at one layout revision. */
export interface PackedLayout {
  eventId: string;
  revision: number;
  seatCount: number;
  /** JSON columns (schema.graphql `SeatMapLayout.seats`), serialized once per revision. */
  seats: string;
  /** Seat id → its position in `seats` (and `SeatMap.statusCodes`): `SeatMap.changesSince`'s indexes. */
  positions: Map<string, number>;
}

/** `SeatMapLayout.seats`, the format clients unpack with `@tiketi/live-client` (`unpackLayout`). */
export type SeatColumns = PackedSeatColumns;

/** Empty columns: an event without seats. */
export const noColumns = (): SeatColumns => ({
  id: [],
  sections: [],
  section: [],
  rows: [],
  row: [],
  number: [],
  x: [],
  y: [],
  ticketTypes: [],
  ticketType: [],
  label: {},
});

/** Appends `value` to a dictionary column: its index in `list`, added at the end when new. */
function indexIn(list: string[], index: Map<string, number>, value: string): number {
  let i = index.get(value);
  if (i === undefined) {
    i = list.push(value) - 1;
    index.set(value, i);
  }
  return i;
}

export interface PackedLayouts {
  /**
   * The event's drawing at `revision` (the revision the request read with its seat map). Built by the first
   * request of a revision and kept: a revision's seats never move, only a new revision changes them.
   */
  load(em: EntityManager, eventId: string, revision: number): Promise<PackedLayout>;
}

/**
 * Keeps the packed drawings of the most recently read events in memory, so an on-sale's thousands of seat-map
 * loads cost one JSON serialization per layout revision, not one per load. Replicas each keep their own: the
 * revision read from Postgres with the seat map says which entry is current.
 */
export function createPackedLayouts(options: { capacity?: number } = {}): PackedLayouts {
  const capacity = options.capacity ?? 64;
  const entries = new Map<string, Promise<PackedLayout>>();

  const build = async (em: EntityManager, eventId: string): Promise<PackedLayout> => {
    // One statement, so the revision and the seats come from the same snapshot.
    const rows = await runSql<{
      revision: number;
      id: string | null;
      section: string;
      row: string;
      number: number;
      label: string;
      x: number;
      y: number;
      ticket_type_id: string;
    }>(
      em,
      sql`select i.layout_version as revision, s.id, s.section, s."row", s.number, s.label, s.x, s.y,
            s.ticket_type_id
          from seating.event_inventory i left join seating.seats s on s.event_id = i.event_id
          where i.event_id = ${eventId} order by s.seq, s.id`,
    );
    const columns = noColumns();
    const dictionaries = {
      section: new Map<string, number>(),
      row: new Map<string, number>(),
      type: new Map<string, number>(),
    };
    for (const r of rows) {
      if (r.id === null) continue;
      const i = columns.id.push(r.id) - 1;
      columns.section.push(indexIn(columns.sections, dictionaries.section, r.section));
      columns.row.push(indexIn(columns.rows, dictionaries.row, r.row));
      columns.number.push(r.number);
      columns.x.push(r.x);
      columns.y.push(r.y);
      columns.ticketType.push(indexIn(columns.ticketTypes, dictionaries.type, r.ticket_type_id));
      if (r.label !== defaultSeatLabel(r.section, r.row, r.number)) columns.label[i] = r.label;
    }
    return {
      eventId,
      revision: rows[0]?.revision ?? 0,
      seatCount: columns.id.length,
      seats: JSON.stringify(columns),
      positions: new Map(columns.id.map((id, i) => [id, i])),
    };
  };

  return {
    load(em, eventId, revision) {
      const key = `${eventId}:${revision}`;
      const kept = entries.get(key);
      if (kept) {
        // Most recently used last: the first key is the one to evict.
        entries.delete(key);
        entries.set(key, kept);
        return kept;
      }
      const loading = build(em, eventId).then((layout) => {
        // Another layout was attached since the request read `revision`: keep what was read under its own key.
        if (layout.revision !== revision) {
          entries.delete(key);
          entries.set(`${eventId}:${layout.revision}`, Promise.resolve(layout));
        }
        return layout;
      });
      loading.catch(() => entries.delete(key));
      entries.set(key, loading);
      while (entries.size > capacity) {
        const oldest = entries.keys().next().value;
        if (oldest === undefined) break;
        entries.delete(oldest);
      }
      return loading;
    },
  };
}
