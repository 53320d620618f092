import { Link } from 'react-router';
import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { seatLabel } from './labels.ts';
import { TicketQr } from './TicketQr.tsx';
import { TicketStateBadge } from './TicketStateBadge.tsx';

/**
 * A ticket as the holder's app shows it, online or from the copy kept on the device (tickets/offline.ts): the
 * event, the seat, the state, and — while VALID — what the rotating QR is made from.
 */
export const TicketView_ticket = graphql(`
  fragment TicketView_ticket on Ticket {
    id
    state
    seatId
    seatLabel
    issuedAt
    endedAt
    endReason
    checkedInAt
    credential
    codeSecret
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
    seat {
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

export type TicketViewRef = FragmentType<typeof TicketView_ticket>;

/** One line of the tickets list: seat, state; opens the ticket. */
export function TicketListItem(props: { ticket: TicketViewRef }) {
  const i18n = useI18n();
  const ticket = getFragmentData(TicketView_ticket, props.ticket);
  return (
    <Link
      className="reservation-item ticket-item"
      to={`/me/tickets/${ticket.id}`}
      data-ticket-id={ticket.id}
      data-state={ticket.state}
    >
      <span className="reservation-item__title">{seatLabel(i18n, ticket.seat)}</span>
      <span className="reservation-item__meta">
        {ticket.seat.ticketType.name} · {i18n.money(ticket.seat.ticketType.price)}
      </span>
      <TicketStateBadge state={ticket.state} />
    </Link>
  );
}

/** The ticket itself: event, seat, state; the rotating QR while VALID, otherwise why there is none. */
export function TicketCard(props: { ticket: TicketViewRef }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ticket = getFragmentData(TicketView_ticket, props.ticket);
  const title = i18n.pick(ticket.event.title, ticket.event.titleEn);
  return (
    <section
      className="card ticket"
      aria-labelledby="ticket-title"
      data-testid="ticket"
      data-state={ticket.state}
    >
      <h2 id="ticket-title">{title}</h2>
      <p className="ticket__when">
        <time dateTime={ticket.event.startsAt}>{i18n.dateTime(ticket.event.startsAt)}</time> ·{' '}
        {i18n.pick(ticket.event.venue.name, ticket.event.venue.nameEn)}
      </p>
      <p className="ticket__seat" data-testid="ticket-seat">
        {seatLabel(i18n, ticket.seat)}
        <span className="ticket__tier">
          {ticket.seat.ticketType.name} · {i18n.money(ticket.seat.ticketType.price)}
        </span>
      </p>
      <TicketStateBadge state={ticket.state} />
      {ticket.state === 'VALID' && ticket.credential && ticket.codeSecret ? (
        <>
          <TicketQr credential={ticket.credential} codeSecret={ticket.codeSecret} />
          <p className="hint">{t('ticket.qrHint')}</p>
        </>
      ) : (
        <p className="ticket__why" data-testid="ticket-why">
          {ticket.state === 'CHECKED_IN' && ticket.checkedInAt
            ? t('ticket.why.CHECKED_IN', { time: i18n.dateTime(ticket.checkedInAt) })
            : t(`ticket.why.${ticket.state}`)}
        </p>
      )}
      <Link className="ticket__event-link" to={`/events/${ticket.event.id}`}>
        {t('ticket.eventPage')}
      </Link>
    </section>
  );
}
