import { backoffDelay } from './backoff.ts';

/**
 * A versioned change as the router delivers it: `SeatChange.version` is the event's seat-map version after the
 * change. When the router coalesced several consecutive changes into one message (see the router README,
 * "Coalescing"), `fromVersion` is the first of them; the seats of all of them are in the one message, in order.
 */
export interface VersionedChange {
  version: number;
  /** First version the message covers; absent for a single change (it covers `version` only). */
  fromVersion?: number | null;
}

/** What to do with a change, given the version the client's state is at. */
export type GapDecision =
  /** It continues the state without a hole: apply its seats in order. */
  | 'apply'
  /** Already contained in the state (a duplicate, or a late one from another replica): drop it. */
  | 'ignore'
  /** Changes between the state and this message are missing: reload the state. */
  | 'refetch';

/**
 * The version-gap rule. Seat statuses in a change are absolute, so re-applying a change the state already has
 * is harmless, and a message covering `fromVersion..version` continues a state at `current` whenever
 * `fromVersion <= current + 1`. Anything further ahead means a change was lost (a replica died between commit
 * and publish, Redis restarted, the socket was down) and only a reload repairs it. Reordering needs no rule of
 * its own: a newer change arriving first already is a gap, and the older one arriving afterwards is ignored.
 */
export function decide(current: number, change: VersionedChange): GapDecision {
  if (change.version <= current) return 'ignore';
  const from = change.fromVersion ?? change.version;
  return from <= current + 1 ? 'apply' : 'refetch';
}

/** The `extensions` the router adds to a coalesced message. */
export interface CoalescedExtension {
  coalesced?: { fromVersion: number; count: number };
}

/**
 * Reads a `seatChanged` result as the router sends it: the change under `field` (the response key, so an
 * alias works) with `fromVersion` taken from `extensions.coalesced` when the router merged changes.
 */
export function versionedChange<T extends { version: number }>(
  result: { data?: Record<string, unknown> | null; extensions?: Record<string, unknown> | null },
  field = 'seatChanged',
): (T & { fromVersion: number | null }) | null {
  const change = result.data?.[field] as T | null | undefined;
  if (!change || typeof change.version !== 'number') return null;
  const coalesced = (result.extensions as CoalescedExtension | null | undefined)?.coalesced;
  return { ...change, fromVersion: coalesced?.fromVersion ?? null };
}

export interface VersionTrackerOptions<C extends VersionedChange> {
  /**
   * Loads the whole state (e.g. `seatMap { version seats … }`) and resolves with its version. Called at start,
   * on a gap, and after every reconnect. Query `version` before the seats, so the seats are at least that new.
   */
  refetch(): Promise<number>;
  /**
   * Asks for the changes since `version` (e.g. `SeatMap.changesSince(version)`) and applies them to the state.
   * Resolves with the version the state is at afterwards, or `null` when the changes are no longer available
   * (the server's history does not cover the gap): only then does the tracker call `refetch`. Tried first on
   * a gap and after a reconnect, whenever the state has a version; a failure falls back to `refetch`.
   */
  catchUp?(version: number): Promise<number | null>;
  /** Applies a change that continues the state. */
  apply(change: C): void;
  /** A failed reload (it is retried with backoff). */
  onError?(error: unknown): void;
  /** Changes kept while a reload is in flight; beyond it they are dropped and the reload repeated. @default 1000 */
  maxBuffered?: number;
  /** Retry delays of failed reloads. */
  backoff?: Parameters<typeof backoffDelay>[1];
}

export interface VersionTracker<C extends VersionedChange> {
  /** Feed every change received. */
  push(change: C): void;
  /** Reload now (call after a reconnect: changes sent while the socket was down are gone). */
  resync(): void;
  /** The state's version; `null` until the first reload finished. */
  readonly version: number | null;
  /** Stops retrying reloads. */
  stop(): void;
  /** How the state was repaired so far: catch-ups from the history, and full reloads (the first one included). */
  readonly stats: { catchUps: number; reloads: number };
}

type TrackerState<C> =
  /** `from`: the version the state was at, which a catch-up starts from (null: only a reload helps). */
  | { phase: 'loading'; buffer: C[]; again: boolean; from: number | null }
  | { phase: 'live'; version: number }
  | { phase: 'stopped' };

/**
 * Keeps a client's state in step with a stream of versioned changes: applies those that continue it, ignores
 * old ones, and when one is missing (or after a reconnect) catches up from the server's history of changes
 * (`catchUp`), reloading the whole state only when the history no longer covers the gap. Changes arriving during a reload are kept and replayed against
 * the reloaded version, so nothing between the snapshot and the stream is lost. Starts with a reload.
 */
export function createVersionTracker<C extends VersionedChange>(
  options: VersionTrackerOptions<C>,
): VersionTracker<C> {
  const maxBuffered = options.maxBuffered ?? 1_000;
  let state: TrackerState<C> = { phase: 'loading', buffer: [], again: false, from: null };
  let failures = 0;
  const stats = { catchUps: 0, reloads: 0 };
  /** Catch-ups since the last change applied live: a history that keeps falling short ends in a reload. */
  let catchUpsInARow = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const handle = (change: C) => {
    if (state.phase === 'stopped') return;
    if (state.phase === 'loading') {
      if (state.buffer.length >= maxBuffered) {
        state.buffer = [];
        state.again = true;
      }
      state.buffer.push(change);
      return;
    }
    switch (decide(state.version, change)) {
      case 'apply':
        catchUpsInARow = 0;
        options.apply(change);
        state = { phase: 'live', version: change.version };
        return;
      case 'ignore':
        return;
      case 'refetch':
        state = { phase: 'loading', buffer: [change], again: false, from: state.version };
        void load();
    }
  };

  const load = async () => {
    let version: number | null = null;
    const from = state.phase === 'loading' ? state.from : null;
    if (from !== null && options.catchUp && catchUpsInARow < 3) {
      catchUpsInARow++;
      try {
        version = await options.catchUp(from);
        if (version !== null) stats.catchUps++;
      } catch (err) {
        options.onError?.(err);
      }
      if (state.phase === 'stopped') return;
    }
    try {
      if (version === null) {
        version = await options.refetch();
        stats.reloads++;
        catchUpsInARow = 0;
      }
    } catch (err) {
      options.onError?.(err);
      if (state.phase === 'stopped') return;
      retryTimer = setTimeout(() => void load(), backoffDelay(failures++, options.backoff));
      return;
    }
    failures = 0;
    if (state.phase !== 'loading') return;
    const { buffer, again } = state;
    if (again) {
      // Something happened during this reload that it may not contain (a reconnect, a dropped buffer): what
      // came after `version` is missing, which a catch-up from it repairs.
      state = { phase: 'loading', buffer: [], again: false, from: version };
      void load();
      return;
    }
    state = { phase: 'live', version };
    for (const change of buffer.sort((a, b) => a.version - b.version)) handle(change);
  };

  void load();
  return {
    push: handle,
    resync() {
      if (state.phase === 'stopped') return;
      if (state.phase === 'loading') {
        state.again = true;
        return;
      }
      state = { phase: 'loading', buffer: [], again: false, from: state.version };
      void load();
    },
    get version() {
      return state.phase === 'live' ? state.version : null;
    },
    get stats() {
      return { ...stats };
    },
    stop() {
      clearTimeout(retryTimer);
      state = { phase: 'stopped' };
    },
  };
}
