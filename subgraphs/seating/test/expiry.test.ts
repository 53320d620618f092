import { randomUUID } from 'node:crypto';
import { ROUTER_ASSERTION_HEADER, signRouterAssertion } from '@tiketi/kit';
import { asRouter } from '@tiketi/kit/testing';
import { type Client, createClient } from 'graphql-ws';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { seatChannel } from '../src/index.ts';
import { buyer, HOLD, rowsLayout, type SeatingHarness, sleep, startSeating } from './helpers.ts';

// Short holds: 2 s, and 3 s of checkout once a reservation is made.
let h: SeatingHarness;
let layoutId: string;
const clients: Client[] = [];

beforeAll(async () => {
  h = await startSeating({ SEAT_HOLD_SECONDS: '2', CHECKOUT_EXTENSION_SECONDS: '3' });
  layoutId = await h.layout(rowsLayout([{ name: '1', seats: 8 }]));
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await h?.dispose();
});

const wsUrl = () => h.service.url.replace(/^http/, 'ws');

const SEAT_CHANGED = `subscription($e: ID!) {
  seatChanged(eventId: $e) { eventId version seats { id status ticketType { code } } event { id } }
}`;

interface Change {
  eventId: string;
  version: number;
  seats: { id: string; status: string }[];
  event: { id: string };
}

/** Subscribes as the router would; resolves once Redis has the subscription, so nothing is missed. */
async function subscribe(eventId: string) {
  const client = createClient({
    url: wsUrl(),
    webSocketImpl: WebSocket,
    connectionParams: asRouter(null),
    retryAttempts: 0,
  });
  clients.push(client);
  const received: { at: number; change: Change }[] = [];
  const errors: unknown[] = [];
  client.subscribe<{ seatChanged: Change }>(
    { query: SEAT_CHANGED, variables: { e: eventId } },
    {
      next: (result) => {
        if (result.errors) errors.push(result.errors);
        if (result.data) received.push({ at: Date.now(), change: result.data.seatChanged });
      },
      error: (err) => errors.push(err),
      complete: () => {},
    },
  );
  const redis = new Redis(h.infra.redisUrl);
  try {
    const channel = `${h.infra.redisPrefix}${seatChannel(eventId)}`;
    for (let i = 0; ; i++) {
      const [, count] = (await redis.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(count) > 0) break;
      if (i > 100) throw new Error(`subscription not established: ${JSON.stringify(errors)}`);
      await sleep(20);
    }
  } finally {
    await redis.quit();
  }
  const until = async (predicate: (c: Change) => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = received.find((r) => predicate(r.change));
      if (hit) return hit;
      if (Date.now() > deadline) throw new Error(`no matching change: ${JSON.stringify(received)}`);
      await sleep(10);
    }
  };
  return { received, errors, until };
}

describe('expiry without help', () => {
  it('an expired hold is AVAILABLE on queries and as a seatChanged batch within 1 s; others hold it; HOLD_EXPIRED', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const watcher = await subscribe(eventId);
    const picked = [seats[2]!.id, seats[3]!.id];

    const first = buyer();
    const hold = await h.call(HOLD, { input: { eventId, seatIds: picked } }, first);
    expect(hold.errors).toBeUndefined();
    const { id: holdId, expiresAt } = hold.data!.holdSeats;
    const expiry = Date.parse(expiresAt);

    const held = await watcher.until((c) => c.seats.some((s) => s.id === picked[0] && s.status === 'HELD'));
    expect(held.change.event).toEqual({ id: eventId });
    expect(held.change.seats.map((s) => s.id).sort()).toEqual([...picked].sort());

    const freed = await watcher.until((c) =>
      picked.every((id) => c.seats.some((s) => s.id === id && s.status === 'AVAILABLE')),
    );
    expect(freed.at).toBeGreaterThanOrEqual(expiry - 50); // not before its time (one machine, one clock)
    expect(freed.at - expiry).toBeLessThan(1_000);
    expect(freed.change.version).toBe(held.change.version + 1);
    expect(watcher.errors).toEqual([]);

    const map = await h.seats(eventId);
    for (const id of picked) expect(map.find((s) => s.id === id)?.status).toBe('AVAILABLE');

    const late = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id } }',
      { id: holdId },
      first,
    );
    expect(late.errors?.[0]?.extensions?.code).toBe('HOLD_EXPIRED');
    const [{ n } = { n: -1 }] = await h.sql<{ n: number }>(
      'select count(*)::int as n from seating.reservations where hold_id = ?',
      [holdId],
    );
    expect(n).toBe(0);

    const second = await h.call(HOLD, { input: { eventId, seatIds: picked } }, buyer());
    expect(second.errors).toBeUndefined();
  });

  it('createReservation extends the hold once for checkout; unpaid, the reservation EXPIRES and the seats return', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId, { R: 55_000 });
    const me = buyer();
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[0]!.id, seats[1]!.id] } }, me);
    const holdExpiry = Date.parse(hold.data!.holdSeats.expiresAt);
    const reservation = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id status totalAmount expiresAt } }',
      { id: hold.data!.holdSeats.id },
      me,
    );
    expect(reservation.errors).toBeUndefined();
    const r = reservation.data!.createReservation;
    expect(r).toMatchObject({ status: 'PENDING', totalAmount: 110_000 });
    expect(Date.parse(r.expiresAt) - holdExpiry).toBeGreaterThan(500); // ≈ now + 3 s, beyond the 2 s hold

    // Past the hold's own expiry the seats are still held for checkout.
    await sleep(Math.max(0, holdExpiry - Date.now()) + 300);
    const during = await h.seats(eventId);
    expect(during.filter((s) => s.status === 'HELD').map((s) => s.id)).toEqual([seats[0]!.id, seats[1]!.id]);

    // Then checkout time runs out: EXPIRED, seats back, and the domain event recorded for payment and stats.
    const deadline = Date.parse(r.expiresAt);
    await sleep(Math.max(0, deadline - Date.now()) + 600);
    const after = await h.call(
      'query($id: ID!) { reservation(id: $id) { status expiresAt } }',
      { id: r.id },
      me,
    );
    expect(after.data!.reservation).toEqual({ status: 'EXPIRED', expiresAt: null });
    expect((await h.seats(eventId)).every((s) => s.status === 'AVAILABLE')).toBe(true);
    const events = await h.sql<{ topic: string; payload: { reservationId: string; reason: string } }>(
      `select topic, payload from seating.outbox where key = ? order by id`,
      [r.id],
    );
    expect(events).toEqual([
      {
        topic: 'seating.reservation.created',
        payload: expect.objectContaining({ totalAmount: 110_000, seatCount: 2, eventTitle: '테스트 공연' }),
      },
      {
        topic: 'seating.reservation.expired',
        payload: expect.objectContaining({ reason: 'checkout-expired', paymentId: null }),
      },
    ]);
    // A payment that arrives now does not bring the seats back; payment is told to refund it.
    const late = await h.service.seating.reservations.confirm(h.service.orm.orm.em.fork(), {
      reservationId: r.id,
      paymentId: 'pay-too-late',
      amount: 110_000,
    });
    expect(late).toMatchObject({ outcome: 'rejected', status: 'EXPIRED', reason: 'payment-after-expiry' });
    expect((await h.seats(eventId)).every((s) => s.status === 'AVAILABLE')).toBe(true);
    const refunds = await h.sql<{ payload: { paymentId: string; reason: string } }>(
      `select payload from seating.outbox where key = ? and topic = 'seating.reservation.confirm_failed'`,
      [r.id],
    );
    expect(refunds.map((e) => [e.payload.paymentId, e.payload.reason])).toEqual([
      ['pay-too-late', 'payment-after-expiry'],
    ]);
    // A reservation expires once: createReservation again gives the same (expired) one, not a new hold.
    const again = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id status } }',
      { id: hold.data!.holdSeats.id },
      me,
    );
    expect(again.data!.createReservation).toEqual({ id: r.id, status: 'EXPIRED' });
  });

  it('correctness does not wait for the sweeper: with none running, an expired seat reads AVAILABLE and is taken over', async () => {
    await h.service.sweeper.stop();
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[5]!.id] } }, buyer());
    await sleep(Math.max(0, Date.parse(hold.data!.holdSeats.expiresAt) - Date.now()) + 100);
    const [raw] = await h.sql<{ status: string }>('select status from seating.seats where id = ?', [
      seats[5]!.id,
    ]);
    expect(raw!.status).toBe('HELD'); // nobody swept it…
    expect((await h.seats(eventId)).find((s) => s.id === seats[5]!.id)?.status).toBe('AVAILABLE'); // …yet it reads free
    const next = buyer();
    const takeover = await h.call(HOLD, { input: { eventId, seatIds: [seats[5]!.id] } }, next);
    expect(takeover.errors).toBeUndefined();
    const [row] = await h.sql<{ user_id: string }>(
      'select h.user_id from seating.seats s join seating.holds h on h.id = s.hold_id where s.id = ?',
      [seats[5]!.id],
    );
    expect(row!.user_id).toBe(next.userId);
  });
});

describe('the subgraph graphql-ws endpoint', () => {
  /** Opens a raw graphql-transport-ws connection with `payload` in connection_init; resolves with the close code. */
  function connectRaw(payload: Record<string, unknown> | undefined) {
    return new Promise<{ code: number; acked: boolean }>((resolve, reject) => {
      const socket = new WebSocket(wsUrl(), 'graphql-transport-ws');
      let acked = false;
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
      socket.on('message', (data) => {
        if (JSON.parse(String(data)).type === 'connection_ack') {
          acked = true;
          socket.close(1000);
        }
      });
      socket.on('close', (code) => resolve({ code, acked }));
      socket.on('error', reject);
    });
  }

  it('refuses a connection without router credentials, or with forged ones, with 4403', async () => {
    expect(await connectRaw(undefined)).toEqual({ code: 4403, acked: false });
    const forged = signRouterAssertion('not-the-router-secret-0123456789abcdef', {
      identity: { userId: randomUUID(), role: 'ADMIN' },
      clientIp: '1.2.3.4',
    });
    expect(await connectRaw({ [ROUTER_ASSERTION_HEADER]: forged })).toEqual({ code: 4403, acked: false });
    expect(await connectRaw(asRouter(null))).toEqual({ code: 1000, acked: true });
  });

  it('with router credentials, a hold’s batch arrives; an unknown event is NOT_FOUND', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const watcher = await subscribe(eventId);
    await h.call(HOLD, { input: { eventId, seatIds: [seats[7]!.id] } }, buyer());
    const change = await watcher.until((c) => c.seats.some((s) => s.id === seats[7]!.id));
    expect(change.change.seats).toEqual([{ id: seats[7]!.id, status: 'HELD', ticketType: { code: 'R' } }]);

    const client = createClient({
      url: wsUrl(),
      webSocketImpl: WebSocket,
      connectionParams: asRouter(null),
      retryAttempts: 0,
    });
    clients.push(client);
    const result = await new Promise<unknown>((resolve) => {
      client.subscribe(
        { query: SEAT_CHANGED, variables: { e: randomUUID() } },
        { next: resolve, error: resolve, complete: () => {} },
      );
    });
    expect(JSON.stringify(result)).toContain('NOT_FOUND');
  });
});

describe('the sweeper wakes when a hold ends', () => {
  it('announces each expired hold within a few hundred ms of its end, though its period is a whole second', async () => {
    // A sweeper that only woke once a period would announce these 0–1,000 ms late (500 ms on average).
    const slow = await startSeating({ SEAT_HOLD_SECONDS: '2', SEAT_SWEEP_INTERVAL_MS: '1000' });
    const feed = new Redis(slow.infra.redisUrl);
    try {
      const eventId = await slow.event();
      const seats = await slow.attach(eventId, await slow.layout(rowsLayout([{ name: '1', seats: 8 }])));
      const freedAt = new Map<string, number>();
      await feed.subscribe(`${slow.infra.redisPrefix}${seatChannel(eventId)}`);
      feed.on('message', (_channel, message) => {
        for (const seat of (JSON.parse(message) as { seats: { id: string; status: string }[] }).seats)
          if (seat.status === 'AVAILABLE') freedAt.set(seat.id, Date.now());
      });
      const ends: { seatId: string; expiry: number }[] = [];
      for (const seat of seats.slice(0, 4)) {
        const hold = await slow.call(HOLD, { input: { eventId, seatIds: [seat.id] } }, buyer());
        expect(hold.errors).toBeUndefined();
        ends.push({ seatId: seat.id, expiry: Date.parse(hold.data!.holdSeats.expiresAt) });
        await sleep(230);
      }
      const last = Math.max(...ends.map((e) => e.expiry));
      while (freedAt.size < ends.length && Date.now() < last + 3_000) await sleep(20);
      const lateness = ends.map((e) => (freedAt.get(e.seatId) ?? Number.POSITIVE_INFINITY) - e.expiry);
      for (const late of lateness) {
        expect(late).toBeGreaterThanOrEqual(-50);
        expect(late).toBeLessThan(300);
      }
      // Operators see the same lag on seating's /metrics, one observation per seat.
      const metrics = await (await fetch(slow.service.url.replace(/\/graphql$/, '/metrics'))).text();
      const count = Number(/^tiketi_seat_release_lag_seconds_count\S* (\d+)/m.exec(metrics)?.[1]);
      expect(count).toBe(ends.length);
    } finally {
      await feed.quit();
      await slow.dispose();
    }
  });
});

describe('ended holds do not pile up (issue 19: the soak grew seating.holds by 14,500 rows an hour)', () => {
  it('prunes released and expired holds past their retention, keeping live ones and those an order came from', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const hold = async (i: number) => {
      const me = buyer();
      const res = await h.call(HOLD, { input: { eventId, seatIds: [seats[i]!.id] } }, me);
      expect(res.errors).toBeUndefined();
      return { me, id: res.data!.holdSeats.id as string };
    };
    const released = await hold(0);
    expect(
      (await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id: released.id }, released.me))
        .data,
    ).toEqual({ releaseHold: true });
    const expired = await hold(1);
    const ordered = await hold(2);
    const reservation = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id } }',
      { id: ordered.id },
      ordered.me,
    );
    expect(reservation.errors).toBeUndefined();
    // 2 s holds: `expired` runs out; its seat goes back at the next sweep.
    await sleep(2_300);
    await h.service.sweeper.sweep();
    const live = await hold(3);

    const present = async () =>
      new Set(
        (
          await h.sql<{ id: string }>('select id from seating.holds where id in (?, ?, ?, ?)', [
            released.id,
            expired.id,
            ordered.id,
            live.id,
          ])
        ).map((r) => r.id),
      );
    // Within the retention nothing goes.
    expect(await h.service.sweeper.pruneEndedHolds()).toBe(0);
    expect((await present()).size).toBe(4);
    // Past it (a retention of 0 here): the released and the expired go; the live hold and the ordered stay.
    expect(await h.service.sweeper.pruneEndedHolds(0)).toBeGreaterThanOrEqual(2);
    expect([...(await present())].sort()).toEqual([ordered.id, live.id].sort());
    expect(
      (await h.call('query($id: ID!) { seatHold(id: $id) { id } }', { id: released.id }, released.me)).data,
    ).toEqual({ seatHold: null });
  });
});
