import { useApolloClient } from '@apollo/client/react';
import { createVersionTracker, unpackChanges, unpackStatuses, versionedChange } from '@tiketi/live-client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { SeatChangedSubscription } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { liveDocument } from '../apollo.ts';
import { useApp } from '../app-context.ts';
import type { LiveState } from '../live.ts';
import { SeatStore } from './store.ts';

const SeatStatusQueryDocument = graphql(`
  query SeatStatusQuery($id: ID!) {
    event(id: $id) {
      id
      seatMap {
        version
        statusCodes
        layout {
          revision
        }
      }
    }
  }
`);

const SeatChangesSinceQueryDocument = graphql(`
  query SeatChangesSinceQuery($id: ID!, $version: Int!) {
    event(id: $id) {
      id
      seatMap {
        changesSince(version: $version) {
          version
          seatIndexes
          statusCodes
        }
        layout {
          revision
        }
      }
    }
  }
`);

const SeatChangedDocument = graphql(`
  subscription SeatChanged($eventId: ID!) {
    seatChanged(eventId: $eventId) {
      eventId
      version
      seats {
        id
        status
      }
    }
  }
`);

/** What the page loaded: the version, and the statuses packed against the layout's seat ids (in its order). */
export interface SeatSnapshot {
  version: number;
  /** `SeatMapLayout.revision` of `ids` */
  revision: number;
  ids: readonly string[];
  statusCodes: string;
}

type Change = SeatChangedSubscription['seatChanged'] & { fromVersion: number | null };

/**
 * How long after the socket first connects the seat map reloads once more. The snapshot is read before the
 * subscription is active at the router (socket, ack, the router's upstream subscription to seating): a change
 * committed in that window is not in the snapshot and never arrives, and only the next change would reveal the
 * gap. One reload after the subscription settled closes the window.
 */
const SETTLE_MS = 500;

/**
 * Keeps `store` in step with the event's seats: starts from `snapshot` (the page query's), applies
 * `seatChanged` batches by the version-gap rule of `@tiketi/live-client` (apply, ignore, or catch up on a gap)
 * and catches up after every reconnect: from `SeatMap.changesSince` while seating's history covers the gap,
 * by reloading every status only when it does not. Statuses only: the geometry never changes under a page.
 */
export function useLiveSeats(eventId: string, snapshot: SeatSnapshot | undefined) {
  const client = useApolloClient();
  const { live } = useApp();
  const [store] = useState(() => new SeatStore());
  const [problem, setProblem] = useState<unknown>(null);

  useEffect(() => {
    if (!snapshot) return;
    let first = true;
    const tracker = createVersionTracker<Change>({
      refetch: async () => {
        if (first) {
          first = false;
          store.reset(unpackStatuses(snapshot.ids, snapshot.statusCodes) ?? []);
          return snapshot.version;
        }
        const { data } = await client.query({
          query: SeatStatusQueryDocument,
          variables: { id: eventId },
          fetchPolicy: 'no-cache',
        });
        const seatMap = data?.event?.seatMap;
        if (!seatMap) throw new Error(`event ${eventId} has no seat map`);
        const statuses =
          seatMap.layout.revision === snapshot.revision
            ? unpackStatuses(snapshot.ids, seatMap.statusCodes)
            : null;
        // Another layout was attached: the page reloads it, and this effect starts over with the new snapshot.
        if (!statuses) await client.refetchQueries({ include: ['SeatsQuery'] });
        else store.reset(statuses);
        setProblem(null);
        return seatMap.version;
      },
      // After a reconnect or a gap: the seats changed since our version, from seating's history (a few bytes
      // per changed seat); null sends the tracker to the full reload above. Reconnects are spread by the
      // live client's full-jitter backoff, so a router restart does not bring every page here at once.
      catchUp: async (version) => {
        const { data } = await client.query({
          query: SeatChangesSinceQueryDocument,
          variables: { id: eventId, version },
          fetchPolicy: 'no-cache',
        });
        const seatMap = data?.event?.seatMap;
        const changes = seatMap?.changesSince;
        if (!seatMap || !changes || seatMap.layout.revision !== snapshot.revision) return null;
        const seats = unpackChanges(snapshot.ids, changes.seatIndexes, changes.statusCodes);
        if (!seats) return null;
        store.apply(seats);
        setProblem(null);
        return changes.version;
      },
      apply: (change) => store.apply(change.seats),
      onError: setProblem,
    });
    const stop = live.client.subscribe<SeatChangedSubscription>(
      { ...liveDocument(SeatChangedDocument), variables: { eventId }, operationName: 'SeatChanged' },
      {
        next: (result) => {
          const change = versionedChange<Change>(result);
          if (change) tracker.push(change);
          else if (result.errors?.length) setProblem(result.errors[0]);
        },
        error: setProblem,
      },
    );
    const offReconnect = live.onReconnect(() => tracker.resync());
    let settleTimer: ReturnType<typeof setTimeout> | undefined;
    const settle = () => {
      if (settleTimer || live.state !== 'connected') return;
      settleTimer = setTimeout(() => tracker.resync(), SETTLE_MS);
    };
    const offState = live.subscribe(settle);
    settle();
    return () => {
      stop();
      offReconnect();
      offState();
      clearTimeout(settleTimer);
      tracker.stop();
    };
  }, [client, live, eventId, snapshot, store]);

  return { store, problem };
}

/** The live channel's state, for the "live / reconnecting" indicator. */
export function useLiveState(): LiveState {
  const { live } = useApp();
  return useSyncExternalStore(
    (listener) => live.subscribe(listener),
    () => live.state,
  );
}

/** Re-renders on every change of the store (batched per task); returns the store's revision. */
export function useStoreRevision(store: SeatStore): number {
  return useSyncExternalStore(
    (listener) => store.subscribe(listener),
    () => store.revision,
  );
}
