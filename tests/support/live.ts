import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { jwkThumbprint } from '@tiketi/auth';
import { gql } from '@tiketi/kit/testing';
import jwt from 'jsonwebtoken';
import { until } from '../../router/test/support/ws.ts';
import type { Stack } from './stack.ts';

export { closed, handshake, until, watch } from '../../router/test/support/ws.ts';

/**
 * Access tokens as auth signs them: the test owns auth's signing key (`env.auth.AUTH_JWT_PRIVATE_KEY`), so it
 * can mint buyers and admins without signing anyone up.
 */
export function tokenMinter() {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const kid = jwkThumbprint(publicKey);
  const mint = (claims: Record<string, unknown>, options: jwt.SignOptions = {}) =>
    jwt.sign(claims, pem, {
      algorithm: 'RS256',
      keyid: kid,
      issuer: 'tiketi-auth',
      audience: 'tiketi',
      expiresIn: 900,
      ...options,
    });
  return {
    /** For `startStack({ env: { auth: { AUTH_JWT_PRIVATE_KEY: pem } } })`. */
    pem,
    mint,
    buyer: () => mint({ sub: randomUUID(), role: 'USER' }),
    admin: () => mint({ sub: randomUUID(), role: 'ADMIN' }),
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Waits until queue has learned the event from catalog's `catalog.event.changed` (as seating does, seatEvent). */
export async function queueKnows(stack: Stack, eventId: string): Promise<void> {
  const queue = stack.queue[0];
  if (!queue) throw new Error('start the stack with queue');
  await until(
    async () =>
      (
        await queue.orm.orm.em
          .fork()
          .getConnection()
          .execute('select 1 from queue.events where event_id = ?', [eventId])
      ).length > 0,
    15_000,
    'queue to learn the event',
  );
}

export interface Seat {
  id: string;
  label: string;
  status: string;
}

/**
 * Gives a catalog event seats, through the router as an admin: waits until seating has projected the event
 * from catalog's `catalog.event.changed` (outbox → Redis stream → seating's consumer), then creates a small
 * layout and attaches it. Returns the seats.
 */
export async function seatEvent(
  stack: Stack,
  eventId: string,
  adminToken: string,
  seats = 20,
): Promise<Seat[]> {
  const seating = stack.seating[0];
  if (!seating) throw new Error('start the stack with seating');
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = await seating.orm.orm.em
      .fork()
      .getConnection()
      .execute('select 1 from seating.events where event_id = ?', [eventId]);
    if (rows.length > 0) break;
    if (Date.now() > deadline) throw new Error(`seating never learned event ${eventId}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const template = {
    width: 1000,
    height: 1000,
    stage: { x: 400, y: 0, width: 200, height: 20 },
    sections: [
      {
        name: 'A',
        ticketType: 'R',
        rows: [
          {
            name: '1',
            seats: Array.from({ length: seats }, (_, i) => ({ number: i + 1, x: 100 + i * 10, y: 100 })),
          },
        ],
      },
    ],
  };
  const auth = bearer(adminToken);
  const layout = await gql(
    stack.routerUrl,
    'mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }',
    { input: { name: `layout ${randomUUID().slice(0, 8)}`, ...template } },
    auth,
  );
  if (layout.errors) throw new Error(JSON.stringify(layout.errors));
  const attached = await gql(
    stack.routerUrl,
    `mutation($e: ID!, $i: AttachSeatLayoutInput!) {
      attachSeatLayout(eventId: $e, input: $i) { seatMap { seats { id label status } } }
    }`,
    {
      e: eventId,
      i: {
        layoutId: layout.data!.createSeatLayout.id,
        ticketTypes: [{ code: 'R', name: 'R석', price: 99_000 }],
      },
    },
    auth,
  );
  if (attached.errors) throw new Error(JSON.stringify(attached.errors));
  return attached.data!.attachSeatLayout.seatMap.seats;
}

/** Holds seats through `routerUrl` as a buyer; throws on any error. */
export async function hold(routerUrl: string, buyerToken: string, eventId: string, seatIds: string[]) {
  const res = await gql(
    routerUrl,
    'mutation($input: HoldSeatsInput!) { holdSeats(input: $input) { id seats { id status } } }',
    { input: { eventId, seatIds } },
    bearer(buyerToken),
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.holdSeats as { id: string; seats: { id: string; status: string }[] };
}

/** The event's seat map through the router (`version` is read before the seats). */
export async function seatMap(routerUrl: string, eventId: string) {
  const res = await gql(
    routerUrl,
    'query($id: ID!) { event(id: $id) { seatMap { version seats { id status } } } }',
    {
      id: eventId,
    },
  );
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.event.seatMap as { version: number; seats: { id: string; status: string }[] };
}

/** How many `_entities` requests with this operation name a service's `/metrics` counted. */
export async function operationCount(serviceGraphqlUrl: string, operationName: string): Promise<number> {
  const text = await (await fetch(serviceGraphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        l.startsWith('graphql_operation_duration_seconds_count{') &&
        l.includes(`operation="${operationName}"`),
    )
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}
