import { trace } from '@opentelemetry/api';

/**
 * The tracer provider the register file's NodeSDK installed, reached through the OpenTelemetry API's global
 * rather than a module variable: the compiled services load the SDK from their own bundle (`dist/telemetry.js`,
 * with `--import`), so the service's code holds another copy of `sdk.ts` than the one that started it. Without
 * the register file (tests, scripts) the global is a no-op provider and there is nothing to flush.
 */
interface SdkTracerProvider {
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
function sdkTracerProvider(): Partial<SdkTracerProvider> {
  const global = trace.getTracerProvider() as { getDelegate?: () => unknown };
  return (global.getDelegate?.() ?? global) as Partial<SdkTracerProvider>;
}

/** A collector that does not answer must not hold a shutdown past Kubernetes' grace period. */
const FLUSH_TIMEOUT_MS = 5_000;

async function within(work: Promise<void> | undefined, ms: number): Promise<void> {
  if (!work) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * Exports the spans still buffered in the batch processor now (a step of every service's shutdown, see
 * shutdown.ts). Harmless when several services share one process (tests): the provider keeps running.
 */
export function flushTelemetry(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const provider = sdkTracerProvider();
  return within(provider.forceFlush?.(), timeoutMs);
}

/** Flushes and shuts the SDK's tracer provider down: the last thing a service process does (run.ts). */
export function shutdownTelemetry(timeoutMs = FLUSH_TIMEOUT_MS): Promise<void> {
  const provider = sdkTracerProvider();
  return within(provider.shutdown?.(), timeoutMs);
}
