import { useCallback } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { errorMessage, formatDateTime, formatNumber, formatWon } from '../format.ts';
import { usePolling } from '../hooks.ts';
import { DoorStaffPanel } from './DoorStaffPanel.tsx';
import { EventControls } from './EventControls.tsx';
import { EventSalesChart } from './EventSalesChart.tsx';
import { EventDetailsForm, PosterUpload, SeatLayoutForm } from './EventSetup.tsx';
import { STATUS_LABEL } from './labels.ts';
import { QueuePanel } from './QueuePanel.tsx';
import { ReservationsPanel } from './ReservationsPanel.tsx';
import { SeatBlocker } from './SeatBlocker.tsx';

const AdminEventQuery = graphql(`
  query AdminEvent($id: ID!) {
    event(id: $id) {
      id
      title
      titleEn
      description
      category
      posterUrl
      startsAt
      saleStartsAt
      status
      venue {
        id
        name
      }
      artists {
        id
        name
      }
      ticketTypes {
        id
        code
        name
        price
        color
      }
      sales {
        orders
        ticketsSold
        revenue
      }
      checkIns {
        checkedIn
        lastAt
      }
      availability {
        available
        held
        sold
        blocked
      }
    }
  }
`);

export function Component() {
  const { id = '' } = useParams();
  const [{ data, error }, refetch] = useQuery({
    query: AdminEventQuery,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  usePolling(
    useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]),
    5_000,
  );
  const event = data?.event;
  if (error && !data) {
    return (
      <ErrorState message={errorMessage(error)!} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
    );
  }
  if (!data) return <Loading />;
  if (!event) {
    return (
      <div className="page">
        <h1>이벤트를 찾을 수 없습니다</h1>
        <Link to="/events">이벤트 목록으로</Link>
      </div>
    );
  }
  return (
    <div className="page">
      <PageTitle>{event.title}</PageTitle>
      <p>
        <Link to="/events">← 이벤트</Link>
      </p>
      <h1>{event.title}</h1>
      <p className="muted">
        {event.venue.name} · 공연 {formatDateTime(event.startsAt)} · 판매 시작{' '}
        {formatDateTime(event.saleStartsAt)} · {STATUS_LABEL[event.status]}
      </p>
      <dl className="kpis">
        <div className="kpi">
          <dt>판매 티켓</dt>
          <dd data-testid="event-tickets">{event.sales ? formatNumber(event.sales.ticketsSold) : '—'}</dd>
        </div>
        <div className="kpi">
          <dt>순매출</dt>
          <dd>{event.sales ? formatWon(event.sales.revenue) : '—'}</dd>
        </div>
        <div className="kpi">
          <dt>입장</dt>
          <dd data-testid="event-check-ins">
            {event.checkIns ? formatNumber(event.checkIns.checkedIn) : '—'}
            {event.checkIns?.lastAt && (
              <span className="muted"> · 마지막 {formatDateTime(event.checkIns.lastAt)}</span>
            )}
          </dd>
        </div>
        <div className="kpi">
          <dt>좌석 (판매 가능 / 선점 / 판매 / 차단)</dt>
          <dd>
            {formatNumber(event.availability.available)} / {formatNumber(event.availability.held)} /{' '}
            {formatNumber(event.availability.sold)} / {formatNumber(event.availability.blocked)}
          </dd>
        </div>
      </dl>
      <EventSalesChart eventId={event.id} />
      <EventControls
        id={event.id}
        title={event.title}
        status={event.status}
        onChange={() => refetch({ requestPolicy: 'network-only' })}
      />
      <QueuePanel eventId={event.id} />
      <DoorStaffPanel eventId={event.id} />
      <ReservationsPanel eventId={event.id} />
      <SeatBlocker eventId={event.id} />
      <SeatLayoutForm event={event} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
      <PosterUpload event={event} onSaved={() => refetch({ requestPolicy: 'network-only' })} />
      {/* Keyed by the saved details (not the live numbers the page polls): the form shows the server's values
          after every save, and a refresh while the admin types leaves the form alone. */}
      <EventDetailsForm
        key={[
          event.title,
          event.titleEn,
          event.description,
          event.category,
          event.venue.id,
          event.startsAt,
          event.saleStartsAt,
          event.posterUrl,
          event.artists.map((a) => a.id).join(','),
        ].join('\u0000')}
        event={event}
        onSaved={() => refetch({ requestPolicy: 'network-only' })}
      />
    </div>
  );
}
