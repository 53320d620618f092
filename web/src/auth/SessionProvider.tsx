import type { ApolloClient } from '@apollo/client';
import type { Session, SessionState } from '@tiketi/live-client/session';
import { createContext, type ReactNode, useContext, useEffect, useSyncExternalStore } from 'react';
import { forgetTickets } from '../tickets/offline.ts';

const SessionContext = createContext<Session | null>(null);

/**
 * Makes the session available to components, and keeps the cache to one identity: when the buyer becomes
 * someone else (log-in, log-out, a session ended by auth, another tab), cached answers are dropped and the
 * queries on screen refetched, and at sign-out the tickets kept on the device are forgotten.
 */
export function SessionProvider({
  session,
  client,
  children,
}: {
  session: Session;
  client: ApolloClient;
  children: ReactNode;
}) {
  useEffect(() => {
    let previous = session.state.phase;
    return session.subscribe(() => {
      const next = session.state.phase;
      // restoring → anonymous changes nothing cached: requests made while restoring waited and went anonymous.
      const changed =
        (previous === 'anonymous' && next !== 'anonymous') ||
        (previous === 'signed-in' && next === 'anonymous');
      // Signed out (log-out, or auth refused the session): the tickets kept for offline use go too.
      if (previous !== 'anonymous' && next === 'anonymous') forgetTickets();
      previous = next;
      if (changed) client.resetStore().catch(() => undefined);
    });
  }, [session, client]);
  return <SessionContext value={session}>{children}</SessionContext>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs a <SessionProvider> above it');
  return session;
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, () => session.state);
}
