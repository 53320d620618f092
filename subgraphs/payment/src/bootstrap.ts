import { readFileSync } from 'node:fs';
import {
  type Consumer,
  createRuntime,
  installAfterCommit,
  type Logger,
  type Orm,
  type Relay,
  startConsumer,
  startRelay,
} from '@tiketi/kit';
import express from 'express';
import { parse } from 'graphql';
import { type Context, createLoaders } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { Payment } from './modules/payment/payment.entity.ts';
import { Payments } from './modules/payment/payments.ts';
import { SCHEMA } from './modules/payment/provider-sync.ts';
import { RefundRequest } from './modules/refund/refund-request.entity.ts';
import { Refunds } from './modules/refund/refunds.ts';
import { ReservationProjection } from './modules/reservation/reservation.entity.ts';
import { CONSUMED_TOPICS, createReservationEventHandler } from './modules/reservation/reservation-events.ts';
import { PaymentLogs } from './modules/toss/payment-log.ts';
import { TossClient } from './modules/toss/toss-client.ts';
import {
  createTossWebhook,
  TOSS_WEBHOOK_PATH,
  WEBHOOK_MAX_BODY,
  webhookBodyParser,
} from './modules/webhook/toss-webhook.ts';
import { resolvers } from './resolvers/index.ts';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const entities = [Payment, ReservationProjection, RefundRequest];

export interface PaymentService {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  port: number;
  /** `http://127.0.0.1:<port>/webhooks/toss`: where Toss sends PAYMENT_STATUS_CHANGED. */
  webhookUrl: string;
  orm: Orm;
  payments: Payments;
  refunds: Refunds;
  /** Moves recorded domain events to Redis now (tests). */
  flushOutbox(): Promise<number>;
  /** Resolves once every reservation event in the streams has been handled (tests). */
  drainEvents(timeoutMs?: number): Promise<void>;
  /** Stops consuming seating's events, as when the consumer is down (tests). */
  stopConsumer(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The payment subgraph: GraphQL for the router, the Toss webhook, the outbox relay, the consumer of seating's
 * reservation events, reconciliation of unsettled payments (at start and every `reconcileIntervalMs`) and the
 * refund worker.
 */
export async function bootstrap(config: Config): Promise<PaymentService> {
  const runtime = await createRuntime({ name: 'payment', config, entities, migrations });
  const { log, orm, redis } = runtime;
  try {
    installAfterCommit(orm.orm);
    log.info({ provider: config.toss.target.provider, api: config.toss.apiUrl }, 'Toss Payments target');
    const logs = new PaymentLogs(orm, log, [config.toss.secretKey]);
    const toss = new TossClient(config.toss, logs, log);
    const { timeoutMs, maxAttempts, retryBackoffMs } = config.toss;
    // One call with every retry; a confirm is one such call and then a re-read.
    const callBudgetMs = maxAttempts * timeoutMs + retryBackoffMs * 2 ** maxAttempts;
    let reconciler: Reconciler | undefined;
    const payments = new Payments({
      orm,
      toss,
      log,
      clientKey: config.toss.clientKey,
      checkoutTokenSecret: config.checkoutTokenSecret,
      confirmBudgetMs: 2 * callBudgetMs + 1_000,
      onUnsettled: () => reconciler?.soon(),
    });
    const refunds = new Refunds(orm, toss, log);

    // Background work stops through the kit's shutdown order: after the HTTP drain, before the pools.
    const relay: Relay = runtime.track(startRelay({ orm, redis, schema: SCHEMA, service: 'payment', log }));
    const consumer: Consumer = runtime.track(
      startConsumer({
        orm,
        redis,
        schema: SCHEMA,
        group: 'payment',
        topics: CONSUMED_TOPICS,
        log,
        metrics: runtime.metrics.registry,
        handle: createReservationEventHandler({ refunds, log }),
      }),
    );
    refunds.start(config.refundRetryMs);
    runtime.track(refunds);
    reconciler = runtime.track(startReconciler(payments, config.reconcileIntervalMs, config.recheckMs, log));

    const webhook = createTossWebhook({ payments, toss, logs, log });
    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => ({
        ...base,
        loaders: createLoaders(base.em),
        payments,
        refunds,
        logs,
        cancelledReservations: new Set<string>(),
      }),
      routes(router) {
        // Public (Toss calls it), outside /graphql; see toss-webhook.ts for why the body is not trusted.
        router.post(TOSS_WEBHOOK_PATH, webhookBodyParser(express.json({ limit: WEBHOOK_MAX_BODY })), webhook);
      },
    });
    return {
      ...service,
      webhookUrl: new URL(TOSS_WEBHOOK_PATH, service.url).toString(),
      orm,
      payments,
      refunds,
      flushOutbox: () => relay.flush(),
      drainEvents: (timeoutMs) => consumer.drain(timeoutMs),
      stopConsumer: () => consumer.stop(),
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}

/**
 * Re-reads unsettled payments from Toss: all of them once at start (a crash may have left some between Toss'
 * DONE and our commit), then those not checked for a while, every `intervalMs`. `soon()` (a confirm ended
 * without Toss' answer) brings the next round forward to `recheckMs`, then doubling while rounds leave payments
 * unsettled: a Toss outage ends in seconds for the buyers waiting on it, not at the next interval.
 */
interface Reconciler {
  soon(): void;
  stop(): Promise<void>;
}

function startReconciler(payments: Payments, intervalMs: number, recheckMs: number, log: Logger): Reconciler {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let dueAt = Number.POSITIVE_INFINITY;
  /** The follow-up delay while rounds leave payments unsettled after `soon()`; 0: none pending. */
  let followUpMs = 0;
  let round: Promise<{ checked: number; settled: number } | null> = Promise.resolve(null);
  const run = (olderThanMs: number) => {
    round = payments.reconcile(olderThanMs).catch((err: Error) => {
      log.warn({ err: err.message }, 'reconciliation round failed; will retry');
      return null;
    });
    return round;
  };
  const schedule = (ms: number) => {
    if (stopped || Date.now() + ms >= dueAt) return;
    clearTimeout(timer);
    dueAt = Date.now() + ms;
    timer = setTimeout(tick, ms);
  };
  const tick = async () => {
    dueAt = Number.POSITIVE_INFINITY;
    await round;
    const following = followUpMs > 0;
    const result = await run(following ? 0 : intervalMs / 2);
    if (following && result && result.checked === result.settled) followUpMs = 0;
    else if (following) followUpMs = Math.min(intervalMs, followUpMs * 2);
    schedule(followUpMs > 0 ? followUpMs : intervalMs);
  };
  void run(0).then(() => schedule(intervalMs));
  return {
    soon() {
      if (followUpMs === 0) followUpMs = recheckMs;
      schedule(recheckMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await round;
    },
  };
}
