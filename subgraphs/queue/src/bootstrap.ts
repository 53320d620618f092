import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import {
  type Consumer,
  createPubSub,
  createRuntime,
  type Orm,
  ProofOfWork,
  startConsumer,
  startRelay,
} from '@tiketi/kit';
import { parse } from 'graphql';
import { type Context, createLoaders, type Queue } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { startAdmissionArchive } from './modules/admission/admission-archive.ts';
import { type AdmissionDriver, startAdmissionDriver } from './modules/admission/driver.ts';
import { CONSUMED_TOPICS, createDomainEventHandler } from './modules/event/domain-events.ts';
import { WaitingLine } from './modules/line/waiting-line.ts';
import { LineNotifier, type QueueTopics, TicketFeed } from './modules/live/line-feed.ts';
import { QueueSettings } from './modules/settings/settings.entity.ts';
import { Settings } from './modules/settings/settings.repository.ts';
import { resolvers } from './resolvers/index.ts';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const entities = [QueueSettings];

export interface QueueService {
  /** `http://127.0.0.1:<port>/graphql` (also graphql-ws for the router) */
  url: string;
  port: number;
  orm: Orm;
  /** The domain objects (tests drive the line directly through them). */
  queue: Queue;
  driver: AdmissionDriver;
  /** Domain events from catalog and seating. */
  consumer: Consumer;
  /** `queue.admitted` → the admission audit log. */
  archive: Consumer;
  stop(): Promise<void>;
}

export async function bootstrap(config: Config): Promise<QueueService> {
  const runtime = await createRuntime({ name: 'queue', config, entities, migrations });
  const { log, orm, redis } = runtime;
  const pubsub = createPubSub<QueueTopics>({ ...config.redis, log });
  try {
    const line = new WaitingLine(redis, {
      defaultCapacity: config.line.defaultCapacity,
      idleMs: config.line.idleSeconds * 1_000,
      passes: { secret: config.passes.secret, ttlMs: config.passes.ttlSeconds * 1_000 },
      instance: `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    });
    const settings = new Settings(line, config.line.defaultCapacity);
    const notifier = new LineNotifier(pubsub, log);
    const feed = new TicketFeed({ line, pubsub, log, intervalMs: config.updateIntervalMs });
    const proofOfWork = new ProofOfWork(redis, config.proofOfWork);
    const queue: Queue = { line, settings, notifier, feed, proofOfWork };
    const onMoved = (eventId: string) => notifier.moved(eventId);

    // Redis may have lost its copies (a restart without persistence): rewrite them from the record.
    const synced = await settings.syncAll(orm.orm.em.fork());
    log.info({ events: synced }, 'waiting-room settings synced to redis');
    // Nothing to seed in development: queue learns catalog's (seeded) events from catalog.event.changed.

    const driver = runtime.track(
      startAdmissionDriver({ line, log, onMoved, tickMs: config.line.admissionTickMs }),
    );
    const consumer = runtime.track(
      startConsumer({
        orm,
        redis,
        schema: 'queue',
        group: 'queue',
        topics: CONSUMED_TOPICS,
        log,
        metrics: runtime.metrics.registry,
        handle: createDomainEventHandler({ line, settings, log, onMoved }),
      }),
    );

    const archive = runtime.track(startAdmissionArchive({ orm, redis, log }));
    // Moves `admin.action` (the audit records of queue's admin operations) from the outbox to its stream.
    runtime.track(startRelay({ orm, redis, schema: 'queue', service: 'queue', log }));

    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => ({ ...base, loaders: createLoaders(queue), queue }),
      subscriptions: {
        close: async () => {
          feed.close();
          notifier.close();
          await pubsub.close();
        },
      },
    });
    return { ...service, orm, queue, driver, consumer, archive };
  } catch (err) {
    await pubsub.close();
    await runtime.close();
    throw err;
  }
}
