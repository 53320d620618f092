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
/** `beforeCommit` work per root transaction, run (awaited, in order) as its last statements. */
const finishing = new WeakMap<object, (() => Promise<void>)[]>();

// One subscriber for every ORM: transactional forks clone their EventManager, and the clone keeps it.
const subscriber: EventSubscriber = {
  async beforeTransactionCommit(args: TransactionEventArgs) {
    const callbacks = args.transaction ? finishing.get(args.transaction) : undefined;
    if (!callbacks || !args.transaction) return;
    // A callback may add more (e.g. its own afterCommit); one added here still runs in this loop.
    for (let i = 0; i < callbacks.length; i++) await callbacks[i]?.();
    finishing.delete(args.transaction);
  },
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
    if (!args.transaction) return;
    pending.delete(args.transaction);
    finishing.delete(args.transaction);
  },
};

export function installAfterCommit(orm: MikroORM): void {
  orm.em.getEventManager().registerSubscriber(subscriber);
}

function rootTransaction(em: EntityManager, name: string): object {
  if (!em.getEventManager().getSubscribers().has(subscriber)) {
    throw new Error(`${name}: call installAfterCommit(orm) first`);
  }
  const trx = em.getTransactionContext<object>();
  if (!trx) throw new Error(`${name}: not inside a transaction`);
  // A savepoint's release is not a commit: its callbacks would never run.
  if ('savepointName' in trx) throw new Error(`${name}: inside a nested transaction (use REQUIRED)`);
  return trx;
}

/**
 * Runs `callback` inside `em`'s (root) transaction as its last work, just before COMMIT, after the unit of
 * work's flush: statements that take a hot lock (an event's version row) belong here, so the lock is held only
 * for the commit itself, not for the rest of a long transaction (a consumer's batched lane). Awaited in order;
 * a callback that throws rolls the transaction back. Run on the transaction's connection: use the `em` that
 * registered it. Dropped on rollback.
 */
export function beforeCommit(em: EntityManager, callback: () => Promise<void>): void {
  const trx = rootTransaction(em, 'beforeCommit');
  const callbacks = finishing.get(trx) ?? [];
  callbacks.push(callback);
  finishing.set(trx, callbacks);
}

/** Per root transaction, per owner: state a component gathers over one transaction (see `transactionState`). */
const states = new WeakMap<object, Map<object, unknown>>();

/**
 * State that `owner` keeps for the duration of `em`'s (root) transaction — e.g. the changes a feed gathers to
 * announce once after COMMIT — created by `init` the first time the owner asks within it (`created: true`: the
 * moment to register its `beforeCommit`/`afterCommit` work). Forgotten with the transaction.
 */
export function transactionState<T>(
  em: EntityManager,
  owner: object,
  init: () => T,
): { state: T; created: boolean } {
  const trx = rootTransaction(em, 'transactionState');
  let byOwner = states.get(trx);
  if (!byOwner) {
    byOwner = new Map();
    states.set(trx, byOwner);
  }
  if (byOwner.has(owner)) return { state: byOwner.get(owner) as T, created: false };
  const state = init();
  byOwner.set(owner, state);
  return { state, created: true };
}

/** Forgets `owner`'s state in `em`'s transaction: the next `transactionState` call starts afresh (created). */
export function endTransactionState(em: EntityManager, owner: object): void {
  states.get(rootTransaction(em, 'endTransactionState'))?.delete(owner);
}

/** Runs `callback` after the COMMIT of `em`'s (root) transaction; dropped if it rolls back. */
export function afterCommit(em: EntityManager, callback: () => void): void {
  const trx = rootTransaction(em, 'afterCommit');
  const callbacks = pending.get(trx) ?? [];
  callbacks.push(callback);
  pending.set(trx, callbacks);
}
