import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useNow } from '../hooks.ts';
import { type I18n, useI18n } from '../i18n/index.tsx';

const SeatSelection_event = graphql(`
  fragment SeatSelection_event on Event {
    id
    status
    saleStartsAt
  }
`);

/** A decorative sketch of a seating block, not data: three rows of eight. */
const PREVIEW_SEATS = Array.from({ length: 24 }, (_, i) => ({
  key: `r${Math.floor(i / 8)}s${i % 8}`,
  x: 12 + (i % 8) * 13,
  y: 20 + Math.floor(i / 8) * 9,
}));

/** What the seat area can offer for an event right now. */
type SeatArea =
  | { kind: 'opens-later'; saleStartsAt: string }
  | { kind: 'seat-map-pending' }
  | { kind: 'closed'; reason: 'soldOut' | 'ended' | 'cancelled' | 'draft' };

function seatAreaOf(event: { status: string; saleStartsAt: string }): SeatArea {
  switch (event.status) {
    case 'SCHEDULED':
      return { kind: 'opens-later', saleStartsAt: event.saleStartsAt };
    case 'ON_SALE':
      return { kind: 'seat-map-pending' };
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

/**
 * The event page's seat area. Seat maps, holds and the waiting room arrive with the seating and queue
 * services (issue 7, phase 2): until then an on-sale event says plainly that seats cannot be picked here yet.
 */
export function SeatSelection(props: { event: FragmentType<typeof SeatSelection_event> }) {
  const { t } = useI18n();
  const event = getFragmentData(SeatSelection_event, props.event);
  const area = seatAreaOf(event);
  return (
    <section
      className="seat-area"
      aria-labelledby="seat-area-title"
      data-testid="seat-area"
      data-state={area.kind}
    >
      <h2 id="seat-area-title">{t('seats.title')}</h2>
      {area.kind === 'opens-later' && <OpensIn saleStartsAt={area.saleStartsAt} />}
      {area.kind === 'seat-map-pending' && (
        <div className="seat-area__pending">
          <svg viewBox="0 0 120 48" className="seat-area__stage" aria-hidden="true">
            <rect x="20" y="2" width="80" height="10" rx="3" />
            {PREVIEW_SEATS.map((seat) => (
              <rect key={seat.key} x={seat.x} y={seat.y} width="9" height="6" rx="1.5" />
            ))}
          </svg>
          <p className="seat-area__title">{t('seats.pending.title')}</p>
          <p>{t('seats.pending.body')}</p>
        </div>
      )}
      {area.kind === 'closed' && <p className="seat-area__notice">{t(`seats.${area.reason}`)}</p>}
    </section>
  );
}
