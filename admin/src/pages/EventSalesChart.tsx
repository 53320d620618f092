import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { Chart } from '../components/Chart.tsx';
import { formatNumber, formatWon, koreanDay, shortDay } from '../format.ts';

const EventDailySalesQuery = graphql(`
  query AdminEventDailySales($id: ID!, $from: Date!, $to: Date!) {
    event(id: $id) {
      id
      dailySales(from: $from, to: $to) {
        date
        orders
        ticketsSold
        ticketsCancelled
        netRevenue
      }
    }
  }
`);

const DAYS = 14;

/** The event's last two weeks, day by day (stats): how an on-sale is going. */
export function EventSalesChart({ eventId }: { eventId: string }) {
  const [{ data }] = useQuery({
    query: EventDailySalesQuery,
    variables: { id: eventId, from: koreanDay(1 - DAYS), to: koreanDay(0) },
    requestPolicy: 'cache-and-network',
  });
  const days = data?.event?.dailySales;
  if (!days) return null;
  const total = days.reduce((sum, d) => sum + d.ticketsSold, 0);
  const revenue = days.reduce((sum, d) => sum + d.netRevenue, 0);
  return (
    <section className="card" aria-labelledby="daily-title">
      <h2 id="daily-title">최근 {DAYS}일 판매</h2>
      <p className="muted" data-testid="event-daily-total">
        {formatNumber(total)}매 · 순매출 {formatWon(revenue)}
      </p>
      <Chart title="일별 티켓">
        <BarChart data={days}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="date" tickFormatter={shortDay} />
          <YAxis allowDecimals={false} width={40} />
          <Tooltip />
          <Legend />
          <Bar dataKey="ticketsSold" name="판매" fill="#12a594" />
          <Bar dataKey="ticketsCancelled" name="취소" fill="#f76b15" />
        </BarChart>
      </Chart>
    </section>
  );
}
