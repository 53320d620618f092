import { Link, useSearchParams } from 'react-router';
import { PageTitle } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';

/**
 * Where Toss (or the emulator) sends the buyer when the payment did not go through: the buyer cancelled
 * (`PAY_PROCESS_CANCELED`) or the card was refused before confirmation. Nothing was charged; the reservation
 * stays open until its checkout time runs out, so paying again is one click away.
 */
export function Component() {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const code = params.get('code') ?? '';
  const message = params.get('message');
  const reservationId = params.get('reservationId');
  return (
    <section className="page page--narrow payment-result" data-testid="payment-result" data-result="fail">
      <PageTitle>{t('payment.fail.title')}</PageTitle>
      <h1>{t('payment.fail.title')}</h1>
      <p role="alert">
        {code === 'PAY_PROCESS_CANCELED' ? t('payment.fail.cancelled') : t('payment.fail.body')}
      </p>
      {message && code !== 'PAY_PROCESS_CANCELED' && (
        <p className="hint">
          {message} ({code})
        </p>
      )}
      {reservationId && (
        <Link className="button" to={`/checkout/${reservationId}`}>
          {t('payment.fail.retry')}
        </Link>
      )}
    </section>
  );
}
