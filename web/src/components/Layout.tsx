import { useQuery } from '@apollo/client/react';
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, ScrollRestoration, useLocation, useNavigation } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { useI18n } from '../i18n/index.tsx';
import { AccountLink } from './AccountLink.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';

const LayoutQueryDocument = graphql(`
  query LayoutQuery {
    me {
      id
      ...AccountLink_user
    }
  }
`);

export function Layout() {
  const { t } = useI18n();
  const navigation = useNavigation();
  const location = useLocation();
  const session = useSessionState();
  const main = useRef<HTMLElement>(null);
  const { data, loading } = useQuery(LayoutQueryDocument, { skip: session.phase === 'anonymous' });
  // On a phone the menu's links fold behind a button, so the header stays one row.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation closes the menu
  useEffect(() => setMenuOpen(false), [location.pathname]);

  // After a client-side navigation, move focus to the new content so keyboard and screen-reader users
  // start there (a full page load starts at the top by itself).
  const firstRender = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every path change by design
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.focus({ preventScroll: true });
  }, [location.pathname]);

  const me = session.phase === 'anonymous' ? null : data?.me;
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      {navigation.state === 'loading' && (
        <div className="progress" role="progressbar" aria-label={t('nav.loading')} />
      )}
      <header className="header">
        <div className="header__inner">
          <Link to="/" className="brand" aria-label={`${t('app.name')} — ${t('app.tagline')}`}>
            <span className="brand__mark" aria-hidden="true">
              T
            </span>
            <span className="brand__name">{t('app.name')}</span>
          </Link>
          <nav
            id="main-nav"
            className={menuOpen ? 'nav nav--open' : 'nav'}
            aria-label={t('nav.main')}
            onKeyDown={(e) => {
              if (e.key === 'Escape') setMenuOpen(false);
            }}
          >
            <NavLink
              to="/"
              end
              className={({ isActive }) =>
                isActive || location.pathname.startsWith('/events/') ? 'active' : ''
              }
            >
              {t('nav.events')}
            </NavLink>
            <NavLink to="/news">{t('nav.news')}</NavLink>
          </nav>
          <div className="header__tools">
            <LanguageSwitch />
            {me ? (
              <AccountLink user={me} />
            ) : session.phase === 'restoring' || (loading && !data) ? (
              <span className="account account--pending" aria-hidden="true" />
            ) : (
              <NavLink to="/login" className="account account--login">
                {t('nav.logIn')}
              </NavLink>
            )}
            <button
              type="button"
              className="menu-button"
              aria-expanded={menuOpen}
              aria-controls="main-nav"
              onClick={() => setMenuOpen((open) => !open)}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" width="20" height="20">
                <path
                  d="M4 7h16M4 12h16M4 17h16"
                  stroke="currentColor"
                  strokeWidth="2"
                  strokeLinecap="round"
                />
              </svg>
              <span className="visually-hidden">{t('nav.menu')}</span>
            </button>
          </div>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1} className="main">
        <Outlet />
      </main>
      <footer className="footer">
        <p>{t('app.footer')}</p>
      </footer>
      <ScrollRestoration />
    </div>
  );
}
