import { ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { describe, expect, it } from 'vitest';
import { headRatio, parentSampled, requestSampler, tracesRequest } from '../src/telemetry/sampling.ts';

const TRACE = '4bf92f3577b34da6a3ce929d0e0e4736';
const SPAN = '00f067aa0ba902b7';
const { RECORD_AND_SAMPLED, NOT_RECORD } = tracing.SamplingDecision;

describe('head sampling decided per incoming request (telemetry/sampling.ts)', () => {
  it('reads the ratio from the OpenTelemetry sampler variables, parent-based in every case', () => {
    expect(headRatio({})).toBe(1);
    expect(
      headRatio({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }),
    ).toBe(0.1);
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.25' })).toBe(0.25);
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio' })).toBe(1);
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '7' })).toBe(
      1,
    );
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: 'x' })).toBe(
      1,
    );
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'always_off' })).toBe(0);
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toBe(0);
    expect(headRatio({ OTEL_TRACES_SAMPLER: 'always_on' })).toBe(1);
  });

  it("takes a caller's sampled flag from traceparent, and ignores one it cannot read", () => {
    expect(parentSampled(`00-${TRACE}-${SPAN}-01`)).toBe(true);
    expect(parentSampled(`00-${TRACE}-${SPAN}-03`)).toBe(true);
    expect(parentSampled(`00-${TRACE}-${SPAN}-00`)).toBe(false);
    expect(parentSampled(` 00-${TRACE.toUpperCase()}-${SPAN}-00 `)).toBe(false);
    expect(parentSampled(undefined)).toBeNull();
    expect(parentSampled([`00-${TRACE}-${SPAN}-01`])).toBeNull();
    expect(parentSampled('garbage')).toBeNull();
    expect(parentSampled(`00-${'0'.repeat(32)}-${SPAN}-01`)).toBeNull();
    expect(parentSampled(`00-${TRACE}-${'0'.repeat(16)}-01`)).toBeNull();
  });

  it('follows the caller, else draws at the ratio', () => {
    const never = () => 0.99;
    const always = () => 0;
    expect(tracesRequest({ traceparent: `00-${TRACE}-${SPAN}-01` }, 0, never)).toBe(true);
    expect(tracesRequest({ traceparent: `00-${TRACE}-${SPAN}-00` }, 1, always)).toBe(false);
    expect(tracesRequest({}, 0.1, () => 0.05)).toBe(true);
    expect(tracesRequest({}, 0.1, () => 0.15)).toBe(false);
    expect(tracesRequest({}, 0, always)).toBe(false);
    // Over many requests, about the ratio.
    let traced = 0;
    for (let i = 0; i < 10_000; i++) if (tracesRequest({}, 0.1)) traced++;
    expect(traced).toBeGreaterThan(800);
    expect(traced).toBeLessThan(1_200);
  });

  it('samples a chosen request, takes the ratio for other roots and the parent for the rest', () => {
    const sampler = requestSampler(0);
    const decide = (kind: SpanKind, parent?: number) =>
      sampler.shouldSample(
        parent === undefined
          ? ROOT_CONTEXT
          : trace.setSpanContext(ROOT_CONTEXT, {
              traceId: TRACE,
              spanId: SPAN,
              traceFlags: parent,
              isRemote: true,
            }),
        TRACE,
        'span',
        kind,
        {},
        [],
      ).decision;
    // A server span with no parent reaches the sampler only when tracesRequest chose its request.
    expect(decide(SpanKind.SERVER)).toBe(RECORD_AND_SAMPLED);
    // A worker's round or a consumer starting a trace: the ratio (0 here).
    expect(decide(SpanKind.INTERNAL)).toBe(NOT_RECORD);
    expect(decide(SpanKind.CONSUMER)).toBe(NOT_RECORD);
    expect(decide(SpanKind.SERVER, 1)).toBe(RECORD_AND_SAMPLED);
    expect(decide(SpanKind.SERVER, 0)).toBe(NOT_RECORD);
    expect(
      requestSampler(1).shouldSample(ROOT_CONTEXT, TRACE, 'round', SpanKind.INTERNAL, {}, []).decision,
    ).toBe(RECORD_AND_SAMPLED);
  });
});
