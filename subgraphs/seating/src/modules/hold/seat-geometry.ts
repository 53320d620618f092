import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared, sql } from '@tiketi/kit';
import type { CandidateSeat } from './best-available.ts';

interface Geometry {
  layoutVersion: number;
  bySeq: Map<number, CandidateSeat>;
}

/** Ticket types whose seat geometry one replica keeps (an arena's biggest type is a few thousand seats). */
const MAX_CACHED_TYPES = 200;

/**
 * The free seats of a ticket type, as `pickBestAvailable` needs them. Where seats are (section, row, run,
 * position, distance to the stage) only changes when a layout is attached, which raises
 * `event_inventory.layout_version`; so each replica keeps that per ticket type and asks Postgres only which
 * seats are free, as one list of `seq`s. Reading every free seat with its place on each try was most of a
 * best-available request's cost (parsing ≈ 2,600 rows for the arena's S class, on every retry).
 *
 * Freshness: the free list is read on every call, in one statement with the layout version, exactly as
 * fresh as the direct read was (and, as before, without locks: the hold itself decides).
 */
export class SeatGeometry {
  private readonly cache = new Map<string, Geometry>();

  async freeSeats(em: EntityManager, eventId: string, ticketTypeId: string): Promise<CandidateSeat[]> {
    // Text, not int[]: pg's array parser took longer than everything else here.
    const [free] = await runPrepared<{ layout_version: number; seqs: string | null }>(
      em,
      sql`select i.layout_version,
            (select string_agg(s.seq::text, ',') from seating.seats s
             where s.event_id = i.event_id and s.ticket_type_id = ${ticketTypeId}::uuid
               and (s.status = 'AVAILABLE' or (s.status = 'HELD' and s.held_until <= now()))) as seqs
          from seating.event_inventory i where i.event_id = ${eventId}::uuid`,
    );
    if (!free?.seqs) return [];
    const key = `${eventId.toLowerCase()}:${ticketTypeId.toLowerCase()}`;
    let geometry = this.cache.get(key) ?? null;
    if (geometry?.layoutVersion !== free.layout_version) {
      geometry = await this.load(em, eventId, ticketTypeId);
      if (!geometry) return this.direct(em, eventId, ticketTypeId);
      this.remember(key, geometry);
    }
    // A layout attached between the two reads: its seats are not these.
    if (geometry.layoutVersion !== free.layout_version) return this.direct(em, eventId, ticketTypeId);
    const seats: CandidateSeat[] = [];
    for (const seq of free.seqs.split(',')) {
      const seat = geometry.bySeq.get(Number(seq));
      if (!seat) return this.direct(em, eventId, ticketTypeId);
      seats.push(seat);
    }
    return seats;
  }

  /** Every seat of the type with its place, and the layout version they belong to; null if `seq` repeats. */
  private async load(em: EntityManager, eventId: string, ticketTypeId: string): Promise<Geometry | null> {
    const rows = await runPrepared<SeatPlaceRow & { layout_version: number }>(
      em,
      sql`select i.layout_version, s.id, s.section, s."row", s.run, s.position, s.seq, s.stage_distance
          from seating.event_inventory i join seating.seats s on s.event_id = i.event_id
          where i.event_id = ${eventId}::uuid and s.ticket_type_id = ${ticketTypeId}::uuid`,
    );
    const first = rows[0];
    if (!first) return null;
    const bySeq = new Map<number, CandidateSeat>();
    for (const row of rows) {
      if (bySeq.has(row.seq)) return null;
      bySeq.set(row.seq, toCandidate(row));
    }
    return { layoutVersion: first.layout_version, bySeq };
  }

  /** The free seats with their places in one read, uncached (the fallback when the cache cannot answer). */
  private async direct(em: EntityManager, eventId: string, ticketTypeId: string): Promise<CandidateSeat[]> {
    const rows = await runPrepared<SeatPlaceRow>(
      em,
      sql`select id, section, "row", run, position, seq, stage_distance from seating.seats
          where event_id = ${eventId}::uuid and ticket_type_id = ${ticketTypeId}::uuid
            and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))`,
    );
    return rows.map(toCandidate);
  }

  private remember(key: string, geometry: Geometry) {
    this.cache.delete(key);
    this.cache.set(key, geometry);
    if (this.cache.size > MAX_CACHED_TYPES) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }
}

interface SeatPlaceRow {
  id: string;
  section: string;
  row: string;
  run: number;
  position: number;
  seq: number;
  stage_distance: number;
}

const toCandidate = (r: SeatPlaceRow): CandidateSeat => ({
  id: r.id,
  section: r.section,
  row: r.row,
  run: r.run,
  position: r.position,
  seq: r.seq,
  stageDistance: r.stage_distance,
  runKey: `${r.section}\u0000${r.row}\u0000${r.run}`,
});
