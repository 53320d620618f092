import { describe, expect, it } from 'vitest';
import { SeatStore } from '../src/seatmap/store.ts';

/** The seat map's state outside React: who is told about a change decides how much of the map re-renders. */

const seats = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ id: `s${i}`, status: 'AVAILABLE' as const }));
const tick = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe('SeatStore', () => {
  it('tells only the seats a change touches, and summary listeners once per batch', async () => {
    const store = new SeatStore();
    store.reset(seats(5_000));
    await tick();
    const told = new Map<string, number>();
    for (let i = 0; i < 5_000; i++) {
      store.subscribeSeat(`s${i}`, () => told.set(`s${i}`, (told.get(`s${i}`) ?? 0) + 1));
    }
    let summaries = 0;
    store.subscribe(() => summaries++);

    store.apply([
      { id: 's1', status: 'HELD' },
      { id: 's2', status: 'SOLD' },
      // already AVAILABLE: nobody is told
      { id: 's3', status: 'AVAILABLE' },
    ]);
    await tick();
    expect([...told]).toEqual([
      ['s1', 1],
      ['s2', 1],
    ]);
    expect(summaries).toBe(1);
    expect(store.view('s1').status).toBe('HELD');
    expect(store.counts()).toEqual({ AVAILABLE: 4_998, HELD: 1, SOLD: 1, BLOCKED: 0 });
  });

  it('picks available seats up to the limit, in order, and never a taken one', () => {
    const store = new SeatStore();
    store.reset([...seats(4), { id: 'taken', status: 'HELD' }]);
    expect(store.toggle('s2', 2)).toBe(true);
    expect(store.toggle('s0', 2)).toBe(true);
    expect(store.toggle('s1', 2)).toBe(false);
    expect(store.toggle('taken', 2)).toBe(false);
    expect(store.selected).toEqual(['s2', 's0']);
    expect(store.toggle('s2', 2)).toBe(true);
    expect(store.selected).toEqual(['s0']);
  });

  it('unpicks a seat someone else takes, and says so once', () => {
    const store = new SeatStore();
    store.reset(seats(3));
    store.toggle('s0', 4);
    store.toggle('s1', 4);
    store.apply([{ id: 's0', status: 'HELD' }]);
    expect(store.selected).toEqual(['s1']);
    expect(store.view('s0')).toEqual({ status: 'HELD', selected: false, mine: false, resale: null });
    expect(store.lost).toEqual(['s0']);
    store.forgetLost();
    expect(store.lost).toEqual([]);
  });

  it("marks the buyer's held seats, and lets them go when they are free again (expired, released)", () => {
    const store = new SeatStore();
    store.reset(seats(2));
    store.toggle('s0', 4);
    store.markMine(['s0'], true);
    expect(store.selected).toEqual([]);
    store.apply([{ id: 's0', status: 'HELD' }]);
    expect(store.view('s0')).toEqual({ status: 'HELD', selected: false, mine: true, resale: null });
    store.apply([{ id: 's0', status: 'AVAILABLE' }]);
    expect(store.view('s0').mine).toBe(false);
  });

  it('a reload sets every status as the server has it; seats it no longer lists cannot be picked', () => {
    const store = new SeatStore();
    store.reset(seats(3));
    store.reset([
      { id: 's0', status: 'SOLD' },
      { id: 's1', status: 'AVAILABLE' },
    ]);
    expect(store.view('s0').status).toBe('SOLD');
    expect(store.view('s2').status).toBe('BLOCKED');
    expect(store.toggle('s2', 4)).toBe(false);
  });

  it('resale offers (issue 17): told per seat, picked alone, gone when the listing ends', async () => {
    const store = new SeatStore();
    store.reset([...seats(3), { id: 's3', status: 'SOLD' }, { id: 's4', status: 'SOLD' }]);
    await tick();
    const told: string[] = [];
    store.onChange((id) => told.push(id));
    store.setResale(new Map([['s3', { listingId: 'l3', price: 50_000 }]]));
    expect(told).toEqual(['s3']);
    expect(store.view('s3')).toEqual({
      status: 'SOLD',
      selected: false,
      mine: false,
      resale: { listingId: 'l3', price: 50_000 },
    });
    expect(store.resaleCount).toBe(1);
    // The same listings again: nobody is told.
    store.setResale(new Map([['s3', { listingId: 'l3', price: 50_000 }]]));
    expect(told).toEqual(['s3']);
    // A sold seat cannot be picked as a first-sale seat, only as a resale one, and then alone.
    expect(store.toggle('s3', 4)).toBe(false);
    expect(store.toggle('s0', 4)).toBe(true);
    expect(store.pickResale('s4')).toBe(false);
    expect(store.pickResale('s3')).toBe(true);
    expect(store.selected).toEqual(['s3']);
    // A status change keeps the offer; the listing ending takes it away.
    store.apply([{ id: 's3', status: 'SOLD' }]);
    expect(store.view('s3').resale).not.toBeNull();
    store.setResale(new Map());
    expect(store.view('s3').resale).toBeNull();
    expect(store.resaleCount).toBe(0);
    expect(store.pickResale(null)).toBe(true);
    expect(store.selected).toEqual([]);
  });
});
