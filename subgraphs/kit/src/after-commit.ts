import type { EntityManager, EventSubscriber, MikroORM, TransactionEventArgs } from '@mikro-orm/core';

/**
 * Work that must happen only once a transaction has committed (publishing a change to Redis, waking a
 * worker), never before and never for a rollback. Callbacks are attached to the root transaction and run in
 * order right after its COMMIT; a rollback drops them.
 *
 * Install once per ORM (`installAfterCommit(orm)`); join outer transactions with
 * `em.transactional(cb, { propagation: TransactionPropagation.REQUIRED })` rather than nesting savepoints, so
 * the work runs after the real commit, not after a savepoint release.
 */
const pending = new WeakMap<object, (() => void)[]>();

// One subscriber for every ORM: transactional forks clone their EventManager, and the clone keeps it.
const subscriber: EventSubscriber = {
  afterTransactionCommit(args: TransactionEventArgs) {
    const callbacks = args.transaction ? pending.get(args.transaction) : undefined;
    if (!callbacks || !args.transaction) return;
    pending.delete(args.transaction);
    // The transaction has committed: a failing callback must not turn that into an error for the caller.
    for (const callback of callbacks) {
      try {
        callback();
      } catch {
        /* callbacks report their own failures */
      }
    }
  },
  afterTransactionRollback(args: TransactionEventArgs) {
    if (args.transaction) pending.delete(args.transaction);
  },
};

export function installAfterCommit(orm: MikroORM): void {
  orm.em.getEventManager().registerSubscriber(subscriber);
}

/** Runs `callback` after the COMMIT of `em`'s (root) transaction; dropped if it rolls back. */
export function afterCommit(em: EntityManager, callback: () => void): void {
  if (!em.getEventManager().getSubscribers().has(subscriber)) {
    throw new Error('afterCommit: call installAfterCommit(orm) first');
  }
  const trx = em.getTransactionContext<object>();
  if (!trx) throw new Error('afterCommit: not inside a transaction');
  // A savepoint's release is not a commit: its callbacks would never run.
  if ('savepointName' in trx) throw new Error('afterCommit: inside a nested transaction (use REQUIRED)');
  const callbacks = pending.get(trx) ?? [];
  callbacks.push(callback);
  pending.set(trx, callbacks);
}
