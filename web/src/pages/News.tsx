import { useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { graphql } from '../__generated__/index.ts';
import { NewsListItem } from '../components/NewsListItem.tsx';
import { EmptyState, ErrorState, Loading, LoadMore, PageTitle } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';

const NewsQueryDocument = graphql(`
  query NewsQuery($first: Int!, $after: String) {
    news(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ...NewsListItem_article
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
  const { t } = useI18n();
  const { data, error, refetch, fetchMore } = useQuery(NewsQueryDocument, {
    variables: { first: 20 },
    // The news article page reads a longer list into the same cache field: show ours fresh.
    fetchPolicy: 'cache-and-network',
  });
  const [loadingMore, setLoadingMore] = useState(false);
  const news = data?.news;

  const loadMore = async () => {
    if (!news?.pageInfo.endCursor) return;
    setLoadingMore(true);
    try {
      await fetchMore({ variables: { after: news.pageInfo.endCursor } });
    } finally {
      setLoadingMore(false);
    }
  };

  return (
    <div className="page page--narrow">
      <PageTitle>{t('news.title')}</PageTitle>
      <h1>{t('news.title')}</h1>
      {error && !news ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !news ? (
        <Loading />
      ) : news.edges.length === 0 ? (
        <EmptyState title={t('news.empty')} />
      ) : (
        <>
          <ul className="news-list">
            {news.edges.map(({ node }) => (
              <li key={node.id}>
                <NewsListItem article={node} />
              </li>
            ))}
          </ul>
          {news.pageInfo.hasNextPage && <LoadMore loading={loadingMore} onLoad={() => void loadMore()} />}
        </>
      )}
    </div>
  );
}
