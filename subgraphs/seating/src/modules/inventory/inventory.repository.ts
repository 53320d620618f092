import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  isUuid,
  notFound,
  recordAudit,
  runSql,
  sql,
  uuidArray,
} from '@tiketi/kit';
import type { TicketTypeInput } from '../../__generated__/resolvers.ts';
import { SeatLayout } from '../layout/layout.entity.ts';
import { type ExpandedSeat, validateLayout } from '../layout/layout-template.ts';
import type { SeatFeed } from '../seat/seat-feed.ts';
import {
  type SeatChangeBatch,
  type SeatRow,
  type SeatStatus,
  seatColumns,
  toSeatViews,
} from '../seat/seat-view.ts';

const MAX_PRICE = 10_000_000;

/** What attaching produced, for the admin and the audit log. */
export interface AttachResult {
  eventId: string;
  created: number;
  kept: number;
  removed: number;
}

/**
 * An event's seats: generated from a layout with the event's ticket types, blocked and unblocked by admins.
 * Attaching again keeps every seat that exists in both layouts (matched by section, row and number, with its
 * id, status, hold and sale) and refuses, changing nothing, when a held or sold seat would disappear.
 */
export class Inventory {
  constructor(private readonly feed: SeatFeed) {}

  async attach(
    em: EntityManager,
    actorId: string | null,
    eventId: string,
    input: { layoutId: string; ticketTypes: readonly TicketTypeInput[] },
  ): Promise<AttachResult> {
    if (!isUuid(eventId)) throw notFound('Event');
    const types = checkTicketTypes(input.ticketTypes);
    const layout = isUuid(input.layoutId) ? await em.findOne(SeatLayout, { id: input.layoutId }) : null;
    if (!layout) throw notFound('Layout');
    const { template, seats, codes } = validateLayout(layout.template, 'layout');
    const missing = codes.filter((c) => !types.some((t) => t.code === c));
    if (missing.length > 0) {
      throw badInput(
        `Give a name and price for ticket type ${missing.join(', ')} (the layout uses it).`,
        'ticketTypes',
      );
    }
    const unused = types.filter((t) => !codes.includes(t.code)).map((t) => t.code);
    if (unused.length > 0) throw badInput(`The layout does not use ${unused.join(', ')}.`, 'ticketTypes');

    const { result } = await this.feed.change(em, async (tx) => {
      // The projection row serialises admin changes of one event; holds never lock it.
      const [event] = await runSql<{ deleted: boolean }>(
        tx.em,
        sql`select deleted_at is not null as deleted from seating.events where event_id = ${eventId} for update`,
      );
      if (!event || event.deleted) throw notFound('Event');
      // Seats before the version row, as every transaction does. In-flight holds finish first; new ones skip
      // these locked seats (SEAT_UNAVAILABLE) until the attach commits.
      const existing = await runSql<{
        id: string;
        section: string;
        row: string;
        number: number;
        status: SeatStatus;
        live: boolean;
      }>(
        tx.em,
        sql`select id, section, "row", number, status,
              (status = 'SOLD' or (status = 'HELD' and held_until > now())) as live
            from seating.seats where event_id = ${eventId} order by id for update`,
      );
      const key = (s: { section: string; row: string; number: number }) =>
        `${s.section}\u0000${s.row}\u0000${s.number}`;
      const wanted = new Map(seats.map((s) => [key(s), s]));
      const byKey = new Map(existing.map((s) => [key(s), s]));
      const lost = existing.filter((s) => s.live && !wanted.has(key(s)));
      if (lost.length > 0) {
        const names = lost.slice(0, 10).map((s) => `${s.section} ${s.row}-${s.number}`);
        throw new AppError(
          ErrorCode.CONFLICT,
          `${lost.length} held or sold seat(s) are not in the new layout (${names.join(', ')}${lost.length > 10 ? ', …' : ''}). Keep them in the layout, or wait until they are released.`,
          { seats: names },
        );
      }
      const removed = existing.filter((s) => !wanted.has(key(s)));

      const [inventory] = await runSql<{ created: boolean }>(
        tx.em,
        sql`insert into seating.event_inventory (event_id, layout_id, template)
            values (${eventId}, ${layout.id}, ${JSON.stringify(template)}::jsonb)
            on conflict (event_id) do update set layout_id = excluded.layout_id, template = excluded.template,
              layout_version = seating.event_inventory.layout_version + 1, updated_at = now()
            returning (xmax = 0) as created`,
      );
      // Ticket types by code: a kept code keeps its id (reservations name it), a dropped one is retired.
      const typeRows = await runSql<{ id: string; code: string }>(
        tx.em,
        sql`insert into seating.ticket_types (id, event_id, code, name, price, color, position)
            select gen_random_uuid(), ${eventId}, t.code, t.name, t.price, t.color, t.position
            from jsonb_to_recordset(${JSON.stringify(types)}::jsonb)
              as t(code text, name text, price int, color text, position int)
            on conflict (event_id, code) do update set name = excluded.name, price = excluded.price,
              color = excluded.color, position = excluded.position, retired_at = null
            returning id, code`,
      );
      await runSql(
        tx.em,
        sql`update seating.ticket_types set retired_at = now()
            where event_id = ${eventId} and retired_at is null
              and not (code = any(${`{${types.map((t) => `"${t.code}"`).join(',')}}`}::text[]))`,
      );
      const typeId = new Map(typeRows.map((t) => [t.code, t.id]));

      if (removed.length > 0) {
        await runSql(
          tx.em,
          sql`delete from seating.seats where id = any(${uuidArray(removed.map((s) => s.id))}::uuid[])`,
        );
      }
      const toRecord = (s: ExpandedSeat, id: string) => ({
        id,
        ticket_type_id: typeId.get(s.code),
        section: s.section,
        row: s.row,
        number: s.number,
        label: s.label,
        x: s.x,
        y: s.y,
        run: s.run,
        position: s.position,
        seq: s.seq,
        stage_distance: s.stageDistance,
      });
      const kept = seats.filter((s) => byKey.has(key(s)));
      const created = seats.filter((s) => !byKey.has(key(s)));
      const recordColumns = sql`id uuid, ticket_type_id uuid, section text, "row" text, number int, label text,
        x real, y real, run int, position int, seq int, stage_distance real`;
      const changed: SeatRow[] = [];
      if (kept.length > 0) {
        const records = kept.map((s) => toRecord(s, byKey.get(key(s))?.id ?? ''));
        changed.push(
          ...(await runSql<SeatRow>(
            tx.em,
            sql`with v as (select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(${recordColumns})),
                moved as (
                  update seating.seats s set ticket_type_id = v.ticket_type_id, label = v.label, x = v.x, y = v.y,
                    run = v.run, position = v.position, seq = v.seq, stage_distance = v.stage_distance
                  from v where s.id = v.id
                    and (s.ticket_type_id, s.label, s.x, s.y, s.run, s.position, s.seq, s.stage_distance)
                        is distinct from (v.ticket_type_id, v.label, v.x, v.y, v.run, v.position, v.seq,
                          v.stage_distance)
                  returning s.*)
                select ${seatColumns('m', 'tt')} from moved m join seating.ticket_types tt on tt.id = m.ticket_type_id`,
          )),
        );
      }
      if (created.length > 0) {
        const records = created.map((s) => toRecord(s, randomUUID()));
        changed.push(
          ...(await runSql<SeatRow>(
            tx.em,
            sql`with added as (
                  insert into seating.seats (id, event_id, ticket_type_id, section, "row", number, label, x, y, run,
                    position, seq, stage_distance)
                  select v.id, ${eventId}, v.ticket_type_id, v.section, v."row", v.number, v.label, v.x, v.y, v.run,
                    v.position, v.seq, v.stage_distance
                  from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as v(${recordColumns})
                  returning *)
                select ${seatColumns('a', 'tt')} from added a join seating.ticket_types tt on tt.id = a.ticket_type_id`,
          )),
        );
      }
      // A removed seat cannot be told as a status: skip a version, so every watcher sees a gap and refetches.
      if (removed.length > 0 && !inventory?.created) {
        await runSql(
          tx.em,
          sql`update seating.event_inventory set version = version + 1 where event_id = ${eventId}`,
        );
      }
      tx.changed(toSeatViews(changed));
      if (actorId) {
        await recordAudit(tx.em, 'seating', actorId, {
          action: 'event.attach-layout',
          target: { type: 'event', id: eventId },
          details: {
            layoutId: layout.id,
            ticketTypes: types,
            created: created.length,
            kept: kept.length,
            removed: removed.length,
          },
        });
      }
      return { eventId, created: created.length, kept: kept.length, removed: removed.length };
    });
    return result;
  }

  /** BLOCKED, all or nothing: CONFLICT (nothing changes) when a seat is held or sold. */
  block(em: EntityManager, actorId: string, eventId: string, seatIds: readonly string[]) {
    return this.setBlocked(em, actorId, eventId, seatIds, true);
  }

  /** Blocked seats back to AVAILABLE; the others stay as they are. */
  unblock(em: EntityManager, actorId: string, eventId: string, seatIds: readonly string[]) {
    return this.setBlocked(em, actorId, eventId, seatIds, false);
  }

  private async setBlocked(
    em: EntityManager,
    actorId: string,
    eventId: string,
    seatIds: readonly string[],
    block: boolean,
  ): Promise<SeatChangeBatch> {
    if (!isUuid(eventId)) throw notFound('Event');
    if (seatIds.length === 0) throw badInput('Pick at least one seat.', 'seatIds');
    if (seatIds.length > 10_000) throw badInput('At most 10,000 seats at once.', 'seatIds');
    if (!seatIds.every(isUuid)) throw badInput('Seat ids are the ids the seat map gives.', 'seatIds');
    const ids = uuidArray([...new Set(seatIds)]);
    const { result, batches } = await this.feed.change(em, async (tx) => {
      const locked = await runSql<{ id: string; status: SeatStatus }>(
        tx.em,
        sql`select s.id, (case when s.status = 'HELD' and s.held_until <= now() then 'AVAILABLE' else s.status end)
              as status
            from seating.seats s where s.event_id = ${eventId} and s.id = any(${ids}::uuid[])
            order by s.id for update`,
      );
      const unique = new Set(seatIds);
      if (locked.length !== unique.size) {
        throw badInput(
          `${unique.size - locked.length} of these seats are not seats of this event.`,
          'seatIds',
        );
      }
      if (block) {
        const taken = locked.filter((s) => s.status === 'HELD' || s.status === 'SOLD').map((s) => s.id);
        if (taken.length > 0) {
          throw new AppError(ErrorCode.CONFLICT, `${taken.length} of these seats are held or sold.`, {
            seatIds: taken,
          });
        }
      }
      const changed = await runSql<SeatRow>(
        tx.em,
        block
          ? sql`with changed as (
                  update seating.seats set status = 'BLOCKED', hold_id = null, held_until = null, owner_id = null
                  where id = any(${ids}::uuid[])
                    and (status = 'AVAILABLE' or (status = 'HELD' and held_until <= now()))
                  returning *)
                select ${seatColumns('c', 'tt')} from changed c join seating.ticket_types tt on tt.id = c.ticket_type_id`
          : sql`with changed as (
                  update seating.seats set status = 'AVAILABLE'
                  where id = any(${ids}::uuid[]) and status = 'BLOCKED'
                  returning *)
                select ${seatColumns('c', 'tt')} from changed c join seating.ticket_types tt on tt.id = c.ticket_type_id`,
      );
      tx.changed(toSeatViews(changed));
      await recordAudit(tx.em, 'seating', actorId, {
        action: block ? 'seats.block' : 'seats.unblock',
        target: { type: 'event', id: eventId },
        details: { seatIds: [...unique], changed: changed.length },
      });
      const all = await runSql<SeatRow>(
        tx.em,
        sql`select ${seatColumns('s', 'tt')} from seating.seats s
            join seating.ticket_types tt on tt.id = s.ticket_type_id
            where s.id = any(${ids}::uuid[]) order by s.seq`,
      );
      return all;
    });
    const published = batches.find((b) => b.eventId === eventId);
    const version =
      published?.version ??
      (
        await runSql<{ version: number }>(
          em,
          sql`select version from seating.event_inventory where event_id = ${eventId}`,
        )
      )[0]?.version ??
      0;
    return { eventId, version, seats: toSeatViews(result) };
  }
}

function checkTicketTypes(input: readonly TicketTypeInput[]) {
  if (input.length === 0) throw badInput('Give at least one ticket type.', 'ticketTypes');
  const seen = new Set<string>();
  return input.map((t, position) => {
    const field = `ticketTypes.${position}`;
    const code = t.code.trim();
    if (!/^[A-Za-z0-9_-]{1,20}$/.test(code))
      throw badInput('A code is 1–20 letters, digits, - or _.', `${field}.code`);
    if (seen.has(code)) throw badInput(`Ticket type ${code} appears twice.`, `${field}.code`);
    seen.add(code);
    const name = t.name.normalize('NFC').trim();
    if (name.length === 0 || name.length > 50) throw badInput('Enter 1 to 50 characters.', `${field}.name`);
    if (!Number.isInteger(t.price) || t.price < 0 || t.price > MAX_PRICE) {
      throw badInput(`A price is whole won from 0 to ${MAX_PRICE.toLocaleString('en')}.`, `${field}.price`);
    }
    const color = t.color?.trim() || null;
    if (color && !/^#[0-9a-fA-F]{6}$/.test(color)) throw badInput('A colour is #rrggbb.', `${field}.color`);
    return { code, name, price: t.price, color, position };
  });
}
