import type { IncomingHttpHeaders } from 'node:http';
import {
  context,
  ProxyTracerProvider,
  propagation,
  ROOT_CONTEXT,
  type Context as TraceContext,
  trace,
} from '@opentelemetry/api';
import { isTracingSuppressed, suppressTracing } from '@opentelemetry/core';

/**
 * W3C trace context across the router. With the kit's telemetry register loaded, the HTTP instrumentation has
 * already continued the caller's trace (the active context holds the server span) and instruments the
 * gateway's outgoing requests too. Without it (tests, a bare `tsx src/main.ts`) nothing is active, so the
 * router carries the caller's `traceparent` to the subgraphs itself; the propagation API uses whatever
 * propagator is registered globally (W3C by the NodeSDK), and does nothing when none is.
 */
export function incomingTraceContext(headers: IncomingHttpHeaders): TraceContext {
  const active = context.active();
  return trace.getSpan(active) ? active : propagation.extract(ROOT_CONTEXT, headers);
}

/** The provider a `ProxyTracerProvider` stands for while no SDK is registered (the API's no-op singleton). */
const NO_PROVIDER = new ProxyTracerProvider().getDelegate();

/**
 * Whether this request's spans are recorded: a tracer provider is registered and the request was chosen for
 * tracing (the kit's telemetry/sampling.ts suppresses tracing for the others). Untraced requests may take paths
 * that make no spans (the lean path in front of Apollo Server, lean-http.ts).
 */
export function tracesThisRequest(): boolean {
  if (isTracingSuppressed(context.active())) return false;
  const provider = trace.getTracerProvider();
  return !(provider instanceof ProxyTracerProvider) || provider.getDelegate() !== NO_PROVIDER;
}

/**
 * Runs the router's own work, not a request's, without spans: loading the manifests and the supergraph, parsing and
 * planning every registered document (the GraphQL instrumentation would make a root span, a trace of its own, of
 * each parse). What `run` starts asynchronously stays untraced too.
 */
export function untraced<T>(run: () => T): T {
  return context.with(suppressTracing(context.active()), run);
}

interface HeaderSetter {
  set(name: string, value: string): void;
}

/**
 * Writes `traceparent`/`tracestate` for a subgraph request when no instrumentation will: with a span active,
 * the undici instrumentation adds its own client span's headers to the request (a second `traceparent` of
 * ours would go out beside it, and a subgraph cannot parse the pair: the trace would break at the router).
 */
export function injectTraceContext(requestContext: TraceContext | undefined, headers: HeaderSetter): void {
  // A request the router does not trace (the kit's telemetry/sampling.ts) runs with tracing suppressed, and no
  // propagator writes anything then (the span active, if any, is an invalid placeholder): the subgraphs are told
  // by an unsampled `traceparent`, in the caller's trace when it sent one, so they step aside too instead of
  // starting traces of their own.
  if (isTracingSuppressed(context.active())) {
    headers.set('traceparent', unsampledTraceparent(requestContext));
    return;
  }
  if (trace.getSpan(context.active()) || !requestContext) return;
  propagation.inject(requestContext, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}

/** `traceparent` with the sampled flag off: the caller's trace id when valid, else a new one. */
function unsampledTraceparent(requestContext: TraceContext | undefined): string {
  const caller = requestContext && trace.getSpanContext(requestContext);
  const traceId = caller && trace.isSpanContextValid(caller) ? caller.traceId : randomHex(32);
  return `00-${traceId}-${randomHex(16)}-00`;
}

/**
 * Random lowercase hex, never all zeros, as the SDK's own id generator makes trace and span ids: ids, not secrets,
 * and `crypto.randomBytes` twice per subgraph call cost the router about 2 % of its CPU in a flash sale.
 */
function randomHex(length: number): string {
  let hex = '';
  while (hex.length < length)
    hex += Math.floor(Math.random() * 0x100000000)
      .toString(16)
      .padStart(8, '0');
  hex = hex.slice(0, length);
  return /^0+$/.test(hex) ? `${hex.slice(0, -1)}1` : hex;
}
