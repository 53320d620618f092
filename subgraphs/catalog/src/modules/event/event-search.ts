import type { EntityManager } from '@mikro-orm/postgresql';
import { joinSql, rawSql, runPrepared, type Sql, sql } from '@tiketi/kit';
import { Artist } from '../artist/artist.entity.ts';
import { rowMapper } from '../rows.ts';
import { type TermGroup, verbatimPattern } from '../search/search-terms.ts';
import { Venue } from '../venue/venue.entity.ts';
import { Event } from './event.entity.ts';
import type { EventCursor } from './event-cursor.ts';
import { type EventStatus, effectiveStatusSql } from './event-status.ts';

/**
 * The `events` query as one SQL statement: matching (pg_trgm), filters, relevance, the page after a cursor
 * and the total count.
 *
 * Matching: a text column matches a spelling when it contains it verbatim (`~*`, see `verbatimPattern`) or
 * is trigram-similar to it (`<%`, word similarity ≥ pg_trgm's 0.6 threshold: `btss` still finds `BTS`). Both
 * operators are served by the GIN trigram indexes of the migration. A spelling's score on a column is 1 for
 * a verbatim hit, else its word similarity, times the spelling's weight and the column's weight below.
 * An event matches a query when every term group matches one of its columns; its relevance is the mean
 * over groups of the best score, as an integer (×10 000) so that cursors compare it exactly.
 */

interface SearchColumn {
  /** How much a hit here counts: the title says most about an event, the category least. */
  weight: number;
  table: string;
  column: string;
  /** Joins from the matched row to its events. */
  join: string;
  eventId: string;
}

const eventColumn = (column: string, weight: number): SearchColumn => ({
  weight,
  table: 'catalog.events e',
  column: `e.${column}`,
  join: '',
  eventId: 'e.id',
});
const artistColumn = (column: string, weight: number): SearchColumn => ({
  weight,
  table: 'catalog.artists a',
  column: `a.${column}`,
  join: 'join catalog.event_artists ea on ea.artist_id = a.id',
  eventId: 'ea.event_id',
});
const venueColumn = (column: string, weight: number): SearchColumn => ({
  weight,
  table: 'catalog.venues v',
  column: `v.${column}`,
  join: 'join catalog.events ve on ve.venue_id = v.id',
  eventId: 've.id',
});

const ARTIST_COLUMNS = [artistColumn('name', 0.9), artistColumn('name_en', 0.9)];
const VENUE_NAME_COLUMNS = [venueColumn('name', 0.7), venueColumn('name_en', 0.7)];
const QUERY_COLUMNS = [
  eventColumn('title', 1),
  eventColumn('title_en', 1),
  ...ARTIST_COLUMNS,
  ...VENUE_NAME_COLUMNS,
  venueColumn('city', 0.6),
  eventColumn('category', 0.5),
];

export interface EventSearch {
  /** Term groups of the free-text query; null lists everything by start date. */
  query: TermGroup[] | null;
  artist: TermGroup[] | null;
  venue: TermGroup[] | null;
  category: string | null;
  from: Date | null;
  to: Date | null;
  status: EventStatus | null;
  includeDrafts: boolean;
  now: Date;
  after: EventCursor | null;
  /** Rows to fetch: the page size plus one, to learn whether another page follows. */
  limit: number;
  /** Also read the page's venues and line-ups, when the client asked for them: no statements later. */
  with: { venue: boolean; lineUp: boolean };
}

export interface EventHit {
  event: Event;
  /** Present when searching. */
  relevance: number;
  /** `starts_at` as Postgres prints it, for the cursor. */
  startsAt: string;
  /** When asked for (`EventSearch.with`). */
  venue?: Venue;
  lineUp?: Artist[];
}

/**
 * The matching events of `groups` on `columns`, with their relevance: a CTE named `name`
 * (`event_id`, `relevance`).
 */
function matchCte(name: string, groups: TermGroup[], columns: SearchColumn[]): Sql {
  const terms = groups.flatMap((group, g) => group.map((alt) => ({ g, ...alt })));
  const hits = columns.map(({ weight, table, column, join, eventId }) =>
    rawSql(`
      select ${eventId} as event_id, t.g,
        t.w * ${weight}::float8
          * (case when ${column} ~* t.re then 1 else public.word_similarity(t.alt, ${column}) end)::float8
          as score
      from ${name}_terms t
      join ${table} on (${column} ~* t.re or t.alt operator(public.<%) ${column})
      ${join}`),
  );
  return sql`
    ${rawSql(name)}_terms as (
      -- Bound as arrays: the statement text, and with it the prepared statement, is the same whatever the
      -- terms, and a custom plan counts them (JSON split by a function is always guessed at 100 rows).
      select * from unnest(
        ${terms.map((t) => t.g)}::int[], ${terms.map((t) => t.text)}::text[],
        ${terms.map((t) => verbatimPattern(t.text))}::text[], ${terms.map((t) => t.weight)}::float8[]
      ) as t(g, alt, re, w)
    ),
    ${rawSql(name)}_hits as (${joinSql(hits, ' union all ')}),
    ${rawSql(name)} as (
      select event_id, round(sum(best) / ${groups.length}::int * 10000)::int as relevance
      from (select event_id, g, max(score) as best from ${rawSql(name)}_hits group by event_id, g) best_per_group
      group by event_id
      having count(*) = ${groups.length}::int
    )`;
}

type Row = Record<string, unknown> & {
  total: number;
  relevance: number | null;
  sort_at: string | null;
  venue_row?: Record<string, unknown>;
  line_up?: Record<string, unknown>[];
};

export async function searchEvents(
  em: EntityManager,
  search: EventSearch,
): Promise<{ hits: EventHit[]; totalCount: number }> {
  const ctes: Sql[] = [];
  const joins: Sql[] = [];
  const where: Sql[] = [rawSql('e.deleted_at is null')];
  const match = (name: string, groups: TermGroup[] | null, columns: SearchColumn[]) => {
    if (!groups || groups.length === 0) return;
    ctes.push(matchCte(name, groups, columns));
    joins.push(rawSql(`join ${name} on ${name}.event_id = e.id`));
  };
  match('query_match', search.query, QUERY_COLUMNS);
  match('artist_match', search.artist, ARTIST_COLUMNS);
  match('venue_match', search.venue, VENUE_NAME_COLUMNS);
  const ranked = Boolean(search.query?.length);

  if (!search.includeDrafts) where.push(rawSql(`e.status <> 'DRAFT'`));
  if (search.category) where.push(sql`e.category = ${search.category}`);
  if (search.from) where.push(sql`e.starts_at >= ${search.from}::timestamptz`);
  if (search.to) where.push(sql`e.starts_at <= ${search.to}::timestamptz`);
  if (search.status) {
    where.push(sql`${effectiveStatusSql('e', search.now)} = ${search.status}`);
  }

  const after = search.after;
  const afterCursor = !after
    ? rawSql('true')
    : after.order === 'relevance'
      ? sql`(-f.relevance, f.starts_at, f.id) > (${-after.relevance}, ${after.startsAt}::timestamptz, ${after.id}::uuid)`
      : sql`(f.starts_at, f.id) > (${after.startsAt}::timestamptz, ${after.id}::uuid)`;
  const order = (alias: string) =>
    rawSql(
      ranked
        ? `${alias}.relevance desc, ${alias}.starts_at asc, ${alias}.id asc`
        : `${alias}.starts_at asc, ${alias}.id asc`,
    );

  const filtered = sql`
    filtered as (
      select e.*,
        ${rawSql(ranked ? 'query_match.relevance' : 'null::int')} as relevance,
        to_char(e.starts_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
      from catalog.events e
      ${joinSql(joins, '\n')}
      where ${joinSql(where, ' and ')}
    )`;
  // Venues and line-ups of the page rows only, as JSON rows (column names as keys).
  const related: Sql[] = [];
  if (search.with.venue) {
    related.push(rawSql('(select to_json(v) from catalog.venues v where v.id = p.venue_id) as venue_row'));
  }
  if (search.with.lineUp) {
    related.push(
      rawSql(`(select coalesce(json_agg(to_json(a) order by ea.position), '[]'::json)
            from catalog.event_artists ea join catalog.artists a on a.id = ea.artist_id
            where ea.event_id = p.id) as line_up`),
    );
  }
  // The count covers every match; the page starts after the cursor. One row even when the page is empty.
  const query = sql`
    with ${joinSql([...ctes, filtered], ',')}
    select page.*, counted.total
    from (select count(*)::int as total from filtered) counted
    left join lateral (
      select ${joinSql([rawSql('p.*'), ...related], ', ')}
      from (select * from filtered f where ${afterCursor} order by ${order('f')} limit ${search.limit}) p
    ) page on true
    order by ${order('page')}`;

  const rows = await runPrepared<Row>(em, query);
  const toEvent = rowMapper(em, Event);
  const toVenue = rowMapper(em, Venue);
  const toArtist = rowMapper(em, Artist);
  const totalCount = rows[0]?.total ?? 0;
  const hits = rows
    .filter((row) => row.id !== null)
    .map(
      ({ total: _total, relevance, sort_at, venue_row, line_up, ...columns }): EventHit => ({
        event: toEvent(columns),
        relevance: relevance ?? 0,
        startsAt: sort_at as string,
        ...(venue_row && { venue: toVenue(venue_row) }),
        ...(line_up && { lineUp: line_up.map(toArtist) }),
      }),
    );
  return { hits, totalCount };
}
