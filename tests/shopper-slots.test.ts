import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, queueKnows, type Seat, seatEvent, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Issue 16: a failed hold kept its active-shopper slot for the idle period (120 s), so a few accounts failing on
 * purpose filled an AUTO room's capacity and pushed real buyers into the line. Real auth, catalog, seating and
 * queue behind the router.
 */
const tokens = tokenMinter();
const eventId = SEED_IDS.events.iuFanMeeting;
const HOLD = 'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id } }';

let stack: Stack;
let admin: string;
let seats: Seat[];

const shoppers = async (): Promise<number> => {
  const res = await gql(
    stack.routerUrl,
    'query($e: ID!) { event(id: $e) { queue { activeShoppers enabled } } }',
    { e: eventId },
    bearer(admin),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.event.queue.activeShoppers;
};
const holdAs = (token: string, seatIds: string[]) =>
  gql(stack.routerUrl, HOLD, { input: { eventId, seatIds } }, bearer(token));

beforeAll(async () => {
  stack = await startStack({ seating: 1, queue: 1, env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } } });
  await seedCatalog(stack.catalog.orm);
  admin = tokens.admin();
  seats = await seatEvent(stack, eventId, admin);
  await queueKnows(stack, eventId);
  const configured = await gql(
    stack.routerUrl,
    'mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { mode } }',
    { e: eventId, i: { mode: 'AUTO', capacity: 3 } },
    bearer(admin),
  );
  expect(configured.errors).toBeUndefined();
});
afterAll(() => stack?.stop());

describe('active-shopper slots', () => {
  it('a buyer who already shops keeps the slot when one more hold fails', async () => {
    const buyer = tokens.buyer();
    expect((await holdAs(buyer, [seats[2]!.id])).errors).toBeUndefined();
    expect(await shoppers()).toBe(1);
    // One live hold per buyer and event: the second is refused, and the slot the first uses stays.
    const failed = await holdAs(buyer, [seats[3]!.id]);
    expect(failed.errors?.[0]?.extensions?.code).toBe('HOLD_ALREADY_ACTIVE');
    expect(await shoppers()).toBe(1);
  });

  it('a failed hold gives its slot back; a real buyer still holds without a pass', async () => {
    expect(await shoppers()).toBe(1);
    // Five bot accounts (capacity is 3: before, their slots switched the room on and the next buyer needed a pass) fail on purpose (a taken seat, a seat that does not exist): none keeps a slot.
    for (let i = 0; i < 5; i++) {
      const failed = await holdAs(tokens.buyer(), [i % 2 ? seats[2]!.id : randomUUID()]);
      expect(failed.errors?.[0]?.extensions?.code).toMatch(/^(SEAT_UNAVAILABLE|NOT_FOUND)$/);
    }
    expect(await shoppers()).toBe(1);
    const real = await holdAs(tokens.buyer(), [seats[1]!.id]);
    expect(real.errors).toBeUndefined();
    expect(await shoppers()).toBe(2);
  });
});
