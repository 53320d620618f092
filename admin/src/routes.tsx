import type { RouteObject } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { NotFound, RouteError } from './components/States.tsx';

/** Pages load on first visit (each exports `Component`); the charts come with the dashboard only. */
export const routes: RouteObject[] = [
  { path: '/login', lazy: () => import('./pages/LogIn.tsx'), ErrorBoundary: RouteError },
  // The door: full screen, for the event's staff as well as admins (seating checks which).
  { path: '/scan/:eventId', lazy: () => import('./pages/Scanner.tsx'), ErrorBoundary: RouteError },
  {
    path: '/',
    Component: Layout,
    ErrorBoundary: RouteError,
    children: [
      {
        ErrorBoundary: RouteError,
        children: [
          { index: true, lazy: () => import('./pages/Dashboard.tsx') },
          { path: 'events', lazy: () => import('./pages/Events.tsx') },
          { path: 'events/new', lazy: () => import('./pages/NewEvent.tsx') },
          { path: 'events/:id', lazy: () => import('./pages/EventDetail.tsx') },
          { path: 'layouts', lazy: () => import('./pages/Layouts.tsx') },
          { path: 'catalog', lazy: () => import('./pages/CatalogData.tsx') },
          { path: 'news', lazy: () => import('./pages/News.tsx') },
          { path: 'partners', lazy: () => import('./pages/Partners.tsx') },
          { path: 'audit', lazy: () => import('./pages/Audit.tsx') },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
];
