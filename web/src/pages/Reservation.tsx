import { useMutation, useQuery } from '@apollo/client/react';
import { QRCodeSVG } from 'qrcode.react';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { useApp } from '../app-context.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { paymentStatusLabel } from '../components/labels.ts';
import { ReservationSummary } from '../components/ReservationSummary.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { TicketStateBadge } from '../components/TicketStateBadge.tsx';
import { describeError, isId, isNotFound } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { browsableReceiptUrl } from '../payments/toss.ts';

const ReservationQueryDocument = graphql(`
  query ReservationQuery($id: ID!) {
    reservation(id: $id) {
      id
      status
      qrCode
      expiresAt
      event {
        id
      }
      tickets {
        id
        state
        seatLabel
      }
      ...ReservationSummary_reservation
      payment {
        id
        orderId
        status
        method
        amount
        refundedAmount
        pendingRefundAmount
        refundStatus
        approvedAt
        receiptUrl
      }
    }
  }
`);

const CancelReservationDocument = graphql(`
  mutation CancelReservation($id: ID!) {
    cancelReservation(id: $id) {
      id
      status
      qrCode
      # Already PENDING in the answer: the receipt says "refund in progress" at once.
      payment {
        id
        status
        refundedAmount
        pendingRefundAmount
        refundStatus
      }
    }
  }
`);

/**
 * Look again this often while something is on its way: a paid reservation becomes CONFIRMED when seating has
 * sold the seats (a domain event away), and a refund is PENDING until Toss has returned the money.
 */
const SETTLING_POLL_MS = 1_500;

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn>
      <PageTitle>{t('reservation.title')}</PageTitle>
      <ReservationPage />
    </RequireSignIn>
  );
}

function ReservationPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const { config } = useApp();
  const valid = isId(id);
  const { data, error, refetch, startPolling, stopPolling } = useQuery(ReservationQueryDocument, {
    variables: { id },
    fetchPolicy: 'cache-and-network',
    skip: !valid,
  });
  const [cancel, cancelled] = useMutation(CancelReservationDocument);
  const [confirming, setConfirming] = useState(false);

  const reservation = data?.reservation;
  const settling = reservation?.status === 'PENDING' && reservation.payment?.status === 'DONE';
  const refunding = reservation?.payment?.refundStatus === 'PENDING';
  useEffect(() => {
    if (settling || refunding) startPolling(SETTLING_POLL_MS);
    else stopPolling();
  }, [settling, refunding, startPolling, stopPolling]);

  const notFound = <NotFound title={t('reservation.notFound')} />;
  if (!valid) return notFound;
  if (error && !data) {
    return isNotFound(error) ? notFound : <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (!data) return <Loading />;
  if (!reservation) return notFound;
  const payment = reservation.payment;
  const cancellable = reservation.status === 'PENDING' || reservation.status === 'CONFIRMED';

  return (
    <div className="page page--narrow reservation" data-testid="reservation" data-status={reservation.status}>
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/me">{t('me.title')}</Link>
      </nav>
      <h1>{t('reservation.title')}</h1>
      <p className={`badge badge--res-${reservation.status.toLowerCase()}`}>
        {t(`reservation.status.${reservation.status}`)}
      </p>
      {reservation.qrCode ? (
        <section className="card ticket" aria-labelledby="ticket-title">
          <h2 id="ticket-title">{t('reservation.ticket')}</h2>
          <div className="ticket__qr" data-testid="ticket-qr">
            <QRCodeSVG value={reservation.qrCode} size={224} level="M" title={t('reservation.qrLabel')} />
          </div>
          <p className="hint">{t('reservation.qrHint')}</p>
        </section>
      ) : settling ? (
        <Loading label={t('reservation.settling')} />
      ) : null}
      {reservation.tickets.length > 0 && (
        <section className="card" aria-labelledby="tickets-title" data-testid="reservation-tickets">
          <h2 id="tickets-title">{t('reservation.tickets')}</h2>
          <ul className="reservation-list">
            {reservation.tickets.map((ticket) => (
              <li key={ticket.id}>
                <Link
                  className="reservation-item ticket-item"
                  to={`/me/tickets/${ticket.id}`}
                  data-ticket-id={ticket.id}
                >
                  <span className="reservation-item__title">{ticket.seatLabel}</span>
                  <TicketStateBadge state={ticket.state} />
                </Link>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section className="card">
        <ReservationSummary reservation={reservation} />
      </section>
      {payment && (
        <section className="card receipt" aria-labelledby="receipt-title" data-testid="receipt">
          <h2 id="receipt-title">{t('receipt.title')}</h2>
          <dl className="facts">
            <div>
              <dt>{t('receipt.order')}</dt>
              <dd>{payment.orderId}</dd>
            </div>
            <div>
              <dt>{t('receipt.status')}</dt>
              <dd data-testid="payment-status" data-refund={payment.refundStatus}>
                {paymentStatusLabel(i18n, payment)}
              </dd>
            </div>
            {payment.method && (
              <div>
                <dt>{t('receipt.method')}</dt>
                <dd>{payment.method}</dd>
              </div>
            )}
            <div>
              <dt>{t('receipt.amount')}</dt>
              <dd>{i18n.money(payment.amount)}</dd>
            </div>
            {payment.pendingRefundAmount > 0 && (
              <div>
                <dt>{t('refund.status.PENDING')}</dt>
                <dd>{i18n.money(payment.pendingRefundAmount)}</dd>
              </div>
            )}
            {payment.refundedAmount > 0 && (
              <div>
                <dt>{t('receipt.refunded')}</dt>
                <dd>{i18n.money(payment.refundedAmount)}</dd>
              </div>
            )}
            {payment.approvedAt && (
              <div>
                <dt>{t('receipt.approvedAt')}</dt>
                <dd>
                  <time dateTime={payment.approvedAt}>{i18n.dateTime(payment.approvedAt)}</time>
                </dd>
              </div>
            )}
          </dl>
          {refunding && (
            <p className="hint" role="status">
              {t('refund.pendingHint')}
            </p>
          )}
          {payment.receiptUrl && (
            <a
              className="button button--secondary"
              href={browsableReceiptUrl(payment.receiptUrl, config.tossEmulatorUrl)}
              target="_blank"
              rel="noreferrer"
            >
              {t('receipt.open')}
            </a>
          )}
        </section>
      )}
      {reservation.status === 'PENDING' && !settling && (
        <Link className="button" to={`/checkout/${reservation.id}`}>
          {t('reservation.pay')}
        </Link>
      )}
      {cancelled.error && (
        <p className="form-problem" role="alert">
          {describeError(cancelled.error, i18n)}
        </p>
      )}
      {cancellable && (
        <section className="cancel">
          {confirming ? (
            <>
              <p>
                {t(
                  reservation.status === 'CONFIRMED' ? 'reservation.cancelPaid' : 'reservation.cancelPending',
                )}
              </p>
              <button
                type="button"
                className="button button--danger"
                disabled={cancelled.loading}
                onClick={() => void cancel({ variables: { id: reservation.id } }).catch(() => undefined)}
              >
                {t('reservation.cancelConfirm')}
              </button>
              <button type="button" className="button button--ghost" onClick={() => setConfirming(false)}>
                {t('reservation.cancelKeep')}
              </button>
            </>
          ) : (
            <button type="button" className="button button--ghost" onClick={() => setConfirming(true)}>
              {t('reservation.cancel')}
            </button>
          )}
        </section>
      )}
    </div>
  );
}
