import type { SeatStatus } from '../__generated__/graphql.ts';

/** What one seat looks like on screen. Replaced (never mutated) on change, so it can be a React snapshot. */
export interface SeatView {
  status: SeatStatus;
  /** picked by this buyer, not held yet */
  selected: boolean;
  /** held (or bought) by this buyer in this tab */
  mine: boolean;
  /**
   * Offered for resale (issue 17): the seat stays SOLD in the seat map and `Event.resaleListings` says which
   * sold seats another buyer can take, at what price. null when not listed (or a buyer is checking it out).
   */
  resale: ResaleOffer | null;
}

/** A resale listing as the map shows it. */
export interface ResaleOffer {
  listingId: string;
  price: number;
}

export interface StatusChange {
  id: string;
  status: SeatStatus;
}

const UNKNOWN: SeatView = { status: 'BLOCKED', selected: false, mine: false, resale: null };

/**
 * The live state of every seat of one seat map, outside React. A seat change notifies the listeners of the
 * seats it touches and nobody else, so 50 changes a second re-render a handful of seat elements, not 5,000.
 * Summary listeners (selection panel, counts) hear about every change, batched per task.
 */
export class SeatStore {
  #views = new Map<string, SeatView>();
  #seatListeners = new Map<string, Set<() => void>>();
  #listeners = new Set<() => void>();
  #changeListeners = new Set<(id: string) => void>();
  #loaded = false;
  #selected: string[] = [];
  #notifyScheduled = false;
  #revision = 0;
  /** Kept per change: counting 5,000 seats on every change was a visible share of a slow phone's frame. */
  #counts: Record<SeatStatus, number> = { AVAILABLE: 0, HELD: 0, SOLD: 0, BLOCKED: 0 };
  /** Seats picked that someone else took before the hold: the page says so once. */
  #lost: string[] = [];
  /** Seats with a resale offer, by seat id. */
  #resale = new Map<string, ResaleOffer>();

  view(id: string): SeatView {
    return this.#views.get(id) ?? UNKNOWN;
  }

  /** Seats picked, in the order they were picked. Same array until the selection changes. */
  get selected(): readonly string[] {
    return this.#selected;
  }

  /** Grows with every notified change: the snapshot of summary views. */
  get revision(): number {
    return this.#revision;
  }

  get lost(): readonly string[] {
    return this.#lost;
  }

  subscribeSeat(id: string, listener: () => void): () => void {
    let set = this.#seatListeners.get(id);
    if (!set) {
      set = new Set();
      this.#seatListeners.set(id, set);
    }
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * Every seat whose view changed, synchronously and with its id: the canvas marks it for the next frame.
   * Cheaper than one `subscribeSeat` per seat for 20,000 seats.
   */
  onChange(listener: (id: string) => void): () => void {
    this.#changeListeners.add(listener);
    return () => this.#changeListeners.delete(listener);
  }

  /** True once the statuses have been loaded (the first `reset`): before, every seat reads BLOCKED. */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Any change at all (counts, the selection); called at most once per task. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** A full reload: every status as the server has it now. */
  reset(statuses: readonly StatusChange[]) {
    const present = new Set<string>();
    for (const { id, status } of statuses) {
      present.add(id);
      this.#set(id, status);
    }
    for (const id of [...this.#views.keys()]) if (!present.has(id)) this.#set(id, 'BLOCKED');
    if (!this.#loaded) {
      this.#loaded = true;
      this.#scheduleNotify();
    }
  }

  /** A seat change as it arrived (statuses are absolute; applying one twice is harmless). */
  apply(seats: readonly StatusChange[]) {
    for (const { id, status } of seats) this.#set(id, status);
  }

  /** Picks or unpicks an available seat; returns false when it cannot be picked. */
  toggle(id: string, limit: number): boolean {
    const view = this.view(id);
    if (view.selected) {
      this.#update(id, { ...view, selected: false });
      return true;
    }
    if (view.status !== 'AVAILABLE' || view.mine || this.#selected.length >= limit) return false;
    this.#update(id, { ...view, selected: true });
    return true;
  }

  clearSelection() {
    for (const id of this.#selected) this.#update(id, { ...this.view(id), selected: false });
  }

  /** These seats are this buyer's (a hold succeeded); `false` gives them back (released, expired). */
  markMine(ids: readonly string[], mine: boolean) {
    for (const id of ids) {
      const view = this.view(id);
      if (view.mine !== mine || view.selected) this.#update(id, { ...view, mine, selected: false });
    }
  }

  /** The event's resale listings as they are now (seat id → offer); seats no longer listed lose theirs. */
  setResale(offers: ReadonlyMap<string, ResaleOffer>) {
    for (const id of [...this.#resale.keys()]) {
      if (!offers.has(id)) this.#update(id, { ...this.view(id), resale: null });
    }
    for (const [id, offer] of offers) {
      const before = this.#resale.get(id);
      if (before?.listingId === offer.listingId && before.price === offer.price) continue;
      this.#update(id, { ...this.view(id), resale: offer });
    }
    this.#resale = new Map(offers);
  }

  /**
   * Picks the resale seat `id` alone — a listing is bought on its own, never with other seats — or, with null,
   * unpicks everything. Returns false when the seat is not offered for resale.
   */
  pickResale(id: string | null): boolean {
    this.clearSelection();
    if (!id) return true;
    const view = this.view(id);
    if (!view.resale || view.mine) return false;
    this.#update(id, { ...view, selected: true });
    return true;
  }

  /** How many seats are offered for resale now (the legend). */
  get resaleCount(): number {
    return this.#resale.size;
  }

  forgetLost() {
    if (this.#lost.length === 0) return;
    this.#lost = [];
    this.#scheduleNotify();
  }

  #set(id: string, status: SeatStatus) {
    const view = this.#views.get(id);
    if (view?.status === status) return;
    const next: SeatView = {
      status,
      selected: view?.selected ?? false,
      mine: view?.mine ?? false,
      resale: view?.resale ?? null,
    };
    // Someone else took a seat this buyer had only picked: it cannot be held any more.
    if (next.selected && status !== 'AVAILABLE') {
      next.selected = false;
      this.#lost = [...this.#lost, id];
    }
    // A seat of this buyer's that is free again: the hold ended (expired, released).
    if (next.mine && status === 'AVAILABLE') next.mine = false;
    this.#update(id, next);
  }

  #update(id: string, next: SeatView) {
    const before = this.#views.get(id);
    this.#views.set(id, next);
    if (before?.status !== next.status) {
      if (before) this.#counts[before.status]--;
      this.#counts[next.status]++;
    }
    if ((before?.selected ?? false) !== next.selected) {
      this.#selected = next.selected ? [...this.#selected, id] : this.#selected.filter((s) => s !== id);
    }
    const listeners = this.#seatListeners.get(id);
    if (listeners) for (const listener of listeners) listener();
    for (const listener of this.#changeListeners) listener(id);
    this.#scheduleNotify();
  }

  #scheduleNotify() {
    if (this.#notifyScheduled) return;
    this.#notifyScheduled = true;
    queueMicrotask(() => {
      this.#notifyScheduled = false;
      this.#revision++;
      for (const listener of [...this.#listeners]) listener();
    });
  }

  /** Counts per status, for the legend. */
  counts(): Record<SeatStatus, number> {
    return { ...this.#counts };
  }
}
