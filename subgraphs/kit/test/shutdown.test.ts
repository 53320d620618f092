import { trace } from '@opentelemetry/api';
import { tracing } from '@opentelemetry/sdk-node';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaseContext, createRuntime, parseEnv, serviceConfig, serviceEnvShape } from '../src/index.ts';
import { asRouter, createTestInfra, gql, type TestInfra } from '../src/testing/index.ts';

/**
 * The kit's one shutdown order (shutdown.ts), on a real service: stop accepting and drain HTTP, stop the
 * tracked workers, flush telemetry, close Postgres and Redis — each step finding what it needs still open.
 */
const typeDefs = parse(`
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
  type Query { slow(ms: Int!): String! }
`);

describe('shutdown order', () => {
  let infra: TestInfra;
  // Spans wait in the batch processor until flushed: the 10-minute schedule never fires during the test.
  const exporter = new tracing.InMemorySpanExporter();
  const steps: string[] = [];
  const exported: { names: string[]; redis: string }[] = [];

  beforeAll(async () => {
    infra = await createTestInfra();
    const recording: tracing.SpanExporter = {
      export(spans, done) {
        exported.push({ names: spans.map((s) => s.name), redis: redisStatus() });
        steps.push('telemetry flushed');
        exporter.export(spans, done);
      },
      shutdown: () => exporter.shutdown(),
    };
    const provider = new tracing.BasicTracerProvider({
      spanProcessors: [new tracing.BatchSpanProcessor(recording, { scheduledDelayMillis: 600_000 })],
    });
    trace.setGlobalTracerProvider(provider);
  });
  afterAll(async () => {
    trace.disable();
    await infra?.dispose();
  });

  let redisStatus = () => 'unknown';

  it('drains requests, then stops workers, then flushes spans, then closes Postgres and Redis', async () => {
    const raw = parseEnv(serviceEnvShape, infra.env());
    const runtime = await createRuntime({
      name: 'kit-shutdown',
      config: serviceConfig(raw, 'kit_shutdown'),
      entities: [],
      migrations: [],
    });
    redisStatus = () => runtime.redis.status;
    const tracer = trace.getTracer('kit-shutdown-test');
    runtime.track({
      async stop() {
        // A worker's last round still has its database and its tracer.
        const postgres = await runtime.orm.ping();
        tracer.startSpan('last worker round').end();
        steps.push(`worker stopped (postgres ${postgres ? 'open' : 'closed'})`);
      },
    });
    const service = await runtime.serve<BaseContext<unknown>>({
      typeDefs,
      resolvers: {
        Query: {
          slow: async (_: unknown, { ms }: { ms: number }) => {
            await new Promise((r) => setTimeout(r, ms));
            return 'done';
          },
        },
      },
      context: (base) => ({ ...base, loaders: {} }),
    });

    // A request in flight when SIGTERM comes, and a span recorded just before.
    const inFlight = gql(service.url, '{ slow(ms: 400) }', {}, asRouter(null)).then((res) => {
      steps.push('request answered');
      return res;
    });
    await new Promise((r) => setTimeout(r, 100));
    tracer.startSpan('right before SIGTERM').end();
    await service.stop();
    steps.push('stopped');

    expect((await inFlight).data).toEqual({ slow: 'done' });
    expect(steps).toEqual([
      'request answered',
      'worker stopped (postgres open)',
      'telemetry flushed',
      'stopped',
    ]);
    // Both spans left in the flush, while Redis was still connected; then Redis was closed.
    expect(exported.flatMap((e) => e.names)).toEqual(
      expect.arrayContaining(['right before SIGTERM', 'last worker round']),
    );
    expect(exported[0]?.redis).toBe('ready');
    // QUIT was answered; the socket then closes.
    if (runtime.redis.status !== 'end') await new Promise((resolve) => runtime.redis.once('end', resolve));
    expect(runtime.redis.status).toBe('end');
    expect(await runtime.orm.ping()).toBe(false);
  });
});
