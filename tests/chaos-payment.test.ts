import { randomUUID } from 'node:crypto';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, seatEvent, tokenMinter } from './support/live.ts';
import { type Buyer, CONFIRM, checkout } from './support/purchase.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The on-sale under fire (issue 19), the payment fault of the CI-sized run: 30 buyers pay at once while Toss
 * answers 5xx to a third of the confirms. Afterwards: no seat sold twice, no order approved twice by Toss, and
 * after a reconciliation round no payment is left in flight (IN_PROGRESS).
 */
const tokens = tokenMinter();
const BUYERS = 30;
let stack: Stack;

beforeAll(async () => {
  stack = await startStack({ seating: 1, payment: 1, env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } } });
  await seedCatalog(stack.catalog.orm);
}, 120_000);
afterAll(() => stack?.stop());

describe('the on-sale under fire: Toss 5xx during confirms', () => {
  it('nothing sold twice, nothing approved twice, nothing left unsettled after reconciliation', async () => {
    const eventId = SEED_IDS.events.iuHereh;
    const seats = await seatEvent(stack, eventId, tokens.admin(), 40);
    const buyers: Buyer[] = Array.from({ length: BUYERS }, () => {
      const userId = randomUUID();
      return { userId, auth: bearer(tokens.mint({ sub: userId, role: 'USER' })) };
    });
    const carts = await Promise.all(buyers.map((b, i) => checkout(stack, b, eventId, [seats[i]!.id])));
    stack.toss!.failNext('confirm', 'FAILED_INTERNAL_SYSTEM_PROCESSING', BUYERS / 3);
    const first = await Promise.all(
      carts.map((c, i) => gql(stack.routerUrl, CONFIRM, { input: c.widget }, buyers[i]!.auth)),
    );
    const failed = first.filter((r) => r.errors).length;
    // The fault really happened: Toss answered 500 to confirms (payment retries them with the same key).
    const served5xx = stack.toss!.calls.filter((c) => c.path.includes('/confirm') && c.status >= 500).length;
    expect(served5xx).toBe(BUYERS / 3);
    // The buyers whose confirm failed press "pay" again once (the widget's answer is still valid).
    await Promise.all(
      carts.map((c, i) =>
        first[i]!.errors ? gql(stack.routerUrl, CONFIRM, { input: c.widget }, buyers[i]!.auth) : null,
      ),
    );
    await stack.payment[0]!.payments.reconcile(0);

    const db = stack.payment[0]!.orm.orm.em.fork().getConnection();
    const inFlight = await db.execute(
      `select id, status from payment.payments where status in ('IN_PROGRESS')`,
    );
    expect(inFlight).toEqual([]);
    for (const c of carts) expect(stack.toss!.approvals(c.order.orderId)).toBeLessThanOrEqual(1);
    const seating = stack.seating[0]!.orm.orm.em.fork().getConnection();
    const doubled = await seating.execute(
      `select ri.seat_id from seating.reservation_items ri join seating.reservations r on r.id = ri.reservation_id
         where r.event_id = ? and r.status = 'CONFIRMED' group by ri.seat_id having count(*) > 1`,
      [eventId],
    );
    expect(doubled).toEqual([]);
    // Every order Toss approved is a paid payment of ours.
    const approved = carts.filter((c) => stack.toss!.approvals(c.order.orderId) === 1).length;
    const [{ done }] = (await db.execute(
      `select count(*)::int as done from payment.payments where status = 'DONE'`,
    )) as [{ done: number }];
    expect(done).toBe(approved);
    console.log(
      `chaos (Toss 5xx): ${served5xx} confirms answered 500, ${failed} of ${BUYERS} buyers saw an error; ${approved} approved, ${done} paid, 0 in flight`,
    );
  }, 120_000);
});
