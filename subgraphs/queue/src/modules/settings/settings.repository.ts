import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import { badInput, pgTimestamp, recordAudit, runSql, sql } from '@tiketi/kit';
import type { QueueMode } from '../line/views.ts';
import type { EventConfig, WaitingLine } from '../line/waiting-line.ts';
import { QueueSettings } from './settings.entity.ts';

export interface QueueConfigInput {
  mode?: QueueMode | null;
  paused?: boolean | null;
  capacity?: number | null;
}

export const MAX_CAPACITY = 1_000_000;

/** How long Redis remembers that an id is no event queue knows of (a join for it then asks Postgres again). */
const UNKNOWN_EVENT_TTL_SECONDS = 60;

interface EventRow {
  projected: boolean;
  configured: boolean;
  status: string | null;
  sale_starts_at: string | null;
  starts_at: string | null;
  deleted_at: string | null;
  mode: QueueMode | null;
  paused: boolean | null;
  capacity: number | null;
}

/**
 * Per-event settings and what queue knows of an event, in Postgres (the record), and their live copy in
 * Redis, which the scripts read on every step (no Postgres on the join path). `sync` rewrites the copy from
 * the record: after a change, at start-up, and when a script finds no copy (e.g. after Redis lost its data).
 */
export class Settings {
  constructor(
    private readonly line: WaitingLine,
    private readonly defaultCapacity: number,
  ) {}

  /** Admin: changes the given fields (the rest stay), audit-logged in the same transaction. */
  async configure(
    em: EntityManager,
    actorId: string,
    eventId: string,
    input: QueueConfigInput,
  ): Promise<void> {
    if (
      input.capacity != null &&
      (!Number.isInteger(input.capacity) || input.capacity < 1 || input.capacity > MAX_CAPACITY)
    ) {
      throw badInput(`Capacity must be a whole number from 1 to ${MAX_CAPACITY}.`, 'capacity');
    }
    await em.transactional(async (tx) => {
      // The row exists before it is locked, so concurrent first configurations serialize on it.
      await runSql(
        tx,
        sql`insert into queue.settings (event_id, capacity, updated_by)
            values (${eventId}, ${this.defaultCapacity}, ${actorId}) on conflict (event_id) do nothing`,
      );
      const settings = await tx.findOneOrFail(
        QueueSettings,
        { eventId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const before = { mode: settings.mode, paused: settings.paused, capacity: settings.capacity };
      if (input.mode != null) settings.mode = input.mode;
      if (input.paused != null) settings.paused = input.paused;
      if (input.capacity != null) settings.capacity = input.capacity;
      settings.updatedBy = actorId;
      await tx.flush();
      await recordAudit(tx, 'queue', actorId, {
        action: 'queue.configure',
        target: { type: 'event', id: eventId },
        details: {
          before,
          after: { mode: settings.mode, paused: settings.paused, capacity: settings.capacity },
        },
      });
      // Inside the transaction: if Redis refuses, nothing is recorded either.
      await this.sync(tx, eventId);
    });
  }

  /**
   * Rewrites the event's live config in Redis from Postgres and runs one admission step, so the room's state
   * (on/off) and admissions follow the change at once. Returns whether buyers may see the event.
   *
   * The projection's consumer and `configure` each sync inside their own transaction. One event's syncs take
   * turns on a transaction-scoped advisory lock, held until the caller commits: the next one reads only after
   * that commit, so Redis is written last from what both committed, never from a read made before the other
   * committed (which left a room configured at its creation hidden, or put its old mode back).
   */
  async sync(em: EntityManager, eventId: string): Promise<{ visible: boolean }> {
    return em.transactional((tx) => this.#sync(tx, eventId));
  }

  async #sync(em: EntityManager, eventId: string): Promise<{ visible: boolean }> {
    await runSql(em, sql`select pg_advisory_xact_lock(hashtextextended(${`queue.sync:${eventId}`}, 0))`);
    const [row] = await runSql<EventRow>(
      em,
      sql`select e.event_id is not null as projected, s.event_id is not null as configured,
                 e.status, e.sale_starts_at, e.starts_at, e.deleted_at, s.mode, s.paused, s.capacity
          from (select ${eventId}::uuid as id) k
          left join queue.events e on e.event_id = k.id
          left join queue.settings s on s.event_id = k.id`,
    );
    if (!row) throw new Error('sync: no row');
    const config = toEventConfig(row, this.defaultCapacity);
    await this.line.writeConfig(
      eventId,
      config,
      row.projected || row.configured ? null : UNKNOWN_EVENT_TTL_SECONDS,
    );
    await this.line.stepAll(eventId);
    return { visible: config.visible };
  }

  /** Start-up: every event whose sale may still matter, and every configured one. */
  async syncAll(em: EntityManager): Promise<number> {
    const rows = await runSql<{ event_id: string }>(
      em,
      sql`select event_id from queue.events where deleted_at is null and starts_at > now()
          union select event_id from queue.settings`,
    );
    for (const { event_id } of rows) await this.sync(em, event_id);
    return rows.length;
  }
}

function toEventConfig(row: EventRow, defaultCapacity: number): EventConfig {
  const settings = {
    mode: row.mode ?? 'AUTO',
    paused: row.paused ?? false,
    capacity: row.capacity ?? defaultCapacity,
  };
  if (!row.projected || !row.sale_starts_at || !row.starts_at || !row.status) {
    return { visible: false, ...settings, opensAt: null, closesAt: null, saleStartsAt: null };
  }
  const saleStartsAt = pgTimestamp(row.sale_starts_at).getTime();
  return {
    visible: row.deleted_at === null && row.status !== 'DRAFT',
    ...settings,
    // An admin may open the sale early (ON_SALE before saleStartsAt): the pre-queue is placed at once.
    opensAt: row.status === 'ON_SALE' || row.status === 'SOLD_OUT' ? 0 : saleStartsAt,
    closesAt: row.status === 'CANCELLED' || row.status === 'ENDED' ? 0 : pgTimestamp(row.starts_at).getTime(),
    saleStartsAt,
  };
}
