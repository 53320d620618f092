import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
import { Link, useSearchParams } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { Loading, PageTitle } from '../components/States.tsx';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';

const ConfirmPaymentDocument = graphql(`
  mutation ConfirmPayment($input: ConfirmPaymentInput!) {
    confirmPayment(input: $input) {
      id
      status
      amount
      method
      approvedAt
      reservation {
        id
      }
    }
  }
`);

const PaymentStatusQueryDocument = graphql(`
  query PaymentStatusQuery($id: ID!) {
    reservation(id: $id) {
      id
      status
      payment {
        id
        status
      }
    }
  }
`);

/** While Toss has not settled a payment (IN_PROGRESS), its status is read again this often. */
const POLL_MS = 2_000;

export function Component() {
  return (
    <RequireSignIn>
      <PaymentSuccess />
    </RequireSignIn>
  );
}

/**
 * Where Toss (or the emulator) sends the buyer after authorising: confirms the payment with the server, which
 * compares the amount with its own order before asking Toss to approve it.
 */
function PaymentSuccess() {
  const i18n = useI18n();
  const { t } = i18n;
  const [params] = useSearchParams();
  const paymentKey = params.get('paymentKey') ?? '';
  const orderId = params.get('orderId') ?? '';
  const amount = Number(params.get('amount'));
  const reservationId = params.get('reservationId') ?? '';
  const [confirm, confirmed] = useMutation(ConfirmPaymentDocument);
  const sent = useRef(false);

  useEffect(() => {
    // Once per visit (StrictMode runs effects twice); a repeated confirm would be answered from the record anyway.
    if (sent.current) return;
    sent.current = true;
    void confirm({ variables: { input: { paymentKey, orderId, amount } } }).catch(() => undefined);
  }, [confirm, paymentKey, orderId, amount]);

  const payment = confirmed.data?.confirmPayment;
  const pending = payment?.status === 'IN_PROGRESS';
  const polled = useQuery(PaymentStatusQueryDocument, {
    variables: { id: reservationId },
    skip: !pending || !reservationId,
    pollInterval: POLL_MS,
    fetchPolicy: 'network-only',
  });
  const status = polled.data?.reservation?.payment?.status ?? payment?.status;
  const ticketId = payment?.reservation.id ?? reservationId;

  if (confirmed.error) {
    return (
      <section className="page page--narrow payment-result" data-testid="payment-result" data-result="error">
        <PageTitle>{t('payment.fail.title')}</PageTitle>
        <h1>{t('payment.fail.title')}</h1>
        <p role="alert">{describeError(confirmed.error, i18n)}</p>
        {reservationId && (
          <Link className="button" to={`/checkout/${reservationId}`}>
            {t('payment.fail.retry')}
          </Link>
        )}
      </section>
    );
  }
  // One title per outcome: a declined card's tab must not say "paid", nor may one still being confirmed.
  if (!payment) {
    return (
      <>
        <PageTitle>{t('payment.confirming')}</PageTitle>
        <Loading label={t('payment.confirming')} />
      </>
    );
  }
  return (
    <section className="page page--narrow payment-result" data-testid="payment-result" data-result={status}>
      <PageTitle>{status === 'DONE' ? t('payment.success.title') : t('payment.pending.title')}</PageTitle>
      <h1>{status === 'DONE' ? t('payment.success.title') : t('payment.pending.title')}</h1>
      {status === 'DONE' ? (
        <p>{t('payment.success.body', { amount: i18n.money(payment.amount) })}</p>
      ) : (
        <Loading label={t('payment.pending.body')} />
      )}
      <Link className="button" to={`/me/reservations/${ticketId}`}>
        {t('checkout.toTicket')}
      </Link>
    </section>
  );
}
