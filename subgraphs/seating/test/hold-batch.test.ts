import { randomUUID } from 'node:crypto';
import type { AppError } from '@tiketi/kit';
import { CATALOG_STATUSES, saleState } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LayoutTemplate } from '../src/modules/layout/layout-template.ts';
import {
  buyer,
  HOLD,
  listenToSeatChanges,
  rowsLayout,
  type SeatInfo,
  type SeatingHarness,
  sleep,
  startSeating,
} from './helpers.ts';

// The hold path in one statement (seating.hold_seats), requests arriving together sharing one transaction
// (hold-batcher.ts), and the cached seat geometry behind best available (seat-geometry.ts).

let h: SeatingHarness;
let layoutId: string;

beforeAll(async () => {
  h = await startSeating();
  layoutId = await h.layout(
    rowsLayout([
      { name: '1', seats: 10 },
      { name: '2', seats: 10 },
    ]),
  );
});
afterAll(async () => {
  await h?.dispose();
});

async function seatedEvent() {
  const eventId = await h.event();
  const seats = await h.attach(eventId, layoutId, { R: 110_000 });
  return { eventId, seats };
}

/** Holds straight through the service's `Holds`, outside any transaction, as a resolver does. */
function hold(userId: string, eventId: string, seats: (SeatInfo | string)[]) {
  const ids = seats.map((s) => (typeof s === 'string' ? s : s.id));
  return h.service.seating.holds.hold(h.service.orm.orm.em.fork(), userId, eventId, ids).then(
    (view) => ({ ok: true as const, view }),
    (err: AppError) => ({ ok: false as const, code: err.extensions?.code, extensions: err.extensions }),
  );
}

async function heldSeats(eventId: string) {
  return h.sql<{ id: string; user_id: string; hold_id: string }>(
    `select s.id, h.user_id, s.hold_id from seating.seats s join seating.holds h on h.id = s.hold_id
     where s.event_id = ? and s.status = 'HELD' order by s.seq`,
    [eventId],
  );
}

describe('holds arriving together', () => {
  it('share one transaction and one version, and each is all or nothing on its own', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const [{ version: v0 } = { version: -1 }] = await h.sql<{ version: number }>(
        'select version from seating.event_inventory where event_id = ?',
        [eventId],
      );
      const [a, b, c, d, e, f] = [buyer(), buyer(), buyer(), buyer(), buyer(), buyer()];
      const twice = buyer();
      const nowhere = randomUUID();
      // All issued in one tick: the first finds the event's lane idle and goes alone; the others wait for it
      // and then go together, in this order.
      const [first, ...batch] = await Promise.all([
        hold(a.userId, eventId, [seats[19]!]),
        hold(b.userId, eventId, [seats[0]!, seats[1]!]),
        hold(c.userId, eventId, [seats[1]!, seats[2]!]), // seat 1 went to b just before, in the same batch
        hold(d.userId, eventId, [seats[3]!]),
        hold(twice.userId, eventId, [seats[4]!, seats[5]!, seats[6]!]),
        hold(twice.userId, eventId, [seats[7]!, seats[8]!]), // 3 + 2 > 4: over the limit
        hold(e.userId, eventId, [seats[9]!, nowhere]), // a seat that does not exist
        hold(f.userId, eventId, [seats[10]!]),
      ]);
      expect(first!.ok).toBe(true);
      expect(batch.map((r) => (r.ok ? 'OK' : r.code))).toEqual([
        'OK',
        'SEAT_UNAVAILABLE',
        'OK',
        'OK',
        'SEAT_LIMIT_EXCEEDED',
        'SEAT_UNAVAILABLE',
        'OK',
      ]);
      const [bRes, cRes, , , tooMany, unknown] = batch;
      expect(bRes!.ok && bRes!.view.seats.map((s) => s.id)).toEqual([seats[0]!.id, seats[1]!.id]);
      expect(!cRes!.ok && cRes!.extensions?.seatIds).toEqual([seats[1]!.id]);
      expect(!tooMany!.ok && tooMany!.extensions).toMatchObject({ limit: 4, owned: 3 });
      expect(!unknown!.ok && unknown!.extensions?.seatIds).toEqual([nowhere]);

      // In the database: exactly the winners' seats, each held by its buyer; the refused requests hold
      // nothing (seat 2 of c's request, seats 7–8 and 9 are free).
      const held = await heldSeats(eventId);
      const owner = new Map(held.map((r) => [r.id, r.user_id]));
      expect(Object.fromEntries(held.map((r) => [r.id, r.user_id]))).toEqual({
        [seats[0]!.id]: b.userId,
        [seats[1]!.id]: b.userId,
        [seats[3]!.id]: d.userId,
        [seats[4]!.id]: twice.userId,
        [seats[5]!.id]: twice.userId,
        [seats[6]!.id]: twice.userId,
        [seats[10]!.id]: f.userId,
        [seats[19]!.id]: a.userId,
      });
      for (const free of [2, 7, 8, 9]) expect(owner.has(seats[free]!.id)).toBe(false);
      const holds = await h.sql<{ n: number }>(
        'select count(*)::int as n from seating.holds where event_id = ? and user_id = any(?::uuid[])',
        [eventId, `{${[c.userId, e.userId].join(',')}}`],
      );
      expect(holds[0]!.n).toBe(0);

      // Two transactions, two versions: the second change carries every seat its four holds took.
      const batches = await listener.until((bs) => bs.length >= 2);
      await sleep(100);
      expect(batches.map((x) => x.version)).toEqual([v0 + 1, v0 + 2]);
      expect(batches[0]!.seats.map((s) => s.id)).toEqual([seats[19]!.id]);
      expect(batches[1]!.seats.map((s) => s.id).sort()).toEqual(
        [0, 1, 3, 4, 5, 6, 10].map((i) => seats[i]!.id).sort(),
      );
      expect(new Set(batches[1]!.seats.map((s) => s.status))).toEqual(new Set(['HELD']));
      const [{ version } = { version: -1 }] = await h.sql<{ version: number }>(
        'select version from seating.event_inventory where event_id = ?',
        [eventId],
      );
      expect(version).toBe(v0 + 2);
    } finally {
      await listener.close();
    }
  });

  it('a refused batch changes nothing: no version, no published change', async () => {
    const { eventId, seats } = await seatedEvent();
    const taken = await hold(buyer().userId, eventId, [seats[0]!]);
    expect(taken.ok).toBe(true);
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const [{ version: before } = { version: -1 }] = await h.sql<{ version: number }>(
        'select version from seating.event_inventory where event_id = ?',
        [eventId],
      );
      const results = await Promise.all([
        hold(buyer().userId, eventId, [seats[0]!]),
        hold(buyer().userId, eventId, [seats[0]!, seats[1]!]),
        hold(buyer().userId, eventId, [randomUUID()]),
      ]);
      expect(results.map((r) => (r.ok ? 'OK' : r.code))).toEqual([
        'SEAT_UNAVAILABLE',
        'SEAT_UNAVAILABLE',
        'SEAT_UNAVAILABLE',
      ]);
      await sleep(300);
      expect(listener.batches).toEqual([]);
      const [{ version } = { version: -1 }] = await h.sql<{ version: number }>(
        'select version from seating.event_inventory where event_id = ?',
        [eventId],
      );
      expect(version).toBe(before);
      expect((await heldSeats(eventId)).map((r) => r.id)).toEqual([seats[0]!.id]);
    } finally {
      await listener.close();
    }
  });

  it('a hold over HTTP is published after its COMMIT: on arrival the seat already reads HELD elsewhere', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      let seenOnArrival: string | undefined;
      const arrived = listener
        .until((b) => b.length > 0)
        .then(async () => {
          seenOnArrival = (
            await h.sql<{ status: string }>('select status from seating.seats where id = ?', [seats[2]!.id])
          )[0]!.status;
        });
      const res = await h.call(HOLD, { input: { eventId, seatIds: [seats[2]!.id] } }, buyer());
      expect(res.errors).toBeUndefined();
      await arrived;
      expect(seenOnArrival).toBe('HELD');
    } finally {
      await listener.close();
    }
  });

  it('inside a caller’s transaction a hold joins it: announced after its COMMIT, nothing after a rollback', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    const { holds } = h.service.seating;
    try {
      await expect(
        h.service.orm.orm.em.fork().transactional(async (tx) => {
          await holds.hold(tx, buyer().userId, eventId, [seats[0]!.id]);
          throw new Error('the surrounding work failed');
        }),
      ).rejects.toThrow('the surrounding work failed');
      await sleep(300);
      expect(listener.batches).toEqual([]);
      expect(await heldSeats(eventId)).toEqual([]);

      let publishedBeforeCommit = -1;
      await h.service.orm.orm.em.fork().transactional(async (tx) => {
        await holds.hold(tx, buyer().userId, eventId, [seats[1]!.id]);
        await sleep(200);
        publishedBeforeCommit = listener.batches.length;
      });
      expect(publishedBeforeCommit).toBe(0);
      const [change] = await listener.until((b) => b.length > 0);
      expect(change!.seats.map((s) => [s.id, s.status])).toEqual([[seats[1]!.id, 'HELD']]);
    } finally {
      await listener.close();
    }
  });
});

describe('the sale window', () => {
  it('seating.on_sale (the hold function’s rule) agrees with saleState in every case', async () => {
    const hour = 3_600_000;
    const now = new Date();
    const at = (offset: number) => new Date(now.getTime() + offset);
    const cases: { status: string; saleStartsAt: Date; startsAt: Date; deletedAt: Date | null }[] = [];
    for (const status of CATALOG_STATUSES) {
      for (const saleStartsAt of [at(-hour), at(hour)]) {
        for (const startsAt of [at(-hour), at(2 * hour)]) {
          for (const deletedAt of [null, at(-hour)])
            cases.push({ status, saleStartsAt, startsAt, deletedAt });
        }
      }
    }
    const rows = await h.sql<{ i: number; on_sale: boolean }>(
      `select c.i, seating.on_sale(c.status, c.sale_starts_at, c.starts_at, c.deleted_at, ?::timestamptz) as on_sale
       from json_to_recordset(?::json) as c(i int, status text, sale_starts_at timestamptz, starts_at timestamptz,
         deleted_at timestamptz) order by c.i`,
      [
        now.toISOString(),
        JSON.stringify(
          cases.map((c, i) => ({
            i,
            status: c.status,
            sale_starts_at: c.saleStartsAt.toISOString(),
            starts_at: c.startsAt.toISOString(),
            deleted_at: c.deletedAt?.toISOString() ?? null,
          })),
        ),
      ],
    );
    expect(rows).toHaveLength(cases.length);
    const expected = cases.map(
      (c) =>
        saleState({ ...c, status: c.status as (typeof CATALOG_STATUSES)[number] }, now).phase === 'on-sale',
    );
    expect(rows.map((r) => r.on_sale)).toEqual(expected);
    // Both outcomes occur, so the comparison means something.
    expect(new Set(expected)).toEqual(new Set([true, false]));
  });
});

describe('best available on cached seat geometry', () => {
  const BEST = `mutation($e: ID!, $t: ID!, $q: Int!) {
    holdBestAvailable(eventId: $e, ticketTypeId: $t, quantity: $q) { id seats { id row number } }
  }`;
  /** Two rows of 6; the stage above them (row 1 nearer) or below them (row 2 nearer). */
  const twoRows = (stageBelow: boolean): LayoutTemplate => ({
    ...rowsLayout([
      { name: '1', seats: 6 },
      { name: '2', seats: 6 },
    ]),
    stage: stageBelow
      ? { x: 400, y: 900, width: 200, height: 20, label: 'STAGE' }
      : { x: 400, y: 0, width: 200, height: 20, label: 'STAGE' },
  });

  it('follows a re-attached layout: the same seats, measured from the moved stage', async () => {
    const above = await h.layout(twoRows(false));
    const below = await h.layout(twoRows(true));
    const eventId = await h.event();
    const seats = await h.attach(eventId, above);
    const type = seats[0]!.ticketType.id;
    const first = await h.call(BEST, { e: eventId, t: type, q: 2 }, buyer());
    expect(first.errors).toBeUndefined();
    expect(new Set(first.data!.holdBestAvailable.seats.map((s: { row: string }) => s.row))).toEqual(
      new Set(['1']),
    );
    // Same section, rows and numbers: every seat keeps its id (and the held ones their hold); only where the
    // stage is changes, so only a new layout version can tell the cache.
    const again = await h.attach(eventId, below);
    expect(again.map((s) => s.id).sort()).toEqual(seats.map((s) => s.id).sort());
    const second = await h.call(BEST, { e: eventId, t: again[0]!.ticketType.id, q: 2 }, buyer());
    expect(second.errors).toBeUndefined();
    expect(new Set(second.data!.holdBestAvailable.seats.map((s: { row: string }) => s.row))).toEqual(
      new Set(['2']),
    );
  });

  it('buyers asking together get the best, the next best …, each on the first try', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const type = seats[0]!.ticketType.id;
    // Counts hold attempts: a lost race would show as a second attempt.
    const batcher = (
      h.service.seating.holds as unknown as { batcher: { hold: (...args: unknown[]) => Promise<unknown> } }
    ).batcher;
    const original = batcher.hold;
    let attempts = 0;
    batcher.hold = (...args) => {
      attempts++;
      return original.apply(batcher, args);
    };
    try {
      const results = await Promise.all(
        Array.from({ length: 5 }, () =>
          h.service.seating.holds
            .holdBestAvailable(h.service.orm.orm.em.fork(), buyer().userId, eventId, type, 2)
            .then((v) => v.seats.map((s) => s.id)),
        ),
      );
      const all = results.flat();
      expect(new Set(all).size).toBe(10);
      // The five pairs fill row 1, the row nearest the stage.
      expect(new Set(all)).toEqual(new Set(seats.filter((s) => s.row === '1').map((s) => s.id)));
      expect(attempts).toBe(5);
    } finally {
      batcher.hold = original;
    }
  });
});
