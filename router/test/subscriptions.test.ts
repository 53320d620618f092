import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createLiveClient, decide } from '../client/src/index.ts';
import type { RunningRouter } from '../src/index.ts';
import { baseUrl, type Harness, startHarness } from './support/harness.ts';
import { signAccessToken } from './support/jwks.ts';
import {
  closed,
  handshake,
  queueTopic,
  type SeatChangeEvent,
  seatTopic,
  until,
  watch,
} from './support/live.ts';

/**
 * The router's graphql-ws endpoint against small subgraphs that serve subscriptions the way the real ones do
 * (kit graphql-ws server, router assertion at connect): `seating` (shared `seatChanged`, whose `show` comes
 * from `catalog`) and `queue` (personal `queuePosition`). Real sockets, real HTTP between router and subgraphs.
 */
let h: Harness;
beforeAll(async () => {
  h = await startHarness({}, { live: true });
});
afterAll(() => h?.stop());

const live = () => h.live!;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const userToken = (sub: string, expiresInSeconds = 900) =>
  signAccessToken(h.key, { sub, role: 'USER' }, { expiresInSeconds });

const SEATS = `subscription Seats($e: ID!) {
  seatChanged(eventId: $e) { eventId version seats { id status } show { title owner { name } } }
}`;
const QUEUE = 'subscription Queue($e: ID!) { queuePosition(eventId: $e) { userId position } }';

function seatChange(
  eventId: string,
  version: number,
  seats = [`s${version}`],
  status = 'HELD',
): SeatChangeEvent {
  return { eventId, version, seats: seats.map((id) => ({ id, status })), showId: 's1' };
}

const upstreamReady = (topic: string, count = 1) =>
  until(() => live().feed.listeners(topic) === count, 5_000, `${count} upstream subscription(s) on ${topic}`);

async function metric(router: RunningRouter, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl(router)}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('connecting', () => {
  it('accepts an anonymous connection (no token)', async () => {
    const result = await handshake(h.router.wsUrl, {});
    expect(result.kind).toBe('ack');
    if (result.kind === 'ack') result.socket.close();
  });

  it('accepts a valid token', async () => {
    const result = await handshake(h.router.wsUrl, bearer(userToken(randomUUID())));
    expect(result.kind).toBe('ack');
    if (result.kind === 'ack') result.socket.close();
  });

  it('refuses a bad, malformed or expired token with 4401 and a reason, never as anonymous', async () => {
    expect(await handshake(h.router.wsUrl, bearer('not-a-jwt'))).toEqual({
      kind: 'closed',
      code: 4401,
      reason: 'Access token not valid: sign in again',
    });
    expect(await handshake(h.router.wsUrl, { authorization: 'Basic abc' })).toMatchObject({
      kind: 'closed',
      code: 4401,
      reason: expect.stringMatching(/Bearer <access token>/),
    });
    expect(await handshake(h.router.wsUrl, { authorization: 42 })).toMatchObject({
      kind: 'closed',
      code: 4401,
    });
    // Expired beyond the 5 s clock tolerance.
    expect(await handshake(h.router.wsUrl, bearer(userToken(randomUUID(), -60)))).toEqual({
      kind: 'closed',
      code: 4401,
      reason: 'Access token expired: reconnect with a fresh one',
    });
  });

  it('closes with 1013 (try again later), not 4401, when the keys cannot be fetched', async () => {
    const router = await h.startRouter({ AUTH_JWKS_URL: 'http://127.0.0.1:9/.well-known/jwks.json' });
    expect(await handshake(router.wsUrl, bearer(userToken(randomUUID())))).toMatchObject({
      kind: 'closed',
      code: 1013,
    });
    expect((await handshake(router.wsUrl, {})).kind).toBe('ack');
  });

  it('closes the socket with 4401 when the token it was opened with expires', async () => {
    // 7 s from now: past jsonwebtoken's 5 s tolerance the token would be refused at connect already.
    const result = await handshake(h.router.wsUrl, bearer(userToken(randomUUID(), 2)));
    expect(result.kind).toBe('ack');
    if (result.kind !== 'ack') return;
    const started = Date.now();
    expect(await closed(result.socket)).toEqual({
      code: 4401,
      reason: 'Access token expired: reconnect with a fresh one',
    });
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});

describe('operations', () => {
  async function refusal(query: string, variables: Record<string, unknown> = {}) {
    const client = watch(h.router.wsUrl, { query, variables });
    try {
      await until(() => client.ended.error !== undefined || client.results.length > 0, 5_000, 'an answer');
      return client.ended.error as { message: string; extensions?: { code?: string } }[];
    } finally {
      await client.dispose();
    }
  }

  it('applies the depth limit', async () => {
    const deep = `subscription { seatChanged(eventId: "e") { show { owner { shows { owner { shows { owner {
      shows { owner { shows { title } } } } } } } } } } }`;
    const errors = await refusal(deep);
    expect(errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0]?.message).toMatch(/depth limit of 10/);
  });

  it('applies the alias limit', async () => {
    const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: version`).join(' ');
    const errors = await refusal(`subscription { seatChanged(eventId: "e") { ${aliases} } }`);
    expect(errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0]?.message).toMatch(/[Aa]liases limit of 15/);
  });

  it('validates against the API schema: federation internals do not exist', async () => {
    const errors = await refusal('query { _service { sdl } }');
    expect(errors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0]?.message).toMatch(/_service/);
  });

  it('serves subscriptions only; queries go over HTTP', async () => {
    const errors = await refusal('query { hello }');
    expect(errors).toEqual([
      {
        message: 'Only subscriptions are served over WebSocket; send queries and mutations over HTTP.',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('refuses variables of the wrong type before anything is sent upstream', async () => {
    const errors = await refusal(SEATS, { e: { not: 'an id' } });
    expect(errors[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(errors[0]?.message).toMatch(/\$e/);
  });

  it('limits the subscriptions of one connection', async () => {
    const router = await h.startRouter({ SUBSCRIPTION_MAX_PER_CONNECTION: '2' });
    const result = await handshake(router.wsUrl, {});
    if (result.kind !== 'ack') throw new Error('not acknowledged');
    const errors: unknown[] = [];
    result.socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'error') errors.push({ id: message.id, payload: message.payload });
    });
    for (const id of ['1', '2', '3']) {
      result.socket.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query: SEATS, variables: { e: randomUUID() } } }),
      );
    }
    await until(() => errors.length > 0, 5_000, 'a refusal');
    expect(errors).toEqual([
      {
        id: '3',
        payload: [
          {
            message: 'At most 2 subscriptions per connection: complete one first.',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      },
    ]);
    result.socket.close();
  });

  it('in production the refusal does not quote the limit (issue 16)', async () => {
    // Production runs registered documents only (trusted-documents.ts): register this test's.
    const manifest = join(await mkdtemp(join(tmpdir(), 'tiketi-documents-')), 'persisted-documents.json');
    await writeFile(
      manifest,
      JSON.stringify({ [`sha256:${createHash('sha256').update(SEATS).digest('hex')}`]: SEATS }),
    );
    const router = await h.startRouter({
      SUBSCRIPTION_MAX_PER_CONNECTION: '1',
      TIKETI_ENV: 'production',
      TRUSTED_DOCUMENTS: manifest,
    });
    const result = await handshake(router.wsUrl, {});
    if (result.kind !== 'ack') throw new Error('not acknowledged');
    const errors: { message: string }[] = [];
    result.socket.on('message', (data) => {
      const message = JSON.parse(String(data));
      if (message.type === 'error') errors.push(...message.payload);
    });
    for (const id of ['1', '2']) {
      result.socket.send(
        JSON.stringify({ id, type: 'subscribe', payload: { query: SEATS, variables: { e: randomUUID() } } }),
      );
    }
    await until(() => errors.length > 0, 5_000, 'a refusal');
    expect(errors[0]?.message).toBe('Too many subscriptions on this connection: complete one first.');
    result.socket.close();
  });
});

describe('shared subscriptions', () => {
  it('deliver seat changes with fields of other subgraphs, to an anonymous client', async () => {
    const eventId = randomUUID();
    const client = watch(h.router.wsUrl, { query: SEATS, variables: { e: eventId } });
    try {
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      expect(await client.next(1)).toEqual({
        data: {
          seatChanged: {
            eventId,
            version: 1,
            seats: [{ id: 's1', status: 'HELD' }],
            show: { title: 'IU HEREH World Tour', owner: { name: 'Jisoo' } },
          },
        },
      });
    } finally {
      await client.dispose();
    }
  });

  it('100 clients: one upstream subscription, one entity fetch per event, everyone gets every event', async () => {
    const router = await h.startRouter();
    const eventId = randomUUID();
    const query = SEATS.replace('subscription Seats', 'subscription Dedupe');
    const clients = Array.from({ length: 100 }, (_, i) =>
      // Half signed in, half anonymous: a shared field ignores who watches.
      watch(router.wsUrl, { query, variables: { e: eventId } }, i % 2 ? bearer(userToken(randomUUID())) : {}),
    );
    try {
      await until(
        async () => (await metric(router, 'router_subscription_active')) === 100,
        10_000,
        '100 joined',
      );
      await upstreamReady(seatTopic(eventId));
      expect(live().feed.subscribes.get(seatTopic(eventId))).toBe(1);
      expect(await metric(router, 'router_subscription_upstreams')).toBe(1);

      for (let version = 1; version <= 3; version++) {
        live().feed.publish(seatTopic(eventId), seatChange(eventId, version));
        await Promise.all(clients.map((c) => c.next(version)));
      }
      for (const client of clients) {
        const versions = client.results.map(
          (r) => (r.data as { seatChanged: { version: number } }).seatChanged.version,
        );
        expect(versions).toEqual([1, 2, 3]);
        expect(client.results[2]?.data?.seatChanged).toMatchObject({
          show: { title: 'IU HEREH World Tour' },
        });
      }
      expect(live().feed.subscribes.get(seatTopic(eventId))).toBe(1);
      expect(h.subgraphs.entityFetches.get('Dedupe__catalog__1')).toBe(3);
      expect(await metric(router, 'router_subscription_executions_total')).toBe(3);
      expect(await metric(router, 'router_subscription_deliveries_total')).toBe(300);
      // Each of the 3 messages waited, was resolved and written once: one observation per stage.
      for (const stage of ['wait', 'resolve', 'write']) {
        expect(
          await metric(router, `router_subscription_stage_seconds_count{service="router",stage="${stage}"}`),
        ).toBe(3);
      }
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
    // The last watcher gone, the upstream subscription ends too.
    await upstreamReady(seatTopic(eventId), 0);
    expect(await metric(router, 'router_subscription_upstreams')).toBe(0);
  });

  it('selections that differ only downstream share the upstream subscription, not the entity fetch', async () => {
    const eventId = randomUUID();
    const titles = watch(h.router.wsUrl, {
      query:
        'subscription Titles($e: ID!) { seatChanged(eventId: $e) { version seats { id } show { title } } }',
      variables: { e: eventId },
    });
    const owners = watch(h.router.wsUrl, {
      query:
        'subscription Owners($e: ID!) { seatChanged(eventId: $e) { version seats { id } show { owner { name } } } }',
      variables: { e: eventId },
    });
    try {
      // Both watchers joined (the upstream subscription alone says only that the first one did).
      await until(
        async () => (await metric(h.router, 'router_subscription_active')) === 2,
        5_000,
        'both joined',
      );
      await upstreamReady(seatTopic(eventId));
      expect(live().feed.subscribes.get(seatTopic(eventId))).toBe(1);
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      expect((await titles.next(1)).data).toEqual({
        seatChanged: { version: 1, seats: [{ id: 's1' }], show: { title: 'IU HEREH World Tour' } },
      });
      expect((await owners.next(1)).data).toEqual({
        seatChanged: { version: 1, seats: [{ id: 's1' }], show: { owner: { name: 'Jisoo' } } },
      });
      expect(live().feed.subscribes.get(seatTopic(eventId))).toBe(1);
      expect(h.subgraphs.entityFetches.get('Titles__catalog__1')).toBe(1);
      expect(h.subgraphs.entityFetches.get('Owners__catalog__1')).toBe(1);
    } finally {
      await Promise.all([titles.dispose(), owners.dispose()]);
    }
  });

  it('coalesce a burst into one message per window, in version order, never across a version gap', async () => {
    const router = await h.startRouter({ SUBSCRIPTION_COALESCE_MS: '200' });
    const eventId = randomUUID();
    const client = watch(router.wsUrl, { query: SEATS, variables: { e: eventId } });
    try {
      await upstreamReady(seatTopic(eventId));
      const publish = (version: number, seats?: string[], status?: string) =>
        live().feed.publish(seatTopic(eventId), seatChange(eventId, version, seats, status));
      publish(1);
      await client.next(1);
      // Within the window after the first delivery: 2–4 merge (3 arrives after 4, as from two seating
      // replicas), 5 never comes, 6–7 merge on their own.
      publish(2, ['a']);
      publish(4, ['c']);
      publish(3, ['b', 'a'], 'SOLD');
      publish(7, ['e']);
      publish(6, ['d']);
      await client.next(3);
      const [first, merged, afterGap] = client.results;
      expect(first?.extensions).toBeUndefined();
      expect(merged).toEqual({
        data: {
          seatChanged: expect.objectContaining({
            version: 4,
            // Seat a changed twice: once, with its last status, where it last changed.
            seats: [
              { id: 'b', status: 'SOLD' },
              { id: 'a', status: 'SOLD' },
              { id: 'c', status: 'HELD' },
            ],
          }),
        },
        extensions: { coalesced: { fromVersion: 2, count: 3 } },
      });
      expect(afterGap?.data?.seatChanged).toMatchObject({ version: 7, seats: [{ id: 'd' }, { id: 'e' }] });
      expect(afterGap?.extensions).toEqual({ coalesced: { fromVersion: 6, count: 2 } });
      expect(client.results).toHaveLength(3);
      // The client's rule sees the merged batch as continuous and the gap as a gap.
      expect(decide(1, { version: 4, fromVersion: 2 })).toBe('apply');
      expect(decide(4, { version: 7, fromVersion: 6 })).toBe('refetch');
      expect(await metric(router, 'router_subscription_upstream_events_total')).toBe(6);
      expect(await metric(router, 'router_subscription_executions_total')).toBe(3);
    } finally {
      await client.dispose();
    }
  });

  it('a window behind a long delivery leaves when that delivery ends, not a whole window later', async () => {
    const router = await h.startRouter({ SUBSCRIPTION_COALESCE_MS: '200' });
    const eventId = randomUUID();
    const client = watch(router.wsUrl, { query: SEATS, variables: { e: eventId } });
    try {
      await upstreamReady(seatTopic(eventId));
      // The first delivery takes 600 ms (its entity fetch is slow); version 2 arrives 100 ms into it.
      h.subgraphs.showDelaysMs.push(600);
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      await new Promise((resolve) => setTimeout(resolve, 100));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 2));
      await client.next(1);
      const first = performance.now();
      await client.next(2);
      // Its window (200 ms from its arrival) closed during the first delivery: it leaves right after it. A
      // window counted from the end of the delivery would hold it back 200 ms more.
      expect(performance.now() - first).toBeLessThan(150);
      expect(
        client.results.map((r) => (r.data as { seatChanged: { version: number } }).seatChanged.version),
      ).toEqual([1, 2]);
    } finally {
      await client.dispose();
    }
  });

  it('deliver every event alone when coalescing is off (SUBSCRIPTION_COALESCE_MS=0)', async () => {
    const router = await h.startRouter({ SUBSCRIPTION_COALESCE_MS: '0' });
    const eventId = randomUUID();
    const client = watch(router.wsUrl, { query: SEATS, variables: { e: eventId } });
    try {
      await upstreamReady(seatTopic(eventId));
      for (let version = 1; version <= 4; version++) {
        live().feed.publish(seatTopic(eventId), seatChange(eventId, version));
      }
      await client.next(4);
      const versions = client.results.map(
        (r) => (r.data as { seatChanged: { version: number } }).seatChanged.version,
      );
      expect(versions).toEqual([1, 2, 3, 4]);
      expect(client.results.every((r) => r.extensions === undefined)).toBe(true);
    } finally {
      await client.dispose();
    }
  });
});

describe('personal subscriptions', () => {
  it('are refused to an anonymous caller with UNAUTHENTICATED', async () => {
    const client = watch(h.router.wsUrl, { query: QUEUE, variables: { e: randomUUID() } });
    try {
      const result = await client.next(1);
      expect(result).toEqual({
        data: null,
        errors: [
          expect.objectContaining({
            message: 'Sign in to see your place in the queue.',
            extensions: { code: 'UNAUTHENTICATED' },
          }),
        ],
      });
      await until(() => client.ended.completed, 5_000, 'complete');
    } finally {
      await client.dispose();
    }
  });

  it('reach the subgraph as the signed-in caller, one upstream subscription per caller', async () => {
    const eventId = randomUUID();
    const [alice, bob] = [randomUUID(), randomUUID()];
    const aliceTabs = [1, 2].map(() =>
      watch(h.router.wsUrl, { query: QUEUE, variables: { e: eventId } }, bearer(userToken(alice))),
    );
    const bobTab = watch(h.router.wsUrl, { query: QUEUE, variables: { e: eventId } }, bearer(userToken(bob)));
    try {
      await until(
        async () => (await metric(h.router, 'router_subscription_active')) === 3,
        5_000,
        'all joined',
      );
      await upstreamReady(queueTopic(eventId, alice));
      await upstreamReady(queueTopic(eventId, bob));
      live().feed.publish(queueTopic(eventId, alice), { eventId, userId: alice, position: 7 });
      live().feed.publish(queueTopic(eventId, bob), { eventId, userId: bob, position: 8 });
      for (const tab of aliceTabs)
        expect((await tab.next(1)).data).toEqual({ queuePosition: { userId: alice, position: 7 } });
      expect((await bobTab.next(1)).data).toEqual({ queuePosition: { userId: bob, position: 8 } });
      // Alice's two tabs share hers; nobody sees anyone else's.
      expect(live().feed.subscribes.get(queueTopic(eventId, alice))).toBe(1);
      expect(live().feed.subscribes.get(queueTopic(eventId, bob))).toBe(1);
      expect(aliceTabs.flatMap((t) => t.results)).toHaveLength(2);
      expect(bobTab.results).toHaveLength(1);
    } finally {
      await Promise.all([...aliceTabs, bobTab].map((c) => c.dispose()));
    }
  });
});

describe('reliability', () => {
  it('closes a slow consumer with 1013 once its unsent messages pass the bound', async () => {
    const router = await h.startRouter({
      SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536',
      SUBSCRIPTION_COALESCE_MS: '0',
    });
    const eventId = randomUUID();
    const result = await handshake(router.wsUrl, {});
    if (result.kind !== 'ack') throw new Error('not acknowledged');
    const { socket } = result;
    let received = 0;
    socket.on('message', () => received++);
    // No entity fetch: events leave as fast as the router can write them.
    const query = 'subscription($e: ID!) { seatChanged(eventId: $e) { version seats { id status } } }';
    socket.send(
      JSON.stringify({ id: '1', type: 'subscribe', payload: { query, variables: { e: eventId } } }),
    );
    await upstreamReady(seatTopic(eventId));
    // Stop reading: the kernel's buffers fill, then the router's.
    (socket as unknown as { _socket: { pause(): void } })._socket.pause();
    // ≈ 100 KB per message.
    const seats = Array.from({ length: 2_000 }, (_, i) => `seat-with-a-long-identifier-${i}`);
    let version = 0;
    await until(
      async () => {
        for (let i = 0; i < 20; i++)
          live().feed.publish(seatTopic(eventId), seatChange(eventId, ++version, seats));
        return (await metric(router, 'router_subscription_slow_consumers_total')) === 1;
      },
      20_000,
      'the slow consumer to be closed',
    );
    const sentBefore = await metric(router, 'router_subscription_deliveries_total');
    for (let i = 0; i < 20; i++)
      live().feed.publish(seatTopic(eventId), seatChange(eventId, ++version, seats));
    await new Promise((r) => setTimeout(r, 200));
    // Nothing more is written to it once it is being closed.
    expect(await metric(router, 'router_subscription_deliveries_total')).toBe(sentBefore);
    (socket as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await closed(socket)).toEqual({
      code: 1013,
      reason: 'Slow consumer: too many unread messages; reconnect and reload',
    });
    expect(received).toBeGreaterThan(0);
    expect(received).toBeLessThan(version);
  });

  it('resubscribes upstream after the subgraph restarts, without disturbing clients', async () => {
    const eventId = randomUUID();
    const client = watch(h.router.wsUrl, { query: SEATS, variables: { e: eventId } });
    try {
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      await client.next(1);
      await live().restartSeating(300);
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 2));
      expect((await client.next(2)).data?.seatChanged).toMatchObject({ version: 2 });
      expect(client.ended).toEqual({ completed: false });
    } finally {
      await client.dispose();
    }
  });

  it('the live client abandons a connect that is never answered and tries again', async () => {
    // In front of the router, a balancer that, out of file descriptors, leaves the first connection unanswered
    // (the kernel accepted it; nobody reads it) and passes the next ones through.
    const held: Socket[] = [];
    let connections = 0;
    const port = h.router.wsUrl.match(/:(\d+)\//)![1]!;
    const front = createServer((socket) => {
      if (++connections === 1) {
        held.push(socket);
        return;
      }
      const upstream = connect(Number(port), '127.0.0.1');
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const frontPort = (front.address() as { port: number }).port;
    const eventId = randomUUID();
    const client = createLiveClient({
      url: `ws://127.0.0.1:${frontPort}/graphql`,
      webSocketImpl: WebSocket,
      connectTimeoutMs: 500,
      backoff: { initialMs: 50, maxMs: 100 },
    });
    const received: number[] = [];
    const stop = client.subscribe<{ seatChanged: { version: number } }>(
      { query: SEATS, variables: { e: eventId } },
      { next: (result) => received.push(result.data!.seatChanged.version) },
    );
    try {
      await until(() => client.state === 'connected', 5_000, 'the second attempt to connect');
      expect(connections).toBe(2);
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      await until(() => received.length === 1);
    } finally {
      stop();
      await client.dispose();
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => front.close(resolve));
    }
  });

  it('a shutdown closes its sockets at SUBSCRIPTION_DRAIN_RATE, and refuses new ones meanwhile with 503', async () => {
    const router = await h.startRouter({ SUBSCRIPTION_DRAIN_RATE: '100' });
    const sockets = await Promise.all(Array.from({ length: 50 }, () => handshake(router.wsUrl, {})));
    const closes = sockets.map((s) => {
      if (s.kind !== 'ack') throw new Error('not acknowledged');
      return closed(s.socket).then((c) => ({ ...c, at: performance.now() }));
    });
    // A kept-alive HTTP connection, idle when the shutdown begins.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const health = () =>
      new Promise<{ connection: string | undefined; socket: Socket }>((resolve, reject) => {
        http
          .get(`http://127.0.0.1:${router.port}/health`, { agent }, (res) => {
            const socket = res.socket;
            res.resume();
            res.on('end', () => resolve({ connection: res.headers.connection, socket }));
          })
          .on('error', reject);
      });
    const before = await health();
    expect(before.connection).toBe('keep-alive');
    const stopping = router.stop();
    // The first batch has gone (10 of the 50 at 100 per second); the router takes no newcomer while it drains.
    const first = await Promise.race(closes);
    // Kept-alive HTTP connections end when the drain begins, not when it ends: the next request on the idle
    // one is answered, on that same connection, and the connection closed after it.
    const during = await health();
    expect(during.socket).toBe(before.socket);
    expect(during.connection).toBe('close');
    const closedAt = await new Promise<number>((resolve) =>
      during.socket.destroyed
        ? resolve(performance.now())
        : during.socket.once('close', () => resolve(performance.now())),
    );
    agent.destroy();
    const upgrade = await new Promise<number | string>((resolve) => {
      const socket = new WebSocket(router.wsUrl, 'graphql-transport-ws');
      socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.on('open', () => resolve('opened'));
      socket.on('error', (err) => resolve(err.message));
    });
    expect(upgrade).toBe(503);
    await stopping;
    const all = await Promise.all(closes);
    expect(all.map((c) => c.code)).toEqual(Array(50).fill(1001));
    // Five batches, 100 ms apart: the last close at least 400 ms after the first (at once without a rate).
    expect(Math.max(...all.map((c) => c.at)) - first.at).toBeGreaterThanOrEqual(350);
    expect(closedAt).toBeLessThan(Math.max(...all.map((c) => c.at)));
  });

  it('closes sockets with 1001 at shutdown; the live client reconnects with a fresh token and resyncs', async () => {
    const first = await h.startRouter();
    const eventId = randomUUID();
    const userId = randomUUID();
    let tokens = 0;
    const client = createLiveClient({
      url: first.wsUrl,
      webSocketImpl: WebSocket,
      getToken: () => {
        tokens++;
        return userToken(userId);
      },
      backoff: { initialMs: 100, maxMs: 400 },
    });
    let reconnects = 0;
    client.onReconnect(() => reconnects++);
    const received: number[] = [];
    const stop = client.subscribe<{ seatChanged: { version: number } }>(
      { query: SEATS, variables: { e: eventId } },
      { next: (result) => received.push(result.data!.seatChanged.version) },
    );
    try {
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 1));
      await until(() => received.length === 1);
      expect(tokens).toBe(1);

      // What the router sends, seen from a second, raw socket.
      const raw = await handshake(first.wsUrl, {});
      if (raw.kind !== 'ack') throw new Error('not acknowledged');
      const socketClosed = closed(raw.socket);
      await until(async () => (await metric(first, 'router_subscription_sockets')) === 2);
      await first.stop();
      expect(await socketClosed).toEqual({ code: 1001, reason: 'Router shutting down: reconnect' });

      // A new router on the same address (the next replica behind the load balancer).
      const second = await h.startRouter({ PORT: String(first.port) });
      await until(() => reconnects === 1, 10_000, 'the reconnect');
      expect(tokens).toBe(2);
      await upstreamReady(seatTopic(eventId));
      live().feed.publish(seatTopic(eventId), seatChange(eventId, 2));
      await until(() => received.length === 2);
      expect(received).toEqual([1, 2]);
      expect(await metric(second, 'router_subscription_active')).toBe(1);
    } finally {
      stop();
      await client.dispose();
    }
  });
});
