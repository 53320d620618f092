import { randomUUID } from 'node:crypto';
import type { Identity } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  buyer,
  HOLD,
  rowsLayout,
  type SeatInfo,
  type SeatingHarness,
  startSeating,
} from './helpers.ts';

/**
 * Tickets in seating (issue 17), on a real Postgres: issued once per seat, one live ticket per seat whatever
 * races, transfers against cancellations with real concurrency, and the transfer cut-off. The router path,
 * check-ins and the scanner are tests/tickets.test.ts.
 */
let h: SeatingHarness;
let layoutId: string;

beforeAll(async () => {
  h = await startSeating();
  layoutId = await h.layout(rowsLayout([{ name: '1', seats: 20 }]));
});
afterAll(async () => {
  await h?.dispose();
});

const RESERVE = 'mutation($id: ID!) { createReservation(holdId: $id) { id totalAmount } }';
const CANCEL = 'mutation($id: ID!) { cancelReservation(id: $id) { id status } }';
const TICKETS =
  'query($id: ID!) { reservation(id: $id) { id status tickets { id state seatId holder { id } } } }';
const OFFER =
  'mutation($t: ID!, $to: String!) { offerTicketTransfer(ticketId: $t, toEmail: $to) { id status } }';
const ACCEPT = 'mutation($id: ID!) { acceptTicketTransfer(transferId: $id) { id status newTicket { id } } }';
// What the router sends seating for `me { incomingTicketTransfers }`: the user with the email auth gave it.
const INCOMING = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { incomingTicketTransfers { id } } } }`;

async function bought(eventId: string, seats: SeatInfo[], who: NonNullable<Identity> = buyer()) {
  const hold = await h.call(HOLD, { input: { eventId, seatIds: seats.map((s) => s.id) } }, who);
  if (hold.errors) throw new Error(JSON.stringify(hold.errors));
  const res = await h.call(RESERVE, { id: hold.data!.holdSeats.id }, who);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const { id, totalAmount } = res.data!.createReservation;
  const outcome = await h.service.seating.reservations.confirm(h.service.orm.orm.em.fork(), {
    reservationId: id,
    paymentId: `pay-${randomUUID()}`,
    amount: totalAmount,
  });
  expect(outcome.outcome).toBe('confirmed');
  const read = await h.call(TICKETS, { id }, who);
  return {
    who,
    reservationId: id as string,
    tickets: read.data!.reservation.tickets as { id: string; seatId: string }[],
  };
}

/** An offer to a fresh recipient, bound to their account the way the router's `me` read binds it. */
async function offered(ticketId: string, from: NonNullable<Identity>) {
  const to = buyer();
  const email = `r-${randomUUID().slice(0, 8)}@example.com`;
  const offer = await h.call(OFFER, { t: ticketId, to: email }, from);
  if (offer.errors) throw new Error(JSON.stringify(offer.errors));
  const seen = await h.call(INCOMING, { r: [{ __typename: 'User', id: to.userId, email }] }, to);
  expect(seen.data!._entities[0].incomingTicketTransfers).toEqual([
    { id: offer.data!.offerTicketTransfer.id },
  ]);
  return { to, email, transferId: offer.data!.offerTicketTransfer.id as string };
}

const liveTicketsPerSeat = (eventId: string) =>
  h.sql<{ seat_id: string; n: number }>(
    `select seat_id, count(*)::int as n from seating.tickets where event_id = ? and state in ('VALID', 'CHECKED_IN')
     group by seat_id having count(*) > 1`,
    [eventId],
  );

describe('tickets in seating', () => {
  it('one VALID ticket per seat, issued once however often the payment is confirmed; the database refuses a second live one', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const { reservationId, tickets } = await bought(eventId, seats.slice(0, 3));
    expect(tickets).toHaveLength(3);
    const [row] = await h.sql<{ payment_id: string; total_amount: number }>(
      'select payment_id, total_amount from seating.reservations where id = ?',
      [reservationId],
    );
    const again = await h.service.seating.reservations.confirm(h.service.orm.orm.em.fork(), {
      reservationId,
      paymentId: row!.payment_id,
      amount: row!.total_amount,
    });
    expect(again.outcome).toBe('already-confirmed');
    expect(
      await h.sql('select id from seating.tickets where reservation_id = ?', [reservationId]),
    ).toHaveLength(3);
    await expect(
      h.sql(
        `insert into seating.tickets (id, event_id, reservation_id, seat_id, seat_label, holder_id)
         values (gen_random_uuid(), ?, ?, ?, 'x', gen_random_uuid())`,
        [eventId, reservationId, tickets[0]!.seatId],
      ),
    ).rejects.toThrow(/tickets_one_live_per_seat/);
  });

  it('a transfer accepted while the buyer cancels: one of them wins, every time, and a seat never has two live tickets', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const rounds = 12;
    const outcomes: string[] = [];
    for (let i = 0; i < rounds; i++) {
      const { who, reservationId, tickets } = await bought(eventId, [seats[i]!]);
      const { to, transferId } = await offered(tickets[0]!.id, who);
      // Staggered by 0–25 ms one way or the other, so each side gets to win some rounds and some are true ties.
      const delay = (i % 6) * 5;
      const after = (ms: number) => new Promise((r) => setTimeout(r, ms));
      const [accept, cancel] = await Promise.all([
        after(i < 6 ? delay : 0).then(() => h.call(ACCEPT, { id: transferId }, to)),
        after(i < 6 ? 0 : delay).then(() => h.call(CANCEL, { id: reservationId }, who)),
      ]);
      const accepted = !accept.errors;
      const cancelled = !cancel.errors;
      expect(accepted !== cancelled).toBe(true);
      const state = await h.call(TICKETS, { id: reservationId }, ADMIN);
      const { status, tickets: ended } = state.data!.reservation;
      if (accepted) {
        expect(cancel.errors![0]!.extensions!.code).toBe('CONFLICT');
        expect(status).toBe('CONFIRMED');
        expect(ended.map((t: { state: string }) => t.state).sort()).toEqual(['TRANSFERRED', 'VALID']);
        outcomes.push('accepted');
      } else {
        expect(['TICKET_NOT_VALID', 'CONFLICT']).toContain(accept.errors![0]!.extensions!.code);
        expect(status).toBe('CANCELLED');
        expect(ended.map((t: { state: string }) => t.state)).toEqual(['REVOKED']);
        outcomes.push('cancelled');
      }
    }
    expect(outcomes).toHaveLength(rounds);
    expect(new Set(outcomes)).toEqual(new Set(['accepted', 'cancelled']));
    expect(await liveTicketsPerSeat(eventId)).toEqual([]);
  });

  it('the same transfer accepted twice at once issues one ticket', async () => {
    const eventId = await h.event();
    const seats = await h.attach(eventId, layoutId);
    const { who, reservationId, tickets } = await bought(eventId, [seats[0]!]);
    const { to, transferId } = await offered(tickets[0]!.id, who);
    const results = await Promise.all([1, 2, 3].map(() => h.call(ACCEPT, { id: transferId }, to)));
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'CONFLICT')).toHaveLength(2);
    const after = (await h.call(TICKETS, { id: reservationId }, ADMIN)).data!.reservation.tickets;
    expect(after).toHaveLength(2);
    expect(after.filter((t: { state: string }) => t.state === 'VALID')).toMatchObject([
      { holder: { id: to.userId } },
    ]);
  });

  it('transfers close at the cut-off before the start; an offer to an account that is not the recipient is not theirs', async () => {
    const soon = await h.event({ startsAt: new Date(Date.now() + 30 * 60_000).toISOString() });
    const seats = await h.attach(soon, layoutId);
    const { who, tickets } = await bought(soon, [seats[0]!]);
    const closed = await h.call(OFFER, { t: tickets[0]!.id, to: 'friend@example.com' }, who);
    expect(closed.errors?.[0]?.extensions).toMatchObject({ code: 'TRANSFER_CLOSED' });
    // An admin shortens the cut-off: open again (audit-logged).
    const policy = await h.call(
      'mutation($e: ID!) { setTicketPolicy(eventId: $e, transferCutoffMinutes: 10) { transferCutoffMinutes transfersCloseAt } }',
      { e: soon },
      ADMIN,
    );
    expect(policy.data!.setTicketPolicy.transferCutoffMinutes).toBe(10);
    const open = await h.call(OFFER, { t: tickets[0]!.id, to: 'friend@example.com' }, who);
    expect(open.errors).toBeUndefined();
    expect(
      await h.sql(
        `select action from seating.admin_audit_log where target_id = ? and action like 'ticket%' order by at`,
        [soon],
      ),
    ).toEqual([{ action: 'ticket_policy.set' }]);
    // A buyer cannot set the policy; someone else's ticket cannot be offered.
    const notAdmin = await h.call(
      'mutation($e: ID!) { setTicketPolicy(eventId: $e, transferCutoffMinutes: 0) { eventId } }',
      { e: soon },
      who,
    );
    expect(notAdmin.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const notMine = await h.call(OFFER, { t: tickets[0]!.id, to: 'x@example.com' }, buyer());
    expect(notMine.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    // Another account reading its offers with another email sees nothing, and cannot accept.
    const stranger = buyer();
    const seen = await h.call(
      INCOMING,
      { r: [{ __typename: 'User', id: stranger.userId, email: 'someone-else@example.com' }] },
      stranger,
    );
    expect(seen.data!._entities[0].incomingTicketTransfers).toEqual([]);
    const transferId = open.data!.offerTicketTransfer.id;
    expect((await h.call(ACCEPT, { id: transferId }, stranger)).errors?.[0]?.extensions?.code).toBe(
      'NOT_FOUND',
    );
    // The sender withdraws an offer: the recipient no longer sees it, and cannot accept it (audit-logged).
    const other = await bought(soon, [seats[1]!]);
    const withdrawn = await offered(other.tickets[0]!.id, other.who);
    const cancelled = await h.call(
      'mutation($id: ID!) { cancelTicketTransfer(transferId: $id) { id status } }',
      { id: withdrawn.transferId },
      other.who,
    );
    expect(cancelled.data!.cancelTicketTransfer.status).toBe('CANCELLED');
    const gone = await h.call(
      INCOMING,
      { r: [{ __typename: 'User', id: withdrawn.to.userId, email: withdrawn.email }] },
      withdrawn.to,
    );
    expect(gone.data!._entities[0].incomingTicketTransfers).toEqual([]);
    expect(
      (await h.call(ACCEPT, { id: withdrawn.transferId }, withdrawn.to)).errors?.[0]?.extensions?.code,
    ).toBe('CONFLICT');
    expect(
      await h.sql(`select action from seating.admin_audit_log where target_id = ? order by at`, [
        other.tickets[0]!.id,
      ]),
    ).toEqual([{ action: 'ticket.transfer_offer' }, { action: 'ticket.transfer_cancel' }]);
    // Nor can a caller read someone else's offers by naming their user.
    const spoof = await h.call(
      INCOMING,
      { r: [{ __typename: 'User', id: randomUUID(), email: 'friend@example.com' }] },
      stranger,
    );
    expect(spoof.data!._entities[0].incomingTicketTransfers).toEqual([]);
  });
});
