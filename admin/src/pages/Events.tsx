import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { Empty, ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber, formatWon } from '../format.ts';
import { STATUS_LABEL } from './labels.ts';

const AdminEventsQuery = graphql(`
  query AdminEvents($query: String, $first: Int!) {
    events(query: $query, first: $first) {
      totalCount
      edges {
        node {
          id
          title
          startsAt
          status
          venue {
            id
            name
          }
          sales {
            ticketsSold
            revenue
          }
          queue {
            enabled
            paused
            waiting
          }
        }
      }
    }
  }
`);

/** Every event (drafts included, for admins) with its sales and waiting room at a glance. */
export function Component() {
  const [params, setParams] = useSearchParams();
  const query = params.get('q') ?? '';
  const [text, setText] = useState(query);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AdminEventsQuery,
    variables: { query: query || null, first: 100 },
    requestPolicy: 'cache-and-network',
  });
  const search = (event: FormEvent) => {
    event.preventDefault();
    setParams(text.trim() ? { q: text.trim() } : {});
  };
  const events = data?.events;

  return (
    <div className="page">
      <PageTitle>이벤트</PageTitle>
      <div className="page__head">
        <h1>이벤트</h1>
        <Link to="/events/new" className="button">
          새 이벤트
        </Link>
        <search>
          <form onSubmit={search} className="inline-form">
            <label>
              <span className="visually-hidden">이벤트 검색</span>
              <input
                type="search"
                value={text}
                onChange={(e) => setText(e.target.value)}
                placeholder="제목, 아티스트 (한/영)"
              />
            </label>
            <button type="submit" className="button button--secondary">
              검색
            </button>
          </form>
        </search>
      </div>
      {error && !events ? (
        <ErrorState
          message={errorMessage(error)!}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
        />
      ) : !events ? (
        <Loading />
      ) : events.edges.length === 0 ? (
        <Empty>{query ? `"${query}"에 맞는 이벤트가 없습니다.` : '이벤트가 없습니다.'}</Empty>
      ) : (
        <>
          <p className="muted">
            {formatNumber(events.totalCount)}개 {fetching && '· 새로 고치는 중'}
          </p>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">이벤트</th>
                <th scope="col">공연일</th>
                <th scope="col">상태</th>
                <th scope="col">판매 티켓</th>
                <th scope="col">순매출</th>
                <th scope="col">대기열</th>
              </tr>
            </thead>
            <tbody>
              {events.edges.map(({ node }) => (
                <tr key={node.id}>
                  <td>
                    <Link to={`/events/${node.id}`}>{node.title}</Link>
                    <div className="muted">{node.venue.name}</div>
                  </td>
                  <td>{formatDateTime(node.startsAt)}</td>
                  <td>{STATUS_LABEL[node.status]}</td>
                  <td className="num">{node.sales ? formatNumber(node.sales.ticketsSold) : '—'}</td>
                  <td className="num">{node.sales ? formatWon(node.sales.revenue) : '—'}</td>
                  <td>
                    {node.queue.enabled
                      ? `${node.queue.paused ? '일시정지 · ' : ''}${formatNumber(node.queue.waiting)}명 대기`
                      : '꺼짐'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
