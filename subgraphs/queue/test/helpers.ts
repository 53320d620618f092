import { randomUUID } from 'node:crypto';
import { type Identity, projectCatalogEvent } from '@tiketi/kit';
import { asRouter, createTestInfra, type GraphQLResponse, gql, type TestInfra } from '@tiketi/kit/testing';
import { bootstrap, loadConfig, type QueueService } from '../src/index.ts';

export const ADMIN: NonNullable<Identity> = { userId: randomUUID(), role: 'ADMIN' };
export const buyer = (): NonNullable<Identity> => ({ userId: randomUUID(), role: 'USER' });

const HOUR = 3_600_000;
export const iso = (offsetMs: number) => new Date(Date.now() + offsetMs).toISOString();
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// biome-ignore lint/suspicious/noExplicitAny: tests read response data loosely and assert on it
type Data = Record<string, any>;

export interface CatalogEventOverrides {
  status?: string;
  saleStartsAt?: string;
  startsAt?: string;
  title?: string;
  deletedAt?: string | null;
}

export interface QueueHarness {
  infra: TestInfra;
  service: QueueService;
  call<T = Data>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  sql<Row = Data>(text: string, params?: unknown[]): Promise<Row[]>;
  /**
   * A catalog event as queue learns it from `catalog.event.changed` (the projection's domain verb, then the
   * sync to Redis the consumer runs): on sale since an hour by default.
   */
  event(overrides?: CatalogEventOverrides, id?: string): Promise<string>;
  /** Admin `configureQueue`; throws on errors. */
  configure(eventId: string, input: { mode?: string; paused?: boolean; capacity?: number }): Promise<Data>;
  join(eventId: string, identity: Identity): Promise<Data>;
  /** Another instance on the same database and Redis (a replica). */
  startReplica(): Promise<QueueService>;
  dispose(): Promise<void>;
}

export const TICKET_FIELDS = 'eventId state position etaSeconds admissionPass number opensAt expiresAt';

export async function startQueue(env: Record<string, string> = {}): Promise<QueueHarness> {
  const infra = await createTestInfra();
  const replicas: QueueService[] = [];
  let service: QueueService;
  try {
    service = await bootstrap(loadConfig(infra.env(env)));
  } catch (err) {
    await infra.dispose();
    throw err;
  }
  const call: QueueHarness['call'] = (query, variables, identity = null) =>
    gql(service.url, query, variables, asRouter(identity));
  const harness: QueueHarness = {
    infra,
    service,
    call,
    sql: (text, params = []) => service.orm.orm.em.fork().getConnection().execute(text, params),
    async event(overrides = {}, id = randomUUID()) {
      await service.orm.orm.em.fork().transactional(async (em) => {
        await projectCatalogEvent(
          em,
          'queue',
          {
            id,
            title: overrides.title ?? '대기열 테스트 공연',
            status: overrides.status ?? 'SCHEDULED',
            saleStartsAt: overrides.saleStartsAt ?? iso(-HOUR),
            startsAt: overrides.startsAt ?? iso(48 * HOUR),
            deletedAt: overrides.deletedAt ?? null,
          },
          new Date(),
        );
        await service.queue.settings.sync(em, id);
      });
      return id;
    },
    async configure(eventId, input) {
      const res = await call(
        `mutation($e: ID!, $i: QueueConfigInput!) {
          configureQueue(eventId: $e, input: $i) { enabled paused waiting mode capacity activeShoppers } }`,
        { e: eventId, i: input },
        ADMIN,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.configureQueue;
    },
    async join(eventId, identity) {
      const res = await call(
        `mutation($e: ID!) { joinQueue(eventId: $e) { ${TICKET_FIELDS} } }`,
        { e: eventId },
        identity,
      );
      if (res.errors) throw new Error(JSON.stringify(res.errors));
      return res.data!.joinQueue;
    },
    async startReplica() {
      const replica = await bootstrap(loadConfig(infra.env(env)));
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
