import { context } from '@opentelemetry/api';
import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { core, NodeSDK, tracing } from '@opentelemetry/sdk-node';
import { headRatio, requestSampler, tracesRequest } from './sampling.ts';

let sdk: NodeSDK | undefined;

/** Probes and scrapes: a trace every few seconds per pod that tells nobody anything. */
const UNTRACED_PATHS = new Set(['/health', '/ready', '/metrics']);

/**
 * Starts the NodeSDK once per process. Spans are exported over OTLP/HTTP only when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` is set; without it, spans still exist (so logs carry trace ids and W3C
 * `traceparent` is propagated to subgraphs) but nothing is sent anywhere. Which requests are traced is decided as
 * each comes in (sampling.ts): the logs of a request not traced carry no trace id, as Tempo has no trace for it.
 */
export function startTelemetry(): void {
  if (sdk) return;
  const exporting = Boolean(process.env.OTEL_EXPORTER_OTLP_ENDPOINT);
  const ratio = headRatio();
  /** Outgoing calls and statements of a request that is not traced (sampling.ts): no span, no work. */
  const untraced = () => core.isTracingSuppressed(context.active());
  sdk = new NodeSDK({
    // Decided per incoming request before any instrumentation runs (sampling.ts), parent-based at the ratio.
    sampler: requestSampler(ratio),
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
        // A request not traced runs with tracing suppressed from here on (sampling.ts).
        '@opentelemetry/instrumentation-http': {
          ignoreIncomingRequestHook: (req) =>
            UNTRACED_PATHS.has(req.url ?? '') || !tracesRequest(req.headers, ratio),
          ignoreOutgoingRequestHook: untraced,
        },
        '@opentelemetry/instrumentation-undici': { ignoreRequestHook: untraced },
        // A statement outside any traced request or worker round is not worth a root span of its own.
        '@opentelemetry/instrumentation-pg': { requireParentSpan: true },
        '@opentelemetry/instrumentation-ioredis': { requireParentSpan: true },
        // Express 5 and the `router` package it routes through: both wrapped every middleware (a span per
        // middleware twice over was half of every request's spans and a third of the tracing cost of a hold).
        // GraphQL is served on node:http now; Express keeps probes, metrics and uploads, which the HTTP server
        // span times well enough.
        '@opentelemetry/instrumentation-router': { enabled: false },
        '@opentelemetry/instrumentation-express': { enabled: false },
        '@opentelemetry/instrumentation-connect': { enabled: false },
        // No resolver spans: a span per resolved field made a 5,000-seat map 20,000 spans and a hold's answer
        // seven, and even unsampled, wrapping every resolver cost CPU on every field. The operation's parse,
        // validate and execute spans stay, and the SQL and Redis spans of the work hang under execute.
        '@opentelemetry/instrumentation-graphql': { ignoreResolveSpans: true, mergeItems: true },
        // MikroORM runs SQL through knex on pg: the pg spans carry the statements, knex's would wrap each again.
        '@opentelemetry/instrumentation-knex': { enabled: false },
        // Wrappers that cost on every call, sampled or not, and tell an operator nothing the request, SQL and
        // Redis spans do not: a span per DataLoader load and batch, per pooled resource, per memoized JWKS
        // lookup; runtime metrics are not exported (prom-client serves them).
        '@opentelemetry/instrumentation-dataloader': { enabled: false },
        '@opentelemetry/instrumentation-generic-pool': { enabled: false },
        '@opentelemetry/instrumentation-lru-memoizer': { enabled: false },
        '@opentelemetry/instrumentation-runtime-node': { enabled: false },
      }),
    ],
  });
  sdk.start();
  // No `beforeExit` flush: it never fires in a service, which ends with process.exit. Each service's shutdown
  // flushes (shutdown.ts) and runService shuts the provider down before exiting (flush.ts).
}
