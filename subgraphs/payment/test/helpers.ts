import { randomUUID } from 'node:crypto';
import { Migration } from '@mikro-orm/migrations';
import {
  createLogger,
  createOrm,
  createRedis,
  DEV_SECRETS,
  type DomainEvent,
  type Identity,
  type NewDomainEvent,
  type Orm,
  outboxNotifySql,
  outboxTablesSql,
  type Relay,
  recordEvent,
  signCheckoutToken,
  startRelay,
  type Topic,
  type TopicInputMap,
  Topics,
} from '@tiketi/kit';
import { asRouter, createTestInfra, type GraphQLResponse, gql, type TestInfra } from '@tiketi/kit/testing';
import type { Redis } from 'ioredis';
import { bootstrap, loadConfig, type PaymentService } from '../src/index.ts';
import {
  startTossEmulator,
  type TestCard,
  type TossEmulator,
  type TossEmulatorOptions,
} from '../src/toss-emulator/index.ts';

export const buyer = (): NonNullable<Identity> => ({ userId: randomUUID(), role: 'USER' });
export const ADMIN: NonNullable<Identity> = { userId: randomUUID(), role: 'ADMIN' };

const STUB_SCHEMA = 'seating_stub';
const log = createLogger('seating-stub', 'silent');

/**
 * seating's side of the conversation, for the time payment is tested on its own: seating's domain events go
 * through the real kit machinery (outbox row in a transaction, relay to the Redis stream, payment's consumer
 * group), exactly as seating will publish them.
 */
type LifecycleTopic =
  | typeof Topics.reservationConfirmed
  | typeof Topics.reservationCancelled
  | typeof Topics.reservationExpired
  | typeof Topics.reservationConfirmFailed;

export class SeatingStub {
  private constructor(
    private readonly orm: Orm,
    private readonly relay: Relay,
    private readonly payment: () => PaymentService,
  ) {}

  static async start(infra: TestInfra, payment: () => PaymentService): Promise<SeatingStub> {
    const orm = await createOrm({
      url: infra.databaseUrl,
      schema: STUB_SCHEMA,
      entities: [],
      migrations: [
        {
          name: 'SeatingStubOutbox',
          class: class extends Migration {
            override async up() {
              this.addSql(`create schema if not exists "${STUB_SCHEMA}"`);
              for (const sql of [...outboxTablesSql(STUB_SCHEMA), ...outboxNotifySql(STUB_SCHEMA)])
                this.addSql(sql);
            }
          },
        },
      ],
    });
    await orm.migrate();
    const redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
    // Asleep on purpose: tests flush explicitly, or leave an event in the outbox to see payment do without it.
    const relay = startRelay({
      orm,
      redis,
      schema: STUB_SCHEMA,
      service: 'seating',
      log,
      wakeOnCommit: false,
      sweepIntervalMs: 60_000,
    });
    const stub = new SeatingStub(orm, relay, payment);
    stub.close = async () => {
      await relay.stop();
      await redis.quit();
      await orm.close();
    };
    return stub;
  }

  close: () => Promise<void> = async () => {};

  /** What `reservation()` announced, so later lifecycle events carry the same buyer and event as seating's do. */
  private readonly created = new Map<string, TopicInputMap[typeof Topics.reservationCreated]>();

  /** `seating.reservation.confirmed` / `.cancelled` / `.expired` / `.confirm_failed`, as seating writes them. */
  lifecycle<T extends LifecycleTopic>(
    topic: T,
    reservationId: string,
    details: { paymentId?: string | null; wasConfirmed?: boolean; reason?: string } = {},
  ): TopicInputMap[T] {
    const r = this.created.get(reservationId);
    if (!r) throw new Error(`the stub did not create reservation ${reservationId}`);
    const common = { reservationId, eventId: r.eventId, userId: r.userId, amount: r.totalAmount };
    const paymentId = details.paymentId ?? null;
    const reason = details.reason ?? 'buyer-cancelled';
    const payloads: { [K in LifecycleTopic]: TopicInputMap[K] } = {
      [Topics.reservationConfirmed]: {
        ...common,
        paymentId: paymentId ?? randomUUID(),
        seatCount: r.seatCount,
      },
      [Topics.reservationCancelled]: {
        ...common,
        paymentId,
        wasConfirmed: details.wasConfirmed ?? false,
        reason,
      },
      [Topics.reservationExpired]: { ...common, paymentId, wasConfirmed: false, reason: 'checkout-expired' },
      [Topics.reservationConfirmFailed]: { ...common, paymentId: paymentId ?? randomUUID(), reason },
    };
    return payloads[topic] as TopicInputMap[T];
  }

  /** Records the event in seating's outbox; unless `deliver: false`, relays it and waits until payment handled it. */
  async publish<T extends Topic>(
    topic: T,
    key: string,
    payload: TopicInputMap[T],
    { deliver = true } = {},
  ): Promise<void> {
    const event = { topic, key, payload } as NewDomainEvent;
    await this.orm.orm.em.fork().transactional((em) => recordEvent(em, STUB_SCHEMA, event));
    if (deliver) await this.deliver();
  }

  async deliver(): Promise<void> {
    await this.relay.flush();
    await this.payment().drainEvents();
  }

  /** `seating.reservation.created` for a new PENDING reservation of `owner`. */
  async reservation(
    owner: NonNullable<Identity>,
    options: {
      totalAmount?: number;
      seatCount?: number;
      holdMs?: number;
      title?: string;
      deliver?: boolean;
    } = {},
  ): Promise<{ id: string; totalAmount: number; holdExpiresAt: string; checkoutToken: string }> {
    const id = randomUUID();
    const totalAmount = options.totalAmount ?? 154_000;
    const holdExpiresAt = new Date(Date.now() + (options.holdMs ?? 300_000)).toISOString();
    const created = {
      reservationId: id,
      userId: owner.userId,
      eventId: randomUUID(),
      eventTitle: options.title ?? '아이유 콘서트 HER',
      totalAmount,
      seatCount: options.seatCount ?? 2,
      holdExpiresAt,
    };
    this.created.set(id, created);
    await this.publish(Topics.reservationCreated, id, created, { deliver: options.deliver ?? true });
    // What seating's `Reservation.checkoutToken` hands the buyer for the same reservation.
    const checkoutToken = signCheckoutToken(DEV_SECRETS.CHECKOUT_TOKEN_SECRET, {
      ...created,
      amount: totalAmount,
      currency: 'KRW',
      issuedAt: new Date(),
      expiresAt: new Date(holdExpiresAt),
    });
    return { id, totalAmount, holdExpiresAt, checkoutToken };
  }
}

export const PAYMENT_FIELDS = `
  id orderId status amount refundedAmount method approvedAt receiptUrl orderName pendingRefundAmount createdAt
  reservation { id } cancels { amount reason canceledAt } failure { code message }`;

export const PREPARE = `mutation Prepare($id: ID!, $token: String) {
  preparePayment(reservationId: $id, checkoutToken: $token) { orderId orderName amount clientKey paymentId expiresAt } }`;
export const CONFIRM = `mutation Confirm($input: ConfirmPaymentInput!) { confirmPayment(input: $input) { ${PAYMENT_FIELDS} } }`;
export const REFUND = `mutation Refund($id: ID!, $amount: Int, $reason: String!) {
  refundPayment(paymentId: $id, amount: $amount, reason: $reason) { ${PAYMENT_FIELDS} } }`;
export const PAYMENT = `query Payment($id: ID!) { payment(id: $id) { ${PAYMENT_FIELDS} } }`;
export const RESERVATION_PAYMENT = `query Entities($reps: [_Any!]!) {
  _entities(representations: $reps) { ... on Reservation { id payment { id status amount refundedAmount } } } }`;

export interface PaymentOrderData {
  orderId: string;
  orderName: string;
  amount: number;
  clientKey: string;
  paymentId: string;
  expiresAt: string;
}

export interface PaymentData {
  id: string;
  orderId: string;
  status: string;
  amount: number;
  refundedAmount: number;
  method: string | null;
  approvedAt: string | null;
  receiptUrl: string | null;
  orderName: string;
  pendingRefundAmount: number;
  reservation: { id: string };
  cancels: { amount: number; reason: string; canceledAt: string }[];
  failure: { code: string; message: string } | null;
}

export interface Harness {
  infra: TestInfra;
  emulator: TossEmulator;
  service: PaymentService;
  seating: SeatingStub;
  // biome-ignore lint/suspicious/noExplicitAny: tests read loosely typed data, as the kit's gql() does
  call<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  /** What payment published on `topic` so far (its outbox flushed first). */
  published<P = Record<string, unknown>>(topic: Topic): Promise<DomainEvent<P>[]>;
  /** The widget's part: `POST /sandbox/authorize` on the emulator. */
  authorize(
    orderId: string,
    amount: number,
    card?: TestCard,
  ): Promise<{ paymentKey: string; orderId: string; amount: number }>;
  /** preparePayment, with the reservation's checkout token when given. */
  prepare(identity: Identity, reservationId: string, checkoutToken?: string): Promise<PaymentOrderData>;
  confirm(
    identity: Identity,
    input: { paymentKey: string; orderId: string; amount: number },
  ): Promise<GraphQLResponse<{ confirmPayment: PaymentData }>>;
  /** Reservation → prepare → authorize → confirm; the confirm's response. */
  checkout(
    identity: NonNullable<Identity>,
    options?: { card?: TestCard; totalAmount?: number },
  ): Promise<{
    reservationId: string;
    order: PaymentOrderData;
    paymentKey: string;
    res: GraphQLResponse<{ confirmPayment: PaymentData }>;
  }>;
  /** Stops the payment service and starts a new one on the same database (a restart). */
  restart(): Promise<void>;
  dispose(): Promise<void>;
}

export async function startHarness(
  options: { env?: Record<string, string>; emulator?: TossEmulatorOptions } = {},
): Promise<Harness> {
  const infra = await createTestInfra();
  const emulator = await startTossEmulator({ port: 0, ...options.emulator });
  const env = infra.env({
    TOSS_API_URL: emulator.url,
    TOSS_TIMEOUT_MS: '2000',
    TOSS_RETRY_BACKOFF_MS: '50',
    PAYMENT_REFUND_RETRY_MS: '200',
    ...options.env,
  });
  let service: PaymentService | null = null;
  let seating: SeatingStub | null = null;
  let redis: Redis | null = null;
  let db: Orm | null = null;
  const dispose = async () => {
    await service?.stop();
    await db?.close();
    await seating?.close();
    await redis?.quit();
    await emulator.stop();
    await infra.dispose();
  };
  try {
    service = await bootstrap(loadConfig(env));
    seating = await SeatingStub.start(infra, () => service as PaymentService);
    // Its own pool: SQL checks keep working while the service is stopped or restarting.
    db = await createOrm({ url: infra.databaseUrl, schema: 'public', entities: [], migrations: [] });
    redis = createRedis({ url: infra.redisUrl, prefix: infra.redisPrefix });
    const h: Harness = {
      infra,
      emulator,
      get service() {
        return service as PaymentService;
      },
      seating,
      call: (query, variables, identity = null) => gql(h.service.url, query, variables, asRouter(identity)),
      sql: (text, params = []) => db!.orm.em.fork().getConnection().execute(text, params),
      async published<P>(topic: Topic) {
        await h.service.flushOutbox();
        const entries = (await redis!.xrange(`events:${topic}`, '-', '+')) as [string, string[]][];
        return entries.map(
          ([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1] ?? '{}') as DomainEvent<P>,
        );
      },
      async authorize(orderId, amount, card = 'success') {
        const res = await fetch(`${emulator.url}/sandbox/authorize`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ orderId, amount, card }),
        });
        if (!res.ok) throw new Error(`authorize: ${res.status} ${await res.text()}`);
        return (await res.json()) as { paymentKey: string; orderId: string; amount: number };
      },
      async prepare(identity, reservationId, checkoutToken) {
        const res = await h.call<{ preparePayment: PaymentOrderData }>(
          PREPARE,
          { id: reservationId, token: checkoutToken ?? null },
          identity,
        );
        if (res.errors) throw new Error(`preparePayment: ${JSON.stringify(res.errors)}`);
        return res.data!.preparePayment;
      },
      confirm: (identity, input) => h.call(CONFIRM, { input }, identity),
      async checkout(identity, { card = 'success', totalAmount } = {}) {
        const reservation = await seating!.reservation(identity, { totalAmount });
        const order = await h.prepare(identity, reservation.id, reservation.checkoutToken);
        const widget = await h.authorize(order.orderId, order.amount, card);
        const res = await h.confirm(identity, widget);
        return { reservationId: reservation.id, order, paymentKey: widget.paymentKey, res };
      },
      async restart() {
        await service?.stop();
        service = null;
        service = await bootstrap(loadConfig(env));
      },
      dispose,
    };
    return h;
  } catch (err) {
    await dispose();
    throw err;
  }
}

/** Polls `probe` until it returns something truthy (or throws after `timeoutMs`). */
export async function eventually<T>(
  probe: () => T | null | undefined | false | Promise<T | null | undefined | false>,
  timeoutMs = 5_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
