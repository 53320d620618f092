import { type FormEvent, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import {
  Empty,
  ErrorState,
  Loading,
  type Notice,
  NoticeLine,
  noticeOf,
  PageTitle,
} from '../components/States.tsx';
import { errorMessage, formatDateTime } from '../format.ts';

const AdminNewsQuery = graphql(`
  query AdminNews {
    news(first: 50) {
      edges {
        node {
          id
          title
          publishedAt
          event {
            id
            title
          }
        }
      }
    }
    events(first: 100) {
      edges {
        node {
          id
          title
        }
      }
    }
  }
`);

const PublishNewsMutation = graphql(`
  mutation AdminPublishNews($input: PublishNewsInput!) {
    publishNews(input: $input) {
      id
      title
    }
  }
`);

const UnpublishNewsMutation = graphql(`
  mutation AdminUnpublishNews($id: ID!) {
    unpublishNews(id: $id)
  }
`);

/** Notices and event news: what is published now, a form to publish, and taking an article down. */
export function Component() {
  const [{ data, error }, refetch] = useQuery({ query: AdminNewsQuery, requestPolicy: 'cache-and-network' });
  const [publishing, publish] = useMutation(PublishNewsMutation);
  const [, unpublish] = useMutation(UnpublishNewsMutation);
  const [notice, setNotice] = useState<Notice>(null);
  const reload = () => refetch({ requestPolicy: 'network-only' });

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    const eventId = String(form.get('eventId') ?? '');
    const result = await publish({
      input: {
        title: String(form.get('title') ?? '').trim(),
        body: String(form.get('body') ?? '').trim(),
        eventId: eventId || null,
      },
    });
    if (result.error) {
      setNotice({ kind: 'error', text: errorMessage(result.error)! });
      return;
    }
    setNotice({ kind: 'ok', text: `"${result.data?.publishNews.title}"을(를) 게시했습니다.` });
    formElement.reset();
    reload();
  };
  const takeDown = async (id: string, title: string) => {
    if (!window.confirm(`"${title}" 게시를 내릴까요?`)) return;
    const result = await unpublish({ id });
    setNotice(noticeOf(result.error, `"${title}" 게시를 내렸습니다.`));
    reload();
  };

  const articles = data?.news.edges.map((e) => e.node);
  return (
    <div className="page">
      <PageTitle>소식</PageTitle>
      <h1>소식</h1>
      <section className="card" aria-labelledby="publish-title">
        <h2 id="publish-title">새 소식 게시</h2>
        <form className="form" onSubmit={(e) => void submit(e)}>
          <label>
            제목
            <input name="title" required maxLength={200} />
          </label>
          <label>
            본문
            <textarea name="body" required rows={6} />
          </label>
          <label>
            관련 이벤트 (선택)
            <select name="eventId" defaultValue="">
              <option value="">없음 (공지)</option>
              {data?.events.edges.map(({ node }) => (
                <option key={node.id} value={node.id}>
                  {node.title}
                </option>
              ))}
            </select>
          </label>
          <div className="actions">
            <button type="submit" className="button" disabled={publishing.fetching}>
              {publishing.fetching ? '게시 중…' : '게시하기'}
            </button>
          </div>
        </form>
      </section>
      <NoticeLine notice={notice} />
      <section aria-labelledby="published-title">
        <h2 id="published-title">게시 중</h2>
        {error && !articles ? (
          <ErrorState message={errorMessage(error)!} onRetry={reload} />
        ) : !articles ? (
          <Loading />
        ) : articles.length === 0 ? (
          <Empty>게시 중인 소식이 없습니다.</Empty>
        ) : (
          <table className="table">
            <thead>
              <tr>
                <th scope="col">게시 시각</th>
                <th scope="col">제목</th>
                <th scope="col">이벤트</th>
                <th scope="col">
                  <span className="visually-hidden">작업</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {articles.map((a) => (
                <tr key={a.id}>
                  <td>{formatDateTime(a.publishedAt)}</td>
                  <td>{a.title}</td>
                  <td>{a.event ? <Link to={`/events/${a.event.id}`}>{a.event.title}</Link> : '공지'}</td>
                  <td>
                    <button
                      type="button"
                      className="button button--secondary"
                      aria-label={`${a.title} 게시 내리기`}
                      onClick={() => void takeDown(a.id, a.title)}
                    >
                      게시 내리기
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
