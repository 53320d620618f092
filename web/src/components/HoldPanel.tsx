import { useEffect } from 'react';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { seatLabel } from './labels.ts';
import { remaining } from './SeatSelection.tsx';

const HoldPanel_hold = graphql(`
  fragment HoldPanel_hold on SeatHold {
    id
    expiresAt
    totalAmount
    seats {
      id
      label
      section
      row
      number
      ticketType {
        id
        name
        price
      }
    }
  }
`);

export { HoldPanel_hold };

export interface HoldPanelProps {
  hold: FragmentType<typeof HoldPanel_hold>;
  busy: boolean;
  onReserve(): void;
  onRelease(): void;
  /** The countdown reached zero. */
  onExpired(): void;
}

/** Seats held for this buyer: what they are, what they cost, and how long they stay held. */
export function HoldPanel(props: HoldPanelProps) {
  const i18n = useI18n();
  const { t } = i18n;
  const hold = getFragmentData(HoldPanel_hold, props.hold);
  const now = useNow();
  const left = new Date(hold.expiresAt).getTime() - now;
  const expired = left <= 0;
  const { onExpired } = props;
  useEffect(() => {
    if (expired) onExpired();
  }, [expired, onExpired]);
  const urgent = left < 60_000;
  return (
    <section className="card hold" aria-labelledby="hold-title" data-testid="hold" data-hold-id={hold.id}>
      <h2 id="hold-title">{t('hold.title')}</h2>
      {/* Announced once a minute at most: a screen reader reading every tick would say nothing else. */}
      <p className={urgent ? 'countdown countdown--urgent' : 'countdown'} data-testid="hold-countdown">
        {t('hold.countdown', { time: remaining(i18n, left) })}
      </p>
      <ul className="hold__seats">
        {hold.seats.map((seat) => (
          <li key={seat.id}>
            <span>{seatLabel(i18n, seat)}</span>
            <span className="hold__tier">
              {seat.ticketType.name} · {i18n.money(seat.ticketType.price)}
            </span>
          </li>
        ))}
      </ul>
      <p className="hold__total">
        {t('hold.total')} <strong data-testid="hold-total">{i18n.money(hold.totalAmount)}</strong>
      </p>
      <div className="hold__actions">
        <button
          type="button"
          className="button button--block"
          onClick={props.onReserve}
          disabled={props.busy}
        >
          {t('hold.reserve')}
        </button>
        <button
          type="button"
          className="button button--secondary button--block"
          onClick={props.onRelease}
          disabled={props.busy}
        >
          {t('hold.release')}
        </button>
      </div>
    </section>
  );
}
