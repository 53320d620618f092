import type { ReactNode } from 'react';
import { isRouteErrorResponse, Link, useRouteError } from 'react-router';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

/** Sets the document title (React 19 hoists <title> into <head>). */
export function PageTitle({ children }: { children: string }) {
  return <title>{`${children} · TIKETI`}</title>;
}

/** A polite busy indicator; `label` is what a screen reader hears. */
export function Loading({ label, children }: { label?: string; children?: ReactNode }) {
  const { t } = useI18n();
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span className="loading__label">{label ?? t('common.loading')}</span>
      {children}
    </div>
  );
}

/** Card-shaped placeholders while a list loads, so the page does not jump when it arrives. */
export function SkeletonGrid({ count = 4 }: { count?: number }) {
  const { t } = useI18n();
  return (
    <div role="status" aria-live="polite">
      <span className="visually-hidden">{t('common.loading')}</span>
      <ul className="event-grid" aria-hidden="true">
        {Array.from({ length: count }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity
          <li key={i} className="skeleton-card">
            <div className="skeleton skeleton--poster" />
            <div className="skeleton skeleton--line" />
            <div className="skeleton skeleton--line skeleton--short" />
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const i18n = useI18n();
  return (
    <div className="state state--error" role="alert">
      <p className="state__title">{i18n.t('error.title')}</p>
      <p>{describeError(error, i18n)}</p>
      {onRetry && (
        <button type="button" className="button button--secondary" onClick={onRetry}>
          {i18n.t('common.retry')}
        </button>
      )}
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="state state--empty">
      <p className="state__title">{title}</p>
      {children}
    </div>
  );
}

export function NotFound({ title, body, back }: { title?: string; body?: string; back?: ReactNode }) {
  const { t } = useI18n();
  const heading = title ?? t('notFound.title');
  return (
    <section className="page page--narrow not-found">
      <PageTitle>{heading}</PageTitle>
      <p className="not-found__code" aria-hidden="true">
        404
      </p>
      <h1>{heading}</h1>
      <p>{body ?? t('notFound.body')}</p>
      {back ?? (
        <Link className="button" to="/">
          {t('notFound.home')}
        </Link>
      )}
    </section>
  );
}

/** A render error or a failed chunk load (e.g. after a deploy): say so and offer a reload. */
export function RouteError() {
  const error = useRouteError();
  const i18n = useI18n();
  if (isRouteErrorResponse(error) && error.status === 404) return <NotFound />;
  return (
    <section className="page page--narrow" role="alert">
      <PageTitle>{i18n.t('error.title')}</PageTitle>
      <h1>{i18n.t('error.title')}</h1>
      <p>{describeError(error, i18n)}</p>
      <button type="button" className="button" onClick={() => window.location.reload()}>
        {i18n.t('common.retry')}
      </button>
    </section>
  );
}

/** The "more" button under a cursor-paged list: `loading` while the next page is on its way. */
export function LoadMore({ loading, onLoad }: { loading: boolean; onLoad: () => void }) {
  const { t } = useI18n();
  return (
    <div className="more">
      <button type="button" className="button button--secondary" onClick={onLoad} disabled={loading}>
        {loading ? t('common.loadingMore') : t('common.loadMore')}
      </button>
    </div>
  );
}
