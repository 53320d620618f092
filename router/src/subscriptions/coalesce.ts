import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/** One event of an upstream subscription as the owning subgraph sent it (the primary fetch's result). */
export interface UpstreamResult {
  data?: Record<string, unknown> | null;
  errors?: readonly unknown[];
}

/** What one message to clients carries: one upstream event, or several merged. */
export interface PendingEvent {
  result: UpstreamResult;
  /** How many upstream events it holds. */
  count: number;
  /** The first version it covers when it holds more than one (told to clients in `extensions.coalesced`). */
  fromVersion: number | null;
  /** When its first event arrived (ms, `performance.now()`), for the lag metric. */
  receivedAt: number;
}

/** Merges events of one `Subscription` field. */
export interface Coalescer {
  /** The event's version; `null` when it cannot take part in a merge (errors, no data). */
  versionOf(result: UpstreamResult): number | null;
  /**
   * The messages for events gathered during one window: sorted by version and split into runs of consecutive
   * versions, each run merged into one message. A hole (a lost event) or a late event starts a new run, so a
   * client's gap rule sees exactly what it would have seen without coalescing.
   */
  runs(events: readonly UpstreamResult[], receivedAt: number): PendingEvent[];
}

type Json = Record<string, unknown>;

/**
 * `seatChanged`: a `SeatChange` is `{ version, seats }` with absolute seat statuses, so consecutive changes
 * merge into one whose `version` is the last one's and whose `seats` are all of theirs in version order (a seat
 * changed twice keeps its last status; with `id` selected it appears once, where it last changed). Only
 * consecutive versions merge. Events of one window are sorted first: two seating replicas may publish
 * consecutive versions in the opposite order. A merged message carries
 * `extensions.coalesced = { fromVersion, count }`; the live client's rule is
 * `gap ⇔ (fromVersion ?? version) > current + 1` (router/client/src/version-gap.ts).
 *
 * It needs `version` in the selection (without it a client cannot detect gaps anyway, and nothing merges).
 */
export function seatChangeCoalescer(primary: DocumentNode): Coalescer | null {
  const operation = primary.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (!operation) return null;
  const fragments = new Map(
    primary.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const roots = fieldsNamed(operation.selectionSet, 'seatChanged', fragments);
  const root = roots[0];
  if (roots.length !== 1 || !root?.selectionSet) return null;
  const versionKey = fieldsNamed(root.selectionSet, 'version', fragments)[0]?.key;
  if (!versionKey) return null;
  const seats = fieldsNamed(root.selectionSet, 'seats', fragments).map((seat) => ({
    key: seat.key,
    idKey: seat.selectionSet ? fieldsNamed(seat.selectionSet, 'id', fragments)[0]?.key : undefined,
  }));
  const rootKey = root.key;

  const changeOf = (result: UpstreamResult): Json | null => {
    if (result.errors?.length) return null;
    const change = result.data?.[rootKey];
    return change && typeof change === 'object' ? (change as Json) : null;
  };
  const versionOf = (result: UpstreamResult): number | null => {
    const version = changeOf(result)?.[versionKey];
    return typeof version === 'number' ? version : null;
  };
  const merge = (run: UpstreamResult[]): UpstreamResult => {
    const last = run[run.length - 1]!;
    const merged: Json = { ...changeOf(last) };
    for (const { key, idKey } of seats) {
      const all = run.flatMap((result) => asArray(changeOf(result)?.[key]));
      merged[key] = idKey ? lastPerId(all, idKey) : all;
    }
    return { data: { ...last.data, [rootKey]: merged } };
  };

  return {
    versionOf,
    runs(events, receivedAt) {
      const byVersion = new Map<number, UpstreamResult>();
      for (const event of events) {
        const version = versionOf(event);
        // The same version twice is the same change (a redelivery): once is enough.
        if (version !== null && !byVersion.has(version)) byVersion.set(version, event);
      }
      const versions = [...byVersion.keys()].sort((a, b) => a - b);
      const runs: PendingEvent[] = [];
      let run: UpstreamResult[] = [];
      let first = 0;
      const close = () => {
        if (run.length === 0) return;
        runs.push({
          result: run.length === 1 ? run[0]! : merge(run),
          count: run.length,
          fromVersion: run.length > 1 ? first : null,
          receivedAt,
        });
        run = [];
      };
      versions.forEach((version, i) => {
        if (i === 0 || version !== versions[i - 1]! + 1) {
          close();
          first = version;
        }
        run.push(byVersion.get(version)!);
      });
      close();
      return runs;
    },
  };
}

const COALESCERS: Record<string, (primary: DocumentNode) => Coalescer | null> = {
  seatChanged: seatChangeCoalescer,
};

/** The coalescer of a `Subscription` field, if its events can be merged (only `seatChanged` so far). */
export function coalescerFor(fieldName: string, primary: DocumentNode): Coalescer | null {
  return COALESCERS[fieldName]?.(primary) ?? null;
}

interface FoundField {
  key: string;
  selectionSet: SelectionSetNode | undefined;
}

/** The response keys of `name` directly in `selectionSet`, looking through inline fragments and spreads. */
function fieldsNamed(
  selectionSet: SelectionSetNode,
  name: string,
  fragments: Map<string, FragmentDefinitionNode>,
): FoundField[] {
  const found: FoundField[] = [];
  for (const selection of selectionSet.selections) {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value === name) {
          found.push({ key: selection.alias?.value ?? name, selectionSet: selection.selectionSet });
        }
        break;
      case Kind.INLINE_FRAGMENT:
        found.push(...fieldsNamed(selection.selectionSet, name, fragments));
        break;
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments.get(selection.name.value);
        if (fragment) found.push(...fieldsNamed(fragment.selectionSet, name, fragments));
        break;
      }
    }
  }
  // The same field selected twice under one key (directly and in a fragment) is one response entry.
  return [...new Map(found.map((f) => [f.key, f])).values()];
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** Keeps each seat's last occurrence, in the order of those last occurrences. */
function lastPerId(seats: unknown[], idKey: string): unknown[] {
  const last = new Map<unknown, unknown>();
  for (const seat of seats) {
    const id = (seat as Json | null)?.[idKey];
    last.delete(id);
    last.set(id, seat);
  }
  return [...last.values()];
}
