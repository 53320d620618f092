import { ApolloProvider } from '@apollo/client/react';
import { createSession } from '@tiketi/live-client/session';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createBrowserRouter, RouterProvider } from 'react-router';
import { createApollo } from './apollo.ts';
import { AppContext } from './app-context.ts';
import { createRenewer } from './auth/renew.ts';
import { SessionProvider } from './auth/SessionProvider.tsx';
import { appConfig } from './config.ts';
import { I18nProvider } from './i18n/index.tsx';
import { registerOfflineShell } from './offline-shell.ts';
import { routes } from './routes.tsx';
import './styles.css';

// The composition root: the only place that reads the environment and touches browser globals for wiring.
const config = appConfig(import.meta.env, window.location.origin);

function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = browserStorage();
const session = createSession({
  renew: createRenewer(config.graphqlUrl),
  storage,
  events: window,
  locks:
    'locks' in navigator
      ? {
          request: <T,>(name: string, work: () => Promise<T>) =>
            navigator.locks.request(name, work) as Promise<T>,
        }
      : null,
});
const apollo = createApollo({
  httpUrl: config.graphqlUrl,
  wsUrl: config.graphqlWsUrl,
  session,
  events: window,
});
const router = createBrowserRouter(routes);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <AppContext value={{ config, live: apollo.live }}>
      <I18nProvider storage={storage}>
        <ApolloProvider client={apollo.client}>
          <SessionProvider session={session} client={apollo.client}>
            <RouterProvider router={router} />
          </SessionProvider>
        </ApolloProvider>
      </I18nProvider>
    </AppContext>
  </StrictMode>,
);

// The ticket page works offline once loaded (issue 17); development keeps Vite's own module serving.
if (import.meta.env.PROD) registerOfflineShell(window);
