import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { Loading } from '../components/States.tsx';
import { useSessionState } from './SessionProvider.tsx';

/**
 * Pages for signed-in buyers: others are sent to log in and brought back afterwards. `leaving` turns the
 * redirect off while the page itself ends the session and navigates elsewhere (log-out). `offline` renders the
 * page while the session is still being restored — which never ends without a network: the tickets pages then
 * show the copy kept on the device.
 */
export function RequireSignIn({
  children,
  leaving = false,
  offline = false,
}: {
  children: ReactNode;
  leaving?: boolean;
  offline?: boolean;
}) {
  const session = useSessionState();
  const location = useLocation();
  if (session.phase === 'restoring' && offline) return children;
  if (session.phase === 'restoring' || (leaving && session.phase === 'anonymous')) return <Loading />;
  if (session.phase === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
