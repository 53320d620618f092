import type { Logger, PubSub } from '@tiketi/kit';
import { type QueueTicketView, ticketKey } from '../line/views.ts';
import type { WaitingLine } from '../line/waiting-line.ts';

/**
 * Live tickets for `Subscription.queuePosition`. Whoever moves a line (an admission step, a leave, a forced
 * admission, a new setting) announces it on the event's channel; every replica holding subscribers of that
 * event re-reads their tickets — in one script call per few hundred buyers — and pushes those that changed,
 * each buyer at most once per `intervalMs`. A line of 100,000 moving continuously thus costs each buyer one
 * message a second, and Redis one batched read per replica per announcement, not one per buyer per admission.
 */
export interface LineMoved {
  at: number;
}
export type QueueTopics = Record<string, LineMoved>;
export const movedChannel = (eventId: string) => `queue:${eventId}:moved`;

/** Announces moved lines, at most once per `minIntervalMs` per event from this process (the rest coalesce). */
export class LineNotifier {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly last = new Map<string, number>();
  private closed = false;

  constructor(
    private readonly pubsub: PubSub<QueueTopics>,
    private readonly log: Logger,
    private readonly minIntervalMs = 200,
  ) {}

  moved(eventId: string): void {
    if (this.closed || this.timers.has(eventId)) return;
    const fire = () => {
      this.timers.delete(eventId);
      const at = Date.now();
      this.last.set(eventId, at);
      // Display only (not the record): a lost announcement is made good by the subscribers' periodic refresh.
      this.pubsub
        .publish(movedChannel(eventId), { at })
        .catch((err: Error) => this.log.warn({ err: err.message, eventId }, 'line move not announced'));
    };
    const wait = (this.last.get(eventId) ?? 0) + this.minIntervalMs - Date.now();
    if (wait <= 0) fire();
    else this.timers.set(eventId, setTimeout(fire, wait));
  }

  close(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

export interface TicketFeedOptions {
  line: WaitingLine;
  pubsub: PubSub<QueueTopics>;
  log: Logger;
  /** Least time between two updates to one buyer. @default 1000 */
  intervalMs?: number;
  /** Re-read every subscriber's ticket this often even without announcements (ETA drift, lost messages). @default 5000 */
  refreshMs?: number;
}

export class TicketFeed {
  private readonly rooms = new Map<string, Room>();

  constructor(private readonly options: TicketFeedOptions) {}

  /**
   * The buyer's ticket now, then whenever it changes. `null` when the buyer is not in the event's room (never
   * joined): there is nothing to watch.
   */
  async watch(eventId: string, userId: string): Promise<AsyncIterableIterator<QueueTicketView> | null> {
    for (;;) {
      const room = this.rooms.get(eventId) ?? this.openRoom(eventId);
      const watcher = new Watcher(userId, (w) => room.remove(w));
      // Subscribed before the first read: no move after that read can be missed.
      if (!(await room.add(watcher))) continue;
      try {
        const first = await this.options.line.ticket(eventId, userId);
        if (!first) {
          watcher.end();
          return null;
        }
        watcher.offer(first);
        return watcher;
      } catch (err) {
        watcher.end();
        throw err;
      }
    }
  }

  private openRoom(eventId: string): Room {
    const room: Room = new Room(eventId, this.options, () => {
      if (this.rooms.get(eventId) === room) this.rooms.delete(eventId);
    });
    this.rooms.set(eventId, room);
    return room;
  }

  /** Ends every subscription (graceful shutdown, after the graphql-ws server is disposed). */
  close(): void {
    for (const room of [...this.rooms.values()]) room.close();
  }
}

class Room {
  private readonly watchers = new Set<Watcher>();
  private readonly ready: Promise<void>;
  private subscription: AsyncIterableIterator<LineMoved> | null = null;
  private readonly refresh: NodeJS.Timeout;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private flushing = false;
  private again = false;
  private closed = false;
  private readonly intervalMs: number;

  constructor(
    private readonly eventId: string,
    private readonly options: TicketFeedOptions,
    private readonly onClose: () => void,
  ) {
    this.intervalMs = options.intervalMs ?? 1_000;
    this.ready = options.pubsub.subscribe(movedChannel(eventId)).then((subscription) => {
      if (this.closed) {
        void subscription.return?.();
        return;
      }
      this.subscription = subscription;
      void this.listen(subscription);
    });
    this.ready.catch(() => this.close());
    this.refresh = setInterval(() => this.poke(), options.refreshMs ?? 5_000);
    this.refresh.unref();
  }

  /** False when the room closed meanwhile (its last watcher left): the caller opens a new one. */
  async add(watcher: Watcher): Promise<boolean> {
    await this.ready;
    if (this.closed) return false;
    this.watchers.add(watcher);
    return true;
  }

  remove(watcher: Watcher): void {
    this.watchers.delete(watcher);
    if (this.watchers.size === 0) this.close();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
    clearInterval(this.refresh);
    if (this.timer) clearTimeout(this.timer);
    for (const watcher of [...this.watchers]) watcher.end();
    void this.subscription?.return?.();
  }

  private async listen(subscription: AsyncIterableIterator<LineMoved>): Promise<void> {
    for await (const _moved of subscription) this.poke();
  }

  private poke(): void {
    for (const watcher of this.watchers) watcher.pending = true;
    this.schedule(0);
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    const at = Date.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Number.POSITIVE_INFINITY;
      void this.flush();
    }, delayMs);
  }

  /** Reads and offers the tickets of every watcher that is due; schedules the rest for when they are. */
  private async flush(): Promise<void> {
    if (this.flushing) {
      this.again = true;
      return;
    }
    this.flushing = true;
    try {
      const now = Date.now();
      const due = [...this.watchers].filter((w) => w.pending && now - w.lastSentAt >= this.intervalMs);
      if (due.length > 0) {
        const tickets = await this.options.line.tickets(
          this.eventId,
          due.map((w) => w.userId),
        );
        due.forEach((watcher, i) => {
          watcher.pending = false;
          watcher.offer(tickets[i] ?? null);
        });
      }
    } catch (err) {
      this.options.log.warn(
        { err: (err as Error).message, eventId: this.eventId },
        'queue tickets not refreshed',
      );
    } finally {
      this.flushing = false;
    }
    let next = Number.POSITIVE_INFINITY;
    for (const watcher of this.watchers) {
      if (watcher.pending) next = Math.min(next, watcher.lastSentAt + this.intervalMs);
    }
    if (this.again) {
      this.again = false;
      next = Math.min(next, Date.now());
    }
    if (next !== Number.POSITIVE_INFINITY) this.schedule(Math.max(0, next - Date.now()));
  }
}

/** One subscriber: holds only the latest unsent ticket, so a slow reader gets the newest state, not a backlog. */
class Watcher implements AsyncIterableIterator<QueueTicketView> {
  pending = false;
  lastSentAt = 0;
  private lastKey: string | null = null;
  private latest: QueueTicketView | null = null;
  private waiting: ((result: IteratorResult<QueueTicketView>) => void) | null = null;
  private done = false;

  constructor(
    readonly userId: string,
    private readonly onEnd: (watcher: Watcher) => void,
  ) {}

  offer(ticket: QueueTicketView | null): void {
    // null: no trace of the buyer in the room any more; nothing to tell.
    if (!ticket || this.done) return;
    const key = ticketKey(ticket);
    if (key === this.lastKey) return;
    this.lastKey = key;
    this.lastSentAt = Date.now();
    const waiting = this.waiting;
    if (waiting) {
      this.waiting = null;
      waiting({ value: ticket, done: false });
    } else {
      this.latest = ticket;
    }
  }

  end(): void {
    if (this.done) return;
    this.done = true;
    this.latest = null;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = null;
    this.onEnd(this);
  }

  next(): Promise<IteratorResult<QueueTicketView>> {
    if (this.latest) {
      const value = this.latest;
      this.latest = null;
      return Promise.resolve({ value, done: false });
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<QueueTicketView>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(err: unknown): Promise<IteratorResult<QueueTicketView>> {
    this.end();
    return Promise.reject(err);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<QueueTicketView> {
    return this;
  }
}
