import type { Logger } from './logger.ts';
import { flushTelemetry } from './telemetry/flush.ts';

/**
 * The steps of a service's graceful shutdown. Every service (each subgraph through `serve`, and the router)
 * stops through `shutdownSequence`, so the order is written once:
 *
 * 1. `drain`: stop accepting, close WebSockets, finish in-flight HTTP requests;
 * 2. `stopWorkers`: background work (outbox relays, event consumers, sweepers) — after the requests, which may
 *    have left work for them, and before the connections they use close;
 * 3. the OpenTelemetry flush: the spans of the last requests and of the workers' last rounds leave the batch
 *    processor while the process is still alive (`beforeExit` never fires once a service calls `process.exit`);
 * 4. `close`: pub/sub connections (after the last unsubscribes and publishes, NOTES.md), Postgres, Redis.
 */
export interface ShutdownSteps {
  drain(): Promise<void>;
  stopWorkers?(): Promise<void>;
  close(): Promise<void>;
}

/** Runs the steps once, in order; later calls return the same promise. A failing step does not skip the rest. */
export function shutdownSequence(log: Logger, steps: ShutdownSteps): () => Promise<void> {
  let done: Promise<void> | undefined;
  const step = async (name: string, run: (() => Promise<void>) | undefined) => {
    if (!run) return;
    const started = performance.now();
    try {
      await run();
      log.debug({ step: name, ms: Math.round(performance.now() - started) }, 'shutdown step done');
    } catch (err) {
      log.error({ err, step: name }, 'shutdown step failed');
    }
  };
  return () => {
    done ??= (async () => {
      log.info('shutting down: draining requests');
      await step('drain', () => steps.drain());
      await step('workers', steps.stopWorkers && (() => steps.stopWorkers!()));
      await step('telemetry', () => flushTelemetry());
      await step('close', () => steps.close());
      log.info('stopped');
    })();
    return done;
  };
}

/**
 * Waits for a background worker to stop, but not forever: with Redis unreachable a worker can be stuck on a
 * command ioredis never settles, and shutdown must still finish within Kubernetes' grace period.
 */
export async function stopWithin(stop: () => Promise<void>, log: Logger, ms = 2_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), ms);
  });
  const outcome = await Promise.race([
    stop().then(
      () => 'stopped' as const,
      () => 'failed' as const,
    ),
    late,
  ]);
  clearTimeout(timer);
  if (outcome !== 'stopped') log.warn({ outcome }, 'background worker did not stop cleanly');
}
