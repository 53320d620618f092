import type { GraphQLDataSource } from '@apollo/gateway';
import { ErrorCode } from '@tiketi/kit/errors';
import type { Identity } from '@tiketi/kit/identity';
import type { Logger } from '@tiketi/kit/logger';
import { type ExecutionResult, GraphQLError, type GraphQLFormattedError } from 'graphql';
import WebSocket from 'ws';
import { CloseReason, RouterCloseCode } from './close-codes.ts';
import type { Coalescer, PendingEvent, UpstreamResult } from './coalesce.ts';
import { resolveEvent } from './executor.ts';
import type { SubscriptionMetrics } from './metrics.ts';
import type { PreparedSubscription, SubscriptionSchema } from './planning.ts';
import { identityKey, type UpstreamCaller, type UpstreamPool } from './upstream.ts';

export interface FanOutOptions {
  pool: UpstreamPool;
  /** Fields whose events are the same for everyone (config `SUBSCRIPTION_SHARED_FIELDS`). */
  sharedFields: ReadonlySet<string>;
  coalesceMs: number;
  maxBufferedBytes: number;
  dataSources: ReadonlyMap<string, GraphQLDataSource>;
  /** Client-facing error formatting (the same as HTTP's: known codes pass, the rest is hidden and logged). */
  formatErrors(errors: readonly GraphQLFormattedError[]): GraphQLFormattedError[];
  metrics: SubscriptionMetrics;
  log: Logger;
}

export interface JoinRequest {
  schema: SubscriptionSchema;
  prepared: PreparedSubscription;
  /** Coerced client variables. */
  variables: Record<string, unknown>;
  session: { identity: Identity; clientIp: string };
  socket: WebSocket;
  /** The client's graphql-ws operation id. */
  id: string;
}

/** What graphql-ws iterates for one client operation: it never yields (messages are written directly). */
export type MemberIterator = AsyncIterableIterator<never> & { return(): Promise<IteratorResult<never>> };

/** Messages waiting to be delivered (and events merging into one window), beyond which the oldest are dropped. */
const MAX_QUEUED_EVENTS = 1_000;
/** Time a slow consumer gets to read up to our close frame before its socket is destroyed. */
const SLOW_CONSUMER_GRACE_MS = 10_000;
const NEXT_SUFFIX = Buffer.from('}');
/** Sockets written before the fan-out yields to the event loop. */
const SEND_SLICE = 1_000;
const AS_TEXT = { binary: false } as const;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The router's subscription fan-out. Upstream work does not grow with the number of watchers:
 *
 * - one **upstream group** per distinct (subgraph, primary operation, its variables, and the caller's identity
 *   only for personal fields) holds one subscription at the owning subgraph;
 * - inside it, one **selection group** per distinct client operation and variables resolves each event once
 *   (entity fetches included) and serializes it once;
 * - each member then gets the same bytes behind its own `{"id":…,"type":"next","payload":` prefix, written
 *   to its socket directly — graphql-ws would execute and stringify per subscriber, which is what limits a
 *   bare graphql-ws server to about 20,000 deliveries per CPU-second here.
 *
 * Mergeable fields (`seatChanged`) coalesce: an event waits until `coalesceMs` after the last delivery ended,
 * or after the first event of its window if that is sooner (at the latest, until the delivery in flight ends),
 * and the events gathered meanwhile leave as one message (see coalesce.ts for the merge rule that keeps version
 * gaps visible).
 */
export class FanOut {
  readonly #options: FanOutOptions;
  readonly #groups = new Map<string, UpstreamGroup>();
  #members = 0;

  constructor(options: FanOutOptions) {
    this.#options = options;
  }

  get upstreams(): number {
    return this.#groups.size;
  }

  get subscriptions(): number {
    return this.#members;
  }

  join(request: JoinRequest): MemberIterator {
    const { prepared, variables, session } = request;
    const shared = this.#options.sharedFields.has(prepared.fieldName);
    const upstreamVariables = pick(variables, prepared.primary.variableUsages ?? []);
    const key = [
      prepared.primaryKey,
      stableStringify(upstreamVariables),
      shared ? 'shared' : identityKey(session.identity),
    ].join('\n');
    let group = this.#groups.get(key);
    if (!group) {
      const caller: UpstreamCaller = shared
        ? { kind: 'shared' }
        : { kind: 'personal', identity: session.identity, clientIp: session.clientIp };
      group = new UpstreamGroup(this, this.#options, key, prepared, upstreamVariables, caller);
      this.#groups.set(key, group);
      group.start();
    }
    // Entity fetches of a shared field run as anonymous: the result goes to everyone in the group.
    const context = shared ? { identity: null, clientIp: 'router' } : session;
    const member = group.add(request, context);
    this.#members++;
    return member.iterator;
  }

  /** Ends every group (members complete) and unsubscribes upstream. */
  close(): void {
    for (const group of [...this.#groups.values()]) group.finish();
  }

  /** Writes one serialized `next` payload to a member, unless the socket is gone or too far behind. */
  send(member: Member, payload: Buffer): boolean {
    const { socket } = member;
    if (socket.readyState !== WebSocket.OPEN) return false;
    if (socket.bufferedAmount > this.#options.maxBufferedBytes) {
      this.#closeSlowConsumer(socket);
      return false;
    }
    socket.send(Buffer.concat([member.prefix, payload, NEXT_SUFFIX]), AS_TEXT);
    return true;
  }

  /** @internal called by groups */
  forget(group: UpstreamGroup): void {
    if (this.#groups.get(group.key) === group) this.#groups.delete(group.key);
  }

  /** @internal called by members */
  memberLeft(): void {
    this.#members--;
  }

  #closeSlowConsumer(socket: WebSocket): void {
    this.#options.metrics.slowConsumers.inc();
    this.#options.log.warn({ buffered: socket.bufferedAmount }, 'closing a slow subscription consumer');
    socket.close(RouterCloseCode.TryAgainLater, CloseReason.slowConsumer);
    // The close frame queues behind everything unread; a client that never reads again never gets it.
    setTimeout(() => socket.terminate(), SLOW_CONSUMER_GRACE_MS).unref();
  }
}

type GroupState = 'open' | 'ending' | 'closed';

/** Waiting to be delivered: one event, or the mergeable events gathered during one coalescing window. */
type Queued =
  | { kind: 'event'; event: PendingEvent }
  | { kind: 'window'; events: UpstreamResult[]; receivedAt: number };

class UpstreamGroup {
  readonly key: string;
  readonly #hub: FanOut;
  readonly #options: FanOutOptions;
  readonly #prepared: PreparedSubscription;
  readonly #upstreamVariables: Record<string, unknown>;
  readonly #caller: UpstreamCaller;
  readonly #coalescer: Coalescer | null;
  readonly #selections = new Map<string, SelectionGroup>();
  readonly #queue: Queued[] = [];
  #state: GroupState = 'open';
  #pumping = false;
  /** When the last delivery ended (`performance.now()`); long ago at first, so a first event leaves at once. */
  #lastDelivery = Number.NEGATIVE_INFINITY;
  #unsubscribe: () => void = () => {};

  constructor(
    hub: FanOut,
    options: FanOutOptions,
    key: string,
    prepared: PreparedSubscription,
    upstreamVariables: Record<string, unknown>,
    caller: UpstreamCaller,
  ) {
    this.#hub = hub;
    this.#options = options;
    this.key = key;
    this.#prepared = prepared;
    this.#upstreamVariables = upstreamVariables;
    this.#caller = caller;
    this.#coalescer = options.coalesceMs > 0 ? prepared.coalescer : null;
  }

  start(): void {
    const { primary } = this.#prepared;
    this.#options.metrics.upstreamSubscribes.inc();
    this.#unsubscribe = this.#options.pool.subscribe(
      primary.serviceName,
      this.#caller,
      { query: primary.operation, operationName: primary.operationName, variables: this.#upstreamVariables },
      {
        next: (result) => this.#onEvent(result),
        error: (error) => this.#onError(error),
        complete: () => this.#end(),
      },
    );
  }

  add(request: JoinRequest, context: { identity: Identity; clientIp: string }): Member {
    const key = `${request.prepared.selectionKey}\n${stableStringify(request.variables)}`;
    let selection = this.#selections.get(key);
    if (!selection) {
      selection = new SelectionGroup(
        this.#options,
        request.schema,
        request.prepared,
        request.variables,
        context,
      );
      this.#selections.set(key, selection);
    }
    const current = selection;
    const member = new Member(request.socket, request.id, () => {
      current.members.delete(member);
      this.#hub.memberLeft();
      if (current.members.size === 0 && this.#selections.get(key) === current) this.#selections.delete(key);
      if (this.#selections.size === 0) this.#close();
    });
    current.members.add(member);
    return member;
  }

  /** Ends every member (graphql-ws sends them `complete`) and the upstream subscription. */
  finish(): void {
    const members = [...this.#selections.values()].flatMap((s) => [...s.members]);
    this.#close();
    for (const member of members) member.end();
  }

  #onEvent(result: UpstreamResult): void {
    if (this.#state !== 'open') return;
    this.#options.metrics.upstreamEvents.inc();
    if (this.#coalescer && this.#coalescer.versionOf(result) !== null) {
      // The last queued window has not started (the pump takes an item off the queue before delivering it).
      const tail = this.#queue.at(-1);
      if (tail?.kind === 'window' && tail.events.length < MAX_QUEUED_EVENTS) tail.events.push(result);
      else this.#queue.push({ kind: 'window', events: [result], receivedAt: performance.now() });
    } else {
      this.#queue.push({ kind: 'event', event: single(result) });
    }
    if (this.#queue.length > MAX_QUEUED_EVENTS) {
      this.#queue.shift();
      this.#options.metrics.droppedEvents.inc();
    }
    void this.#pump();
  }

  #onError(error: unknown): void {
    if (this.#state === 'closed') return;
    // A GraphQL error list (the subgraph refused the operation) or a close the client will not retry.
    const errors: GraphQLFormattedError[] = Array.isArray(error)
      ? (error as GraphQLFormattedError[])
      : [{ message: 'upstream subscription failed', extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } }];
    this.#options.log.error(
      { subgraph: this.#prepared.primary.serviceName, error: Array.isArray(error) ? error : String(error) },
      'upstream subscription failed',
    );
    this.#queue.push({ kind: 'event', event: single({ errors }) });
    this.#end();
  }

  /** The subgraph completed the subscription: deliver what is queued, then complete every member. */
  #end(): void {
    if (this.#state !== 'open') return;
    this.#state = 'ending';
    // New clients of the same key start a fresh upstream subscription instead of joining one that ended.
    this.#hub.forget(this);
    void this.#pump();
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      while (this.#queue.length > 0 && this.#state !== 'closed') {
        const head = this.#queue[0];
        if (head?.kind === 'window' && this.#state === 'open') {
          // Events arriving during the wait join the window. It closes `coalesceMs` after the last delivery ended
          // (an event after a quiet spell leaves at once), but never later than `coalesceMs` after its own first
          // event: behind a delivery longer than that (ten thousand sockets on a short CPU) it leaves as soon as
          // the delivery ends, with every event that arrived meanwhile. Counting from the end of the delivery
          // alone added the window to the lag of every message under load (bench/RESULTS.md, issue 19).
          const closes = Math.min(this.#lastDelivery, head.receivedAt) + this.#options.coalesceMs;
          const wait = closes - performance.now();
          if (wait > 0) await sleep(wait);
        }
        const item = this.#queue.shift();
        // The wait above may have seen the last member leave.
        if (!item || (this.#state as GroupState) === 'closed') break;
        const messages =
          item.kind === 'window' && this.#coalescer
            ? this.#coalescer.runs(item.events, item.receivedAt)
            : item.kind === 'event'
              ? [item.event]
              : [];
        for (const message of messages) {
          if ((this.#state as GroupState) === 'closed') break;
          await this.#deliver(message);
          this.#options.metrics.lag.observe((performance.now() - message.receivedAt) / 1_000);
        }
        this.#lastDelivery = performance.now();
      }
    } finally {
      this.#pumping = false;
    }
    if (this.#state === 'ending') this.finish();
  }

  async #deliver(event: PendingEvent): Promise<void> {
    const selections = [...this.#selections.values()];
    // The executor writes entity data into the event; selections other than the last get their own copy.
    await Promise.all(
      selections.map((selection, i) =>
        selection.deliver(
          this.#hub,
          i === selections.length - 1 ? event : { ...event, result: structuredClone(event.result) },
        ),
      ),
    );
  }

  #close(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#queue.length = 0;
    this.#hub.forget(this);
    this.#unsubscribe();
  }
}

class SelectionGroup {
  readonly members = new Set<Member>();
  readonly #options: FanOutOptions;
  readonly #schema: SubscriptionSchema;
  readonly #prepared: PreparedSubscription;
  readonly #variables: Record<string, unknown>;
  readonly #context: { identity: Identity; clientIp: string };

  constructor(
    options: FanOutOptions,
    schema: SubscriptionSchema,
    prepared: PreparedSubscription,
    variables: Record<string, unknown>,
    context: { identity: Identity; clientIp: string },
  ) {
    this.#options = options;
    this.#schema = schema;
    this.#prepared = prepared;
    this.#variables = variables;
    this.#context = context;
  }

  async deliver(hub: FanOut, event: PendingEvent): Promise<void> {
    if (this.members.size === 0) return;
    const { metrics, log } = this.#options;
    const resolving = performance.now();
    metrics.stages.observe({ stage: 'wait' }, (resolving - event.receivedAt) / 1_000);
    let result: ExecutionResult;
    try {
      result = await resolveEvent({
        schema: this.#schema,
        prepared: this.#prepared,
        variables: this.#variables,
        context: this.#context,
        dataSources: this.#options.dataSources,
        event: event.result,
        log,
      });
    } catch (err) {
      log.error({ err }, 'resolving a subscription event failed');
      // No code: formatErrors shows it as a generic INTERNAL_SERVER_ERROR.
      result = { data: null, errors: [new GraphQLError('resolving a subscription event failed')] };
    }
    metrics.executions.inc();
    const writing = performance.now();
    metrics.stages.observe({ stage: 'resolve' }, (writing - resolving) / 1_000);
    const payload = Buffer.from(JSON.stringify(this.#clientResult(result, event)));
    let sent = 0;
    let slice = 0;
    for (const member of this.members) {
      if (hub.send(member, payload)) sent++;
      // Ten thousand writes take a good part of a second on a busy machine: let HTTP requests (holds!) and
      // other groups in between.
      if (++slice === SEND_SLICE) {
        slice = 0;
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    metrics.deliveries.inc(sent);
    metrics.stages.observe({ stage: 'write' }, (performance.now() - writing) / 1_000);
  }

  #clientResult(result: ExecutionResult, event: PendingEvent) {
    const errors = result.errors?.length
      ? this.#options.formatErrors(
          result.errors.map((e) =>
            // The executor passes fetch failures (a refused connection, a bad response) on as plain Errors.
            typeof e.toJSON === 'function' ? e.toJSON() : { message: String((e as Error).message) },
          ),
        )
      : undefined;
    return {
      data: result.data ?? null,
      ...(errors ? { errors } : {}),
      // The executor's own extensions (value-completion diagnostics) are internal; ours say what was merged.
      ...(event.count > 1
        ? { extensions: { coalesced: { fromVersion: event.fromVersion, count: event.count } } }
        : {}),
    };
  }
}

class Member {
  readonly socket: WebSocket;
  readonly prefix: Buffer;
  readonly iterator: MemberIterator;
  #state: { phase: 'active'; waiting?: (result: IteratorResult<never>) => void } | { phase: 'ended' } = {
    phase: 'active',
  };
  readonly #onLeave: () => void;

  constructor(socket: WebSocket, id: string, onLeave: () => void) {
    this.socket = socket;
    this.prefix = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
    this.#onLeave = onLeave;
    const done = (): IteratorResult<never> => ({ value: undefined, done: true });
    const iterator: MemberIterator = {
      next: () => {
        if (this.#state.phase === 'ended') return Promise.resolve(done());
        const state = this.#state;
        return new Promise((resolve) => {
          state.waiting = resolve;
        });
      },
      // The client completed the operation or its socket closed.
      return: () => {
        this.#leave();
        return Promise.resolve(done());
      },
      throw: (err) => {
        this.#leave();
        return Promise.reject(err);
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    this.iterator = iterator;
  }

  /** Ends the operation from our side: graphql-ws sends `complete`. */
  end(): void {
    const state = this.#state;
    this.#leave();
    if (state.phase === 'active') state.waiting?.({ value: undefined, done: true });
  }

  #leave(): void {
    if (this.#state.phase === 'ended') return;
    this.#state = { phase: 'ended' };
    this.#onLeave();
  }
}

const single = (result: UpstreamResult): PendingEvent => ({
  result,
  count: 1,
  fromVersion: null,
  receivedAt: performance.now(),
});

function pick(values: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const name of names) if (name in values) picked[name] = values[name];
  return picked;
}

/** JSON with object keys sorted, so equal variables give equal keys whatever order the client sent. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
