import { useQuery } from '@apollo/client/react';
import { useEffect, useRef } from 'react';
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
          <nav className="nav" aria-label={t('nav.main')}>
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
