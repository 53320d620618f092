import { useQuery } from '@apollo/client/react';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { SeatSelection_EventFragment } from '../__generated__/graphql.ts';
import { getFragmentData, graphql } from '../__generated__/index.ts';
import { useNow } from '../hooks.ts';
import { type I18n, useI18n } from '../i18n/index.tsx';
import { tierColors } from '../seatmap/palette.ts';
import { ErrorState, Loading } from './States.tsx';

const SeatSelection_event = graphql(`
  fragment SeatSelection_event on Event {
    id
    status
    saleStartsAt
    ticketTypes {
      id
      name
      price
      color
      availability {
        available
      }
    }
    availability {
      total
      available
    }
    queue {
      enabled
      waiting
    }
  }
`);

/** What the seat area can offer for an event right now. */
type SeatArea =
  | { kind: 'opens-later'; saleStartsAt: string }
  | { kind: 'open' }
  | { kind: 'closed'; reason: 'soldOut' | 'ended' | 'cancelled' | 'draft' };

function seatAreaOf(event: { status: string; saleStartsAt: string }): SeatArea {
  switch (event.status) {
    case 'SCHEDULED':
      return { kind: 'opens-later', saleStartsAt: event.saleStartsAt };
    case 'ON_SALE':
      return { kind: 'open' };
    case 'SOLD_OUT':
      return { kind: 'closed', reason: 'soldOut' };
    case 'ENDED':
      return { kind: 'closed', reason: 'ended' };
    case 'CANCELLED':
      return { kind: 'closed', reason: 'cancelled' };
    default:
      return { kind: 'closed', reason: 'draft' };
  }
}

export function remaining(i18n: I18n, ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3_600);
  const minutes = Math.floor((total % 3_600) / 60);
  const seconds = total % 60;
  const parts = [
    days ? i18n.t('time.days', { n: days }) : '',
    days || hours ? i18n.t('time.hours', { n: hours }) : '',
    i18n.t('time.minutes', { n: minutes }),
    days ? '' : i18n.t('time.seconds', { n: seconds }),
  ];
  return parts.filter(Boolean).join(' ');
}

function OpensIn({ saleStartsAt }: { saleStartsAt: string }) {
  const i18n = useI18n();
  const now = useNow();
  const left = new Date(saleStartsAt).getTime() - now;
  return (
    <div className="seat-area__notice">
      {/* Not a live region: a screen reader would read every tick. */}
      <p className="countdown">{i18n.t('seats.opensIn', { time: remaining(i18n, left) })}</p>
      <p>{i18n.t('seats.opensAt', { date: i18n.dateTime(saleStartsAt) })}</p>
    </div>
  );
}

/** Prices and what is left per tier; the way in (the seat map, or the waiting room while it is on). */
function OnSale({ event }: { event: SeatSelection_EventFragment }) {
  const i18n = useI18n();
  const { t } = i18n;
  const queueOn = event.queue.enabled;
  // The seat map's colours (palette.ts), so a tier looks the same here and on the map.
  const colors = tierColors(event.ticketTypes);
  return (
    <div className="seat-area__open">
      {event.ticketTypes.length > 0 && (
        <ul className="tiers__list">
          {event.ticketTypes.map((tt) => (
            <li key={tt.id}>
              <span className="tiers__swatch" style={{ background: colors.get(tt.id) }} aria-hidden="true" />
              <span className="tiers__name">{tt.name}</span>
              <span className="tiers__price">{i18n.money(tt.price)}</span>
              <span className="tiers__left">{t('seats.left', { count: tt.availability.available })}</span>
            </li>
          ))}
        </ul>
      )}
      <p className="seat-area__summary" data-testid="availability">
        {t('seats.available', { available: event.availability.available, total: event.availability.total })}
      </p>
      {queueOn && <p className="hint">{t('seats.queueOn', { waiting: event.queue.waiting })}</p>}
      <Link className="button button--block" to={`/events/${event.id}/${queueOn ? 'queue' : 'seats'}`}>
        {queueOn ? t('seats.enterQueue') : t('seats.pick')}
      </Link>
    </div>
  );
}

const SeatSelectionQueryDocument = graphql(`
  query SeatSelectionQuery($id: ID!) {
    event(id: $id) {
      id
      ...SeatSelection_event
    }
  }
`);

/**
 * The event page's seat area: when tickets open, or prices, availability and the way to the seat map. Its
 * own query: prices and availability come from seating and the waiting room from queue, and when either cannot
 * answer (overloaded at an on-sale, restarting) the rest of the page — catalog's title, date, venue — still
 * shows, with this area saying so and offering a retry. In one query, the contract's non-null `ticketTypes`
 * would null the whole event and the buyer would read "no such event".
 */
export function SeatSelection({ eventId }: { eventId: string }) {
  const { data, error, refetch } = useQuery(SeatSelectionQueryDocument, { variables: { id: eventId } });
  const fragment = data?.event ? getFragmentData(SeatSelection_event, data.event) : null;
  const area = fragment ? seatAreaOf(fragment) : null;
  return (
    <SeatAreaFrame state={area?.kind ?? (error ? 'error' : 'loading')}>
      {fragment && area?.kind === 'opens-later' && <OpensIn saleStartsAt={area.saleStartsAt} />}
      {fragment && area?.kind === 'open' && <OnSale event={fragment} />}
      {area?.kind === 'closed' && <SeatAreaNotice reason={area.reason} />}
      {!fragment && error && <ErrorState error={error} onRetry={() => void refetch()} />}
      {!fragment && !error && <Loading />}
    </SeatAreaFrame>
  );
}

function SeatAreaFrame({ state, children }: { state: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <section
      className="seat-area"
      aria-labelledby="seat-area-title"
      data-testid="seat-area"
      data-state={state}
    >
      <h2 id="seat-area-title">{t('seats.title')}</h2>
      {children}
    </section>
  );
}

function SeatAreaNotice({ reason }: { reason: Extract<SeatArea, { kind: 'closed' }>['reason'] }) {
  const { t } = useI18n();
  return <p className="seat-area__notice">{t(`seats.${reason}`)}</p>;
}
