import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { seatLabel, textLang } from './labels.ts';

const ReservationSummary_reservation = graphql(`
  fragment ReservationSummary_reservation on Reservation {
    id
    status
    totalAmount
    createdAt
    event {
      id
      title
      titleEn
      startsAt
      venue {
        id
        name
        nameEn
      }
    }
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

/** What was reserved: the event, when and where, the seats with their prices, and the total. */
export function ReservationSummary(props: {
  reservation: FragmentType<typeof ReservationSummary_reservation>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = getFragmentData(ReservationSummary_reservation, props.reservation);
  return (
    <div className="summary">
      <p className="summary__event">
        <strong lang={textLang(i18n.locale, r.event.titleEn)}>
          {i18n.pick(r.event.title, r.event.titleEn)}
        </strong>
      </p>
      <p className="summary__when">
        <time dateTime={r.event.startsAt}>{i18n.dateTime(r.event.startsAt)}</time> ·{' '}
        <span lang={textLang(i18n.locale, r.event.venue.nameEn)}>
          {i18n.pick(r.event.venue.name, r.event.venue.nameEn)}
        </span>
      </p>
      <ul className="summary__seats" aria-label={t('reservation.seats')}>
        {r.seats.map((seat) => (
          <li key={seat.id} data-testid="reserved-seat">
            <span>{seatLabel(i18n, seat)}</span>
            <span className="summary__tier">
              {/* Tier names are the organiser's, in Korean only. */}
              <span lang="ko">{seat.ticketType.name}</span> · {i18n.money(seat.ticketType.price)}
            </span>
          </li>
        ))}
      </ul>
      <p className="summary__total">
        {t('hold.total')} <strong data-testid="reservation-total">{i18n.money(r.totalAmount)}</strong>
      </p>
    </div>
  );
}
