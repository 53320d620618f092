import { type AddressInfo, connect, createServer, type Socket } from 'node:net';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { type PrivateRedis, startPrivateRedis } from '@tiketi/kit/testing';
import type { RunningRouter } from '@tiketi/router';
import { seatChannel } from '@tiketi/seating';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createLiveClient,
  createVersionTracker,
  type LiveClient,
  type LiveState,
  versionedChange,
} from '../router/client/src/index.ts';
import {
  bearer,
  handshake,
  hold,
  operationCount,
  type Seat,
  seatEvent,
  seatMap,
  tokenMinter,
  until,
  watch,
} from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Live seat changes end to end: real auth, catalog and seating (two replicas) behind two real routers, real
 * Redis, real sockets. Holds go through the router's HTTP endpoint as buyers; changes come back through its
 * graphql-ws endpoint with `event` resolved from catalog.
 */
const tokens = tokenMinter();

const WATCH = `subscription Watch($e: ID!) {
  seatChanged(eventId: $e) { eventId version seats { id status } event { title venue { name } } }
}`;

interface Change {
  eventId: string;
  version: number;
  seats: { id: string; status: string }[];
  event: { title: string; venue: { name: string } };
}

/** Upstream subscriptions of all seating instances to the event's Redis channel (one per router group). */
async function seatingSubscriptions(redisUrl: string, prefix: string, eventId: string): Promise<number> {
  const redis = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {});
  try {
    await redis.connect();
    const [, count] = (await redis.pubsub('NUMSUB', `${prefix}${seatChannel(eventId)}`)) as [string, number];
    return Number(count);
  } catch {
    return -1;
  } finally {
    redis.disconnect();
  }
}

async function routerMetric(router: RunningRouter, name: string): Promise<number> {
  const text = await (await fetch(router.url.replace(/\/graphql$/, '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** Watches an event's seats through a live client, recording its states, its reconnects and the seats it saw. */
function observe(client: LiveClient, eventId: string) {
  const states: LiveState[] = [client.state];
  client.onStateChange((state) => states.push(state));
  let reconnects = 0;
  client.onReconnect(() => reconnects++);
  const received: string[] = [];
  const stop = client.subscribe<{ seatChanged: Change }>(
    { query: WATCH, variables: { e: eventId } },
    { next: (result) => received.push(...(result.data?.seatChanged.seats ?? []).map((seat) => seat.id)) },
  );
  return { states, received, reconnects: () => reconnects, stop };
}

describe('two routers, two seating instances, one Redis', () => {
  let stack: Stack;
  let admin: string;
  const subscribed = (eventId: string, count: number) =>
    until(
      async () =>
        (await seatingSubscriptions(stack.infra.redisUrl, stack.infra.redisPrefix, eventId)) === count,
      10_000,
      `${count} seating subscription(s)`,
    );

  beforeAll(async () => {
    stack = await startStack({ seating: 2, routers: 2, env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } } });
    await seedCatalog(stack.catalog.orm);
    admin = tokens.admin();
  });
  afterAll(() => stack?.stop());

  it('an anonymous client receives a hold made through the router, with event { title venue } from catalog', async () => {
    const eventId = SEED_IDS.events.iuHereh;
    const seats = await seatEvent(stack, eventId, admin);
    const { version } = await seatMap(stack.routerUrl, eventId);
    const client = watch<{ seatChanged: Change }>(stack.router.wsUrl, {
      query: WATCH,
      variables: { e: eventId },
    });
    try {
      await subscribed(eventId, 1);
      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[3]!.id]);
      const result = await client.next(1);
      expect(result.errors).toBeUndefined();
      expect(result.data?.seatChanged).toEqual({
        eventId,
        version: version + 1,
        seats: [{ id: seats[3]!.id, status: 'HELD' }],
        event: { title: '2026 아이유 콘서트 〈HEREH〉 앙코르', venue: { name: expect.any(String) } },
      });
    } finally {
      await client.dispose();
    }
  });

  it('refuses a bad or expired token at connect (4401), never serving it as anonymous', async () => {
    expect(await handshake(stack.router.wsUrl, bearer('not-a-token'))).toMatchObject({
      kind: 'closed',
      code: 4401,
    });
    const expired = tokens.mint({ sub: 'u', role: 'USER' }, { expiresIn: -60 });
    expect(await handshake(stack.router.wsUrl, bearer(expired))).toEqual({
      kind: 'closed',
      code: 4401,
      reason: 'Access token expired: reconnect with a fresh one',
    });
    const valid = await handshake(stack.router.wsUrl, bearer(tokens.buyer()));
    expect(valid.kind).toBe('ack');
    if (valid.kind === 'ack') valid.socket.close();
  });

  it('behave as one: a client on router A sees holds made through router B, and the other way round', async () => {
    const eventId = SEED_IDS.events.iuFanMeeting;
    const seats = await seatEvent(stack, eventId, admin);
    const [routerA, routerB] = stack.routers as [RunningRouter, RunningRouter];
    const onA = watch<{ seatChanged: Change }>(routerA.wsUrl, { query: WATCH, variables: { e: eventId } });
    const onB = watch<{ seatChanged: Change }>(routerB.wsUrl, { query: WATCH, variables: { e: eventId } });
    try {
      // Router A subscribes at seating instance 1, router B at instance 2.
      await subscribed(eventId, 2);
      await hold(routerB.url, tokens.buyer(), eventId, [seats[0]!.id]);
      await hold(routerA.url, tokens.buyer(), eventId, [seats[1]!.id]);
      for (const client of [onA, onB]) {
        await client.next(2);
        const changes = client.results.map((r) => r.data!.seatChanged);
        expect(changes.map((c) => c.seats[0]!.id)).toEqual([seats[0]!.id, seats[1]!.id]);
        expect(changes[1]!.version).toBe(changes[0]!.version + 1);
      }
    } finally {
      await Promise.all([onA.dispose(), onB.dispose()]);
    }
  });

  it('100 clients with the same subscription: one upstream subscription, one entity fetch per event', async () => {
    const eventId = SEED_IDS.events.btsSeoul;
    const seats = await seatEvent(stack, eventId, admin);
    const router = stack.routers[0]!;
    // A name the web app ships: services label metrics with known operation names only (others are "other").
    const query = WATCH.replace('subscription Watch', 'subscription SeatChanged');
    const fetchesBefore = await operationCount(stack.catalog.url, 'SeatChanged');
    const clients = Array.from({ length: 100 }, () =>
      watch<{ seatChanged: Change }>(router.wsUrl, { query, variables: { e: eventId } }),
    );
    try {
      await until(async () => (await routerMetric(router, 'router_subscription_active')) === 100, 15_000);
      await subscribed(eventId, 1);
      for (let i = 0; i < 3; i++) {
        await hold(router.url, tokens.buyer(), eventId, [seats[i]!.id]);
        await Promise.all(clients.map((c) => c.next(i + 1, 10_000)));
      }
      for (const client of clients) {
        expect(client.results.map((r) => r.data!.seatChanged.seats[0]!.id)).toEqual(
          seats.slice(0, 3).map((s) => s.id),
        );
        expect(client.results[2]!.data!.seatChanged.event.title).toBe('방탄소년단 월드투어 〈ARIRANG〉 서울');
      }
      // Seating got one subscription (one Redis SUBSCRIBE on the event's channel), catalog one fetch per event.
      expect(await seatingSubscriptions(stack.infra.redisUrl, stack.infra.redisPrefix, eventId)).toBe(1);
      expect(await routerMetric(router, 'router_subscription_upstreams')).toBe(1);
      expect((await operationCount(stack.catalog.url, 'SeatChanged')) - fetchesBefore).toBe(3);
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
    }
    await subscribed(eventId, 0);
  });

  it('the live client reports its state, and reconnect() replaces the socket: a fresh token, one resync, delivery resumes', async () => {
    const eventId = SEED_IDS.events.btsBusan;
    const seats = await seatEvent(stack, eventId, admin);
    const router = stack.routers[0]!;
    let tokensAsked = 0;
    const client = createLiveClient({
      url: router.wsUrl,
      webSocketImpl: WebSocket,
      getToken: () => {
        tokensAsked++;
        return tokens.buyer();
      },
      backoff: { initialMs: 100, maxMs: 400 },
    });
    const { states, received, reconnects, stop } = observe(client, eventId);
    try {
      await until(() => client.state === 'connected', 10_000, 'connected');
      await subscribed(eventId, 1);
      expect(states).toEqual(['idle', 'connecting', 'connected']);
      expect(tokensAsked).toBe(1);
      const upstreams = await routerMetric(router, 'router_subscription_upstream_subscribes_total');

      client.reconnect('test: replace the socket');
      await until(() => reconnects() === 1 && client.state === 'connected', 10_000, 'the reconnect');
      expect(states).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
      expect(tokensAsked).toBe(2);
      // The old socket's subscription ended with it; the router subscribes upstream again for the new one.
      await until(
        async () => (await routerMetric(router, 'router_subscription_upstream_subscribes_total')) > upstreams,
        10_000,
        'the upstream subscription of the new socket',
      );
      await subscribed(eventId, 1);
      await hold(router.url, tokens.buyer(), eventId, [seats[0]!.id]);
      await until(() => received.includes(seats[0]!.id), 10_000, 'a change after the reconnect');
      expect(reconnects()).toBe(1);
      expect(states).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);
    } finally {
      stop();
      await client.dispose();
    }
  });

  it('the live client replaces a silently dead connection (a ping without pong) at once, and delivery resumes', async () => {
    const router = stack.routers[0]!;
    // A real TCP hop between the client and the router that can stop forwarding without closing anything:
    // what a socket looks like after the laptop slept or the network changed under it.
    const open = new Set<Socket>();
    const silenced = new Set<Socket>();
    const proxy = createServer((socket) => {
      open.add(socket);
      const upstream = connect(router.port, '127.0.0.1');
      socket.on('data', (chunk) => {
        if (!silenced.has(socket)) upstream.write(chunk);
      });
      upstream.on('data', (chunk) => {
        if (!silenced.has(socket)) socket.write(chunk);
      });
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
      socket.on('close', () => {
        open.delete(socket);
        upstream.destroy();
      });
      upstream.on('close', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const proxyPort = (proxy.address() as AddressInfo).port;

    const eventId = SEED_IDS.events.seventeenIncheon;
    const seats = await seatEvent(stack, eventId, tokens.admin());
    const client = createLiveClient({
      url: `ws://127.0.0.1:${proxyPort}/graphql`,
      webSocketImpl: WebSocket,
      getToken: () => tokens.buyer(),
      backoff: { initialMs: 50, maxMs: 200 },
      keepAliveMs: 300,
      pongTimeoutMs: 300,
    });
    const { states, received, reconnects, stop } = observe(client, eventId);
    try {
      await until(() => client.state === 'connected', 10_000, 'connected');
      // Pings answered: the connection stays up.
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(states).toEqual(['idle', 'connecting', 'connected']);

      for (const socket of open) silenced.add(socket);
      const silencedAt = Date.now();
      // The socket's own close would wait for a closing handshake the dead hop never delivers (30 s in `ws`).
      await until(() => states.includes('reconnecting'), 5_000, 'the dead socket noticed');
      expect(Date.now() - silencedAt).toBeLessThan(2_000);
      await until(() => client.state === 'connected' && reconnects() === 1, 10_000, 'a new connection');
      expect(states).toEqual(['idle', 'connecting', 'connected', 'reconnecting', 'connected']);

      await until(
        async () =>
          (await seatingSubscriptions(stack.infra.redisUrl, stack.infra.redisPrefix, eventId)) === 1,
        10_000,
        'the new socket’s upstream subscription',
      );
      await hold(router.url, tokens.buyer(), eventId, [seats[0]!.id]);
      await until(() => received.includes(seats[0]!.id), 10_000, 'a change on the new connection');
    } finally {
      stop();
      await client.dispose();
      proxy.close();
      for (const socket of open) socket.destroy();
    }
  });
});

describe('a Redis restart', () => {
  let redis: PrivateRedis;
  let stack: Stack;
  let seats: Seat[];
  const eventId = SEED_IDS.events.iuHereh;

  beforeAll(async () => {
    redis = await startPrivateRedis();
    stack = await startStack({
      seating: 1,
      redisUrl: redis.url,
      env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem } },
    });
    await seedCatalog(stack.catalog.orm);
    seats = await seatEvent(stack, eventId, tokens.admin());
  });
  afterAll(async () => {
    await stack?.stop();
    await redis?.kill();
  });

  it('is survived: delivery resumes, and the live client sees the gap and refetches what it missed', async () => {
    const client = createLiveClient({ url: stack.router.wsUrl, webSocketImpl: WebSocket });
    const state = new Map<string, string>();
    let refetches = 0;
    const tracker = createVersionTracker<Change & { fromVersion: number | null }>({
      refetch: async () => {
        refetches++;
        const map = await seatMap(stack.routerUrl, eventId);
        for (const seat of map.seats) state.set(seat.id, seat.status);
        return map.version;
      },
      apply: (change) => {
        for (const seat of change.seats) state.set(seat.id, seat.status);
      },
    });
    const stop = client.subscribe(
      { query: WATCH, variables: { e: eventId } },
      {
        next: (result) => {
          const change = versionedChange<Change>(result);
          if (change) tracker.push(change);
        },
      },
    );
    const numsub = () => seatingSubscriptions(redis.url, stack.infra.redisPrefix, eventId);
    try {
      await until(async () => (await numsub()) === 1 && tracker.version !== null, 10_000, 'subscribed');
      expect(refetches).toBe(1);
      const start = tracker.version!;

      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[0]!.id]);
      await until(() => tracker.version === start + 1, 5_000, 'the first hold');
      expect(state.get(seats[0]!.id)).toBe('HELD');

      await redis.kill();
      // Committed while Redis is down: recorded in Postgres, its live announcement is lost.
      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[1]!.id]);
      // Long enough for seating's publish to give up (maxRetriesPerRequest 1): a Redis back within a few
      // reconnect attempts would still carry it.
      await new Promise((r) => setTimeout(r, 3_000));
      redis = await startPrivateRedis(redis.port);
      // Seating's subscriber reconnects and subscribes again (ioredis), the router's upstream never noticed.
      await until(async () => (await numsub()) === 1, 15_000, 'seating to resubscribe');

      await hold(stack.routerUrl, tokens.buyer(), eventId, [seats[2]!.id]);
      // Version start + 3 arrives after a gap (start + 2 was lost): the tracker reloads the seat map.
      await until(
        () => tracker.version !== null && tracker.version >= start + 3,
        10_000,
        'delivery to resume',
      );
      expect(refetches).toBe(2);
      expect(state.get(seats[1]!.id)).toBe('HELD');
      expect(state.get(seats[2]!.id)).toBe('HELD');
    } finally {
      stop();
      tracker.stop();
      await client.dispose();
    }
  });
});
