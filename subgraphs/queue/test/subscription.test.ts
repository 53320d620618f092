import { type Identity, verifyAdmissionPass } from '@tiketi/kit';
import { asRouter, gql } from '@tiketi/kit/testing';
import { type Client, createClient } from 'graphql-ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { QueueTicketView } from '../src/index.ts';
import { buyer, type QueueHarness, sleep, startQueue, TICKET_FIELDS } from './helpers.ts';

/** `Subscription.queuePosition` over graphql-ws, as the router subscribes to it. */
let q: QueueHarness;
const clients: Client[] = [];
const PASS_SECRET = 'subscription-test-pass-secret-0123456789ab';

beforeAll(async () => {
  q = await startQueue({ QUEUE_PASS_SECRET: PASS_SECRET });
});
afterAll(async () => {
  for (const client of clients) await client.dispose();
  await q?.dispose();
});

const LEAVE = 'mutation($e: ID!) { leaveQueue(eventId: $e) }';
type Ticket = Omit<QueueTicketView, 'opensAt' | 'expiresAt'> & {
  opensAt: string | null;
  expiresAt: string | null;
};

function watch(eventId: string, identity: Identity) {
  const client = createClient({
    url: q.service.url.replace(/^http/, 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: asRouter(identity),
    retryAttempts: 0,
  });
  clients.push(client);
  const updates: { at: number; ticket: Ticket }[] = [];
  const errors: { message: string; extensions?: { code?: string } }[] = [];
  client.subscribe<{ queuePosition: Ticket }>(
    {
      query: `subscription($e: ID!) { queuePosition(eventId: $e) { ${TICKET_FIELDS} } }`,
      variables: { e: eventId },
    },
    {
      next: (result) => {
        if (result.errors) errors.push(...(result.errors as typeof errors));
        if (result.data) updates.push({ at: Date.now(), ticket: result.data.queuePosition });
      },
      error: (err) => errors.push(...(Array.isArray(err) ? err : [{ message: String(err) }])),
      complete: () => {},
    },
  );
  const until = async (predicate: () => boolean, timeoutMs = 5_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify({ updates, errors })}`);
      await sleep(10);
    }
  };
  return { updates, errors, until };
}

describe('queuePosition', () => {
  it('shows the position falling, then ADMITTED with a pass — at most one update a second per buyer', {
    timeout: 60_000,
  }, async () => {
    // The line moves on another replica: the subscriber's replica hears of it through Redis only.
    const replica = await q.startReplica();
    const leave = (b: Identity) => gql(replica.url, LEAVE, { e: eventId }, asRouter(b));
    const eventId = await q.event();
    await q.configure(eventId, { mode: 'ON', capacity: 1 });
    const ahead = Array.from({ length: 23 }, buyer);
    for (const b of ahead) await q.join(eventId, b);
    const me = buyer();
    expect((await q.join(eventId, me)).position).toBe(23);

    const live = watch(eventId, me);
    await live.until(() => live.updates.length >= 1);
    expect(live.updates[0]?.ticket).toMatchObject({ state: 'WAITING', position: 23 });

    // A burst: 20 shoppers ahead finish as fast as they can. It reaches the buyer coalesced, not as 20 updates.
    const burstStart = Date.now();
    for (const b of ahead.slice(0, 20)) await leave(b);
    const burstMs = Date.now() - burstStart;
    await live.until(() => live.updates.at(-1)?.ticket.position === 3, 5_000);
    const duringBurst = live.updates.filter((u) => u.at >= burstStart).length;
    expect(duringBurst).toBeLessThanOrEqual(Math.floor(burstMs / 1_000) + 2);

    // Then one at a time: each move shows.
    for (const [i, b] of ahead.slice(20).entries()) {
      await leave(b);
      if (i < 2) await live.until(() => live.updates.at(-1)?.ticket.position === 2 - i, 5_000);
    }
    await live.until(() => live.updates.at(-1)?.ticket.state === 'ADMITTED', 5_000);

    const tickets = live.updates.map((u) => u.ticket);
    const positions = tickets.filter((t) => t.state === 'WAITING').map((t) => t.position as number);
    expect(positions).toEqual([...positions].sort((a, b) => b - a));
    expect(positions.slice(-3)).toEqual([3, 2, 1]);
    const last = tickets.at(-1)!;
    expect(last).toMatchObject({ state: 'ADMITTED', position: null });
    expect(verifyAdmissionPass(PASS_SECRET, last.admissionPass, { userId: me.userId, eventId }).ok).toBe(
      true,
    );
    // Never two updates to one buyer within a second (measured on arrival: slack for delivery jitter).
    for (let i = 1; i < live.updates.length; i++) {
      expect(live.updates[i]!.at - live.updates[i - 1]!.at).toBeGreaterThanOrEqual(700);
    }
    expect(live.errors).toEqual([]);
  });

  it('is for signed-in buyers in the room only', async () => {
    const eventId = await q.event();
    const anonymous = watch(eventId, null);
    await anonymous.until(() => anonymous.errors.length > 0);
    expect(anonymous.errors[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const stranger = watch(eventId, buyer());
    await stranger.until(() => stranger.errors.length > 0);
    expect(stranger.errors[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(stranger.updates).toEqual([]);
  });
});
