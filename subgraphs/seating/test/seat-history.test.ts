import { runSql, sql } from '@tiketi/kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeatWork } from '../src/modules/seat/seat-feed.ts';
import { SeatHistory } from '../src/modules/seat/seat-history.ts';
import type { SeatView } from '../src/modules/seat/seat-view.ts';
import {
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
  layoutId = await h.layout(
    rowsLayout([
      { name: '1', seats: 50 },
      { name: '2', seats: 50 },
    ]),
  );
});
afterAll(() => h?.dispose());

async function seatedEvent() {
  const eventId = await h.event();
  const seats = await h.attach(eventId, layoutId, { R: 110_000 });
  return { eventId, seats };
}

const view = (seat: SeatInfo, eventId: string, status: SeatView['status']): SeatView => ({
  id: seat.id,
  eventId,
  section: seat.section,
  row: seat.row,
  number: seat.number,
  label: seat.label,
  x: 0,
  y: 0,
  status,
  ticketType: { id: seat.ticketType.id, eventId, code: 'R', name: 'R석', price: 110_000, color: null },
});

/** Blocks one seat in `tx` and reports it, as the repositories do. */
async function block(tx: SeatWork, seat: SeatInfo, eventId: string) {
  await runSql(tx.em, sql`update seating.seats set status = 'BLOCKED' where id = ${seat.id}`);
  tx.changed([view(seat, eventId, 'BLOCKED')]);
}

const version = async (eventId: string) =>
  (
    await h.sql<{ version: number }>('select version from seating.event_inventory where event_id = ?', [
      eventId,
    ])
  )[0]!.version;

const MAP = `query($r: [_Any!]!, $v: Int!) { _entities(representations: $r) { ... on Event {
  seatMap { version statusCodes changesSince(version: $v) { version seatIds statusCodes } } } } }`;

async function seatMap(eventId: string, since: number) {
  const res = await h.call<{
    _entities: {
      seatMap: {
        version: number;
        statusCodes: string;
        changesSince: { version: number; seatIds: string[]; statusCodes: string } | null;
      };
    }[];
  }>(MAP, { r: [{ __typename: 'Event', id: eventId }], v: since });
  expect(res.errors).toBeUndefined();
  return res.data!._entities[0]!.seatMap;
}

describe('seat history (SeatMap.changesSince)', () => {
  it('a client that missed N changes catches up from the history, far below a full map', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const v0 = await version(eventId);
      // 20 changes, the first seat changed twice (the later status wins).
      for (let i = 0; i < 20; i++) {
        await h.service.feed.change(h.service.orm.orm.em.fork(), async (tx) => {
          await block(tx, seats[i]!, eventId);
          if (i === 19) {
            await runSql(
              tx.em,
              sql`update seating.seats set status = 'AVAILABLE' where id = ${seats[0]!.id}`,
            );
            tx.changed([view(seats[0]!, eventId, 'AVAILABLE')]);
          }
        });
      }
      await listener.until((b) => b.length >= 20);
      await sleep(100); // the history write runs next to the publish
      const map = await seatMap(eventId, v0);
      expect(map.version).toBe(v0 + 20);
      const changes = map.changesSince!;
      expect(changes.version).toBe(v0 + 20);
      expect(new Set(changes.seatIds)).toEqual(new Set(seats.slice(0, 20).map((s) => s.id)));
      const byId = new Map(changes.seatIds.map((id, i) => [id, changes.statusCodes[i]]));
      expect(byId.get(seats[0]!.id)).toBe('A');
      expect(byId.get(seats[5]!.id)).toBe('B');
      // The client's map after applying them equals the database's.
      const ids = seats.map((s) => s.id);
      const full = (await seatMap(eventId, v0)).statusCodes;
      const patched = ids.map((id, i) => byId.get(id) ?? (i < 20 ? '?' : 'A')).join('');
      expect(patched).toBe(full);
      // Bytes: only the seats that changed (here 20 of 100; on a 5,000-seat map the same 20 seats).
      const deltaBytes = JSON.stringify(changes).length;
      expect(deltaBytes).toBeLessThan(1_000);

      // Already current: nothing to apply. A version from the future or the present returns empty.
      const current = await seatMap(eventId, v0 + 20);
      expect(current.changesSince).toEqual({ version: v0 + 20, seatIds: [], statusCodes: '' });
    } finally {
      await listener.close();
    }
  });

  it('a gap beyond the history answers null (full reload), and so does a hole in it', async () => {
    const { eventId, seats } = await seatedEvent();
    const v0 = await version(eventId);
    for (let i = 0; i < 6; i++) {
      await h.service.feed.change(h.service.orm.orm.em.fork(), (tx) => block(tx, seats[i]!, eventId));
    }
    await sleep(200);
    const redis = new Redis(h.infra.redisUrl, { keyPrefix: h.infra.redisPrefix });
    try {
      const key = `seating:seat-history:${eventId}`;
      expect(await redis.zcount(key, v0 + 1, '+inf')).toBe(6);
      expect((await seatMap(eventId, v0)).changesSince).not.toBeNull();
      // The oldest two versions fell out of the history: a client at v0 or v0+1 reloads, v0+2 catches up.
      await redis.zremrangebyscore(key, '-inf', v0 + 2);
      expect((await seatMap(eventId, v0)).changesSince).toBeNull();
      expect((await seatMap(eventId, v0 + 1)).changesSince).toBeNull();
      expect((await seatMap(eventId, v0 + 2)).changesSince?.seatIds).toHaveLength(4);
      // A version never recorded (a replica killed between COMMIT and publish) is a hole: reload.
      await redis.zremrangebyscore(key, v0 + 4, v0 + 4);
      expect((await seatMap(eventId, v0 + 2)).changesSince).toBeNull();
      expect((await seatMap(eventId, v0 + 4)).changesSince?.seatIds).toHaveLength(2);

      // The history is bounded: a history of 5 keeps the newest 5 versions.
      const small = new SeatHistory(redis, { length: 5 });
      const other = crypto.randomUUID();
      for (let v = 1; v <= 12; v++) {
        await small.record({ eventId: other, version: v, seats: [view(seats[v]!, other, 'HELD')] });
      }
      expect(await redis.zcard(`seating:seat-history:${other}`)).toBe(5);
      expect(await small.since(other, 6, 12)).toBeNull();
      expect((await small.since(other, 7, 12))?.seatIds).toHaveLength(5);
    } finally {
      redis.disconnect();
    }
  });

  it('waits for a version committed but not yet recorded, and not for one the history no longer reaches', async () => {
    const { seats } = await seatedEvent();
    const redis = new Redis(h.infra.redisUrl, { keyPrefix: h.infra.redisPrefix });
    const eventId = crypto.randomUUID();
    const record = (history: SeatHistory, v: number) =>
      history.record({ eventId, version: v, seats: [view(seats[v]!, eventId, 'HELD')] });
    try {
      const history = new SeatHistory(redis, { settleMs: 10_000 });
      for (let v = 1; v <= 3; v++) await record(history, v);
      // A catch-up in a rush: the event is at 5 (read from Postgres), versions 4 and 5 are committed and their
      // records still on their way (from two replicas, 5 first). The answer waits for them, without a reload.
      const pending = history.since(eventId, 2, 5);
      await sleep(50);
      await record(history, 5);
      await sleep(50);
      await record(history, 4);
      expect(await pending).toMatchObject({
        version: 5,
        seatIds: [seats[3]!.id, seats[4]!.id, seats[5]!.id],
      });

      // A record that never comes (a replica killed between COMMIT and publish): null once the wait is over.
      const brief = new SeatHistory(redis, { settleMs: 100 });
      expect(await brief.since(eventId, 5, 6)).toBeNull();
      // Versions the history no longer reaches (dropped, or lost with Redis) answer null at once: a history
      // that waited would still be waiting for 10 s when the sentinel answers.
      await redis.zremrangebyscore(`seating:seat-history:${eventId}`, '-inf', 3);
      await record(history, 6);
      const answer = await Promise.race([history.since(eventId, 2, 6), sleep(2_000).then(() => 'waited')]);
      expect(answer).toBeNull();
      expect((await history.since(eventId, 3, 6))?.version).toBe(6);
    } finally {
      redis.disconnect();
    }
  });
});

describe('one version bump per outer transaction, just before COMMIT', () => {
  it('nested changes of a lane hold no inventory row lock until COMMIT and make one version', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const v0 = await version(eventId);
      const feed = h.service.feed;
      let lockFreeDuringLane: boolean[] = [];
      // Another connection, as the sweeper's statement: takes the inventory row with NOWAIT while the lane is
      // open between its nested changes. Before the fix, the first nested change held it until COMMIT.
      const tryLock = async () => {
        const other = h.service.orm.orm.em.fork();
        try {
          await other.transactional(async (em) => {
            await runSql(
              em,
              sql`select version from seating.event_inventory where event_id = ${eventId} for update nowait`,
            );
          });
          return true;
        } catch {
          return false;
        }
      };
      await h.service.orm.orm.em.fork().transactional(async (lane) => {
        for (let i = 0; i < 3; i++) {
          await feed.change(lane, (tx) => block(tx, seats[i]!, eventId));
          lockFreeDuringLane.push(await tryLock());
        }
        // Still not bumped inside the lane.
        expect(await version(eventId)).toBe(v0);
      });
      expect(lockFreeDuringLane).toEqual([true, true, true]);
      expect(await version(eventId)).toBe(v0 + 1);
      const [batch] = await listener.until((b) => b.length >= 1);
      await sleep(100);
      expect(listener.batches).toHaveLength(1);
      expect(batch!.version).toBe(v0 + 1);
      expect(batch!.seats.map((s) => s.id).sort()).toEqual(
        seats
          .slice(0, 3)
          .map((s) => s.id)
          .sort(),
      );

      // A lane that rolls back bumps nothing and announces nothing.
      lockFreeDuringLane = [];
      await expect(
        h.service.orm.orm.em.fork().transactional(async (lane) => {
          await feed.change(lane, (tx) => block(tx, seats[10]!, eventId));
          throw new Error('lane failed');
        }),
      ).rejects.toThrow('lane failed');
      await sleep(100);
      expect(await version(eventId)).toBe(v0 + 1);
      expect(listener.batches).toHaveLength(1);
    } finally {
      await listener.close();
    }
  });

  it('concurrent lanes and single changes: versions strictly increasing, every change announced once', async () => {
    const { eventId, seats } = await seatedEvent();
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const v0 = await version(eventId);
      const feed = h.service.feed;
      const lanes = Array.from({ length: 6 }, (_, lane) =>
        h.service.orm.orm.em.fork().transactional(async (em) => {
          for (let i = 0; i < 4; i++) {
            await feed.change(em, (tx) => block(tx, seats[lane * 4 + i]!, eventId));
            await sleep(5);
          }
        }),
      );
      const singles = Array.from({ length: 20 }, (_, i) =>
        feed.change(h.service.orm.orm.em.fork(), (tx) => block(tx, seats[50 + i]!, eventId)),
      );
      await Promise.all([...lanes, ...singles]);
      const expected = 6 + 20;
      expect(await version(eventId)).toBe(v0 + expected);
      await listener.until((b) => b.length >= expected);
      await sleep(100);
      const versions = listener.batches.map((b) => b.version).sort((a, b) => a - b);
      expect(versions).toEqual(Array.from({ length: expected }, (_, i) => v0 + 1 + i));
      const announced = listener.batches.flatMap((b) => b.seats.map((s) => s.id)).sort();
      expect(announced).toEqual([...seats.slice(0, 24), ...seats.slice(50, 70)].map((s) => s.id).sort());
      // And the history covers every one of them.
      const map = await seatMap(eventId, v0);
      expect(map.changesSince?.seatIds).toHaveLength(44);
    } finally {
      await listener.close();
    }
  });
});
