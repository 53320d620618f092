import type { EntityManager } from '@mikro-orm/postgresql';
import { type BaseContext, groupLoader, keyLoader, runPrepared, sql } from '@tiketi/kit';
import { Artist } from './modules/artist/artist.entity.ts';
import { ArtistRepository } from './modules/artist/artist.repository.ts';
import { Event } from './modules/event/event.entity.ts';
import { EventRepository } from './modules/event/event.repository.ts';
import { NewsRepository } from './modules/news/news.repository.ts';
import type { PosterUploads } from './modules/poster/poster-uploads.ts';
import { rowMapper } from './modules/rows.ts';
import { KeywordMappingRepository } from './modules/search/keyword-mapping.repository.ts';
import { Venue } from './modules/venue/venue.entity.ts';
import { VenueRepository } from './modules/venue/venue.repository.ts';

export type Loaders = ReturnType<typeof createLoaders>;
export type Catalog = ReturnType<typeof createCatalog>;

export type Context = BaseContext<Loaders> & {
  catalog: Catalog;
  posters: PosterUploads;
  /** One clock per request: every status shown or filtered on in a response is derived from it. */
  now: Date;
};

/**
 * Per-request loaders: a list of N events costs one statement per field, never one per event. They read rows
 * with SQL (bound id arrays, prepared once per connection) and build read-only entities from them.
 */
export function createLoaders(em: EntityManager) {
  const toEvent = rowMapper(em, Event);
  const toVenue = rowMapper(em, Venue);
  const toArtist = rowMapper(em, Artist);
  return {
    event: keyLoader<Event>(async (ids) => {
      const rows = await runPrepared<Record<string, unknown>>(
        em,
        sql`select e.* from catalog.events e where e.id = any(${[...ids]}::uuid[])`,
      );
      return rows.map((row) => [row.id as string, toEvent(row)]);
    }),
    venue: keyLoader<Venue>(async (ids) => {
      const rows = await runPrepared<Record<string, unknown>>(
        em,
        sql`select v.* from catalog.venues v where v.id = any(${[...ids]}::uuid[])`,
      );
      return rows.map((row) => [row.id as string, toVenue(row)]);
    }),
    /** Line-ups in billing order. */
    artistsByEvent: groupLoader<Artist>(async (eventIds) => {
      const rows = await runPrepared<Record<string, unknown> & { line_up_event_id: string }>(
        em,
        sql`select ea.event_id as line_up_event_id, a.*
            from catalog.event_artists ea
            join catalog.artists a on a.id = ea.artist_id
            where ea.event_id = any(${[...eventIds]}::uuid[])
            order by ea.event_id, ea.position`,
      );
      return rows.map(({ line_up_event_id, ...artist }): [string, Artist] => [
        line_up_event_id,
        toArtist(artist),
      ]);
    }),
  };
}

/** The request's repositories, all on the request's EntityManager. */
export function createCatalog(em: EntityManager, now: Date) {
  const keywords = new KeywordMappingRepository(em);
  return {
    events: new EventRepository(em, keywords, now),
    artists: new ArtistRepository(em),
    venues: new VenueRepository(em, keywords),
    news: new NewsRepository(em, now),
    keywords,
  };
}
