import { ConfigError } from './config.ts';
import { shutdownTelemetry } from './telemetry/flush.ts';

/**
 * The body of every `main.ts`: start the service, stop it gracefully on SIGTERM/SIGINT, and exit non-zero
 * with a readable message when start-up fails (bad configuration lists every problem).
 */
export function runService(name: string, start: () => Promise<{ stop(): Promise<void> }>): void {
  // Through a promise, so a synchronous throw in `start` (e.g. config parsing) gets the same readable exit.
  Promise.resolve()
    .then(start)
    .then((service) => {
      let stopping = false;
      const shutdown = (signal: string) => {
        if (stopping) return;
        stopping = true;
        process.stderr.write(`${name}: ${signal} received, shutting down\n`);
        // Kubernetes sends SIGKILL after terminationGracePeriodSeconds; never hang past our own deadline.
        const deadline = setTimeout(() => process.exit(1), 25_000);
        deadline.unref();
        // The service's own stop flushed telemetry between its workers and its connections; the SDK's
        // shutdown then sends whatever the closing added, and must happen before process.exit (which skips
        // `beforeExit`, where the SDK would otherwise flush).
        service
          .stop()
          .then(
            () => 0,
            (err) => {
              process.stderr.write(`${name}: error during shutdown: ${String(err)}\n`);
              return 1;
            },
          )
          .then(async (code) => {
            await shutdownTelemetry();
            process.exit(code);
          });
      };
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      process.on('SIGINT', () => shutdown('SIGINT'));
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) process.stderr.write(`${name}: ${err.message}\n`);
      else process.stderr.write(`${name}: failed to start: ${(err as Error)?.stack ?? String(err)}\n`);
      process.exit(1);
    });
}
