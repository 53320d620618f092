import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { actionLabel, describeDetails, parseDetails, targetName, targetTypeLabel } from '../audit.ts';
import { Empty, ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { errorMessage, formatDateTime } from '../format.ts';

/** Names for the ids a record holds; graphcache asks once per event or account, whatever the page repeats. */
const AuditEventQuery = graphql(`
  query AuditEvent($id: ID!) {
    event(id: $id) {
      id
      title
    }
  }
`);

const AuditUserQuery = graphql(`
  query AuditUser($id: ID!) {
    user(id: $id) {
      id
      name
      email
    }
  }
`);

function EventName({ id, fallback }: { id: string; fallback: string | null }) {
  const [{ data, fetching }] = useQuery({ query: AuditEventQuery, variables: { id } });
  if (data?.event) return <Link to={`/events/${id}`}>{data.event.title}</Link>;
  if (fetching) return <span className="muted">…</span>;
  return <span>{fallback ?? '(삭제된 이벤트)'}</span>;
}

function UserName({ id }: { id: string }) {
  const [{ data, fetching }] = useQuery({ query: AuditUserQuery, variables: { id } });
  if (data?.user) {
    return (
      <span>
        {data.user.name} <span className="muted">{data.user.email}</span>
      </span>
    );
  }
  return <span className="muted">{fetching ? '…' : '(알 수 없는 회원)'}</span>;
}

const AdminActionsQuery = graphql(`
  query AdminActions($service: String, $after: String) {
    adminActions(service: $service, first: 50, after: $after) {
      edges {
        node {
          id
          service
          action
          targetType
          targetId
          details
          at
          actorId
          actor {
            id
            name
            email
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

const SERVICES = [
  { value: '', label: '전체' },
  { value: 'catalog', label: '이벤트·소식 (catalog)' },
  { value: 'seating', label: '좌석 (seating)' },
  { value: 'queue', label: '대기열 (queue)' },
  { value: 'payment', label: '결제·환불 (payment)' },
  { value: 'auth', label: '계정·API 키 (auth)' },
];

/** Who did what as an admin, in every service, newest first (stats keeps what each service recorded). */
export function Component() {
  const [service, setService] = useState('');
  const [pages, setPages] = useState<(string | null)[]>([null]);
  return (
    <div className="page">
      <PageTitle>감사 기록</PageTitle>
      <div className="page__head">
        <h1>감사 기록</h1>
        <label>
          서비스{' '}
          <select
            value={service}
            onChange={(e) => {
              setService(e.target.value);
              setPages([null]);
            }}
          >
            {SERVICES.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
      </div>
      <table className="table">
        <thead>
          <tr>
            <th scope="col">시각</th>
            <th scope="col">관리자</th>
            <th scope="col">서비스</th>
            <th scope="col">작업</th>
            <th scope="col">대상</th>
            <th scope="col">내용</th>
          </tr>
        </thead>
        {pages.map((after, i) => (
          <AuditPage
            key={after ?? 'first'}
            service={service}
            after={after}
            isLast={i === pages.length - 1}
            onMore={(cursor) => setPages((all) => [...all, cursor])}
          />
        ))}
      </table>
    </div>
  );
}

/** One page of 50, as its own table body; the last one offers the next. */
function AuditPage(props: {
  service: string;
  after: string | null;
  isLast: boolean;
  onMore(cursor: string): void;
}) {
  const [{ data, error }, refetch] = useQuery({
    query: AdminActionsQuery,
    variables: { service: props.service || null, after: props.after },
    requestPolicy: 'cache-and-network',
  });
  const connection = data?.adminActions;
  const status = (content: React.ReactNode) => (
    <tbody>
      <tr>
        <td colSpan={6}>{content}</td>
      </tr>
    </tbody>
  );
  if (error && !connection) {
    return status(
      <ErrorState
        message={errorMessage(error)!}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
      />,
    );
  }
  if (!connection) return status(<Loading />);
  if (connection.edges.length === 0 && !props.after) return status(<Empty>기록이 없습니다.</Empty>);
  return (
    <tbody>
      {connection.edges.map(({ node }) => {
        const details = parseDetails(node.details);
        const name = targetName(details);
        const summary = describeDetails(node.action, details);
        const admitted = node.action === 'queue.force_admit' && typeof details.userId === 'string';
        return (
          <tr key={node.id} data-testid="audit-row" data-action={node.action}>
            <td>{formatDateTime(node.at)}</td>
            <td>
              {node.actor?.name ?? '(알 수 없는 계정)'}
              {node.actor && <div className="muted">{node.actor.email}</div>}
            </td>
            <td>{node.service}</td>
            <td title={node.action}>{actionLabel(node.action)}</td>
            <td>
              <span className="muted">{targetTypeLabel(node.targetType)}</span>{' '}
              {node.targetType === 'event' && node.targetId ? (
                <EventName id={node.targetId} fallback={name} />
              ) : (
                name
              )}
            </td>
            <td>
              {admitted && <UserName id={details.userId as string} />}
              {summary && <div>{summary}</div>}
              <details className="audit-raw">
                <summary>원본</summary>
                <code className="details">{node.details}</code>
                {node.targetId && <div className="muted">ID {node.targetId}</div>}
              </details>
            </td>
          </tr>
        );
      })}
      {props.isLast && connection.pageInfo.hasNextPage && connection.pageInfo.endCursor && (
        <tr>
          <td colSpan={6}>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => props.onMore(connection.pageInfo.endCursor!)}
            >
              더 보기
            </button>
          </td>
        </tr>
      )}
    </tbody>
  );
}
