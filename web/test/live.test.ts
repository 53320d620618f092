import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { gql } from '@tiketi/kit/testing';
import { createSession, type Session } from '@tiketi/live-client/session';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { hold, type Seat, seatEvent, tokenMinter, until } from '../../tests/support/live.ts';
import { type Stack, startStack } from '../../tests/support/stack.ts';
import type { SeatChangedSubscription } from '../src/__generated__/graphql.ts';
import { createRenewer } from '../src/auth/renew.ts';
import { createLiveConnection, type LiveState } from '../src/live.ts';

/**
 * The app's live channel (`live.ts` on `@tiketi/live-client`) in Node against the real router and seating:
 * seat changes arrive, the state is reported, and a reconnect (here: the signed-in buyer changes) tells live
 * views to reload and keeps delivering with the new identity.
 */

const tokens = tokenMinter();
const eventId = SEED_IDS.events.iuHereh;
const SEAT_CHANGED =
  'subscription($eventId: ID!) { seatChanged(eventId: $eventId) { eventId version seats { id status } } }';

let stack: Stack;
let seats: Seat[];

beforeAll(async () => {
  stack = await startStack({ seating: 1, env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } } });
  await seedCatalog(stack.catalog.orm);
  seats = await seatEvent(stack, eventId, tokens.admin());
});
afterAll(() => stack?.stop());

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

async function signedInSession(): Promise<Session> {
  const res = await gql(
    stack.routerUrl,
    'mutation($input: SignUpInput!) { signUp(input: $input) { accessToken refreshToken expiresIn } }',
    { input: { email: `live-${Date.now()}@example.com`, password: 'live-pass-2026', name: 'Live' } },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const session = createSession({ renew: createRenewer(stack.routerUrl), storage: memoryStorage() });
  session.begin(res.data!.signUp);
  return session;
}

describe('live connection against the real router', () => {
  it('delivers seat changes, reports its state, and resumes after a reconnect with a new identity', async () => {
    const session = await signedInSession();
    const live = createLiveConnection({
      url: stack.routerUrl.replace(/^http/, 'ws'),
      session,
      webSocketImpl: WebSocket,
    });
    const states: LiveState[] = [];
    live.subscribe(() => states.push(live.state));
    let reconnects = 0;
    live.onReconnect(() => reconnects++);
    const received = new Map<string, string>();
    const stop = live.client.subscribe<SeatChangedSubscription>(
      { query: SEAT_CHANGED, variables: { eventId } },
      {
        next: (result) => {
          for (const seat of result.data?.seatChanged.seats ?? []) received.set(seat.id, seat.status);
        },
      },
    );
    try {
      await until(async () => live.state === 'connected', 10_000, 'connected');
      // The router's upstream subscription to seating settles just after the socket's ack.
      await new Promise((r) => setTimeout(r, 500));
      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[0]!.id]);
      await until(async () => received.get(seats[0]!.id) === 'HELD', 10_000, 'first change');

      // Log-out is a new identity: the socket is replaced (connection_init runs again, now anonymous).
      session.end();
      await until(async () => reconnects === 1 && live.state === 'connected', 10_000, 'reconnect');
      expect(states).toContain('reconnecting');
      await new Promise((r) => setTimeout(r, 500));
      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[1]!.id]);
      await until(async () => received.get(seats[1]!.id) === 'HELD', 10_000, 'change after the reconnect');
      expect(states.slice(0, 2)).toEqual(['connecting', 'connected']);
    } finally {
      stop();
      await live.dispose();
      session.dispose();
    }
  });
});
