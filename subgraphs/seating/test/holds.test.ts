import { randomUUID } from 'node:crypto';
import { runSql, sql } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatingService } from '../src/index.ts';
import {
  buyer,
  callOnNewConnection,
  HOLD,
  listenToSeatChanges,
  rowsLayout,
  type SeatInfo,
  type SeatingHarness,
  sleep,
  startSeating,
} from './helpers.ts';

let h: SeatingHarness;
let layoutId: string;

beforeAll(async () => {
  h = await startSeating();
  // Rows of 10: enough for every test to use its own event.
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

async function seatedEvent(overrides = {}) {
  const eventId = await h.event(overrides);
  const seats = await h.attach(eventId, layoutId, { R: 110_000 });
  return { eventId, seats };
}

/** Live holds per seat and the holders' seats, read straight from the database. */
async function liveHolds(eventId: string) {
  return h.sql<{ seat_id: string; hold_id: string; user_id: string }>(
    `select s.id as seat_id, s.hold_id, h.user_id from seating.seats s join seating.holds h on h.id = s.hold_id
     where s.event_id = ? and s.status = 'HELD' and s.held_until > now()`,
    [eventId],
  );
}

/** Overlapping requests of 1–4 seats out of `pool`, one per buyer, deterministic. */
function overlappingRequests(pool: SeatInfo[], buyers: number) {
  return Array.from({ length: buyers }, (_, i) => {
    const size = (i % 4) + 1;
    const start = (i * 7) % pool.length;
    const seatIds = Array.from({ length: size }, (_, k) => pool[(start + k * 3) % pool.length]!.id);
    return { identity: buyer(), seatIds: [...new Set(seatIds)] };
  });
}

async function race(eventId: string, pool: SeatInfo[], urls: string[]) {
  const requests = overlappingRequests(pool, 200);
  const results = await Promise.all(
    requests.map((r, i) =>
      callOnNewConnection(
        urls[i % urls.length]!,
        HOLD,
        { input: { eventId, seatIds: r.seatIds } },
        r.identity,
      ),
    ),
  );
  return requests.map((request, i) => ({ ...request, res: results[i]! }));
}

async function assertRaceOutcome(eventId: string, outcomes: Awaited<ReturnType<typeof race>>) {
  const winners = outcomes.filter((o) => o.res.data?.holdSeats);
  const losers = outcomes.filter((o) => !o.res.data?.holdSeats);
  expect(winners.length).toBeGreaterThan(0);
  for (const loser of losers) expect(loser.res.errors?.[0]?.extensions?.code).toBe('SEAT_UNAVAILABLE');
  // Every successful hold holds exactly what was asked for.
  for (const w of winners) {
    expect(w.res.data!.holdSeats.seats.map((s: { id: string }) => s.id).sort()).toEqual(
      [...w.seatIds].sort(),
    );
  }
  // In the database: each seat in at most one live hold, every winner's seats held by the winner, no loser
  // holding anything.
  const held = await liveHolds(eventId);
  expect(new Set(held.map((r) => r.seat_id)).size).toBe(held.length);
  const winnerSeats = winners.flatMap((w) => w.seatIds);
  expect(new Set(winnerSeats).size).toBe(winnerSeats.length);
  expect(held.map((r) => r.seat_id).sort()).toEqual([...winnerSeats].sort());
  for (const w of winners) {
    const rows = held.filter((r) => r.user_id === w.identity.userId);
    expect(rows.map((r) => r.seat_id).sort()).toEqual([...w.seatIds].sort());
  }
  const loserIds = new Set(losers.map((l) => l.identity.userId));
  const loserHolds = await h.sql<{ n: number }>(
    `select count(*)::int as n from seating.holds where event_id = ? and user_id = any(?::uuid[])`,
    [eventId, `{${[...loserIds].join(',')}}`],
  );
  expect(loserHolds[0]!.n).toBe(0);
  return { winners, losers };
}

describe('racing for the same seats', () => {
  it('200 buyers, 20 seats, overlapping requests of 1–4: every seat in at most one hold, all or nothing', async () => {
    const { eventId, seats } = await seatedEvent();
    const outcomes = await race(eventId, seats.slice(0, 20), [h.service.url]);
    const { winners } = await assertRaceOutcome(eventId, outcomes);
    // The seat map agrees with the database.
    const map = await h.seats(eventId);
    const winnerSeats = new Set(winners.flatMap((w) => w.seatIds));
    for (const seat of map) expect(seat.status).toBe(winnerSeats.has(seat.id) ? 'HELD' : 'AVAILABLE');
  });

  it('the same with two seating instances on one database and Redis', async () => {
    const replica = await h.startReplica();
    const { eventId, seats } = await seatedEvent();
    const outcomes = await race(eventId, seats.slice(0, 20), [h.service.url, replica.url]);
    await assertRaceOutcome(eventId, outcomes);
  });

  it('one buyer racing themself cannot pass the per-buyer limit', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const [a, b] = await Promise.all([
      callOnNewConnection(
        h.service.url,
        HOLD,
        { input: { eventId, seatIds: seats.slice(0, 3).map((s) => s.id) } },
        me,
      ),
      callOnNewConnection(
        h.service.url,
        HOLD,
        { input: { eventId, seatIds: seats.slice(5, 8).map((s) => s.id) } },
        me,
      ),
    ]);
    const codes = [a, b].map((r) => (r.data?.holdSeats ? 'OK' : r.errors?.[0]?.extensions?.code)).sort();
    expect(codes).toEqual(['OK', 'SEAT_LIMIT_EXCEEDED']);
    const held = await liveHolds(eventId);
    expect(held).toHaveLength(3);
    expect(new Set(held.map((r) => r.user_id))).toEqual(new Set([me.userId]));
  });
});

describe('refused holds leave everything as it was', () => {
  let eventId: string;
  let seats: SeatInfo[];
  let other: { eventId: string; seats: SeatInfo[] };
  const me = buyer();

  beforeAll(async () => {
    ({ eventId, seats } = await seatedEvent());
    other = await seatedEvent();
  });

  async function expectRefused(input: Record<string, unknown>, code: string, identity = me) {
    const before = await h.sql(`select id, status, hold_id from seating.seats order by id`);
    const holdsBefore = await h.sql(`select count(*)::int as n from seating.holds`);
    const res = await h.call(HOLD, { input }, identity);
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe(code);
    expect(res.errors?.[0]?.message).not.toMatch(/select|sql|stack/i);
    expect(await h.sql(`select id, status, hold_id from seating.seats order by id`)).toEqual(before);
    expect(await h.sql(`select count(*)::int as n from seating.holds`)).toEqual(holdsBefore);
    return res;
  }

  it('no login: UNAUTHENTICATED', async () => {
    await expectRefused({ eventId, seatIds: [seats[0]!.id] }, 'UNAUTHENTICATED', null as never);
  });

  it('unknown event: NOT_FOUND (also for a malformed id)', async () => {
    await expectRefused({ eventId: randomUUID(), seatIds: [seats[0]!.id] }, 'NOT_FOUND');
    await expectRefused({ eventId: 'not-an-id', seatIds: [seats[0]!.id] }, 'NOT_FOUND');
  });

  it('unknown seat ids and seats of another event: SEAT_UNAVAILABLE naming them', async () => {
    const unknown = randomUUID();
    const res = await expectRefused({ eventId, seatIds: [seats[0]!.id, unknown] }, 'SEAT_UNAVAILABLE');
    expect(res.errors?.[0]?.extensions?.seatIds).toEqual([unknown]);
    const foreign = other.seats[0]!.id;
    const res2 = await expectRefused({ eventId, seatIds: [foreign] }, 'SEAT_UNAVAILABLE');
    expect(res2.errors?.[0]?.extensions?.seatIds).toEqual([foreign]);
  });

  it('an empty, duplicated or malformed seat list: BAD_USER_INPUT on seatIds', async () => {
    for (const seatIds of [[], [seats[0]!.id, seats[0]!.id], ['seat-1']]) {
      const res = await expectRefused({ eventId, seatIds }, 'BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.field).toBe('seatIds');
    }
  });

  it('more seats than the per-buyer limit: SEAT_LIMIT_EXCEEDED, counting seats already held', async () => {
    const res = await expectRefused(
      { eventId, seatIds: seats.slice(0, 5).map((s) => s.id) },
      'SEAT_LIMIT_EXCEEDED',
    );
    expect(res.errors?.[0]?.extensions).toMatchObject({ limit: 4, owned: 0 });
    const ok = await h.call(HOLD, { input: { eventId, seatIds: seats.slice(0, 3).map((s) => s.id) } }, me);
    expect(ok.errors).toBeUndefined();
    const res2 = await expectRefused(
      { eventId, seatIds: seats.slice(3, 5).map((s) => s.id) },
      'SEAT_LIMIT_EXCEEDED',
    );
    expect(res2.errors?.[0]?.extensions).toMatchObject({ limit: 4, owned: 3 });
    // The limit is per event: another event is fine.
    const elsewhere = await h.call(
      HOLD,
      { input: { eventId: other.eventId, seatIds: [other.seats[9]!.id] } },
      me,
    );
    expect(elsewhere.errors).toBeUndefined();
  });

  it('a seat someone else holds: SEAT_UNAVAILABLE, and the free seats of the request stay free', async () => {
    const taken = seats[5]!.id;
    expect((await h.call(HOLD, { input: { eventId, seatIds: [taken] } }, buyer())).errors).toBeUndefined();
    await expectRefused({ eventId, seatIds: [seats[6]!.id, taken] }, 'SEAT_UNAVAILABLE', buyer());
  });

  it('before the sale opens: SALE_NOT_OPEN with the opening time; after it starts, holds work', async () => {
    const opensAt = new Date(Date.now() + 3_600_000).toISOString();
    const { eventId: later, seats: laterSeats } = await seatedEvent({
      status: 'SCHEDULED',
      saleStartsAt: opensAt,
    });
    const res = await expectRefused({ eventId: later, seatIds: [laterSeats[0]!.id] }, 'SALE_NOT_OPEN');
    expect(res.errors?.[0]?.extensions?.saleStartsAt).toBe(opensAt);
    // SCHEDULED with the sale start passed is on sale (catalog's rule).
    const { eventId: open, seats: openSeats } = await seatedEvent({
      status: 'SCHEDULED',
      saleStartsAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(
      (await h.call(HOLD, { input: { eventId: open, seatIds: [openSeats[0]!.id] } }, buyer())).errors,
    ).toBeUndefined();
    const { eventId: cancelled, seats: cancelledSeats } = await seatedEvent({ status: 'CANCELLED' });
    await expectRefused({ eventId: cancelled, seatIds: [cancelledSeats[0]!.id] }, 'SALE_NOT_OPEN');
  });

  it('releasing or reserving another buyer’s hold: NOT_FOUND, and the hold stays', async () => {
    const owner = buyer();
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[8]!.id] } }, owner);
    const holdId = hold.data!.holdSeats.id;
    const release = await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: holdId }, buyer());
    expect(release.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const reserve = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id } }',
      { id: holdId },
      buyer(),
    );
    expect(reserve.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const held = await liveHolds(eventId);
    expect(held.find((r) => r.seat_id === seats[8]!.id)?.user_id).toBe(owner.userId);
    // The owner can release it, once.
    expect(
      (await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: holdId }, owner)).data,
    ).toEqual({
      releaseHold: true,
    });
    expect(
      (await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: holdId }, owner)).data,
    ).toEqual({
      releaseHold: false,
    });
    expect((await h.seats(eventId)).find((s) => s.id === seats[8]!.id)?.status).toBe('AVAILABLE');
  });
});

describe('versions and published changes', () => {
  it('every change raises the version by one and its batch carries it', async () => {
    const { eventId, seats } = await seatedEvent();
    const version = async () =>
      (
        await h.call(
          `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { seatMap { version } } } }`,
          {
            r: [{ __typename: 'Event', id: eventId }],
          },
        )
      ).data!._entities[0].seatMap.version as number;
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const v0 = await version();
      const me = buyer();
      const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[0]!.id, seats[1]!.id] } }, me);
      expect(await version()).toBe(v0 + 1);
      await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: hold.data!.holdSeats.id }, me);
      expect(await version()).toBe(v0 + 2);
      // A refused hold changes nothing and publishes nothing.
      await h.call(HOLD, { input: { eventId, seatIds: [randomUUID()] } }, me);
      expect(await version()).toBe(v0 + 2);
      const batches = await listener.until((b) => b.length >= 2);
      await sleep(100);
      expect(batches.map((b) => b.version)).toEqual([v0 + 1, v0 + 2]);
      expect(batches[0]!.seats.map((s) => [s.id, s.status])).toEqual([
        [seats[0]!.id, 'HELD'],
        [seats[1]!.id, 'HELD'],
      ]);
      expect(batches[1]!.seats.map((s) => s.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
      expect(batches[0]!.seats[0]!.ticketType).toMatchObject({ code: 'R', price: 110_000 });
    } finally {
      await listener.close();
    }
  });

  it('publishes only after COMMIT: a failed transaction publishes nothing, a committed one is visible first', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    const service: SeatingService = h.service;
    const holdSeat =
      (seatId: string) => async (tx: Parameters<Parameters<typeof service.feed.change>[1]>[0]) => {
        const rows = await runSql<{ id: string }>(
          tx.em,
          sql`update seating.seats set status = 'BLOCKED' where id = ${seatId} returning id`,
        );
        tx.changed(
          rows.map(() => ({ ...toView(seats[0]!, eventId), id: seatId, status: 'BLOCKED' as const })),
        );
      };
    try {
      const [{ version: before } = { version: -1 }] = await h.sql<{ version: number }>(
        'select version from seating.event_inventory where event_id = ?',
        [eventId],
      );
      await expect(
        service.feed.change(service.orm.orm.em.fork(), async (tx) => {
          await holdSeat(seats[0]!.id)(tx);
          throw new Error('payment of the seat failed');
        }),
      ).rejects.toThrow('payment of the seat failed');
      await sleep(300);
      expect(listener.batches).toEqual([]);
      const [seat] = await h.sql<{ status: string }>('select status from seating.seats where id = ?', [
        seats[0]!.id,
      ]);
      expect(seat!.status).toBe('AVAILABLE');
      expect(
        (
          await h.sql<{ version: number }>('select version from seating.event_inventory where event_id = ?', [
            eventId,
          ])
        )[0]!.version,
      ).toBe(before);

      // On arrival of the batch, another connection already sees the change: it was published after COMMIT.
      let seenOnArrival: string | undefined;
      const arrived = listener
        .until((b) => b.length > 0)
        .then(async () => {
          seenOnArrival = (
            await h.sql<{ status: string }>('select status from seating.seats where id = ?', [seats[1]!.id])
          )[0]!.status;
        });
      await service.feed.change(service.orm.orm.em.fork(), holdSeat(seats[1]!.id));
      await arrived;
      expect(seenOnArrival).toBe('BLOCKED');
      expect(listener.batches[0]!.version).toBe(before + 1);
    } finally {
      await listener.close();
    }
  });

  it('holds keep working while Redis pub/sub is unreachable; only the live batch is lost', async () => {
    const { eventId, seats } = await seatedEvent();
    const replica = await h.startReplica({ REDIS_URL: 'redis://127.0.0.1:1' });
    const res = await callOnNewConnection(
      replica.url,
      HOLD,
      { input: { eventId, seatIds: [seats[0]!.id] } },
      buyer(),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.holdSeats.seats[0].status).toBe('HELD');
  });
});

describe('best available over HTTP', () => {
  const BEST = `mutation($e: ID!, $t: ID!, $q: Int!) {
    holdBestAvailable(eventId: $e, ticketTypeId: $t, quantity: $q) { id seats { id row number status } }
  }`;

  it('holds adjacent seats in the row nearest the stage, never leaving a single seat', async () => {
    const layout = await h.layout(
      rowsLayout([
        { name: '1', seats: 5 },
        { name: '2', seats: 8 },
      ]),
    );
    const eventId = await h.event();
    const seats = await h.attach(eventId, layout);
    const ticketTypeId = seats[0]!.ticketType.id;
    // Row 1 has 5 seats: 4 of them would strand one, so row 2 it is.
    const four = await h.call(BEST, { e: eventId, t: ticketTypeId, q: 4 }, buyer());
    expect(four.errors).toBeUndefined();
    const picked = four.data!.holdBestAvailable.seats as { row: string; number: number }[];
    expect(new Set(picked.map((s) => s.row))).toEqual(new Set(['2']));
    expect(picked.map((s) => s.number)).toEqual([1, 2, 3, 4]);
    // Two seats: row 1, from the start (nothing stranded).
    const two = await h.call(BEST, { e: eventId, t: ticketTypeId, q: 2 }, buyer());
    expect(
      two.data!.holdBestAvailable.seats.map((s: { row: string; number: number }) => `${s.row}-${s.number}`),
    ).toEqual(['1-1', '1-2']);
  });

  it('refuses an unknown ticket type (NOT_FOUND) and too many seats (SEAT_LIMIT_EXCEEDED)', async () => {
    const { eventId, seats } = await seatedEvent();
    const unknown = await h.call(BEST, { e: eventId, t: randomUUID(), q: 1 }, buyer());
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const many = await h.call(BEST, { e: eventId, t: seats[0]!.ticketType.id, q: 5 }, buyer());
    expect(many.errors?.[0]?.extensions?.code).toBe('SEAT_LIMIT_EXCEEDED');
  });

  it('buyers racing for best available all get distinct seats', async () => {
    const { eventId, seats } = await seatedEvent();
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        callOnNewConnection(h.service.url, BEST, { e: eventId, t: seats[0]!.ticketType.id, q: 2 }, buyer()),
      ),
    );
    const won = results.filter((r) => r.data?.holdBestAvailable);
    for (const r of results.filter((r) => !r.data?.holdBestAvailable)) {
      expect(r.errors?.[0]?.extensions?.code).toBe('SEAT_UNAVAILABLE');
    }
    const ids = won.flatMap((r) => r.data!.holdBestAvailable.seats.map((s: { id: string }) => s.id));
    expect(new Set(ids).size).toBe(ids.length);
    // 20 seats, 12 buyers of two: losers retry with a wider choice instead of colliding on the same pair.
    expect(won.length).toBeGreaterThanOrEqual(7);
    expect((await liveHolds(eventId)).length).toBe(ids.length);
  });
});

function toView(seat: SeatInfo, eventId: string) {
  return {
    id: seat.id,
    eventId,
    section: seat.section,
    row: seat.row,
    number: seat.number,
    label: seat.label,
    x: 0,
    y: 0,
    status: 'AVAILABLE' as const,
    ticketType: {
      id: seat.ticketType.id,
      eventId,
      code: 'R',
      name: 'R',
      price: seat.ticketType.price,
      color: null,
    },
  };
}

describe('one live hold per buyer and event (issue 16)', () => {
  const codeOf = (r: {
    data?: { holdSeats?: unknown } | null;
    errors?: { extensions?: { code?: unknown } }[];
  }) => (r.data?.holdSeats ? 'OK' : r.errors?.[0]?.extensions?.code);

  it('a second hold while the first is live is HOLD_ALREADY_ACTIVE; after a release the buyer holds again', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const first = await h.call(HOLD, { input: { eventId, seatIds: [seats[0]!.id] } }, me);
    expect(first.errors).toBeUndefined();
    const second = await h.call(HOLD, { input: { eventId, seatIds: [seats[1]!.id] } }, me);
    expect(second.errors?.[0]?.extensions?.code).toBe('HOLD_ALREADY_ACTIVE');
    expect(second.errors?.[0]?.message).toMatch(/release/);
    // Over the seat limit is still told as such.
    const over = await h.call(HOLD, { input: { eventId, seatIds: seats.slice(1, 5).map((s) => s.id) } }, me);
    expect(over.errors?.[0]?.extensions?.code).toBe('SEAT_LIMIT_EXCEEDED');
    const released = await h.call(
      'mutation($id: ID!) { releaseHold(holdId: $id) }',
      { id: first.data!.holdSeats.id },
      me,
    );
    expect(released.data).toEqual({ releaseHold: true });
    expect(codeOf(await h.call(HOLD, { input: { eventId, seatIds: [seats[1]!.id] } }, me))).toBe('OK');
    // Another buyer, or the same buyer at another event, is not affected.
    expect(codeOf(await h.call(HOLD, { input: { eventId, seatIds: [seats[2]!.id] } }, buyer()))).toBe('OK');
    const other = await seatedEvent();
    expect(
      codeOf(await h.call(HOLD, { input: { eventId: other.eventId, seatIds: [other.seats[0]!.id] } }, me)),
    ).toBe('OK');
  });

  it('two racing holds of one buyer: exactly one is held', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const results = await Promise.all(
      [0, 5].map((i) =>
        callOnNewConnection(h.service.url, HOLD, { input: { eventId, seatIds: [seats[i]!.id] } }, me),
      ),
    );
    expect(results.map(codeOf).sort()).toEqual(['HOLD_ALREADY_ACTIVE', 'OK']);
    expect(await liveHolds(eventId)).toHaveLength(1);
  });
});
