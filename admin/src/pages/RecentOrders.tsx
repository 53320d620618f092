import { useCallback } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { Empty } from '../components/States.tsx';
import { formatDateTime, formatNumber, formatWon } from '../format.ts';
import { usePolling } from '../hooks.ts';

const RecentOrdersQuery = graphql(`
  query AdminRecentOrders {
    recentOrders(first: 15) {
      reservationId
      tickets
      amount
      confirmedAt
      cancelledAt
      event {
        id
        title
      }
    }
  }
`);

/** Orders as they are confirmed, every event, refreshed every 5 s: how an on-sale is going right now. */
export function RecentOrders() {
  const [{ data }, refetch] = useQuery({ query: RecentOrdersQuery, requestPolicy: 'cache-and-network' });
  usePolling(
    useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]),
    5_000,
  );
  const orders = data?.recentOrders;
  if (!orders) return null;
  return (
    <section aria-labelledby="recent-title">
      <h2 id="recent-title">실시간 판매</h2>
      {orders.length === 0 ? (
        <Empty>아직 판매가 없습니다.</Empty>
      ) : (
        <table className="table" data-testid="recent-orders">
          <thead>
            <tr>
              <th scope="col">확정 시각</th>
              <th scope="col">이벤트</th>
              <th scope="col">매수</th>
              <th scope="col">금액</th>
              <th scope="col">상태</th>
            </tr>
          </thead>
          <tbody>
            {orders.map((order) => (
              <tr key={order.reservationId}>
                <td>{formatDateTime(order.confirmedAt)}</td>
                <td>
                  <Link to={`/events/${order.event.id}`}>{order.event.title}</Link>
                </td>
                <td className="num">{formatNumber(order.tickets)}</td>
                <td className="num">{formatWon(order.amount)}</td>
                <td>{order.cancelledAt ? `취소됨 (${formatDateTime(order.cancelledAt)})` : '확정'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
