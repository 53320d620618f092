import type { RouteObject } from 'react-router';
import { Layout } from './components/Layout.tsx';
import { Loading, NotFound, RouteError } from './components/States.tsx';

/**
 * Every page is its own chunk, loaded on first visit; the shell (layout, Apollo, router) is the initial
 * bundle. Page modules export `Component`.
 * The seat map (with its 5,000 live seats), checkout and the ticket (with the QR code library) load only there.
 */
export const routes: RouteObject[] = [
  {
    path: '/',
    Component: Layout,
    ErrorBoundary: RouteError,
    // Shown while the first page's chunk loads.
    HydrateFallback: Loading,
    children: [
      {
        // Errors of a page render inside the layout, so the header and language switch stay usable.
        ErrorBoundary: RouteError,
        children: [
          { index: true, lazy: () => import('./pages/Home.tsx') },
          { path: 'events/:id', lazy: () => import('./pages/Event.tsx') },
          { path: 'events/:id/queue', lazy: () => import('./pages/Queue.tsx') },
          { path: 'events/:id/seats', lazy: () => import('./pages/Seats.tsx') },
          { path: 'checkout/:id', lazy: () => import('./pages/Checkout.tsx') },
          { path: 'payments/success', lazy: () => import('./pages/PaymentSuccess.tsx') },
          { path: 'payments/fail', lazy: () => import('./pages/PaymentFail.tsx') },
          { path: 'me/reservations/:id', lazy: () => import('./pages/Reservation.tsx') },
          { path: 'me/tickets', lazy: () => import('./pages/Tickets.tsx') },
          { path: 'me/tickets/:id', lazy: () => import('./pages/Ticket.tsx') },
          { path: 'news', lazy: () => import('./pages/News.tsx') },
          { path: 'news/:id', lazy: () => import('./pages/NewsArticle.tsx') },
          { path: 'login', lazy: () => import('./pages/LogIn.tsx') },
          { path: 'signup', lazy: () => import('./pages/SignUp.tsx') },
          { path: 'me', lazy: () => import('./pages/MyPage.tsx') },
          { path: '*', Component: NotFound },
        ],
      },
    ],
  },
];
