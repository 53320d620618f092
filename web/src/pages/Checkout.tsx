import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import type { PrepareCheckoutMutation } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { useApp } from '../app-context.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ReservationSummary } from '../components/ReservationSummary.tsx';
import { remaining } from '../components/SeatSelection.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { describeError, isId, isNotFound } from '../errors.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { emulatorCheckoutUrl, isEmulatorKey, mountTossWidget, returnUrls } from '../payments/toss.ts';

const CheckoutQueryDocument = graphql(`
  query CheckoutQuery($id: ID!) {
    reservation(id: $id) {
      id
      status
      expiresAt
      checkoutToken
      event {
        id
      }
      ...ReservationSummary_reservation
    }
  }
`);

const PrepareCheckoutDocument = graphql(`
  mutation PrepareCheckout($reservationId: ID!, $checkoutToken: String) {
    preparePayment(reservationId: $reservationId, checkoutToken: $checkoutToken) {
      orderId
      orderName
      amount
      clientKey
    }
  }
`);

const CancelCheckoutDocument = graphql(`
  mutation CancelCheckout($id: ID!) {
    cancelReservation(id: $id) {
      id
      status
    }
  }
`);

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn>
      <PageTitle>{t('checkout.title')}</PageTitle>
      <Checkout />
    </RequireSignIn>
  );
}

type Order = PrepareCheckoutMutation['preparePayment'];

/**
 * Checkout of a PENDING reservation: the amount comes from the server (`preparePayment`), the buyer pays in
 * Toss' widget — or on the emulator's checkout page when Toss is not configured — and comes back to
 * `/payments/success` or `/payments/fail`.
 */
function Checkout() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const { config } = useApp();
  const now = useNow();
  const { data, error, refetch } = useQuery(CheckoutQueryDocument, {
    variables: { id },
    fetchPolicy: 'network-only',
    skip: !isId(id),
  });
  const [prepare, prepared] = useMutation(PrepareCheckoutDocument);
  const [cancel, cancelled] = useMutation(CancelCheckoutDocument);
  const [askingCancel, setAskingCancel] = useState(false);
  const [widget, setWidget] = useState<{ order: Order; pay: () => Promise<void> } | null>(null);
  const [problem, setProblem] = useState<unknown>(null);

  // A malformed id is not asked about: it names no reservation, like an unknown one.
  if (!isId(id) || (error && !data && isNotFound(error))) {
    return <NotFound title={t('reservation.notFound')} />;
  }
  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!data) return <Loading />;
  const reservation = data.reservation;
  if (!reservation) return <NotFound title={t('reservation.notFound')} />;

  const urls = returnUrls(window.location.origin, reservation.id);
  const pay = async () => {
    setProblem(null);
    try {
      // The checkout token seating signed: payment answers from it at once, with the server's amount.
      const { data: order } = await prepare({
        variables: { reservationId: reservation.id, checkoutToken: reservation.checkoutToken ?? null },
      });
      if (!order) return;
      const o = order.preparePayment;
      if (isEmulatorKey(o.clientKey)) {
        window.location.assign(emulatorCheckoutUrl(config.tossEmulatorUrl, o, urls));
        return;
      }
      const start = await mountTossWidget(o, { methods: '#toss-methods', agreement: '#toss-agreement' });
      setWidget({ order: o, pay: () => start(urls) });
    } catch (err) {
      setProblem(err);
    }
  };

  const left = reservation.expiresAt ? new Date(reservation.expiresAt).getTime() - now : 0;
  const open = reservation.status === 'PENDING' && left > 0;
  return (
    <div className="page page--narrow checkout" data-testid="checkout" data-status={reservation.status}>
      <h1>{t('checkout.title')}</h1>
      <section className="card">
        <ReservationSummary reservation={reservation} />
        {reservation.status === 'PENDING' && (
          <p className={left < 60_000 ? 'countdown countdown--urgent' : 'countdown'}>
            {left > 0 ? t('checkout.countdown', { time: remaining(i18n, left) }) : t('error.HOLD_EXPIRED')}
          </p>
        )}
      </section>
      {problem ? (
        <p className="form-problem" role="alert">
          {describeError(problem, i18n)}
        </p>
      ) : null}
      {open && (
        <section className="card" aria-labelledby="pay-title">
          <h2 id="pay-title">{t('checkout.payWith')}</h2>
          <div id="toss-methods" />
          <div id="toss-agreement" />
          {widget ? (
            <button
              type="button"
              className="button button--block"
              onClick={() => void widget.pay().catch(setProblem)}
            >
              {t('checkout.pay', { amount: i18n.money(widget.order.amount) })}
            </button>
          ) : (
            <button
              type="button"
              className="button button--block"
              onClick={() => void pay()}
              disabled={prepared.loading}
            >
              {prepared.loading ? t('checkout.preparing') : t('checkout.start')}
            </button>
          )}
          <button
            type="button"
            className="button button--ghost button--block"
            disabled={cancelled.loading}
            onClick={() => setAskingCancel(true)}
          >
            {t('checkout.cancel')}
          </button>
          <ConfirmDialog
            open={askingCancel}
            title={t('checkout.cancelDialog.title')}
            confirmLabel={t('checkout.cancelDialog.confirm')}
            cancelLabel={t('checkout.cancelDialog.keep')}
            busy={cancelled.loading}
            onCancel={() => setAskingCancel(false)}
            onConfirm={() =>
              void cancel({ variables: { id: reservation.id } })
                .catch(setProblem)
                .finally(() => setAskingCancel(false))
            }
          >
            <p>{t('checkout.cancelDialog.body')}</p>
          </ConfirmDialog>
        </section>
      )}
      {reservation.status === 'CANCELLED' && <p role="status">{t('checkout.cancelled')}</p>}
      {reservation.status === 'CONFIRMED' && (
        <Link className="button" to={`/me/reservations/${reservation.id}`}>
          {t('checkout.toTicket')}
        </Link>
      )}
      {!open && reservation.status !== 'CONFIRMED' && (
        <Link className="button button--secondary" to={`/events/${reservation.event.id}/seats`}>
          {t('checkout.pickAgain')}
        </Link>
      )}
    </div>
  );
}
