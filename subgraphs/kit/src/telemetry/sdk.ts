import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { NodeSDK, tracing } from '@opentelemetry/sdk-node';

let sdk: NodeSDK | undefined;

/** Probes and scrapes: a trace every few seconds per pod that tells nobody anything. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

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
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has(req.url ?? ''),
        },
        // Express 5 routes through the `router` package, which both instrumentations wrap: a span per
        // middleware twice over (CORS, body parser, router credentials, …) was half of every request's spans
        // and a third of the tracing cost of a hold. The HTTP server span already times the request.
        '@opentelemetry/instrumentation-router': { enabled: false },
        '@opentelemetry/instrumentation-express': {
          ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER],
        },
        // No resolver spans: a span per resolved field made a 5,000-seat map 20,000 spans and a hold's answer
        // seven, and even unsampled, wrapping every resolver cost CPU on every field. The operation's parse,
        // validate and execute spans stay, and the SQL and Redis spans of the work hang under execute.
        '@opentelemetry/instrumentation-graphql': { ignoreResolveSpans: true, mergeItems: true },
        // MikroORM runs SQL through knex on pg: the pg spans carry the statements, knex's would wrap each again.
        '@opentelemetry/instrumentation-knex': { enabled: false },
      }),
    ],
  });
  sdk.start();
  // No `beforeExit` flush: it never fires in a service, which ends with process.exit. Each service's shutdown
  // flushes (shutdown.ts) and runService shuts the provider down before exiting (flush.ts).
}
