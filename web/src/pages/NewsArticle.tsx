import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { EventCard } from '../components/EventCard.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';

// The API has no `newsArticle(id)` yet, so the article is found in the published list (newest first, 100 a
// page): one request for any recent article. TODO(issue 7 phase 2): ask catalog for `newsArticle(id)`.
const NewsArticleQueryDocument = graphql(`
  query NewsArticleQuery($first: Int!, $after: String) {
    news(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          title
          body
          publishedAt
          event {
            id
            ...EventCard_event
          }
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export function Component() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const { data, error, loading, refetch, fetchMore } = useQuery(NewsArticleQueryDocument, {
    variables: { first: 100 },
  });
  const news = data?.news;
  const article = news?.edges.find((e) => e.node.id === id)?.node;
  const more = !article && news?.pageInfo.hasNextPage ? news.pageInfo.endCursor : null;

  useEffect(() => {
    if (more) void fetchMore({ variables: { after: more } });
  }, [more, fetchMore]);

  const back = (
    <Link className="button" to="/news">
      {t('news.back')}
    </Link>
  );
  if (error && !news) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!news || (!article && (more || loading))) return <Loading />;
  if (!article)
    return <NotFound title={t('news.notFound.title')} body={t('news.notFound.body')} back={back} />;

  return (
    <article className="page page--narrow article">
      <PageTitle>{article.title}</PageTitle>
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/news">{t('news.back')}</Link>
      </nav>
      <h1>{article.title}</h1>
      <p className="article__date">
        <time dateTime={article.publishedAt}>{i18n.dateTime(article.publishedAt)}</time>
      </p>
      <div className="prose">
        {article.body.split(/\n{2,}/).map((paragraph) => (
          <p key={paragraph}>{paragraph}</p>
        ))}
      </div>
      {article.event && (
        <aside className="article__event" aria-labelledby="related-title">
          <h2 id="related-title">{t('news.relatedEvent')}</h2>
          <div className="article__event-card">
            <EventCard event={article.event} />
          </div>
        </aside>
      )}
    </article>
  );
}
