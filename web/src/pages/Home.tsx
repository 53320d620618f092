import { useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useId, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { EventStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { EventGrid } from '../components/EventGrid.tsx';
import { categoryLabel } from '../components/labels.ts';
import { EmptyState, ErrorState, LoadMore, PageTitle, SkeletonGrid } from '../components/States.tsx';
import { useDebounced } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import {
  activeFilterCount,
  draftFromParams,
  isSearching,
  paramsFromDraft,
  type SearchDraft,
  searchVariables,
  serializeDraft,
} from './search-params.ts';

// The router's cost limit (GRAPHQL_MAX_COST 5000) allows about two pages of event cards per operation,
// so each list on the home page is its own request; they run in parallel.
const HomeQueryDocument = graphql(`
  query HomeQuery {
    categories
  }
`);

const HomeSectionQueryDocument = graphql(`
  query HomeSectionQuery($status: EventStatus!, $first: Int!, $after: String) {
    events(filter: { status: $status }, first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ...EventCard_event
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const HomeSearchQueryDocument = graphql(`
  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {
    events(query: $query, filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          ...EventCard_event
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const HomeSuggestionsQueryDocument = graphql(`
  query HomeSuggestionsQuery($query: String!) {
    searchSuggestions(query: $query, first: 3)
  }
`);

const PAGE_SIZE = 20;
/** Cards a home section starts with; "more" adds PAGE_SIZE at a time. */
const SECTION_SIZE = 8;
/** Long enough to skip the keystrokes of a word (and IME composition), short enough to feel instant. */
const TYPING_DEBOUNCE_MS = 250;

export function Component() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const applied = useMemo(() => draftFromParams(params), [params]);
  const [draft, setDraft] = useState<SearchDraft>(applied);
  const settled = useDebounced(draft, TYPING_DEBOUNCE_MS);
  const written = useRef(serializeDraft(applied));

  // Typing → URL (replacing the entry: one history step per search, not per keystroke).
  useEffect(() => {
    const next = serializeDraft(settled);
    if (next === written.current) return;
    written.current = next;
    setParams(paramsFromDraft(settled), { replace: true });
  }, [settled, setParams]);
  // URL → inputs, when it changes from outside (back/forward, a link).
  useEffect(() => {
    const current = serializeDraft(applied);
    if (current === written.current) return;
    written.current = current;
    setDraft(applied);
  }, [applied]);

  const submitNow = (event: FormEvent) => {
    event.preventDefault();
    written.current = serializeDraft(draft);
    setParams(paramsFromDraft(draft), { replace: true });
  };
  const update = (patch: Partial<SearchDraft>) => setDraft((d) => ({ ...d, ...patch }));

  const home = useQuery(HomeQueryDocument);
  const searching = isSearching(applied);

  return (
    <div className="page">
      <PageTitle>{t('home.title')}</PageTitle>
      <section className="hero">
        <h1 className="hero__title">{t('home.title')}</h1>
        <search>
          <form className="search" onSubmit={submitNow}>
            <label htmlFor="search-text" className="visually-hidden">
              {t('home.search.label')}
            </label>
            <div className="search__box">
              <svg className="search__icon" viewBox="0 0 24 24" aria-hidden="true">
                <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
                <path d="m16.5 16.5 4 4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
              </svg>
              <input
                id="search-text"
                type="search"
                name="q"
                className="search__input"
                placeholder={t('home.search.placeholder')}
                value={draft.q}
                onChange={(e) => update({ q: e.target.value })}
                autoComplete="off"
                enterKeyHint="search"
                aria-controls="results"
              />
            </div>
            <Filters
              draft={draft}
              categories={home.data?.categories ?? []}
              onChange={update}
              onReset={() => update({ artist: '', venue: '', category: '', from: '', to: '' })}
            />
          </form>
        </search>
      </section>

      {searching ? (
        <SearchResults draft={applied} />
      ) : (
        <>
          <EventSection
            id="on-sale"
            status="ON_SALE"
            title={t('home.onSale.title')}
            empty={t('home.onSale.empty')}
          />
          <EventSection
            id="upcoming"
            status="SCHEDULED"
            title={t('home.upcoming.title')}
            empty={t('home.upcoming.empty')}
          />
        </>
      )}
    </div>
  );
}

function Filters({
  draft,
  categories,
  onChange,
  onReset,
}: {
  draft: SearchDraft;
  categories: readonly string[];
  onChange(patch: Partial<SearchDraft>): void;
  onReset(): void;
}) {
  const i18n = useI18n();
  const { t, tp } = i18n;
  const id = useId();
  const active = activeFilterCount(draft);
  // Open while filters apply on arrival, then the buyer's to open and close: resetting or clearing the last
  // filter must not snap the panel shut under their hands.
  const [open, setOpen] = useState(active > 0);
  return (
    <details className="filters" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary className="filters__summary">
        {t('home.filters.toggle')}
        {active > 0 && <span className="filters__count">{tp('home.filters.active', active)}</span>}
      </summary>
      <div className="filters__grid">
        <div className="field">
          <label htmlFor={`${id}-artist`}>{t('filter.artist')}</label>
          <input
            id={`${id}-artist`}
            value={draft.artist}
            onChange={(e) => onChange({ artist: e.target.value })}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-venue`}>{t('filter.venue')}</label>
          <input
            id={`${id}-venue`}
            value={draft.venue}
            onChange={(e) => onChange({ venue: e.target.value })}
            autoComplete="off"
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-category`}>{t('filter.category')}</label>
          <select
            id={`${id}-category`}
            value={draft.category}
            onChange={(e) => onChange({ category: e.target.value })}
          >
            <option value="">{t('filter.category.all')}</option>
            {categories.map((slug) => (
              <option key={slug} value={slug}>
                {categoryLabel(i18n, slug)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>{t('filter.from')}</label>
          <input
            id={`${id}-from`}
            type="date"
            value={draft.from}
            max={draft.to || undefined}
            onChange={(e) => onChange({ from: e.target.value })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>{t('filter.to')}</label>
          <input
            id={`${id}-to`}
            type="date"
            value={draft.to}
            min={draft.from || undefined}
            onChange={(e) => onChange({ to: e.target.value })}
          />
        </div>
        <div className="field field--action">
          <button type="button" className="button button--ghost" onClick={onReset} disabled={active === 0}>
            {t('home.filters.reset')}
          </button>
        </div>
      </div>
    </details>
  );
}

function SearchResults({ draft }: { draft: SearchDraft }) {
  const { t, tp } = useI18n();
  const variables = useMemo(() => ({ ...searchVariables(draft), first: PAGE_SIZE }), [draft]);
  const { data, previousData, loading, error, fetchMore, refetch } = useQuery(HomeSearchQueryDocument, {
    variables,
    notifyOnNetworkStatusChange: true,
  });
  const [loadingMore, setLoadingMore] = useState(false);
  // While the next answer is on its way, keep the last one on screen (dimmed) instead of flashing empty.
  const shown = data ?? previousData;
  const stale = !data && loading;
  const events = shown?.events;

  const loadMore = async () => {
    if (!events?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({ variables: { after: events.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <section id="results" className="section" aria-labelledby="results-title" aria-busy={loading}>
      <div className="section__head">
        <h2 id="results-title">{t('home.results.title')}</h2>
        <p className="section__count" role="status" aria-live="polite">
          {stale || !events ? t('home.results.searching') : tp('home.results.count', events.totalCount)}
        </p>
      </div>
      {error && !loadingMore ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !events ? (
        <SkeletonGrid count={4} />
      ) : events.edges.length === 0 ? (
        <EmptyState title={t('home.results.empty')}>
          <Suggestions draft={draft} />
          <p>{t('home.results.emptyHint')}</p>
        </EmptyState>
      ) : (
        <div className={stale ? 'is-stale' : undefined}>
          <EventGrid events={events.edges.map((e) => e.node)} label={t('home.results.title')} />
          {events.pageInfo.hasNextPage && !stale && (
            <LoadMore loading={loadingMore} onLoad={() => void loadMore()} />
          )}
        </div>
      )}
    </section>
  );
}

/** "혹시 아이유?": when a search finds nothing, the artist names and titles its words resemble, as links. */
function Suggestions({ draft }: { draft: SearchDraft }) {
  const { t } = useI18n();
  const query = draft.q.trim();
  const { data } = useQuery(HomeSuggestionsQueryDocument, { variables: { query }, skip: !query });
  const terms = query ? (data?.searchSuggestions ?? []) : [];
  if (terms.length === 0) return null;
  return (
    <ul className="suggestions" aria-label={t('home.suggest.label')}>
      {terms.map((term) => (
        <li key={term}>
          <Link to={{ search: `?${paramsFromDraft({ ...draft, q: term })}` }} replace>
            {t('home.suggest', { term })}
          </Link>
        </li>
      ))}
    </ul>
  );
}

function EventSection({
  id,
  status,
  title,
  empty,
}: {
  id: string;
  status: EventStatus;
  title: string;
  empty: string;
}) {
  const { data, error, refetch, fetchMore } = useQuery(HomeSectionQueryDocument, {
    variables: { status, first: SECTION_SIZE },
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const events = data ? data.events.edges.map((e) => e.node) : null;
  const pageInfo = data?.events.pageInfo;
  // The next page after the cursor, appended by the cache's relay-style `events` policy (apollo.ts).
  const loadMore = async () => {
    if (!pageInfo?.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({ variables: { after: pageInfo.endCursor, first: PAGE_SIZE } });
    } finally {
      setLoadingMore(false);
    }
  };
  return (
    <section className="section" aria-labelledby={`${id}-title`}>
      <div className="section__head">
        <h2 id={`${id}-title`}>{title}</h2>
      </div>
      {error && !events ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !events ? (
        <SkeletonGrid count={4} />
      ) : events.length === 0 ? (
        <EmptyState title={empty} />
      ) : (
        <>
          <EventGrid events={events} label={title} />
          {pageInfo?.hasNextPage && <LoadMore loading={loadingMore} onLoad={() => void loadMore()} />}
        </>
      )}
    </section>
  );
}
