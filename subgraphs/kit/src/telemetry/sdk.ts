import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/**
 * Starts the NodeSDK once per process. Spans are exported over OTLP/HTTP only when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; without it, spans still exist (so logs carry trace ids and W3C
 * `traceparent` is propagated to subgraphs) but nothing is sent anywhere.
 */
export function startTelemetry(): void {
  if (sdk) return;
  const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  sdk = new NodeSDK({
    // Without an endpoint spans are recorded and dropped: trace ids still reach logs and subgraphs, and the
    // SDK does not fall back to its default exporter (which would retry localhost:4318 forever).
    spanProcessors: [
      exporting ? new tracing.BatchSpanProcessor(new OTLPTraceExporter()) : new tracing.NoopSpanProcessor(),
    ],
    // Metrics are served by prom-client on /metrics and logs go to stdout (collected as JSON lines).
    metricReaders: [],
    logRecordProcessors: [],
    instrumentations: [
      getNodeAutoInstrumentations({
        // fs spans drown real work in noise; DNS lookups on localhost likewise.
        '@opentelemetry/instrumentation-fs': { enabled: false },
        '@opentelemetry/instrumentation-dns': { enabled: false },
        '@opentelemetry/instrumentation-net': { enabled: false },
        // A span per resolved field made a 5,000-seat map 20,000 spans: keep the operation's parse, validate
        // and execute spans and the resolvers we wrote, not default property reads or every list item.
        '@opentelemetry/instrumentation-graphql': { ignoreTrivialResolveSpans: true, mergeItems: true },
      }),
    ],
  });
  sdk.start();
  // Flush buffered spans on shutdown; the service's own SIGTERM handler drains requests first.
  process.once('beforeExit', () => void sdk?.shutdown());
}

export async function stopTelemetry(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}
