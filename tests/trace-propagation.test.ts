import { context, INVALID_SPAN_CONTEXT, propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { suppressTracing, W3CTraceContextPropagator } from '@opentelemetry/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incomingTraceContext, injectTraceContext } from '../router/src/trace.ts';

/**
 * What the router tells a subgraph about a request it does not trace (kit telemetry/sampling.ts): the request
 * runs with tracing suppressed, where no propagator writes `traceparent`, so the router writes an unsampled one
 * itself. The end-to-end run, sampling at a ratio across processes, is in tests/start.test.ts.
 */
const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';

function headersFor(active: typeof ROOT_CONTEXT, incoming: Record<string, string>) {
  const sent = new Map<string, string>();
  context.with(active, () => {
    const requestContext = incomingTraceContext(incoming);
    injectTraceContext(requestContext, { set: (name, value) => sent.set(name, value) });
  });
  return sent;
}

describe('the router’s traceparent for a request it does not trace', () => {
  const manager = new AsyncLocalStorageContextManager();
  // As the NodeSDK sets them up in a service.
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    context.disable();
    propagation.disable();
  });

  it('is unsampled, in the caller’s trace when the caller sent one', () => {
    const sent = headersFor(suppressTracing(ROOT_CONTEXT), {
      traceparent: `00-${TRACE}-00f067aa0ba902b7-00`,
    });
    expect(sent.get('traceparent')).toMatch(new RegExp(`^00-${TRACE}-[0-9a-f]{16}-00$`));
  });

  it('is unsampled in a new trace when the caller sent none', () => {
    const sent = headersFor(suppressTracing(ROOT_CONTEXT), {});
    const [version, traceId, spanId, flags] = sent.get('traceparent')!.split('-');
    expect([version, flags]).toEqual(['00', '00']);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(traceId).not.toBe('0'.repeat(32));
    expect(spanId).toMatch(/^[0-9a-f]{16}$/);
  });

  it('is unsampled even under the placeholder span an instrumentation sets while suppressed', () => {
    // The GraphQL instrumentation still opens its spans under suppression: invalid, non-recording ones.
    const active = trace.setSpan(suppressTracing(ROOT_CONTEXT), trace.wrapSpanContext(INVALID_SPAN_CONTEXT));
    expect(headersFor(active, {}).get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it('is not written by the router for a traced request, where the instrumentation writes its own', () => {
    const span = trace.wrapSpanContext({ traceId: TRACE, spanId: '00f067aa0ba902b7', traceFlags: 1 });
    expect(headersFor(trace.setSpan(ROOT_CONTEXT, span), {}).size).toBe(0);
    // With no span active (no instrumentation), the caller's traceparent carries on as it came.
    expect(
      headersFor(ROOT_CONTEXT, { traceparent: `00-${TRACE}-00f067aa0ba902b7-01` }).get('traceparent'),
    ).toBe(`00-${TRACE}-00f067aa0ba902b7-01`);
  });
});
