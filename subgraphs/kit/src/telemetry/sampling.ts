import type { IncomingHttpHeaders } from 'node:http';
import { type Context, SpanKind } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';

/**
 * Head sampling decided once per incoming request, before any instrumentation runs.
 *
 * The instrumentations cost on every request, sampled or not: an unsampled request still gets its server span's
 * attributes computed, its request and response emitters bound to a context, a non-recording span per SQL
 * statement, Redis command, GraphQL phase and outgoing call. At 1 % or 10 % that was 15–20 % of a flash sale's
 * rate (bench/RESULTS.md, issue 15). So the decision is taken where the request comes in: a request that will not
 * be traced runs with tracing suppressed (the HTTP instrumentation's ignore hook), and the other instrumentations
 * step aside for it (sdk.ts: outgoing calls ignored, pg and ioredis only under a parent span). Its parent's decision carries on through `traceparent`: the router sends an
 * unsampled `traceparent` for the requests it does not trace, so the subgraphs suppress them too.
 *
 * The ratio and the rule follow the OpenTelemetry environment variables (`OTEL_TRACES_SAMPLER`,
 * `OTEL_TRACES_SAMPLER_ARG`), always parent-based: a caller's sampled flag wins, a request without one is traced
 * at the ratio. Roots that are not requests (workers' rounds, consumers) take the same ratio from the sampler.
 */

/** The head-sampling ratio the environment asks for (parent-based in every case). */
export function headRatio(env: NodeJS.ProcessEnv = process.env): number {
  const sampler = env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on';
  if (sampler.endsWith('always_off')) return 0;
  if (!sampler.endsWith('traceidratio')) return 1;
  const ratio = Number(env.OTEL_TRACES_SAMPLER_ARG ?? 1);
  return Number.isFinite(ratio) ? Math.min(1, Math.max(0, ratio)) : 1;
}

const TRACEPARENT = /^[\da-f]{2}-([\da-f]{32})-([\da-f]{16})-([\da-f]{2})/;

/** A W3C `traceparent`'s sampled flag, or null when there is none (or it cannot be read). */
export function parentSampled(traceparent: string | string[] | undefined): boolean | null {
  if (typeof traceparent !== 'string') return null;
  const match = TRACEPARENT.exec(traceparent.trim().toLowerCase());
  if (!match || /^0+$/.test(match[1]!) || /^0+$/.test(match[2]!)) return null;
  return (Number.parseInt(match[3]!, 16) & 1) === 1;
}

/** Whether an incoming request is traced: as its caller decided, or at `ratio` for a request that starts a trace. */
export function tracesRequest(
  headers: IncomingHttpHeaders,
  ratio: number,
  random: () => number = Math.random,
): boolean {
  return parentSampled(headers.traceparent) ?? random() < ratio;
}

/**
 * The SDK's sampler to go with `tracesRequest`: parent-based; a server span with no parent is a request already
 * chosen to be traced (the others never reach the sampler), so it is sampled; any other root takes the ratio.
 */
export function requestSampler(ratio: number): tracing.Sampler {
  const byRatio = new tracing.TraceIdRatioBasedSampler(ratio);
  const root: tracing.Sampler = {
    shouldSample: (context: Context, traceId: string, _name: string, kind: SpanKind) =>
      kind === SpanKind.SERVER
        ? { decision: tracing.SamplingDecision.RECORD_AND_SAMPLED }
        : byRatio.shouldSample(context, traceId),
    toString: () => `RequestSampler{servers chosen per request, others ${byRatio.toString()}}`,
  };
  return new tracing.ParentBasedSampler({ root });
}
