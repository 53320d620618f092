import { CODE_STEP_SECONDS, codeStep, fromBase64Url, qrPayload } from '@tiketi/live-client';
import { QRCodeCanvas } from 'qrcode.react';
import { useMemo } from 'react';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';

/** How often the countdown moves; the code itself changes only at a 15 s step. */
const TICK_MS = 250;

/**
 * A VALID ticket's rotating QR (issue 17): `<credential>.<code>`, the code of the current 15-second step made here
 * from the ticket's code secret (`qrPayload`, the same function the door verifies with), so it keeps rotating
 * offline. Drawn on a `<canvas>` (a screenshot or "save image" gives the scanner page a picture to read) with
 * `data-qr-payload` and `data-code-step` for tests. The moving ring around it (outside the code's quiet zone) and
 * the countdown make a live screen easy to tell from a screenshot; a screenshot stops verifying 15–30 s after it was taken anyway.
 */
export function TicketQr({ credential, codeSecret }: { credential: string; codeSecret: string }) {
  const { t } = useI18n();
  const now = useNow(TICK_MS);
  const secret = useMemo(() => fromBase64Url(codeSecret), [codeSecret]);
  const step = codeStep(now);
  // Recomputed once per step, not per tick.
  const payload = useMemo(
    () => (secret ? qrPayload(credential, secret, step * CODE_STEP_SECONDS * 1000) : null),
    [credential, secret, step],
  );
  if (!payload) return null;
  const stepMs = CODE_STEP_SECONDS * 1000;
  const left = stepMs - (now % stepMs);
  const seconds = Math.ceil(left / 1000);
  return (
    <figure className="ticket-qr" data-testid="ticket-qr-figure">
      <div className="ticket-qr__frame">
        <QRCodeCanvas
          value={payload}
          size={232}
          level="M"
          marginSize={4}
          className="ticket-qr__code"
          role="img"
          aria-label={t('ticket.qrLabel')}
          data-testid="ticket-qr"
          data-qr-payload={payload}
          data-code-step={step}
        />
      </div>
      <figcaption>
        <div
          className="ticket-qr__bar"
          role="progressbar"
          aria-label={t('ticket.qrRefresh')}
          aria-valuemin={0}
          aria-valuemax={CODE_STEP_SECONDS}
          aria-valuenow={seconds}
        >
          <span style={{ transform: `scaleX(${left / stepMs})` }} />
        </div>
        {/* Not announced: a screen reader reading a number every second would drown everything else. */}
        <p className="hint" aria-live="off" data-testid="qr-countdown">
          {t('ticket.qrCountdown', { seconds })}
        </p>
      </figcaption>
    </figure>
  );
}
