import { randomUUID } from 'node:crypto';
import { DEV_SECRETS, type DomainEvent, type Identity, Topics } from '@tiketi/kit';
import { deriveEventKeys, readCredential } from '@tiketi/live-client';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDomainEventHandler, DEFAULT_LAYOUTS, defaultLayoutFor, seatNewEvent } from '../src/index.ts';
import {
  ADMIN,
  buyer,
  HOLD,
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
      { name: '1', seats: 10, ticketType: 'VIP' },
      { name: '2', seats: 10 },
    ]),
  );
});
afterAll(async () => {
  await h?.dispose();
});

const RESERVE = `mutation($id: ID!) {
  createReservation(holdId: $id) { id status totalAmount expiresAt qrCode event { id } user { id } seats { id status } }
}`;
const CANCEL = 'mutation($id: ID!) { cancelReservation(id: $id) { id status expiresAt } }';
const RESERVATION = `query($id: ID!) {
  reservation(id: $id) { id status totalAmount qrCode seats { id label status ticketType { code price } } }
}`;

async function seatedEvent() {
  const eventId = await h.event({ title: 'IU HEREH' });
  const seats = await h.attach(eventId, layoutId, { VIP: 200_000, R: 150_000 });
  return { eventId, seats };
}

async function reserve(eventId: string, seats: SeatInfo[], who: NonNullable<Identity> = buyer()) {
  const hold = await h.call(HOLD, { input: { eventId, seatIds: seats.map((s) => s.id) } }, who);
  if (hold.errors) throw new Error(JSON.stringify(hold.errors));
  const res = await h.call(RESERVE, { id: hold.data!.holdSeats.id }, who);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return { who, holdId: hold.data!.holdSeats.id as string, reservation: res.data!.createReservation };
}

const seatRows = (ids: string[]) =>
  h.sql<{ id: string; status: string; reservation_id: string | null; hold_id: string | null }>(
    'select id, status, reservation_id, hold_id from seating.seats where id = any(?::uuid[]) order by id',
    [`{${ids.join(',')}}`],
  );
const outbox = (key: string) =>
  h.sql<{ topic: string; payload: Record<string, unknown> }>(
    'select topic, payload from seating.outbox where key = ? order by id',
    [key],
  );
const confirm = (reservationId: string, paymentId: string, amount: number) =>
  h.service.seating.reservations.confirm(h.service.orm.orm.em.fork(), { reservationId, paymentId, amount });
const release = (reservationId: string, paymentId: string) =>
  h.service.seating.reservations.releaseForPayment(h.service.orm.orm.em.fork(), { reservationId, paymentId });

describe('reservations', () => {
  it('a live hold becomes a PENDING reservation whose total the server computes from the seat prices', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const { reservation, holdId } = await reserve(eventId, [seats[0]!, seats[15]!], me);
    expect(reservation).toMatchObject({
      status: 'PENDING',
      totalAmount: 350_000,
      qrCode: null,
      event: { id: eventId },
      user: { id: me.userId },
    });
    expect(reservation.seats.map((s: { status: string }) => s.status)).toEqual(['HELD', 'HELD']);
    // Retrying the mutation (a lost response) gives the same reservation, not a second one.
    const again = await h.call(RESERVE, { id: holdId }, me);
    expect(again.data!.createReservation.id).toBe(reservation.id);
    expect((await h.sql('select id from seating.reservations where hold_id = ?', [holdId])).length).toBe(1);
  });

  it('confirm (payment.confirmed) sells the seats, issues a verifiable QR ticket, and is idempotent', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation, who } = await reserve(eventId, [seats[1]!, seats[2]!]);
    const first = await confirm(reservation.id, 'pay-1', 400_000);
    const stateAfterFirst = await seatRows([seats[1]!.id, seats[2]!.id]);
    const second = await confirm(reservation.id, 'pay-1', 400_000);
    expect(first).toEqual({ outcome: 'confirmed', reservationId: reservation.id });
    expect(second).toEqual({ outcome: 'already-confirmed', reservationId: reservation.id });
    expect(await seatRows([seats[1]!.id, seats[2]!.id])).toEqual(stateAfterFirst);
    expect(stateAfterFirst.map((s) => [s.status, s.reservation_id])).toEqual([
      ['SOLD', reservation.id],
      ['SOLD', reservation.id],
    ]);
    expect((await outbox(reservation.id)).map((e) => e.topic)).toEqual([
      'seating.reservation.created',
      'seating.reservation.confirmed',
    ]);

    const read = await h.call(RESERVATION, { id: reservation.id }, who);
    expect(read.data!.reservation.status).toBe('CONFIRMED');
    // The QR is the first seat's ticket credential (issue 17), signed with the event's key.
    const { publicKey } = deriveEventKeys(DEV_SECRETS.TICKET_SIGNING_SECRET, eventId);
    const read1 = readCredential(publicKey, read.data!.reservation.qrCode);
    expect(read1).toMatchObject({ ok: true, claims: { eventId, holder: who.userId } });
    expect(read.data!.reservation.seats.map((s: { label: string }) => s.label)).toContain(
      read1.ok ? read1.claims.seat.label : null,
    );
    // Sold seats count toward the per-buyer limit: 2 bought + 3 more > 4.
    const more = await h.call(HOLD, { input: { eventId, seatIds: seats.slice(5, 8).map((s) => s.id) } }, who);
    expect(more.errors?.[0]?.extensions?.code).toBe('SEAT_LIMIT_EXCEEDED');
  });

  it('confirm refuses a wrong amount, and a second payment of a paid reservation', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation } = await reserve(eventId, [seats[3]!]);
    expect(await confirm(reservation.id, 'pay-x', 1)).toMatchObject({
      outcome: 'rejected',
      reason: 'amount-mismatch',
    });
    expect((await seatRows([seats[3]!.id]))[0]!.status).toBe('AVAILABLE');
    const other = await reserve(eventId, [seats[4]!]);
    await confirm(other.reservation.id, 'pay-a', 200_000);
    expect(await confirm(other.reservation.id, 'pay-b', 200_000)).toMatchObject({
      outcome: 'rejected',
      status: 'CONFIRMED',
    });
    expect((await seatRows([seats[4]!.id]))[0]).toMatchObject({
      status: 'SOLD',
      reservation_id: other.reservation.id,
    });
    // Both refused payments are named for refunding.
    const failed = [...(await outbox(reservation.id)), ...(await outbox(other.reservation.id))].filter(
      (e) => e.topic === 'seating.reservation.confirm_failed',
    );
    expect(failed.map((e) => [e.payload.paymentId, e.payload.reason])).toEqual([
      ['pay-x', 'amount-mismatch'],
      ['pay-b', 'paid-by-another-payment'],
    ]);
  });

  it('confirm of a cancelled reservation does not resurrect it, and asks payment to refund', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation, who } = await reserve(eventId, [seats[5]!]);
    const cancelled = await h.call(CANCEL, { id: reservation.id }, who);
    expect(cancelled.data!.cancelReservation).toEqual({
      id: reservation.id,
      status: 'CANCELLED',
      expiresAt: null,
    });
    expect((await seatRows([seats[5]!.id]))[0]!.status).toBe('AVAILABLE');
    // Someone else takes the seat; the late payment must not take it back.
    const next = await h.call(HOLD, { input: { eventId, seatIds: [seats[5]!.id] } }, buyer());
    expect(next.errors).toBeUndefined();
    expect(await confirm(reservation.id, 'pay-late', 200_000)).toMatchObject({
      outcome: 'rejected',
      status: 'CANCELLED',
    });
    const [seat] = await seatRows([seats[5]!.id]);
    expect(seat).toMatchObject({ status: 'HELD', hold_id: next.data!.holdSeats.id, reservation_id: null });
    expect((await h.call(RESERVATION, { id: reservation.id }, who)).data!.reservation.status).toBe(
      'CANCELLED',
    );
    const events = await outbox(reservation.id);
    expect(events.map((e) => [e.topic, e.payload.reason, e.payload.paymentId])).toEqual([
      ['seating.reservation.created', undefined, undefined],
      ['seating.reservation.cancelled', 'buyer-cancelled', null],
      ['seating.reservation.confirm_failed', 'payment-after-cancellation', 'pay-late'],
    ]);
  });

  it('release (payment.cancelled) puts sold seats back on sale, once', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation } = await reserve(eventId, [seats[6]!, seats[7]!]);
    await confirm(reservation.id, 'pay-r', 400_000);
    expect(await release(reservation.id, 'pay-r')).toEqual({
      outcome: 'released',
      reservationId: reservation.id,
    });
    const after = await seatRows([seats[6]!.id, seats[7]!.id]);
    expect(await release(reservation.id, 'pay-r')).toMatchObject({
      outcome: 'already-ended',
      status: 'CANCELLED',
    });
    expect(await seatRows([seats[6]!.id, seats[7]!.id])).toEqual(after);
    expect(after.map((s) => s.status)).toEqual(['AVAILABLE', 'AVAILABLE']);
    // Confirming again afterwards does not resurrect the sale.
    expect(await confirm(reservation.id, 'pay-r', 400_000)).toMatchObject({ outcome: 'rejected' });
    expect((await seatRows([seats[6]!.id]))[0]!.status).toBe('AVAILABLE');
    const [{ n } = { n: -1 }] = await h.sql<{ n: number }>(
      'select count(*)::int as n from seating.reservation_items where reservation_id = ? and active',
      [reservation.id],
    );
    expect(n).toBe(0);
  });

  it('the database refuses a second live sale of a seat even if the code tried', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation } = await reserve(eventId, [seats[8]!]);
    await confirm(reservation.id, 'pay-d', 200_000);
    const other = await reserve(eventId, [seats[9]!]);
    await expect(
      h.sql(
        `insert into seating.reservation_items (reservation_id, seat_id, ticket_type_id, section, "row", number, label, price)
         select ?, id, ticket_type_id, section, "row", number, label, 0 from seating.seats where id = ?`,
        [other.reservation.id, seats[8]!.id],
      ),
    ).rejects.toThrow(/reservation_items_one_live_seat/);
    await expect(
      h.sql(`update seating.seats set status = 'SOLD', reservation_id = ? where id = ?`, [
        other.reservation.id,
        seats[8]!.id,
      ]),
    ).rejects.toThrow(/already sold/);
    // Moving a seat of a live hold into another hold.
    await expect(
      h.sql(
        `update seating.seats set hold_id = (select id from seating.holds where id <> ? limit 1) where id = ?`,
        [other.holdId, seats[9]!.id],
      ),
    ).rejects.toThrow(/held by another live hold/);
  });
});

describe('a buyer’s own hold', () => {
  it('seatHold shows the live hold to its buyer only, and nothing once it is released', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[0]!.id, seats[12]!.id] } }, me);
    const HOLD_QUERY =
      'query($id: ID!) { seatHold(id: $id) { id totalAmount expiresAt seats { id status } event { id } } }';
    const id = hold.data!.holdSeats.id;
    const mine = await h.call(HOLD_QUERY, { id }, me);
    expect(mine.data!.seatHold).toMatchObject({
      id,
      totalAmount: 350_000,
      expiresAt: hold.data!.holdSeats.expiresAt,
      event: { id: eventId },
    });
    expect(mine.data!.seatHold.seats.map((s: { id: string }) => s.id)).toEqual([seats[0]!.id, seats[12]!.id]);
    expect((await h.call(HOLD_QUERY, { id }, buyer())).data!.seatHold).toBeNull();
    await h.call('mutation($id: ID!) { releaseHold(holdId: $id) }', { id }, me);
    expect((await h.call(HOLD_QUERY, { id }, me)).data!.seatHold).toBeNull();
  });
});

describe('who sees which reservation', () => {
  let mine: { reservation: { id: string }; who: NonNullable<Identity> };

  beforeAll(async () => {
    const { eventId, seats } = await seatedEvent();
    mine = await reserve(eventId, [seats[0]!]);
  });

  it('another buyer gets NOT_FOUND, exactly as for a reservation that does not exist; an admin sees it', async () => {
    const other = await h.call(RESERVATION, { id: mine.reservation.id }, buyer());
    const missing = await h.call(RESERVATION, { id: randomUUID() }, buyer());
    expect(other.errors?.[0]).toMatchObject({
      message: missing.errors?.[0]?.message,
      extensions: { code: 'NOT_FOUND' },
    });
    expect((await h.call(RESERVATION, { id: mine.reservation.id }, ADMIN)).data!.reservation.id).toBe(
      mine.reservation.id,
    );
    expect((await h.call(RESERVATION, { id: mine.reservation.id })).errors?.[0]?.extensions?.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('as a federation reference (payment’s Payment.reservation): the buyer’s own or an admin’s, else null', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Reservation { id status totalAmount } } }`;
    const r = [{ __typename: 'Reservation', id: mine.reservation.id }];
    const own = await h.call(query, { r }, mine.who);
    expect(own.data!._entities).toEqual([
      { id: mine.reservation.id, status: 'PENDING', totalAmount: 200_000 },
    ]);
    expect((await h.call(query, { r }, ADMIN)).data!._entities[0].id).toBe(mine.reservation.id);
    expect((await h.call(query, { r }, buyer())).data!._entities).toEqual([null]);
    expect((await h.call(query, { r })).data!._entities).toEqual([null]);
  });

  it('another buyer cannot cancel it (NOT_FOUND) and it stays PENDING', async () => {
    const res = await h.call(CANCEL, { id: mine.reservation.id }, buyer());
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await h.call(RESERVATION, { id: mine.reservation.id }, mine.who)).data!.reservation.status).toBe(
      'PENDING',
    );
  });

  it('myReservations pages newest first with stable cursors, only the buyer’s own', async () => {
    const { eventId, seats } = await seatedEvent();
    const me = buyer();
    const made: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { reservation } = await reserve(eventId, [seats[10 + i]!], me);
      made.push(reservation.id);
      await confirm(reservation.id, `pay-page-${i}`, 150_000);
    }
    const PAGE = `query($first: Int, $after: String) { myReservations(first: $first, after: $after) {
      edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }`;
    const p1 = await h.call(PAGE, { first: 2 }, me);
    expect(p1.data!.myReservations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      made[2],
      made[1],
    ]);
    expect(p1.data!.myReservations.pageInfo.hasNextPage).toBe(true);
    const p2 = await h.call(PAGE, { first: 2, after: p1.data!.myReservations.pageInfo.endCursor }, me);
    expect(p2.data!.myReservations.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([made[0]]);
    expect(p2.data!.myReservations.pageInfo).toEqual({ hasNextPage: false, endCursor: expect.any(String) });
    const bad = await h.call(PAGE, { first: 2, after: 'garbage' }, me);
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    expect((await h.call(PAGE, { first: 101 }, me)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await h.call(PAGE, {}, buyer())).data!.myReservations.edges).toEqual([]);
  });
});

describe('domain events', () => {
  /** Publishes as another service's relay would: a stream entry `event` = the DomainEvent JSON. */
  async function deliver(event: DomainEvent) {
    const redis = new Redis(h.infra.redisUrl, { keyPrefix: h.infra.redisPrefix });
    try {
      await redis.xadd(`events:${event.topic}`, '*', 'event', JSON.stringify(event));
    } finally {
      await redis.quit();
    }
  }
  async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (ok(value)) return value;
      if (Date.now() > deadline) throw new Error(`not reached: ${JSON.stringify(value)}`);
      await sleep(50);
    }
  }

  it('payment.confirmed delivered twice (at least once) over Redis confirms once', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation } = await reserve(eventId, [seats[11]!]);
    const event: DomainEvent = {
      id: `payment:${randomUUID()}`,
      topic: Topics.paymentConfirmed,
      key: reservation.id,
      payload: { reservationId: reservation.id, paymentId: 'toss-123', amount: 150_000 },
      occurredAt: new Date().toISOString(),
    };
    await deliver(event);
    await deliver(event); // a redelivery: same id
    await deliver({ ...event, id: `payment:${randomUUID()}` }); // the same fact again under a new id
    const row = await eventually(
      async () =>
        (
          await h.sql<{ status: string; payment_id: string }>(
            'select status, payment_id from seating.reservations where id = ?',
            [reservation.id],
          )
        )[0],
      (r) => r?.status === 'CONFIRMED',
    );
    expect(row).toEqual({ status: 'CONFIRMED', payment_id: 'toss-123' });
    await eventually(
      async () =>
        (
          await h.sql<{ n: number }>(
            `select count(*)::int as n from seating.inbox where topic = 'payment.confirmed'`,
          )
        )[0]!.n,
      (n) => n >= 2,
    );
    expect((await outbox(reservation.id)).map((e) => e.topic)).toEqual([
      'seating.reservation.created',
      'seating.reservation.confirmed',
    ]);
    expect((await seatRows([seats[11]!.id]))[0]!.status).toBe('SOLD');
  });

  it('a partial refund (payment.cancelled, full: false) keeps the sale; a full one releases the seats', async () => {
    const { eventId, seats } = await seatedEvent();
    const { reservation } = await reserve(eventId, [seats[12]!]);
    await confirm(reservation.id, 'pay-partial', 150_000);
    const cancelled = (full: boolean): DomainEvent => ({
      id: `payment:${randomUUID()}`,
      topic: Topics.paymentCancelled,
      key: reservation.id,
      payload: { reservationId: reservation.id, paymentId: 'pay-partial', amount: 50_000, full },
      occurredAt: new Date().toISOString(),
    });
    const handled = async (n: number) =>
      eventually(
        async () =>
          (
            await h.sql<{ n: number }>(
              `select count(*)::int as n from seating.inbox where topic = 'payment.cancelled'`,
            )
          )[0]!.n,
        (count) => count >= n,
      );
    const before = (
      await h.sql<{ n: number }>(
        `select count(*)::int as n from seating.inbox where topic = 'payment.cancelled'`,
      )
    )[0]!.n;
    await deliver(cancelled(false));
    await handled(before + 1);
    expect((await seatRows([seats[12]!.id]))[0]!.status).toBe('SOLD');
    await deliver(cancelled(true));
    await handled(before + 2);
    expect((await seatRows([seats[12]!.id]))[0]!.status).toBe('AVAILABLE');
  });

  it('catalog.event.changed keeps the projection, ignoring an older state delivered late', async () => {
    const id = randomUUID();
    const base = {
      id,
      title: 'New show',
      status: 'SCHEDULED',
      saleStartsAt: '2030-01-01T10:00:00Z',
      startsAt: '2030-02-01T10:00:00Z',
      deletedAt: null,
    };
    const newer = new Date().toISOString();
    const older = new Date(Date.now() - 60_000).toISOString();
    await deliver({
      id: `catalog:${randomUUID()}`,
      topic: Topics.catalogEventChanged,
      key: id,
      payload: { ...base, title: 'Renamed', status: 'ON_SALE' },
      occurredAt: newer,
    });
    await deliver({
      id: `catalog:${randomUUID()}`,
      topic: Topics.catalogEventChanged,
      key: id,
      payload: base,
      occurredAt: older,
    });
    await eventually(
      async () =>
        (
          await h.sql<{ n: number }>(
            `select count(*)::int as n from seating.inbox where topic = 'catalog.event.changed'`,
          )
        )[0]!.n,
      (n) => n >= 2,
    );
    const [row] = await h.sql<{ title: string; status: string }>(
      'select title, status from seating.events where event_id = ?',
      [id],
    );
    expect(row).toEqual({ title: 'Renamed', status: 'ON_SALE' });
  });

  it('in development, a newly projected event gets its default layout (and only once)', async () => {
    const { inventory, reservations } = h.service.seating;
    const handle = createDomainEventHandler({
      reservations,
      log: { error() {}, info() {}, warn() {} } as never,
      onNewEvent: (em, eventId) => seatNewEvent(em, inventory, eventId),
    });
    const id = randomUUID();
    const event = (title: string): DomainEvent => ({
      id: `catalog:${randomUUID()}`,
      topic: Topics.catalogEventChanged,
      key: id,
      payload: {
        id,
        title,
        status: 'ON_SALE',
        saleStartsAt: '2020-01-01T00:00:00Z',
        startsAt: '2031-01-01T00:00:00Z',
        deletedAt: null,
      },
      occurredAt: new Date().toISOString(),
    });
    await h.service.orm.orm.em.fork().transactional((em) => handle(em, event('Dev show')));
    await h.service.orm.orm.em.fork().transactional((em) => handle(em, event('Dev show, renamed')));
    const expected = defaultLayoutFor(id);
    const [inv] = await h.sql<{ layout_id: string; version: number }>(
      'select layout_id, version from seating.event_inventory where event_id = ?',
      [id],
    );
    expect(inv).toEqual({ layout_id: expected.id, version: 1 });
    const seats = await h.seats(id);
    const layout = DEFAULT_LAYOUTS.find((l) => l.id === expected.id)!;
    expect(new Set(seats.map((s) => s.ticketType.code))).toEqual(
      new Set(layout.ticketTypes.map((t) => t.code)),
    );
    expect(seats.length).toBeGreaterThanOrEqual(300);
  });
});
