import type { IncomingHttpHeaders } from 'node:http';
import { context, propagation, ROOT_CONTEXT, type Context as TraceContext, trace } from '@opentelemetry/api';

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

interface HeaderSetter {
  set(name: string, value: string): void;
}

/** Writes `traceparent`/`tracestate` for a subgraph request; the active span wins over the request's. */
export function injectTraceContext(requestContext: TraceContext | undefined, headers: HeaderSetter): void {
  const active = context.active();
  const source = trace.getSpan(active) ? active : requestContext;
  if (!source) return;
  propagation.inject(source, headers, { set: (carrier, key, value) => carrier.set(key, value) });
}
