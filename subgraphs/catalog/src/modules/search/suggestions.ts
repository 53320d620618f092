import type { EntityManager } from '@mikro-orm/postgresql';
import { runPrepared, sql } from '@tiketi/kit';
import { normalizeText } from './search-terms.ts';

/** At most this many suggestions per call, whatever `first` asks for: a hint, not a list. */
const MAX_SUGGESTIONS = 10;

/**
 * "Did you mean": artist names and public event titles that resemble what the buyer typed (a typo such as
 * `아이우` → `아이유`), most similar first. Artist names by trigram similarity (`%`, pg_trgm's 0.3 threshold:
 * two of the six trigrams of a three-syllable Korean name already reach it), titles by word similarity (`<%`,
 * 0.6), so that a word inside a long title counts. Every predicate is one the GIN trigram indexes of the
 * catalog migration serve; drafts and deleted events never show, so it is safe for anonymous callers.
 */
export async function searchSuggestions(
  em: EntityManager,
  args: { query: string; first?: number | null },
): Promise<string[]> {
  const query = normalizeText(args.query, 'query');
  if ([...query].length < 2) return [];
  const limit = Math.min(Math.max(args.first ?? 3, 1), MAX_SUGGESTIONS);
  const rows = await runPrepared<{ text: string }>(
    em,
    sql`select s.text from (
          select a.name as text, public.similarity(a.name, ${query}) as score
            from catalog.artists a where a.name operator(public.%) ${query}
          union all
          select a.name_en, public.similarity(a.name_en, ${query})
            from catalog.artists a where a.name_en operator(public.%) ${query}
          union all
          select e.title, public.word_similarity(${query}, e.title)
            from catalog.events e
            where ${query} operator(public.<%) e.title and e.deleted_at is null and e.status <> 'DRAFT'
          union all
          select e.title_en, public.word_similarity(${query}, e.title_en)
            from catalog.events e
            where ${query} operator(public.<%) e.title_en and e.deleted_at is null and e.status <> 'DRAFT'
        ) s
        where lower(s.text) <> ${query}
        group by s.text
        order by max(s.score) desc, s.text
        limit ${limit}`,
  );
  return rows.map((row) => row.text);
}
