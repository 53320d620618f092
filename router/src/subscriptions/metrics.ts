import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export interface SubscriptionMetrics {
  upstreamSubscribes: Counter;
  upstreamEvents: Counter;
  executions: Counter;
  deliveries: Counter;
  slowConsumers: Counter;
  droppedEvents: Counter;
  /** From an upstream event's arrival to its message written to every socket (coalescing wait included). */
  lag: Histogram;
  /**
   * Where the lag goes, per message: `wait` (arrival → resolving starts: behind earlier deliveries and in the
   * coalescing window), `resolve` (entity fetches and execution), `write` (every socket written).
   */
  stages: Histogram<'stage'>;
}

/** The subscription path's Prometheus series; gauges read live state when scraped. */
export function createSubscriptionMetrics(
  registry: Registry,
  live: { sockets(): number; subscriptions(): number; upstreams(): number },
): SubscriptionMetrics {
  const registers = [registry];
  new Gauge({
    name: 'router_subscription_sockets',
    help: 'Open client WebSockets',
    registers,
    collect() {
      this.set(live.sockets());
    },
  });
  new Gauge({
    name: 'router_subscription_active',
    help: 'Active client subscriptions',
    registers,
    collect() {
      this.set(live.subscriptions());
    },
  });
  new Gauge({
    name: 'router_subscription_upstreams',
    help: 'Upstream subscriptions to subgraphs (one per distinct field, arguments, selection and, for personal fields, caller)',
    registers,
    collect() {
      this.set(live.upstreams());
    },
  });
  return {
    upstreamSubscribes: new Counter({
      name: 'router_subscription_upstream_subscribes_total',
      help: 'Subscriptions started at subgraphs',
      registers,
    }),
    upstreamEvents: new Counter({
      name: 'router_subscription_upstream_events_total',
      help: 'Events received from subgraphs',
      registers,
    }),
    executions: new Counter({
      name: 'router_subscription_executions_total',
      help: 'Events resolved into client results (entity fetches included): one per delivered message and selection',
      registers,
    }),
    deliveries: new Counter({
      name: 'router_subscription_deliveries_total',
      help: 'Messages written to client sockets',
      registers,
    }),
    slowConsumers: new Counter({
      name: 'router_subscription_slow_consumers_total',
      help: 'Sockets closed (1013) because their unsent messages passed SUBSCRIPTION_MAX_BUFFERED_BYTES',
      registers,
    }),
    lag: new Histogram({
      name: 'router_subscription_lag_seconds',
      help: 'Time from an event arriving from a subgraph to its message written to every watching socket',
      // Fine around 0.3–2.5 s, where 10,000 sockets on a short CPU land (bench:fanout compares it with its floor).
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.25, 1.5, 2, 2.5, 5],
      registers,
    }),
    stages: new Histogram({
      name: 'router_subscription_stage_seconds',
      help: 'Time a subscription message spends waiting (behind deliveries, coalescing), resolving (entity fetches) and being written to every socket',
      labelNames: ['stage'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5, 2, 5],
      registers,
    }),
    droppedEvents: new Counter({
      name: 'router_subscription_dropped_events_total',
      help: 'Events of non-mergeable fields dropped because delivery fell too far behind',
      registers,
    }),
  };
}
