import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';

const ReservationListItem_reservation = graphql(`
  fragment ReservationListItem_reservation on Reservation {
    id
    status
    totalAmount
    createdAt
    event {
      id
      title
      titleEn
      startsAt
    }
    seats {
      id
    }
  }
`);

/** One line of "my reservations": the event, its date, how many seats, the status; opens the ticket. */
export function ReservationListItem(props: {
  reservation: FragmentType<typeof ReservationListItem_reservation>;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const r = getFragmentData(ReservationListItem_reservation, props.reservation);
  return (
    <Link className="reservation-item" to={`/me/reservations/${r.id}`} data-reservation-id={r.id}>
      <span className="reservation-item__title">{i18n.pick(r.event.title, r.event.titleEn)}</span>
      <span className="reservation-item__meta">
        <time dateTime={r.event.startsAt}>{i18n.dateTime(r.event.startsAt)}</time> ·{' '}
        {t('reservation.seatCount', { count: r.seats.length })} · {i18n.money(r.totalAmount)}
      </span>
      <span className={`badge badge--res-${r.status.toLowerCase()}`}>
        {t(`reservation.status.${r.status}`)}
      </span>
    </Link>
  );
}
