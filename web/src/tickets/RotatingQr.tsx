import { CODE_STEP_SECONDS, codeStep, fromBase64Url, qrPayload } from '@tiketi/live-client';
import { QRCodeCanvas } from 'qrcode.react';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

/** Redraw this often: the code changes every 15 s step, the countdown every second. */
const TICK_MS = 1_000;

/**
 * A ticket's entry QR, made on the phone (issue 17): the signed credential plus a time code that changes every
 * 15 s step, derived from the ticket's own secret. It needs no network once the page has the credential and the
 * secret, and a screenshot stops verifying at the door within about 30 s. The moving bar shows a live screen at
 * a glance; `data-qr-payload` carries what the QR encodes (for tests and assistive tooling).
 */
export function RotatingQr({ credential, codeSecret }: { credential: string; codeSecret: string }) {
  const { t } = useI18n();
  const secret = useMemo(() => fromBase64Url(codeSecret), [codeSecret]);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), TICK_MS);
    return () => clearInterval(timer);
  }, []);
  if (!secret) return null;
  const payload = qrPayload(credential, secret, now);
  const step = codeStep(now);
  const left = Math.max(1, Math.ceil(((step + 1) * CODE_STEP_SECONDS * 1000 - now) / 1000));
  return (
    <figure className="rotating-qr" data-qr-payload={payload} data-code-step={step}>
      <div className="ticket__qr" data-testid="ticket-qr">
        <QRCodeCanvas value={payload} size={256} level="L" marginSize={4} title={t('ticket.qrLabel')} />
      </div>
      <div className="rotating-qr__bar" aria-hidden="true">
        <span style={{ width: `${(left / CODE_STEP_SECONDS) * 100}%` }} />
      </div>
      <figcaption className="hint">{t('ticket.qrRotates', { seconds: left })}</figcaption>
    </figure>
  );
}
