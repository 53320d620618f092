/**
 * `npm run bench:purchase-floor`: what a hold and a purchase cost on the fixed stack when they do only what they
 * must — the floor under issue 13's goal "CPU per completed purchase ≤ 4× CPU per successful hold".
 *
 * The stack SPEC.md fixes, each part its own process as deployed: an `@apollo/gateway` router composing two
 * `@apollo/server` subgraphs (both on `node:http`, as the kit serves them), Postgres, Redis, and a node:http
 * stand-in for Toss that answers at once. None of TIKETI's code runs: no auth, no waiting room, no ORM, no
 * audit, no webhook, no cancellation paths. What is left is what any implementation of the product's rules has
 * to do:
 *
 *   hold       router → seats: one UPDATE (AVAILABLE → HELD, held_until) and one PUBLISH of the change
 *   purchase   the hold, then
 *              reserve    router → seats: one statement (reservation from the held seat), an HMAC checkout token
 *              prepare    router → pay: verify the token, one INSERT of the order
 *              authorize  buyer → Toss (the widget)
 *              confirm    router → pay: claim the order (one UPDATE), Toss' confirm over HTTP, one statement
 *                         (DONE + its outbox row), XADD to a stream, mark the outbox row published
 *              saga       seats' consumer: XREADGROUP, one statement (reservation CONFIRMED, seat SOLD),
 *                         PUBLISH, XACK
 *              ticket     router → seats: the reservation read until CONFIRMED (with its HMAC QR)
 *
 * Each phase runs BENCH_CONCURRENCY buyers in a loop for BENCH_SECONDS after a warm-up, on seats no one else
 * wants, and reads the CPU of every process from /proc (Postgres backends and Redis included, the load
 * generator too). It prints CPU ms per successful hold and per purchase, per process, and their ratio.
 *
 * Options (env): BENCH_SECONDS (10), BENCH_WARMUP (3), BENCH_CONCURRENCY (16).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Pool as HttpPool } from 'undici';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { serveApolloOnHttp } from './support/apollo-http.ts';
import {
  cpuMs,
  fmt,
  freePort,
  machineBusyMs,
  numberEnv,
  percentile,
  pidsOf,
  postgresBackends,
  sleep,
} from './support/machine.ts';

const self = fileURLToPath(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));
const SECONDS = numberEnv('BENCH_SECONDS', 10);
const WARMUP = numberEnv('BENCH_WARMUP', 3);
const CONCURRENCY = numberEnv('BENCH_CONCURRENCY', 16);
const SEATS = 200_000;
const SECRET = 'purchase-floor';

const SEATS_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { reservation(id: ID!): Reservation }
  type Mutation {
    hold(seatId: Int!, buyer: ID!): Hold
    reserve(seatId: Int!, buyer: ID!): Reservation!
  }
  type Hold { seatId: Int! expiresAt: String! }
  type Reservation @key(fields: "id") { id: ID! status: String! amount: Int! checkoutToken: String qrCode: String }
`;
const PAY_SDL = `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { order(id: ID!): Order }
  type Mutation {
    prepare(reservationId: ID!, buyer: ID!, token: String!): Order!
    confirm(orderId: ID!, paymentKey: String!, amount: Int!): Order!
  }
  type Order { orderId: ID! amount: Int! status: String! }
`;

type Role = 'router' | 'seats' | 'pay' | 'toss';
type Env = {
  databaseUrl: string;
  redisUrl: string;
  prefix: string;
  seats: number;
  pay: number;
  toss: number;
};

const sign = (text: string) => createHmac('sha256', SECRET).update(text).digest('base64url');
const verify = (text: string, signature: string) => {
  const want = Buffer.from(sign(text));
  const got = Buffer.from(signature);
  return want.length === got.length && timingSafeEqual(want, got);
};
const fail = (message: string): never => {
  throw new Error(message);
};

// ---------------------------------------------------------------------------------------------------------
// The servers (this file run with a role)

async function subgraph(sdl: string, resolvers: object, port: number) {
  const [{ ApolloServer }, { ApolloServerPluginInlineTraceDisabled }, { buildSubgraphSchema }, { parse }] =
    await Promise.all([
      import('@apollo/server'),
      import('@apollo/server/plugin/disabled'),
      import('@apollo/subgraph'),
      import('graphql'),
    ]);
  // biome-ignore lint/suspicious/noExplicitAny: resolver maps of this bench are untyped
  const schema = buildSubgraphSchema([{ typeDefs: parse(sdl), resolvers: resolvers as any }]);
  const apollo = new ApolloServer({ schema, plugins: [ApolloServerPluginInlineTraceDisabled()] });
  await apollo.start();
  await serveApolloOnHttp(apollo, port);
}

async function serveSeats(env: Env, port: number) {
  const db = new pg.Pool({ connectionString: env.databaseUrl, max: 16 });
  const redis = new Redis(env.redisUrl);
  const changes = `${env.prefix}seats`;
  const qr = (id: string) => sign(`ticket.${id}`);
  await subgraph(
    SEATS_SDL,
    {
      Query: {
        reservation: async (_: unknown, { id }: { id: string }) => {
          const { rows } = await db.query('select id, status, amount from floor.reservations where id = $1', [
            id,
          ]);
          const r = rows[0];
          return r && { ...r, qrCode: r.status === 'CONFIRMED' ? qr(r.id) : null };
        },
      },
      Mutation: {
        hold: async (_: unknown, { seatId, buyer }: { seatId: number; buyer: string }) => {
          const { rows } = await db.query(
            `update floor.seats set status = 'HELD', holder = $2, held_until = now() + interval '5 minutes'
             where id = $1 and status = 'AVAILABLE' returning held_until`,
            [seatId, buyer],
          );
          if (!rows[0]) return null;
          await redis.publish(changes, JSON.stringify({ seats: [{ id: seatId, status: 'HELD' }] }));
          return { seatId, expiresAt: rows[0].held_until.toISOString() };
        },
        reserve: async (_: unknown, { seatId, buyer }: { seatId: number; buyer: string }) => {
          const id = randomUUID();
          const { rows } = await db.query(
            `with s as (update floor.seats set reservation_id = $2
                        where id = $1 and status = 'HELD' and holder = $3 and held_until > now() returning price)
             insert into floor.reservations (id, buyer, status, amount) select $2, $3, 'PENDING', price from s
             returning amount`,
            [seatId, id, buyer],
          );
          const amount = rows[0]?.amount ?? fail('hold expired');
          const claims = `${id}.${buyer}.${amount}`;
          return { id, status: 'PENDING', amount, checkoutToken: `${claims}:${sign(claims)}` };
        },
      },
    },
    port,
  );
  // The saga's other half: payment.confirmed → reservation CONFIRMED and its seat SOLD, announced.
  const stream = `${env.prefix}payment.confirmed`;
  const reader = new Redis(env.redisUrl);
  await reader.xgroup('CREATE', stream, 'seats', '0', 'MKSTREAM').catch(() => undefined);
  for (;;) {
    const read = (await reader.xreadgroup(
      'GROUP',
      'seats',
      'one',
      'COUNT',
      100,
      'BLOCK',
      1000,
      'STREAMS',
      stream,
      '>',
    )) as [string, [string, string[]][]][] | null;
    for (const [, entries] of read ?? []) {
      for (const [entryId, fields] of entries) {
        const reservationId = fields[1] as string;
        const { rows } = await db.query(
          `with r as (update floor.reservations set status = 'CONFIRMED' where id = $1 and status = 'PENDING'
                      returning id)
           update floor.seats set status = 'SOLD' where reservation_id in (select id from r) returning id`,
          [reservationId],
        );
        if (rows.length > 0)
          await redis.publish(
            changes,
            JSON.stringify({ seats: rows.map((r) => ({ id: r.id, status: 'SOLD' })) }),
          );
        await reader.xack(stream, 'seats', entryId);
      }
    }
  }
}

async function servePay(env: Env, port: number) {
  const db = new pg.Pool({ connectionString: env.databaseUrl, max: 16 });
  const redis = new Redis(env.redisUrl);
  const toss = new HttpPool(`http://127.0.0.1:${env.toss}`, { connections: 32 });
  await subgraph(
    PAY_SDL,
    {
      Query: { order: () => null },
      Mutation: {
        prepare: async (
          _: unknown,
          { reservationId, buyer, token }: { reservationId: string; buyer: string; token: string },
        ) => {
          const [claimed, signature] = [
            token.slice(0, token.lastIndexOf(':')),
            token.slice(token.lastIndexOf(':') + 1),
          ];
          const [id, who, amountText] = claimed.split('.');
          if (id !== reservationId || who !== buyer || !verify(claimed, signature))
            fail('invalid checkout token');
          const orderId = randomUUID();
          const amount = Number(amountText);
          await db.query(
            `insert into floor.payments (order_id, reservation_id, buyer, amount, status)
             values ($1, $2, $3, $4, 'READY')`,
            [orderId, reservationId, buyer, amount],
          );
          return { orderId, amount, status: 'READY' };
        },
        confirm: async (
          _: unknown,
          { orderId, paymentKey, amount }: { orderId: string; paymentKey: string; amount: number },
        ) => {
          const claimed = await db.query(
            `update floor.payments set status = 'IN_PROGRESS'
             where order_id = $1 and amount = $2 and status = 'READY' returning reservation_id`,
            [orderId, amount],
          );
          if (!claimed.rows[0]) fail('no such order, or not this amount');
          const answer = await toss.request({
            path: '/v1/payments/confirm',
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: 'Basic dGVzdDo=' },
            body: JSON.stringify({ paymentKey, orderId, amount }),
          });
          const payment = (await answer.body.json()) as { status: string };
          if (payment.status !== 'DONE') fail('not approved');
          const { rows } = await db.query(
            `with p as (update floor.payments set status = 'DONE', payment_key = $2 where order_id = $1
                        returning reservation_id)
             insert into floor.outbox (topic, reservation_id) select 'payment.confirmed', reservation_id from p
             returning id, reservation_id`,
            [orderId, paymentKey],
          );
          const event = rows[0] ?? fail('lost the order');
          await redis.xadd(`${env.prefix}payment.confirmed`, '*', 'reservationId', event.reservation_id);
          await db.query('update floor.outbox set published_at = now() where id = $1', [event.id]);
          return { orderId, amount, status: 'DONE' };
        },
      },
    },
    port,
  );
}

function serveToss(port: number) {
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
      const answer =
        req.url === '/authorize'
          ? { paymentKey: `floor_${randomUUID()}`, orderId: body.orderId, amount: body.amount }
          : { ...body, status: 'DONE', approvedAt: new Date().toISOString() };
      const text = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
      res.end(text);
    });
  }).listen(port);
}

async function serveRouter(env: Env, port: number) {
  const [{ ApolloServer }, { ApolloGateway, RemoteGraphQLDataSource }, { composeServices }, { parse }] =
    await Promise.all([
      import('@apollo/server'),
      import('@apollo/gateway'),
      import('@apollo/composition'),
      import('graphql'),
    ]);
  const { createSubgraphFetch } = await import('../router/src/subgraph-fetch.ts');
  const urls = { seats: `http://127.0.0.1:${env.seats}/graphql`, pay: `http://127.0.0.1:${env.pay}/graphql` };
  const composed = composeServices([
    { name: 'seats', typeDefs: parse(SEATS_SDL), url: urls.seats },
    { name: 'pay', typeDefs: parse(PAY_SDL), url: urls.pay },
  ]);
  if (!composed.supergraphSdl) throw new Error(composed.errors?.map((e) => e.message).join('\n'));
  const { fetch } = createSubgraphFetch({ timeoutMs: 30_000 });
  const gateway = new ApolloGateway({
    supergraphSdl: composed.supergraphSdl,
    buildService: ({ url }) => new RemoteGraphQLDataSource({ url, fetcher: fetch }),
  });
  const apollo = new ApolloServer({ gateway });
  await apollo.start();
  await serveApolloOnHttp(apollo, port);
}

async function serveRole(role: Role, port: number, env: Env) {
  if (role === 'router') return serveRouter(env, port);
  if (role === 'seats') return serveSeats(env, port);
  if (role === 'pay') return servePay(env, port);
  serveToss(port);
}

/** Waits until the server on `port` answers `{ __typename }`. */
async function answersGraphQL(port: number) {
  for (let i = 0; i < 300; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      if (res.ok) return;
    } catch {}
    await sleep(100);
  }
  throw new Error(`nothing answered GraphQL on port ${port}`);
}

// ---------------------------------------------------------------------------------------------------------
// The load

const HOLD = 'mutation Hold($s: Int!, $b: ID!) { hold(seatId: $s, buyer: $b) { seatId expiresAt } }';
const RESERVE =
  'mutation Reserve($s: Int!, $b: ID!) { reserve(seatId: $s, buyer: $b) { id amount checkoutToken } }';
const PREPARE =
  'mutation Prepare($r: ID!, $b: ID!, $t: String!) { prepare(reservationId: $r, buyer: $b, token: $t) { orderId amount } }';
const CONFIRM =
  'mutation Confirm($o: ID!, $k: String!, $a: Int!) { confirm(orderId: $o, paymentKey: $k, amount: $a) { status } }';
const TICKET = 'query Ticket($id: ID!) { reservation(id: $id) { status qrCode } }';

async function main() {
  const infra = await createTestInfra();
  const admin = new pg.Client({ connectionString: infra.databaseUrl });
  await admin.connect();
  await admin.query(`
    create schema floor;
    create table floor.seats (id int primary key, status text not null default 'AVAILABLE', holder uuid,
      held_until timestamptz, reservation_id uuid, price int not null default 110000);
    create index on floor.seats (reservation_id);
    create table floor.reservations (id uuid primary key, buyer uuid not null, status text not null,
      amount int not null, created_at timestamptz not null default now());
    create table floor.payments (order_id uuid primary key, reservation_id uuid not null, buyer uuid not null,
      amount int not null, status text not null, payment_key text);
    create table floor.outbox (id bigserial primary key, topic text not null, reservation_id uuid not null,
      published_at timestamptz);
    insert into floor.seats (id) select generate_series(1, ${SEATS});`);
  await admin.query('vacuum analyze');
  await admin.end();

  const ports = {
    router: await freePort(),
    seats: await freePort(),
    pay: await freePort(),
    toss: await freePort(),
  };
  const env: Env = {
    databaseUrl: infra.databaseUrl,
    redisUrl: infra.redisUrl,
    prefix: infra.redisPrefix,
    seats: ports.seats,
    pay: ports.pay,
    toss: ports.toss,
  };
  const children: Record<Role, ChildProcess> = {} as Record<Role, ChildProcess>;
  for (const role of ['toss', 'seats', 'pay', 'router'] as Role[]) {
    children[role] = spawn(
      process.execPath,
      ['--import', 'tsx', self, role, String(ports[role]), JSON.stringify(env)],
      { cwd: root, env: { ...process.env, NODE_ENV: 'production' }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
  }
  const router = new HttpPool(`http://127.0.0.1:${ports.router}`, { connections: CONCURRENCY * 2 });
  const toss = new HttpPool(`http://127.0.0.1:${ports.toss}`, { connections: CONCURRENCY * 2 });
  const changes = new Redis(infra.redisUrl);
  try {
    // Each server is up once it answers GraphQL; the router once it has composed both subgraphs.
    for (const role of ['seats', 'pay', 'router'] as const) await answersGraphQL(ports[role]);
    const gql = async (query: string, variables: Record<string, unknown>) => {
      const res = await router.request({
        path: '/graphql',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      // biome-ignore lint/suspicious/noExplicitAny: answers of this bench's own tiny schema
      const body = (await res.body.json()) as { data?: Record<string, any>; errors?: { message: string }[] };
      if (body.errors?.length || !body.data) throw new Error(JSON.stringify(body.errors ?? body));
      return body.data;
    };

    let nextSeat = 1;
    let ticketReads = 0;
    const soldWaiters = new Map<number, () => void>();
    await changes.subscribe(`${infra.redisPrefix}seats`);
    changes.on('message', (_channel, message) => {
      for (const seat of (JSON.parse(message) as { seats: { id: number; status: string }[] }).seats) {
        if (seat.status !== 'SOLD') continue;
        soldWaiters.get(seat.id)?.();
        soldWaiters.delete(seat.id);
      }
    });
    /** In the purchase phase: each hold's latency, and confirm click → CONFIRMED with its QR. */
    const timings = { hold: [] as number[], confirmToTicket: [] as number[] };
    const hold = async () => (await gql(HOLD, { s: nextSeat++, b: randomUUID() })).hold !== null;
    const purchase = async () => {
      const buyer = randomUUID();
      const seat = nextSeat++;
      const holdStarted = performance.now();
      if (!(await gql(HOLD, { s: seat, b: buyer })).hold) return false;
      timings.hold.push(performance.now() - holdStarted);
      const { reserve } = await gql(RESERVE, { s: seat, b: buyer });
      const { prepare } = await gql(PREPARE, { r: reserve.id, b: buyer, t: reserve.checkoutToken });
      const widget = await toss.request({
        path: '/authorize',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ orderId: prepare.orderId, amount: prepare.amount }),
      });
      const { paymentKey } = (await widget.body.json()) as { paymentKey: string };
      const confirmStarted = performance.now();
      const sold = new Promise<void>((resolve) => soldWaiters.set(seat, resolve));
      await gql(CONFIRM, { o: prepare.orderId, k: paymentKey, a: prepare.amount });
      // The buyer's page learns the sale from the seat's change (the floor of a subscription: Redis pub/sub
      // straight to the buyer), then reads its ticket once.
      await sold;
      for (;;) {
        ticketReads++;
        const { reservation } = await gql(TICKET, { id: reserve.id });
        if (reservation?.status === 'CONFIRMED' && reservation.qrCode) {
          timings.confirmToTicket.push(performance.now() - confirmStarted);
          return true;
        }
        await sleep(5);
      }
    };

    const redisPids = pidsOf('redis-server', '6379');
    const run = async (name: string, op: () => Promise<boolean>) => {
      const loop = async (seconds: number) => {
        let done = 0;
        const until = performance.now() + seconds * 1000;
        await Promise.all(
          Array.from({ length: CONCURRENCY }, async () => {
            while (performance.now() < until) if (await op()) done++;
          }),
        );
        return done;
      };
      await loop(WARMUP);
      ticketReads = 0;
      timings.hold = [];
      timings.confirmToTicket = [];
      const pids = Object.fromEntries(Object.entries(children).map(([k, c]) => [k, c.pid]));
      const before = Object.fromEntries(Object.entries(pids).map(([k, pid]) => [k, cpuMs(pid)]));
      const pgBefore = new Map(
        postgresBackends(infra.databaseUrl.split('/').pop()!).map((p) => [p, cpuMs(p)]),
      );
      const redisBefore = redisPids.reduce((s, p) => s + cpuMs(p), 0);
      const benchBefore = process.cpuUsage();
      const busyBefore = machineBusyMs();
      const started = performance.now();
      const done = await loop(SECONDS);
      const busy = machineBusyMs() - busyBefore;
      const seconds = (performance.now() - started) / 1000;
      const bench = process.cpuUsage(benchBefore);
      const cpu: Record<string, number> = {};
      for (const [k, pid] of Object.entries(pids)) cpu[k] = cpuMs(pid) - (before[k] ?? 0);
      cpu.postgres = postgresBackends(infra.databaseUrl.split('/').pop()!).reduce(
        (s, p) => s + cpuMs(p) - (pgBefore.get(p) ?? 0),
        0,
      );
      cpu.redis = redisPids.reduce((s, p) => s + cpuMs(p), 0) - redisBefore;
      cpu['load generator'] = (bench.user + bench.system) / 1000;
      const per: Record<string, number> = {};
      for (const [k, v] of Object.entries(cpu)) per[k] = v / Math.max(1, done);
      const total = Object.values(per).reduce((a, b) => a + b, 0);
      const ours = total * done;
      return {
        name,
        done,
        rate: done / seconds,
        per,
        total,
        other: busy > 0 ? Math.max(0, busy - ours) / busy : 0,
      };
    };

    const machine = `${cpus().length} × ${cpus()[0]?.model.trim()}, Node ${process.version}`;
    console.log(
      `\nbench:purchase-floor — a hold and a purchase doing only what they must, on the fixed stack ` +
        `(@apollo/gateway → two @apollo/server subgraphs on node:http, Postgres, Redis, a Toss stand-in); ` +
        `${CONCURRENCY} buyers at once, ${SECONDS} s per phase after ${WARMUP} s; ${machine}`,
    );
    const holds = await run('hold', hold);
    const purchases = await run('purchase', purchase);
    const reads = ticketReads / Math.max(1, purchases.done);
    const row = (r: typeof holds) => ({
      'per second': fmt(r.rate, 1),
      'other load': `${fmt(r.other * 100)}%`,
      ...Object.fromEntries(Object.entries(r.per).map(([k, v]) => [k, fmt(v, 3)])),
      'total CPU ms': fmt(r.total, 2),
    });
    console.log('CPU ms per successful operation, per process:');
    console.table({ hold: row(holds), purchase: row(purchases) });
    console.log(
      `purchase ÷ hold on the bare stack: ${fmt(purchases.total / holds.total, 2)}× ` +
        `(${fmt(reads, 2)} ticket reads per purchase; a purchase is ${fmt(4 + reads, 2)} operations through the router, ` +
        `1 Toss authorize, 1 Toss confirm, 1 stream hop)`,
    );
    const holdP50 = percentile(timings.hold, 50);
    const ticketP50 = percentile(timings.confirmToTicket, 50);
    console.log(
      `latency in the purchase phase: hold p50 ${fmt(holdP50, 1)} / p99 ${fmt(percentile(timings.hold, 99), 1)} ms; ` +
        `confirm click → CONFIRMED with QR p50 ${fmt(ticketP50, 1)} / p99 ${fmt(percentile(timings.confirmToTicket, 99), 1)} ms: ` +
        `${fmt(ticketP50 / holdP50, 2)}× the hold's p50`,
    );
  } finally {
    changes.disconnect();
    await router.close();
    await toss.close();
    for (const child of Object.values(children)) child.kill('SIGKILL');
    await sleep(200);
    await infra.dispose();
  }
}

const [role, port, envJson] = process.argv.slice(2);
if (role) {
  serveRole(role as Role, Number(port), JSON.parse(envJson ?? '{}') as Env).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
