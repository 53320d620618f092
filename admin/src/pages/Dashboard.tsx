import { useState } from 'react';
import { Link } from 'react-router';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { Chart } from '../components/Chart.tsx';
import { Empty, ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber, formatWon, koreanDay, shortDay } from '../format.ts';
import { RecentOrders } from './RecentOrders.tsx';

const DashboardQuery = graphql(`
  query Dashboard($from: Date!, $to: Date!) {
    salesStats(from: $from, to: $to) {
      from
      to
      days {
        date
        grossRevenue
        refunded
        netRevenue
        orders
        ticketsSold
        ticketsCancelled
        newUsers
        totalUsers
      }
      totals {
        grossRevenue
        refunded
        netRevenue
        orders
        ticketsSold
        ticketsCancelled
        newUsers
        totalUsers
      }
      topEvents(first: 10) {
        event {
          id
          title
          startsAt
        }
        orders
        ticketsSold
        revenue
      }
    }
  }
`);

const PERIODS = [7, 30, 90] as const;
type Period = (typeof PERIODS)[number];

const wonAxis = (value: number) =>
  Math.abs(value) >= 100_000_000
    ? `${formatNumber(value / 100_000_000)}억`
    : Math.abs(value) >= 10_000
      ? `${formatNumber(Math.round(value / 10_000))}만`
      : formatNumber(value);

export function Component() {
  const [days, setDays] = useState<Period>(30);
  const variables = { from: koreanDay(1 - days), to: koreanDay(0) };
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DashboardQuery,
    variables,
    requestPolicy: 'cache-and-network',
  });
  const stats = data?.salesStats;

  return (
    <div className="page">
      <PageTitle>대시보드</PageTitle>
      <div className="page__head">
        <h1>매출 대시보드</h1>
        <fieldset className="segmented">
          <legend className="visually-hidden">기간</legend>
          {PERIODS.map((p) => (
            <button key={p} type="button" aria-pressed={days === p} onClick={() => setDays(p)}>
              최근 {p}일
            </button>
          ))}
        </fieldset>
      </div>
      {error && !stats ? (
        <ErrorState
          message={errorMessage(error)!}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
        />
      ) : !stats ? (
        <Loading />
      ) : (
        <>
          <p className="muted">
            {stats.from} ~ {stats.to} (한국 시간) {fetching && '· 새로 고치는 중'}
          </p>
          <dl className="kpis">
            <Kpi label="순매출" value={formatWon(stats.totals.netRevenue)} testId="kpi-net" />
            <Kpi label="총매출" value={formatWon(stats.totals.grossRevenue)} />
            <Kpi label="환불" value={formatWon(stats.totals.refunded)} />
            <Kpi
              label="판매 티켓"
              value={`${formatNumber(stats.totals.ticketsSold)}매`}
              note={
                stats.totals.ticketsCancelled > 0
                  ? `취소 ${formatNumber(stats.totals.ticketsCancelled)}매`
                  : undefined
              }
              testId="kpi-tickets"
            />
            <Kpi label="주문" value={`${formatNumber(stats.totals.orders)}건`} />
            <Kpi label="신규 회원" value={`${formatNumber(stats.totals.newUsers)}명`} testId="kpi-users" />
            <Kpi label="전체 회원" value={`${formatNumber(stats.totals.totalUsers)}명`} />
          </dl>

          <div className="charts">
            <Chart title="일별 매출">
              <BarChart data={stats.days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={shortDay} />
                <YAxis tickFormatter={wonAxis} width={56} />
                <Tooltip formatter={(v) => formatWon(Number(v))} labelFormatter={(l) => String(l)} />
                <Legend />
                <Bar dataKey="grossRevenue" name="총매출" fill="#5b3df5" />
                <Bar dataKey="refunded" name="환불" fill="#e5484d" />
              </BarChart>
            </Chart>
            <Chart title="일별 티켓">
              <BarChart data={stats.days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={shortDay} />
                <YAxis allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                <Bar dataKey="ticketsSold" name="판매" fill="#12a594" />
                <Bar dataKey="ticketsCancelled" name="취소" fill="#f76b15" />
              </BarChart>
            </Chart>
            <Chart title="회원 증가">
              <ComposedChart data={stats.days}>
                <CartesianGrid strokeDasharray="3 3" vertical={false} />
                <XAxis dataKey="date" tickFormatter={shortDay} />
                <YAxis yAxisId="total" allowDecimals={false} width={48} />
                <YAxis yAxisId="new" orientation="right" allowDecimals={false} width={40} />
                <Tooltip />
                <Legend />
                <Bar yAxisId="new" dataKey="newUsers" name="신규" fill="#8e4ec6" />
                <Line yAxisId="total" dataKey="totalUsers" name="전체" stroke="#5b3df5" dot={false} />
              </ComposedChart>
            </Chart>
          </div>

          <section aria-labelledby="top-events">
            <h2 id="top-events">인기 이벤트</h2>
            {stats.topEvents.length === 0 ? (
              // The ranking leaves cancelled orders out; the KPI counts every ticket sold. Say which case this is.
              <Empty>
                {stats.totals.ticketsSold === 0
                  ? '이 기간에 판매된 티켓이 없습니다.'
                  : `이 기간에 판매된 티켓 ${formatNumber(stats.totals.ticketsSold)}매는 모두 취소되어 순위에 없습니다.`}
              </Empty>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">순위</th>
                    <th scope="col">이벤트</th>
                    <th scope="col">공연일</th>
                    <th scope="col">판매 티켓</th>
                    <th scope="col">주문</th>
                    <th scope="col">순매출</th>
                  </tr>
                </thead>
                <tbody>
                  {stats.topEvents.map((row, i) => (
                    <tr key={row.event.id}>
                      <td>{i + 1}</td>
                      <td>
                        <Link to={`/events/${row.event.id}`}>{row.event.title}</Link>
                      </td>
                      <td>{formatDateTime(row.event.startsAt)}</td>
                      <td className="num">{formatNumber(row.ticketsSold)}</td>
                      <td className="num">{formatNumber(row.orders)}</td>
                      <td className="num">{formatWon(row.revenue)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <RecentOrders />
        </>
      )}
    </div>
  );
}

function Kpi({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: string;
  note?: string | undefined;
  testId?: string;
}) {
  return (
    <div className="kpi">
      <dt>{label}</dt>
      <dd data-testid={testId}>{value}</dd>
      {note && <dd className="kpi__note">{note}</dd>}
    </div>
  );
}
