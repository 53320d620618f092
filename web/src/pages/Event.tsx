import { useApolloClient, useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { categoryLabel, textLang } from '../components/labels.ts';
import { Poster } from '../components/Poster.tsx';
import { SeatSelection } from '../components/SeatSelection.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { StatusBadge } from '../components/StatusBadge.tsx';
import { problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { prepareJoinProof } from '../pow/proof-of-work.ts';

const EventQueryDocument = graphql(`
  query EventQuery($id: ID!) {
    event(id: $id) {
      id
      title
      titleEn
      description
      category
      startsAt
      saleStartsAt
      status
      venue {
        id
        name
        nameEn
        city
        address
      }
      artists {
        id
        name
        nameEn
      }
      ...Poster_event
    }
  }
`);

/** A sale that is open, or opens within this long, is worth preparing a waiting-room proof for. */
const PREPARE_BEFORE_MS = 30 * 60_000;

/**
 * While a signed-in buyer reads an event page whose sale is open or about to open, the waiting room's proof of
 * work is fetched and solved in a Web Worker, so joining the line costs no visible wait.
 */
function useJoinProofWhileReading(
  event: { id: string; status: string; saleStartsAt: string } | null | undefined,
) {
  const client = useApolloClient();
  const session = useSessionState();
  const due =
    event != null &&
    (event.status === 'ON_SALE' ||
      (event.status === 'SCHEDULED' &&
        new Date(event.saleStartsAt).getTime() - Date.now() < PREPARE_BEFORE_MS));
  const eventId = event?.id;
  useEffect(() => {
    if (due && eventId && session.phase === 'signed-in') {
      void prepareJoinProof(client, eventId).catch(() => undefined);
    }
  }, [due, eventId, session.phase, client]);
}

export function Component() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const { data, error, loading, refetch } = useQuery(EventQueryDocument, { variables: { id } });
  useJoinProofWhileReading(data?.event);
  const back = (
    <Link className="button" to="/">
      {t('event.back')}
    </Link>
  );

  if (error && !data) {
    // An id that is not an id at all is refused as input: to a buyer that is simply no such event.
    const problem = problemOf(error);
    if (problem.kind === 'api' && (problem.code === 'BAD_USER_INPUT' || problem.code === 'NOT_FOUND')) {
      return <NotFound title={t('event.notFound.title')} body={t('event.notFound.body')} back={back} />;
    }
    return <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (!data) return <Loading />;
  const event = data.event;
  if (!event) {
    return loading ? (
      <Loading />
    ) : (
      <NotFound title={t('event.notFound.title')} body={t('event.notFound.body')} back={back} />
    );
  }

  const title = i18n.pick(event.title, event.titleEn);
  const venue = i18n.pick(event.venue.name, event.venue.nameEn);
  return (
    <article className="page event">
      <PageTitle>{title}</PageTitle>
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/">{t('event.back')}</Link>
      </nav>
      <div className="event__layout">
        <div className="event__poster">
          <Poster event={event} size="hero" />
        </div>
        <div className="event__info">
          <StatusBadge status={event.status} />
          <h1 className="event__title" lang={textLang(i18n.locale, event.titleEn)}>
            {title}
          </h1>
          {i18n.locale === 'en' && event.titleEn && event.titleEn !== event.title && (
            <p className="event__subtitle" lang="ko">
              {event.title}
            </p>
          )}
          <dl className="facts">
            <div>
              <dt>{t('event.date')}</dt>
              <dd>
                <time dateTime={event.startsAt}>{i18n.dateTime(event.startsAt)}</time>
              </dd>
            </div>
            <div>
              <dt>{t('event.venue')}</dt>
              <dd>
                <span lang={textLang(i18n.locale, event.venue.nameEn)}>{venue}</span>
                <span className="facts__sub" lang={textLang(i18n.locale, null)}>
                  {[event.venue.city, event.venue.address].filter(Boolean).join(' · ')}
                </span>
              </dd>
            </div>
            {event.artists.length > 0 && (
              <div>
                <dt>{t('event.artists')}</dt>
                <dd>
                  {event.artists.map((a, i) => (
                    <span key={a.id} lang={textLang(i18n.locale, a.nameEn)}>
                      {i > 0 && ', '}
                      {i18n.pick(a.name, a.nameEn)}
                    </span>
                  ))}
                </dd>
              </div>
            )}
            <div>
              <dt>{t('event.category')}</dt>
              <dd>{categoryLabel(i18n, event.category)}</dd>
            </div>
            <div>
              <dt>{t('event.saleStarts')}</dt>
              <dd>
                <time dateTime={event.saleStartsAt}>{i18n.dateTime(event.saleStartsAt)}</time>
              </dd>
            </div>
          </dl>
          <SeatSelection eventId={event.id} />
        </div>
      </div>
      {event.description && (
        <section className="event__about" aria-labelledby="about-title">
          <h2 id="about-title">{t('event.about')}</h2>
          {/* Descriptions are written in Korean only (the catalog has no English one). */}
          <p className="prose" lang="ko">
            {event.description}
          </p>
        </section>
      )}
    </article>
  );
}
