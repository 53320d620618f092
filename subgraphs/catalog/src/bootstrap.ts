import { readFileSync } from 'node:fs';
import { createRuntime, type Orm, startRelay } from '@tiketi/kit';
import { parse } from 'graphql';
import { type Context, createCatalog, createLoaders } from './context.ts';
import type { Config } from './environment.ts';
import { migrations } from './migrations/index.ts';
import { Artist } from './modules/artist/artist.entity.ts';
import { Event } from './modules/event/event.entity.ts';
import { EventArtist } from './modules/event/event-artist.entity.ts';
import { NewsArticle } from './modules/news/news.entity.ts';
import { createPosterUploads } from './modules/poster/poster-uploads.ts';
import { KeywordMapping } from './modules/search/keyword-mapping.entity.ts';
import { Venue } from './modules/venue/venue.entity.ts';
import { resolvers } from './resolvers/index.ts';
import { seedCatalog } from './seed.ts';

const typeDefs = parse(readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'));

export const entities = [Artist, Venue, Event, EventArtist, KeywordMapping, NewsArticle];

export interface CatalogService {
  /** `http://127.0.0.1:<port>/graphql` */
  url: string;
  port: number;
  orm: Orm;
  stop(): Promise<void>;
}

export async function bootstrap(config: Config): Promise<CatalogService> {
  const runtime = await createRuntime({ name: 'catalog', config, entities, migrations });
  try {
    // Moves `catalog.event.changed` from the outbox to its Redis stream (at least once; see kit/events).
    runtime.track(
      startRelay({
        orm: runtime.orm,
        redis: runtime.redis,
        schema: 'catalog',
        service: 'catalog',
        log: runtime.log,
      }),
    );
    if (config.mode === 'development') {
      const seeded = await seedCatalog(runtime.orm);
      runtime.log.info({ events: Object.keys(seeded.events).length }, 'development seed in place');
    }
    const posters = createPosterUploads(config.media, config.router.secret);
    runtime.log.info({ store: config.media.store }, 'posters');
    const service = await runtime.serve<Context>({
      typeDefs,
      resolvers,
      context: (base) => {
        const now = new Date();
        return {
          ...base,
          now,
          loaders: createLoaders(base.em),
          catalog: createCatalog(base.em, now),
          posters,
        };
      },
    });
    return { ...service, orm: runtime.orm };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
