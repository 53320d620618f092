import type { AuthTokens } from '@tiketi/live-client/session';
import { useNavigate, useSearchParams } from 'react-router';
import { useSession } from './SessionProvider.tsx';

/** Only paths on this site: `?next=https://evil.example` or `//evil.example` must not redirect away. */
export function safeNext(next: string | null): string {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : '/';
}

/** After log-in, sign-up or Google: start the session and go where the buyer was headed. */
export function useCompleteSignIn() {
  const session = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  return (tokens: AuthTokens) => {
    session.begin({
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresIn: tokens.expiresIn,
    });
    void navigate(safeNext(params.get('next')), { replace: true });
  };
}
