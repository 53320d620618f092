import { type FragmentType, getFragmentData, graphql } from '../__generated__/index.ts';
import { useI18n } from '../i18n/index.tsx';
import { RotatingQr } from './RotatingQr.tsx';

export const TicketCard_ticket = graphql(`
  fragment TicketCard_ticket on Ticket {
    id
    state
    seatLabel
    issuedAt
    endedAt
    endReason
    checkedInAt
    credential
    codeSecret
  }
`);

/**
 * One seat's ticket: its state and, while VALID, the rotating entry QR. Every other state says why there is no
 * QR (checked in, cancelled or refunded, given or sold to someone else).
 */
export function TicketCard({ ticket: ref }: { ticket: FragmentType<typeof TicketCard_ticket> }) {
  const i18n = useI18n();
  const { t } = i18n;
  const ticket = getFragmentData(TicketCard_ticket, ref);
  const valid = ticket.state === 'VALID' && ticket.credential && ticket.codeSecret;
  return (
    <article
      className={`card ticket ticket--${ticket.state.toLowerCase()}`}
      data-testid="ticket"
      data-ticket-id={ticket.id}
      data-state={ticket.state}
      aria-label={ticket.seatLabel}
    >
      <header className="ticket__head">
        <h3>{ticket.seatLabel}</h3>
        <span className={`badge badge--ticket-${ticket.state.toLowerCase()}`}>
          {t(`ticket.state.${ticket.state}`)}
        </span>
      </header>
      {valid ? (
        <RotatingQr credential={ticket.credential!} codeSecret={ticket.codeSecret!} />
      ) : (
        <p className="hint" data-testid="ticket-ended">
          {ticket.state === 'CHECKED_IN' && ticket.checkedInAt
            ? t('ticket.checkedInAt', { at: i18n.dateTime(ticket.checkedInAt) })
            : t(`ticket.ended.${ticket.state}`)}
        </p>
      )}
    </article>
  );
}
