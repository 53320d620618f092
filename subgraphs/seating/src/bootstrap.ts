import { readFileSync } from 'node:fs';
import {
  createPubSub,
  createRuntime,
  installAfterCommit,
  type Orm,
  startConsumer,
  startRelay,
} from '@tiketi/kit';
import { parse } from 'graphql';
import { type Context, createLoaders, type Seating } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { AdmissionGate } from './modules/admission/admission-gate.ts';
import { CONSUMED_TOPICS, createDomainEventHandler } from './modules/event/domain-events.ts';
import { Holds } from './modules/hold/hold.repository.ts';
import { Inventory } from './modules/inventory/inventory.repository.ts';
import { SeatLayout } from './modules/layout/layout.entity.ts';
import { Layouts } from './modules/layout/layout.repository.ts';
import { Reservation } from './modules/reservation/reservation.entity.ts';
import { Reservations } from './modules/reservation/reservation.repository.ts';
import { createPackedLayouts } from './modules/seat/packed-layout.ts';
import { SeatFeed, type SeatTopics } from './modules/seat/seat-feed.ts';
import { SeatHistory } from './modules/seat/seat-history.ts';
import { type Sweeper, startSweeper } from './modules/seat/sweeper.ts';
import { Door } from './modules/ticket/door.ts';
import { Resales } from './modules/ticket/resale.ts';
import { EventKeyring, Tickets } from './modules/ticket/ticket.repository.ts';
import { resolvers } from './resolvers/index.ts';
import { seatNewEvent, seedLayouts } from './seed.ts';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const entities = [SeatLayout, Reservation];

export interface SeatingService {
  /** `http://127.0.0.1:<port>/graphql` (also graphql-ws for the router) */
  url: string;
  port: number;
  orm: Orm;
  /** The domain objects, for tests and the event consumer. */
  seating: Seating;
  /** Every seat change goes through it (tests check what it publishes, and when). */
  feed: SeatFeed;
  sweeper: Sweeper;
  /** Moves recorded domain events to Redis now (tests). */
  flushOutbox(): Promise<number>;
  /** Stops the sweeper, the outbox relay and the event consumer (tests that count statements). */
  stopBackgroundWork(): Promise<void>;
  stop(): Promise<void>;
}

export async function bootstrap(config: Config): Promise<SeatingService> {
  const runtime = await createRuntime({ name: 'seating', config, entities, migrations });
  const { log, orm, redis } = runtime;
  const pubsub = createPubSub<SeatTopics>({ ...config.redis, log });
  try {
    installAfterCommit(orm.orm);
    const seatHistory = new SeatHistory(redis);
    const feed = new SeatFeed(pubsub, log, seatHistory);
    const keyring = new EventKeyring(config.tickets.signingSecret);
    const tickets = new Tickets(keyring);
    const resales = new Resales({
      holdSeconds: config.holds.seconds,
      limitPerBuyer: config.holds.limitPerBuyer,
      checkoutExtensionSeconds: config.holds.checkoutExtensionSeconds,
    });
    const reservations = new Reservations(
      feed,
      { checkoutExtensionSeconds: config.holds.checkoutExtensionSeconds },
      log,
      tickets,
      resales,
    );
    const inventory = new Inventory(feed);
    const seating: Seating = {
      holds: new Holds(feed, {
        holdSeconds: config.holds.seconds,
        limitPerBuyer: config.holds.limitPerBuyer,
      }),
      admission: new AdmissionGate(redis, config.queuePassSecret, log),
      reservations,
      inventory,
      layouts: new Layouts(),
      packedLayouts: createPackedLayouts(),
      pubsub,
      seatHistory,
      tickets,
      door: new Door(keyring),
      resales,
      checkoutTokenSecret: config.checkoutTokenSecret,
    };
    if (config.mode === 'development') {
      await orm.orm.em.fork().transactional((em) => seedLayouts(em));
      log.info('development layouts in place');
    }

    // Background work stops through the kit's shutdown order: after the HTTP drain, before pub/sub and pools.
    const sweeper = runtime.track(
      startSweeper({
        orm,
        feed,
        reservations,
        log,
        intervalMs: config.sweepIntervalMs,
        metrics: runtime.metrics.registry,
      }),
    );
    const relay = runtime.track(startRelay({ orm, redis, schema: 'seating', service: 'seating', log }));
    runtime.track(
      startConsumer({
        orm,
        redis,
        schema: 'seating',
        group: 'seating',
        topics: CONSUMED_TOPICS,
        log,
        metrics: runtime.metrics.registry,
        handle: createDomainEventHandler({
          reservations,
          tickets,
          log,
          ...(config.mode === 'development'
            ? { onNewEvent: (em, eventId) => seatNewEvent(em, inventory, eventId) }
            : {}),
        }),
      }),
    );

    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => ({ ...base, loaders: createLoaders(base.em, tickets, resales), seating }),
      subscriptions: { close: () => pubsub.close() },
    });
    return {
      ...service,
      orm,
      seating,
      feed,
      sweeper,
      flushOutbox: () => relay.flush(),
      stopBackgroundWork: () => runtime.stopWorkers(),
    };
  } catch (err) {
    await runtime.stopWorkers();
    await pubsub.close();
    await runtime.close();
    throw err;
  }
}
