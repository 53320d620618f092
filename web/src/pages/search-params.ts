import type { EventFilter } from '../__generated__/graphql.ts';

/** What the buyer typed and picked on the home page; mirrored in the URL so a search can be shared. */
export interface SearchDraft {
  q: string;
  artist: string;
  venue: string;
  category: string;
  /** YYYY-MM-DD, Korean calendar day */
  from: string;
  to: string;
}

const FIELDS = ['q', 'artist', 'venue', 'category', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function draftFromParams(params: URLSearchParams): SearchDraft {
  const get = (name: string) => params.get(name) ?? '';
  const day = (name: string) => (DAY.test(get(name)) ? get(name) : '');
  return {
    q: get('q'),
    artist: get('artist'),
    venue: get('venue'),
    category: get('category'),
    from: day('from'),
    to: day('to'),
  };
}

export function paramsFromDraft(draft: SearchDraft): URLSearchParams {
  const params = new URLSearchParams();
  for (const field of FIELDS) {
    const value = draft[field].trim();
    if (value) params.set(field, value);
  }
  return params;
}

export const serializeDraft = (draft: SearchDraft) => paramsFromDraft(draft).toString();

/** Filters in use, not counting the search text. */
export const activeFilterCount = (draft: SearchDraft) =>
  (['artist', 'venue', 'category', 'from', 'to'] as const).filter((f) => draft[f].trim()).length;

export const isSearching = (draft: SearchDraft) => draft.q.trim() !== '' || activeFilterCount(draft) > 0;

/**
 * The `events` arguments for a draft. Days are whole Korean days (events happen in Korea): from midnight
 * of `from` to the last instant of `to`, KST. No filter at all is `null`, so the cache keys agree.
 */
export function searchVariables(draft: SearchDraft): { query: string | null; filter: EventFilter | null } {
  const filter: EventFilter = {};
  if (draft.artist.trim()) filter.artist = draft.artist.trim();
  if (draft.venue.trim()) filter.venue = draft.venue.trim();
  if (draft.category) filter.category = draft.category;
  if (draft.from) filter.from = `${draft.from}T00:00:00+09:00`;
  if (draft.to) filter.to = `${draft.to}T23:59:59.999+09:00`;
  return { query: draft.q.trim() || null, filter: Object.keys(filter).length ? filter : null };
}
