import { readFileSync } from 'node:fs';
import { createRuntime, type Orm, startConsumer } from '@tiketi/kit';
import { parse } from 'graphql';
import { type Context, createLoaders } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { CONSUMED_TOPICS, createFactRecorder } from './modules/facts/facts.ts';
import { resolvers } from './resolvers/index.ts';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export interface StatsService {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  port: number;
  orm: Orm;
  /** Resolves once every event now in the streams it reads has been recorded (tests). */
  drainEvents(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The stats subgraph: records the other services' domain events as facts (consumer group `stats`) and answers
 * the admin dashboard's questions about them.
 */
export async function bootstrap(config: Config): Promise<StatsService> {
  const runtime = await createRuntime({ name: 'stats', config, entities: [], migrations });
  try {
    const consumer = runtime.track(
      startConsumer({
        orm: runtime.orm,
        redis: runtime.redis,
        schema: 'stats',
        group: 'stats',
        topics: CONSUMED_TOPICS,
        log: runtime.log,
        metrics: runtime.metrics.registry,
        handle: createFactRecorder(runtime.log),
      }),
    );
    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => ({ ...base, loaders: createLoaders(base.em) }),
    });
    return { ...service, orm: runtime.orm, drainEvents: (timeoutMs) => consumer.drain(timeoutMs) };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
