import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';

interface GoogleIdentity {
  accounts: {
    id: {
      initialize(options: { client_id: string; callback(response: { credential: string }): void }): void;
      renderButton(
        parent: HTMLElement,
        options: {
          theme?: string;
          size?: string;
          text?: string;
          shape?: string;
          locale?: string;
          width?: number;
        },
      ): void;
    };
  };
}

const SCRIPT_URL = 'https://accounts.google.com/gsi/client';
let loading: Promise<GoogleIdentity> | null = null;

/** Loads Google Identity Services once, on the first page that shows the button. */
function loadGoogleIdentity(): Promise<GoogleIdentity> {
  loading ??= new Promise<GoogleIdentity>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = SCRIPT_URL;
    script.async = true;
    script.onload = () => {
      const google = (window as { google?: GoogleIdentity }).google;
      if (google) resolve(google);
      else reject(new Error('Google Identity Services did not load'));
    };
    script.onerror = () => {
      loading = null;
      reject(new Error('Google Identity Services could not be fetched'));
    };
    document.head.append(script);
  });
  return loading;
}

/**
 * Google's own button (Identity Services). It hands us an ID token, which `logInWithGoogle` verifies on the
 * server. Rendered only when VITE_GOOGLE_CLIENT_ID is set.
 */
export function GoogleSignIn({
  clientId,
  onCredential,
}: {
  clientId: string;
  onCredential(idToken: string): void;
}) {
  const { t, locale } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const [failed, setFailed] = useState(false);
  const callback = useRef(onCredential);
  callback.current = onCredential;

  useEffect(() => {
    let cancelled = false;
    loadGoogleIdentity()
      .then((google) => {
        if (cancelled || !container.current) return;
        google.accounts.id.initialize({
          client_id: clientId,
          callback: (r) => callback.current(r.credential),
        });
        google.accounts.id.renderButton(container.current, {
          theme: 'outline',
          size: 'large',
          text: 'continue_with',
          shape: 'pill',
          locale,
          width: Math.min(360, container.current.clientWidth || 320),
        });
      })
      .catch(() => {
        if (!cancelled) setFailed(true);
      });
    return () => {
      cancelled = true;
    };
  }, [clientId, locale]);

  if (failed) return <p className="hint">{t('auth.google.unavailable')}</p>;
  return <div ref={container} className="google-button" data-testid="google-sign-in" />;
}
