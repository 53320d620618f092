import { type EntityManager, TransactionPropagation } from '@mikro-orm/postgresql';
import {
  afterCommit,
  beforeCommit,
  endTransactionState,
  type Logger,
  type PubSub,
  runSql,
  sql,
  transactionState,
} from '@tiketi/kit';
import type { SeatHistory } from './seat-history.ts';
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
  /**
   * What will be published after COMMIT: one batch per event whose seats changed, with its new version. Filled
   * just before COMMIT of the root transaction: complete once `change` resolved when it ran its own
   * transaction; empty when it joined a caller's, whose COMMIT is still to come.
   */
  batches: SeatChangeBatch[];
}

/** Seats changed so far by one root transaction, per event (the last view of a seat wins). */
type PendingChanges = Map<string, Map<string, SeatView>>;

/**
 * The one way seats change (the hold function aside, which raises the version in SQL and uses `announce`).
 * `change(em, work)` runs `work` in a transaction (joining the caller's, e.g. an event consumer's batched
 * lane). The seats it reports are gathered per root transaction: just before that transaction's COMMIT, as its
 * last statements, the version of every event whose seats changed is raised ONCE (a lane of many changes makes
 * one version per event), so the per-event row lock is held only for the commit itself and a sweeper or hold
 * never waits behind a whole lane. After COMMIT, never before, one batch per event is published with its new
 * version and recorded in the seat history (SeatHistory), where clients that missed it catch up from. A
 * rollback publishes nothing. Publishing is fire-and-forget: Redis is not the record, and a lost batch only
 * shows as a version gap that makes clients catch up or refetch.
 */
export class SeatFeed {
  constructor(
    private readonly pubsub: PubSub<SeatTopics>,
    private readonly log: Logger,
    private readonly history?: SeatHistory,
  ) {}

  change<T>(em: EntityManager, work: (tx: SeatWork) => Promise<T>): Promise<SeatChangeResult<T>> {
    return em.transactional(
      async (tx) => {
        const { state, created } = transactionState(tx, this, () => ({
          changes: new Map() as PendingChanges,
          batches: [] as SeatChangeBatch[],
        }));
        if (created) {
          beforeCommit(tx, () => this.bump(tx, state.changes, state.batches));
          afterCommit(tx, () => {
            if (state.batches.length > 0) this.publish(state.batches);
          });
        }
        const { changes } = state;
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
        return { result, batches: state.batches };
      },
      { propagation: TransactionPropagation.REQUIRED },
    );
  }

  /** Raises each changed event's version once, as the root transaction's last statements. */
  private async bump(tx: EntityManager, changes: PendingChanges, batches: SeatChangeBatch[]): Promise<void> {
    // A change reported after this (by other before-commit work) starts a state, and a bump, of its own.
    endTransactionState(tx, this);
    // Sorted: two transactions bumping the same events lock their inventory rows in one order.
    for (const eventId of [...changes.keys()].sort()) {
      const seats = [...(changes.get(eventId)?.values() ?? [])];
      if (seats.length === 0) continue;
      const [row] = await runSql<{ version: number }>(
        tx,
        sql`update seating.event_inventory set version = version + 1, updated_at = now()
            where event_id = ${eventId} returning version`,
      );
      if (!row) throw new Error(`seats changed for event ${eventId} without inventory`);
      batches.push({ eventId, version: row.version, seats });
    }
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
      this.history
        ?.record(batch)
        .catch((err: Error) =>
          this.log.warn(
            { err: err.message, eventId: batch.eventId, version: batch.version },
            'seat change not recorded in the history (clients that missed it reload the map)',
          ),
        );
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
