import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { adminConfig } from './config.ts';
import { createAdminSession } from './session.ts';
import './styles.css';

// The composition root: the only place that reads the environment and touches browser globals for wiring.
const config = adminConfig(import.meta.env, window.location.origin);
const session = createAdminSession(config.graphqlUrl);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App graphqlUrl={config.graphqlUrl} session={session} />
  </StrictMode>,
);
