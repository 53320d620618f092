import { randomUUID } from 'node:crypto';
import { request } from 'node:http';
import { type Identity, projectCatalogEvent } from '@tiketi/kit';
import { asRouter, createTestInfra, type GraphQLResponse, gql, type TestInfra } from '@tiketi/kit/testing';
import { Redis } from 'ioredis';
import { bootstrap, loadConfig, type SeatingService } from '../src/index.ts';
import type { LayoutTemplate } from '../src/modules/layout/layout-template.ts';
import type { SeatChangeBatch } from '../src/modules/seat/seat-view.ts';
import { seatChannel } from '../src/modules/seat/seat-view.ts';

export const ADMIN: NonNullable<Identity> = { userId: randomUUID(), role: 'ADMIN' };
export const buyer = (): NonNullable<Identity> => ({ userId: randomUUID(), role: 'USER' });

const HOUR = 3_600_000;
const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();

// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
type Data = Record<string, any>;

export interface SeatingHarness {
  infra: TestInfra;
  service: SeatingService;
  /** Further instances on the same database and Redis (replicas). */
  replicas: SeatingService[];
  call<T = Data>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  sql<Row = Data>(text: string, params?: unknown[]): Promise<Row[]>;
  countStatements(fn: () => Promise<unknown>): Promise<number>;
  /** A catalog event as seating learns it from `catalog.event.changed` (on sale by default). */
  event(
    overrides?: Partial<{ status: string; saleStartsAt: string; startsAt: string; title: string }>,
  ): Promise<string>;
  /** A layout template through the admin API; returns its id. */
  layout(template: LayoutTemplate, name?: string): Promise<string>;
  /** Attaches a layout with one price per code; returns the event's seats in layout order. */
  attach(eventId: string, layoutId: string, prices?: Record<string, number>): Promise<SeatInfo[]>;
  seats(eventId: string): Promise<SeatInfo[]>;
  startReplica(extraEnv?: Record<string, string>): Promise<SeatingService>;
  dispose(): Promise<void>;
}

export interface SeatInfo {
  id: string;
  section: string;
  row: string;
  number: number;
  status: string;
  label: string;
  ticketType: { id: string; code: string; price: number };
}

export async function startSeating(env: Record<string, string> = {}): Promise<SeatingHarness> {
  const infra = await createTestInfra();
  const replicas: SeatingService[] = [];
  let service: SeatingService;
  try {
    service = await bootstrap(loadConfig(infra.env(env)));
  } catch (err) {
    await infra.dispose();
    throw err;
  }
  const call: SeatingHarness['call'] = (query, variables, identity = null) =>
    gql(service.url, query, variables, asRouter(identity));
  const harness: SeatingHarness = {
    infra,
    service,
    replicas,
    call,
    sql: (text, params = []) => service.orm.orm.em.fork().getConnection().execute(text, params),
    async countStatements(fn) {
      const before = service.orm.statements;
      await fn();
      return service.orm.statements - before;
    },
    async event(overrides = {}) {
      const id = randomUUID();
      await service.orm.orm.em.fork().transactional((em) =>
        projectCatalogEvent(
          em,
          'seating',
          {
            id,
            title: overrides.title ?? '테스트 공연',
            status: overrides.status ?? 'ON_SALE',
            saleStartsAt: overrides.saleStartsAt ?? iso(-HOUR),
            startsAt: overrides.startsAt ?? iso(48 * HOUR),
            deletedAt: null,
          },
          new Date(),
        ),
      );
      return id;
    },
    async layout(template, name = `layout ${randomUUID().slice(0, 8)}`) {
      const res = await call<{ createSeatLayout: { id: string } }>(
        `mutation($input: SeatLayoutInput!) { createSeatLayout(input: $input) { id } }`,
        { input: { name, ...template } },
        ADMIN,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.createSeatLayout.id;
    },
    async attach(eventId, layoutId, prices = {}) {
      const codes = await call<{ seatLayout: { ticketTypeCodes: string[] } }>(
        'query($id: ID!) { seatLayout(id: $id) { ticketTypeCodes } }',
        { id: layoutId },
        ADMIN,
      );
      const ticketTypes = codes.data!.seatLayout.ticketTypeCodes.map((code) => ({
        code,
        name: `${code}석`,
        price: prices[code] ?? 100_000,
      }));
      const res = await call(
        'mutation($e: ID!, $i: AttachSeatLayoutInput!) { attachSeatLayout(eventId: $e, input: $i) { id } }',
        { e: eventId, i: { layoutId, ticketTypes } },
        ADMIN,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return harness.seats(eventId);
    },
    async seats(eventId) {
      const res = await call<{ _entities: { seatMap: { seats: SeatInfo[] } }[] }>(
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Event {
          seatMap { seats { id section row number status label ticketType { id code price } } } } } }`,
        { r: [{ __typename: 'Event', id: eventId }] },
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!._entities[0]!.seatMap.seats;
    },
    async startReplica(extraEnv = {}) {
      const replica = await bootstrap(loadConfig(infra.env({ ...env, ...extraEnv })));
      replicas.push(replica);
      return replica;
    },
    async dispose() {
      for (const replica of replicas) await replica.stop();
      await service.stop();
      await infra.dispose();
    },
  };
  return harness;
}

/** One row of `seats` seats per entry of `rows` (the number is the row's length), a given ticket type. */
export function rowsLayout(
  rows: { name: string; seats: number; ticketType?: string; gapsBefore?: number[] }[],
) {
  return {
    width: 1000,
    height: 1000,
    stage: { x: 400, y: 0, width: 200, height: 20 },
    sections: [
      {
        name: 'A',
        ticketType: 'R',
        rows: rows.map((row, r) => ({
          name: row.name,
          ticketType: row.ticketType ?? null,
          seats: Array.from({ length: row.seats }, (_, i) => ({
            number: i + 1,
            x: 400 + i * 10,
            y: 50 + r * 10,
            gapBefore: row.gapsBefore?.includes(i + 1) ?? false,
          })),
        })),
      },
    ],
  } satisfies LayoutTemplate;
}

export const HOLD = `mutation($input: HoldSeatsInput!) {
  holdSeats(input: $input) { id expiresAt totalAmount seats { id status } }
}`;

/**
 * A GraphQL call over its own TCP connection (no keep-alive, no shared agent): concurrent buyers really are
 * concurrent clients, as they would be behind the router.
 */
export function callOnNewConnection<T = Data>(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  identity: Identity,
): Promise<GraphQLResponse<T>> {
  const body = JSON.stringify({ query, variables });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          connection: 'close',
          ...asRouter(identity),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          try {
            resolve({ status: res.statusCode ?? 0, ...JSON.parse(text) });
          } catch (err) {
            reject(err);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Listens to an event's seat-change channel in Redis directly (what the router subscribes to). */
export async function listenToSeatChanges(infra: TestInfra, eventId: string) {
  const redis = new Redis(infra.redisUrl);
  const batches: SeatChangeBatch[] = [];
  const waiters: (() => void)[] = [];
  redis.on('message', (_channel, message) => {
    batches.push(JSON.parse(message));
    for (const wake of waiters.splice(0)) wake();
  });
  await redis.subscribe(`${infra.redisPrefix}${seatChannel(eventId)}`);
  return {
    batches,
    /** Resolves once `predicate` holds for the batches received so far. */
    async until(predicate: (batches: SeatChangeBatch[]) => boolean, timeoutMs = 5_000) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(batches)) {
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching seat change within ${timeoutMs} ms: ${JSON.stringify(batches)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
      return batches;
    },
    close: () => redis.quit(),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
