import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';

const NewsListItem_article = graphql(`
  fragment NewsListItem_article on NewsArticle {
    id
    title
    body
    publishedAt
  }
`);

const EXCERPT_LENGTH = 140;

export function NewsListItem(props: { article: FragmentType<typeof NewsListItem_article> }) {
  const i18n = useI18n();
  const article = getFragmentData(NewsListItem_article, props.article);
  const excerpt =
    article.body.length > EXCERPT_LENGTH
      ? `${article.body.slice(0, EXCERPT_LENGTH).trimEnd()}…`
      : article.body;
  return (
    <article className="news-item">
      <h2 className="news-item__title">
        <Link to={`/news/${article.id}`}>{article.title}</Link>
      </h2>
      <p className="news-item__date">
        <time dateTime={article.publishedAt}>{i18n.date(article.publishedAt)}</time>
      </p>
      <p className="news-item__excerpt">{excerpt}</p>
    </article>
  );
}
