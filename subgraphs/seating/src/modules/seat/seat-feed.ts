import { type EntityManager, TransactionPropagation } from '@mikro-orm/postgresql';
import { afterCommit, type Logger, type PubSub, runSql, sql } from '@tiketi/kit';
import { type SeatChangeBatch, type SeatView, seatChannel } from './seat-view.ts';

export type SeatTopics = Record<string, SeatChangeBatch>;

/** A transaction that changes seats. */
export interface SeatWork {
  /** The transaction's EntityManager: run every statement on it. */
  em: EntityManager;
  /** Records seats whose status this transaction changed (as they are after the change). */
  changed(seats: readonly SeatView[]): void;
}

export interface SeatChangeResult<T> {
  result: T;
  /** What will be published after COMMIT: one batch per event whose seats changed, with its new version. */
  batches: SeatChangeBatch[];
}

/**
 * The one way seats change (the hold function aside, which raises the version in SQL and uses `announce`).
 * `change(em, work)` runs `work` in a transaction (joining the caller's, e.g. an
 * event consumer's); then, as its last statements, it raises the version of every event whose seats changed —
 * so the per-event row lock is held only until COMMIT — and after COMMIT, never before, it publishes one batch
 * per event with the new version. A rollback publishes nothing. Publishing is fire-and-forget: Redis is not
 * the record, and a lost batch only shows as a version gap that makes clients refetch.
 */
export class SeatFeed {
  constructor(
    private readonly pubsub: PubSub<SeatTopics>,
    private readonly log: Logger,
  ) {}

  change<T>(em: EntityManager, work: (tx: SeatWork) => Promise<T>): Promise<SeatChangeResult<T>> {
    return em.transactional(
      async (tx) => {
        const changes = new Map<string, Map<string, SeatView>>();
        const result = await work({
          em: tx,
          changed(seats) {
            for (const seat of seats) {
              const seatsOfEvent = changes.get(seat.eventId) ?? new Map<string, SeatView>();
              changes.set(seat.eventId, seatsOfEvent);
              seatsOfEvent.set(seat.id, seat);
            }
          },
        });
        // Sorted: two transactions bumping the same events lock their inventory rows in one order.
        const batches: SeatChangeBatch[] = [];
        for (const eventId of [...changes.keys()].sort()) {
          const seats = [...(changes.get(eventId)?.values() ?? [])];
          const [row] = await runSql<{ version: number }>(
            tx,
            sql`update seating.event_inventory set version = version + 1, updated_at = now()
                where event_id = ${eventId} returning version`,
          );
          if (!row) throw new Error(`seats changed for event ${eventId} without inventory`);
          batches.push({ eventId, version: row.version, seats });
        }
        if (batches.length > 0) afterCommit(tx, () => this.publish(batches));
        return { result, batches };
      },
      { propagation: TransactionPropagation.REQUIRED },
    );
  }

  /**
   * For a change that raised the version itself, in one statement of its own (the hold function, see
   * `Holds.attempt`): publishes `batch` after COMMIT of `em`'s transaction when there is one, otherwise now —
   * the statement has returned, so its implicit transaction has committed.
   */
  announce(em: EntityManager, batch: SeatChangeBatch): void {
    if (em.getTransactionContext()) afterCommit(em, () => this.publish([batch]));
    else this.publish([batch]);
  }

  private publish(batches: SeatChangeBatch[]): void {
    for (const batch of batches) {
      this.pubsub
        .publish(seatChannel(batch.eventId), batch)
        .catch((err: Error) =>
          this.log.warn(
            { err: err.message, eventId: batch.eventId, version: batch.version },
            'seat change not published (clients will refetch on the version gap)',
          ),
        );
    }
  }
}
