import { randomUUID } from 'node:crypto';
import { unpackLayout, unpackStatuses } from '@tiketi/live-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  buyer,
  HOLD,
  listenToSeatChanges,
  rowsLayout,
  type SeatingHarness,
  startSeating,
} from './helpers.ts';

let h: SeatingHarness;

beforeAll(async () => {
  h = await startSeating();
});
afterAll(async () => {
  await h?.dispose();
});

const CREATE = `mutation($input: SeatLayoutInput!) {
  createSeatLayout(input: $input) { id name seatCount ticketTypeCodes width height stage { x y width height label }
    sections { name ticketType rows { name seats { number x y gapBefore } } } }
}`;
const ATTACH = `mutation($e: ID!, $i: AttachSeatLayoutInput!) {
  attachSeatLayout(eventId: $e, input: $i) {
    id ticketTypes { id code name price color availability { total available } }
    availability { total available held sold blocked } seatMap { version width height }
  }
}`;
const BLOCK = `mutation($e: ID!, $s: [ID!]!) { blockSeats(eventId: $e, seatIds: $s) { eventId version seats { id status } } }`;
const UNBLOCK = `mutation($e: ID!, $s: [ID!]!) { unblockSeats(eventId: $e, seatIds: $s) { eventId version seats { id status } } }`;

const twoRows = rowsLayout([
  { name: '1', seats: 4, ticketType: 'VIP' },
  { name: '2', seats: 6, gapsBefore: [4] },
]);
const ticketTypes = [
  { code: 'VIP', name: 'VIP석', price: 220_000, color: '#aa00aa' },
  { code: 'R', name: 'R석', price: 150_000 },
];
const auditActions = async () =>
  (await h.sql<{ action: string }>('select action from seating.admin_audit_log order by at')).map(
    (r) => r.action,
  );

describe('who may call admin operations', () => {
  it('buyers get FORBIDDEN and anonymous callers UNAUTHENTICATED, before any input is looked at', async () => {
    const eventId = await h.event();
    const calls: [string, Record<string, unknown>][] = [
      [CREATE, { input: { name: 'x', ...twoRows } }],
      [ATTACH, { e: eventId, i: { layoutId: randomUUID(), ticketTypes } }],
      [BLOCK, { e: eventId, s: [randomUUID()] }],
      [UNBLOCK, { e: eventId, s: [randomUUID()] }],
      ['{ seatLayouts { id } }', {}],
      ['query($e: ID!) { eventReservations(eventId: $e) { edges { cursor } } }', { e: eventId }],
    ];
    for (const [query, variables] of calls) {
      expect((await h.call(query, variables, buyer())).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await h.call(query, variables, null)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
    expect(await auditActions()).toEqual([]);
  });
});

describe('layouts and inventory', () => {
  let layoutId: string;

  it('creates a layout template and reads it back with its drawing data', async () => {
    const res = await h.call(
      CREATE,
      { input: { name: 'Club (10)', description: 'test', ...twoRows } },
      ADMIN,
    );
    expect(res.errors).toBeUndefined();
    const layout = res.data!.createSeatLayout;
    layoutId = layout.id;
    expect(layout).toMatchObject({
      name: 'Club (10)',
      seatCount: 10,
      ticketTypeCodes: ['VIP', 'R'],
      width: 1000,
    });
    expect(layout.stage).toEqual({ x: 400, y: 0, width: 200, height: 20, label: 'STAGE' });
    expect(layout.sections[0].rows[1].seats.map((s: { gapBefore: boolean }) => s.gapBefore)).toEqual([
      false,
      false,
      false,
      true,
      false,
      false,
    ]);
    const listed = await h.call('{ seatLayouts { id name } }', {}, ADMIN);
    expect(listed.data!.seatLayouts).toContainEqual({ id: layoutId, name: 'Club (10)' });
    // Names are unique, whatever the case.
    const clash = await h.call(CREATE, { input: { name: 'club (10)', ...twoRows } }, ADMIN);
    expect(clash.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });

  it('refuses an invalid template with BAD_USER_INPUT naming where', async () => {
    const bad = structuredClone(twoRows);
    bad.sections[0]!.rows[1]!.seats[2]!.number = 1;
    const res = await h.call(CREATE, { input: { name: 'Broken', ...bad } }, ADMIN);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.sections.0.rows.1.seats.2',
    });
    expect(res.errors?.[0]?.message).toMatch(/appears twice/);
  });

  it('attaching generates the event’s inventory and ticket types', async () => {
    const eventId = await h.event();
    const res = await h.call(ATTACH, { e: eventId, i: { layoutId, ticketTypes } }, ADMIN);
    expect(res.errors).toBeUndefined();
    const event = res.data!.attachSeatLayout;
    expect(event.ticketTypes.map((t: { code: string; price: number }) => [t.code, t.price])).toEqual([
      ['VIP', 220_000],
      ['R', 150_000],
    ]);
    expect(event.ticketTypes.map((t: { availability: { total: number } }) => t.availability.total)).toEqual([
      4, 6,
    ]);
    expect(event.availability).toEqual({ total: 10, available: 10, held: 0, sold: 0, blocked: 0 });
    expect(event.seatMap).toEqual({ version: 1, width: 1000, height: 1000 });
    const seats = await h.seats(eventId);
    expect(seats.map((s) => `${s.row}-${s.number}`)).toEqual([
      '1-1',
      '1-2',
      '1-3',
      '1-4',
      '2-1',
      '2-2',
      '2-3',
      '2-4',
      '2-5',
      '2-6',
    ]);
    expect(await auditActions()).toContain('event.attach-layout');
  });

  it('refuses prices for codes the layout lacks or misses, and unknown events and layouts', async () => {
    const eventId = await h.event();
    const missing = await h.call(
      ATTACH,
      { e: eventId, i: { layoutId, ticketTypes: [ticketTypes[0]] } },
      ADMIN,
    );
    expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ticketTypes' });
    const badPrice = await h.call(
      ATTACH,
      { e: eventId, i: { layoutId, ticketTypes: [ticketTypes[0], { code: 'R', name: 'R', price: -1 }] } },
      ADMIN,
    );
    expect(badPrice.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'ticketTypes.1.price',
    });
    const unknownEvent = await h.call(ATTACH, { e: randomUUID(), i: { layoutId, ticketTypes } }, ADMIN);
    expect(unknownEvent.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const unknownLayout = await h.call(
      ATTACH,
      { e: eventId, i: { layoutId: randomUUID(), ticketTypes } },
      ADMIN,
    );
    expect(unknownLayout.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await h.sql('select 1 from seating.event_inventory where event_id = ?', [eventId])).length).toBe(
      0,
    );
  });

  it('re-attaching keeps held seats; refuses (changing nothing) when a held or sold seat would disappear', async () => {
    const eventId = await h.event();
    await h.call(ATTACH, { e: eventId, i: { layoutId, ticketTypes } }, ADMIN);
    const seats = await h.seats(eventId);
    const lastOfRow2 = seats.find((s) => s.row === '2' && s.number === 6)!;
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [lastOfRow2.id] } }, buyer());
    expect(hold.errors).toBeUndefined();

    // A smaller layout without seat 2-6: refused.
    const smaller = await h.layout(
      rowsLayout([
        { name: '1', seats: 4, ticketType: 'VIP' },
        { name: '2', seats: 5 },
      ]),
    );
    const before = await h.sql(
      'select id, status, hold_id, ticket_type_id from seating.seats where event_id = ? order by id',
      [eventId],
    );
    const refused = await h.call(ATTACH, { e: eventId, i: { layoutId: smaller, ticketTypes } }, ADMIN);
    expect(refused.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(refused.errors?.[0]?.message).toMatch(/A 2-6/);
    expect(
      await h.sql(
        'select id, status, hold_id, ticket_type_id from seating.seats where event_id = ? order by id',
        [eventId],
      ),
    ).toEqual(before);

    // New prices on the same layout: allowed; the held seat keeps its id and hold, the version moves on.
    const listener = await listenToSeatChanges(h.infra, eventId);
    try {
      const repriced = await h.call(
        ATTACH,
        {
          e: eventId,
          i: { layoutId, ticketTypes: [ticketTypes[0], { code: 'R', name: 'R석', price: 99_000 }] },
        },
        ADMIN,
      );
      expect(repriced.errors).toBeUndefined();
      expect(repriced.data!.attachSeatLayout.availability).toMatchObject({ total: 10, held: 1 });
      const after = await h.seats(eventId);
      expect(after.find((s) => s.id === lastOfRow2.id)).toMatchObject({
        status: 'HELD',
        ticketType: { price: 99_000 },
      });
      expect(after.map((s) => s.id)).toEqual(seats.map((s) => s.id));

      // A bigger layout that keeps 2-6: allowed, new seats added AVAILABLE, and the batch shows them.
      const bigger = await h.layout(
        rowsLayout([
          { name: '1', seats: 4, ticketType: 'VIP' },
          { name: '2', seats: 6, gapsBefore: [4] },
          { name: '3', seats: 2 },
        ]),
      );
      const grown = await h.call(ATTACH, { e: eventId, i: { layoutId: bigger, ticketTypes } }, ADMIN);
      expect(grown.data!.attachSeatLayout.availability).toEqual({
        total: 12,
        available: 11,
        held: 1,
        sold: 0,
        blocked: 0,
      });
      const batches = await listener.until((b) => b.some((x) => x.seats.some((s) => s.row === '3')));
      const added = batches.find((x) => x.seats.some((s) => s.row === '3'))!;
      expect(added.seats.filter((s) => s.row === '3').map((s) => s.status)).toEqual([
        'AVAILABLE',
        'AVAILABLE',
      ]);
    } finally {
      await listener.close();
    }
  });

  it('blocks and unblocks seats; blocking a held seat is refused as a whole', async () => {
    const eventId = await h.event();
    await h.call(ATTACH, { e: eventId, i: { layoutId, ticketTypes } }, ADMIN);
    const seats = await h.seats(eventId);
    const [a, b, c] = [seats[0]!, seats[1]!, seats[2]!];
    await h.call(HOLD, { input: { eventId, seatIds: [c.id] } }, buyer());

    const refused = await h.call(BLOCK, { e: eventId, s: [a.id, c.id] }, ADMIN);
    expect(refused.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', seatIds: [c.id] });
    expect((await h.seats(eventId)).find((s) => s.id === a.id)?.status).toBe('AVAILABLE');

    const blocked = await h.call(BLOCK, { e: eventId, s: [a.id, b.id] }, ADMIN);
    expect(blocked.data!.blockSeats.seats.map((s: { status: string }) => s.status)).toEqual([
      'BLOCKED',
      'BLOCKED',
    ]);
    const v = blocked.data!.blockSeats.version;
    // A blocked seat cannot be held.
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [a.id] } }, buyer());
    expect(hold.errors?.[0]?.extensions?.code).toBe('SEAT_UNAVAILABLE');
    // Blocking again changes nothing and keeps the version.
    expect((await h.call(BLOCK, { e: eventId, s: [a.id] }, ADMIN)).data!.blockSeats.version).toBe(v);

    const unblocked = await h.call(UNBLOCK, { e: eventId, s: [a.id, c.id] }, ADMIN);
    expect(unblocked.data!.unblockSeats.version).toBe(v + 1);
    expect(
      unblocked.data!.unblockSeats.seats.map((s: { id: string; status: string }) => [s.id, s.status]),
    ).toEqual([
      [a.id, 'AVAILABLE'],
      [c.id, 'HELD'],
    ]);
    const foreign = await h.call(BLOCK, { e: eventId, s: [randomUUID()] }, ADMIN);
    expect(foreign.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seatIds' });
    expect(await auditActions()).toEqual(expect.arrayContaining(['seats.block', 'seats.unblock']));
  });

  it('admins list an event’s reservations, filtered by status', async () => {
    const eventId = await h.event();
    await h.call(ATTACH, { e: eventId, i: { layoutId, ticketTypes } }, ADMIN);
    const seats = await h.seats(eventId);
    const who = buyer();
    const hold = await h.call(HOLD, { input: { eventId, seatIds: [seats[0]!.id] } }, who);
    const reservation = await h.call(
      'mutation($id: ID!) { createReservation(holdId: $id) { id } }',
      { id: hold.data!.holdSeats.id },
      who,
    );
    const list = await h.call(
      'query($e: ID!, $s: ReservationStatus) { eventReservations(eventId: $e, status: $s) { edges { node { id status user { id } } } } }',
      { e: eventId, s: 'PENDING' },
      ADMIN,
    );
    expect(list.data!.eventReservations.edges).toEqual([
      { node: { id: reservation.data!.createReservation.id, status: 'PENDING', user: { id: who.userId } } },
    ]);
    const confirmed = await h.call(
      'query($e: ID!) { eventReservations(eventId: $e, status: CONFIRMED) { edges { node { id } } } }',
      { e: eventId },
      ADMIN,
    );
    expect(confirmed.data!.eventReservations.edges).toEqual([]);
  });
});

describe('statement counts', () => {
  it('_entities over 2 and over 8 events cost the same few statements (ticketTypes, availability, seatMap)', async () => {
    const layoutId = await h.layout(
      rowsLayout([
        { name: '1', seats: 5 },
        { name: '2', seats: 5, ticketType: 'S' },
      ]),
    );
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) {
      const id = await h.event();
      await h.attach(id, layoutId);
      ids.push(id);
    }
    // Nothing in the background may run statements while counting.
    await h.service.stopBackgroundWork();
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
      id ticketTypes { id code price availability { available } } availability { total available held sold }
      seatMap { version stage { x } seats { id status ticketType { code } } } } } }`;
    const resolve = (n: number) =>
      h.call<{ _entities: { id: string; seatMap: { seats: unknown[] } }[] }>(query, {
        r: ids.slice(0, n).map((id) => ({ __typename: 'Event', id })),
      });
    let two: Awaited<ReturnType<typeof resolve>> | undefined;
    let eight: Awaited<ReturnType<typeof resolve>> | undefined;
    const few = await h.countStatements(async () => {
      two = await resolve(2);
    });
    const many = await h.countStatements(async () => {
      eight = await resolve(8);
    });
    expect(two?.errors).toBeUndefined();
    expect(eight?.data?._entities.map((e) => e.id)).toEqual(ids);
    expect(eight?.data?._entities.every((e) => e.seatMap.seats.length === 10)).toBe(true);
    expect(many).toBe(few);
    expect(few).toBeLessThanOrEqual(4);
  });

  it('an event seating has never heard of reads as empty, without errors', async () => {
    const res = await h.call(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
        ticketTypes { id } availability { total } seatMap { version seats { id } stage { x } } } } }`,
      {
        r: [
          { __typename: 'Event', id: randomUUID() },
          { __typename: 'Event', id: 'not-a-uuid' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities[0]).toEqual({
      ticketTypes: [],
      availability: { total: 0 },
      seatMap: { version: 0, seats: [], stage: null },
    });
  });
});

describe('the packed seat map', () => {
  const PACKED = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
    seatMap { version statusCodes layout { revision seatCount seats }
      seats { id section row number label x y status ticketType { id } } } } } }`;
  type Packed = {
    version: number;
    statusCodes: string;
    layout: { revision: number; seatCount: number; seats: string };
    seats: {
      id: string;
      section: string;
      row: string;
      number: number;
      label: string;
      x: number;
      y: number;
      status: string;
      ticketType: { id: string };
    }[];
  };
  const read = async (eventId: string) => {
    const res = await h.call<{ _entities: { seatMap: Packed }[] }>(PACKED, {
      r: [{ __typename: 'Event', id: eventId }],
    });
    expect(res.errors).toBeUndefined();
    return res.data!._entities[0]!.seatMap;
  };
  /** The packed form unpacked into `seats`' shape. */
  /** The packed form unpacked into `seats`' shape, as clients unpack it. */
  const unpack = (map: Packed) => {
    const layout = unpackLayout(map.layout.seats);
    const statuses = unpackStatuses(
      layout.map((s) => s.id),
      map.statusCodes,
    );
    return layout.map(({ ticketTypeId, ...seat }, i) => ({
      ...seat,
      status: statuses?.[i]?.status,
      ticketType: { id: ticketTypeId },
    }));
  };

  it('says what `seats` says, status by status, and keeps the drawing per layout revision', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, await h.layout(twoRows));
    const who = buyer();
    const held = await h.call(HOLD, { input: { eventId, seatIds: [seats[1]!.id, seats[2]!.id] } }, who);
    expect(held.errors).toBeUndefined();
    expect((await h.call(BLOCK, { e: eventId, s: [seats[9]!.id] }, ADMIN)).errors).toBeUndefined();

    const first = await read(eventId);
    expect(first.statusCodes).toBe('AHHAAAAAAB');
    expect(first.layout.seatCount).toBe(10);
    expect(unpack(first)).toEqual(first.seats);

    // The drawing of a revision is built once: a second read runs no statement for it.
    const statements = async (query: string) =>
      h.countStatements(() => h.call(query, { r: [{ __typename: 'Event', id: eventId }] }));
    const withLayout = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
      seatMap { version statusCodes layout { revision seats } } } } }`;
    const without = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
      seatMap { version statusCodes layout { revision } } } } }`;
    expect(await statements(withLayout)).toBe(await statements(without));

    // Another layout attached: a new revision, and the drawing follows it.
    const bigger = rowsLayout([
      { name: '1', seats: 4, ticketType: 'VIP' },
      { name: '2', seats: 6, gapsBefore: [4] },
      { name: '3', seats: 3 },
    ]);
    // A seat with a label of its own travels in the packed drawing; the others' follow the default rule.
    const wheelchair = bigger.sections[0]!.rows[2]!.seats[0]!;
    Object.assign(wheelchair, { label: 'A 3-1 (wheelchair)' });
    await h.attach(eventId, await h.layout(bigger));
    const second = await read(eventId);
    expect(second.layout.revision).toBeGreaterThan(first.layout.revision);
    expect(second.layout.seatCount).toBe(13);
    expect(second.statusCodes).toHaveLength(13);
    expect(unpack(second)).toEqual(second.seats);
    expect(JSON.parse(second.layout.seats).label).toEqual({ 10: 'A 3-1 (wheelchair)' });
  });

  it('an event without seats packs to nothing', async () => {
    const res = await h.call(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
        seatMap { statusCodes layout { revision seatCount seats } } } } }`,
      {
        r: [
          { __typename: 'Event', id: randomUUID() },
          { __typename: 'Event', id: 'not-a-uuid' },
        ],
      },
    );
    expect(res.errors).toBeUndefined();
    for (const entity of res.data!._entities) {
      expect(entity.seatMap.statusCodes).toBe('');
      expect(entity.seatMap.layout).toMatchObject({ revision: 0, seatCount: 0 });
      expect(JSON.parse(entity.seatMap.layout.seats)).toMatchObject({ id: [], sections: [], label: {} });
    }
  });
});
