import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { Provider } from 'urql';
import { createClient } from './client.ts';
import { routes } from './routes.tsx';
import type { Session, SessionState } from './session.ts';

const SessionContext = createContext<Session | null>(null);
const GraphqlUrlContext = createContext<string | null>(null);

/** The router's GraphQL URL: paths the API hands out (poster uploads, posters) are on its origin. */
export function useGraphqlUrl(): string {
  const url = useContext(GraphqlUrlContext);
  if (!url) throw new Error('useGraphqlUrl needs <App> above it');
  return url;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession needs <App> above it');
  return session;
}

export function useSessionState(): SessionState {
  const session = useSession();
  return useSyncExternalStore(session.subscribe, () => session.state);
}

const router = createBrowserRouter(routes);

export function App({ graphqlUrl, session }: { graphqlUrl: string; session: Session }) {
  const state = useSyncExternalStore(session.subscribe, () => session.state);
  // A new client (and so an empty cache) whenever the admin signs in or out; renewals keep it.
  const identity = state.phase === 'anonymous' ? 'anonymous' : 'signed-in';
  // biome-ignore lint/correctness/useExhaustiveDependencies: the identity is what makes a new client
  const client = useMemo(() => createClient(graphqlUrl, session), [graphqlUrl, session, identity]);
  return (
    <SessionContext value={session}>
      <GraphqlUrlContext value={graphqlUrl}>
        <Provider value={client}>
          <RouterProvider router={router} />
        </Provider>
      </GraphqlUrlContext>
    </SessionContext>
  );
}
