import { useEffect, useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../__generated__/index.ts';
import { useSession, useSessionState } from '../App.tsx';
import { errorMessage } from '../format.ts';
import { ErrorState, Loading } from './States.tsx';

const AdminMeQuery = graphql(`
  query AdminMe {
    me {
      id
      name
      email
      role
    }
  }
`);

export const LogOutMutation = graphql(`
  mutation AdminLogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken)
  }
`);

/** Ends the session here at once and revokes it at auth (a failed revocation still leaves this tab signed out). */
export function useLogOut() {
  const session = useSession();
  const navigate = useNavigate();
  const [, logOut] = useMutation(LogOutMutation);
  return async () => {
    const refreshToken = session.end();
    await navigate('/login', { replace: true });
    if (refreshToken) await logOut({ refreshToken });
  };
}

/**
 * Every page but log-in: signed in as an admin, or sent to log in. The role is checked here only to show the
 * right screen; every admin operation is checked again by the subgraph that runs it.
 */
export function Layout() {
  const state = useSessionState();
  const location = useLocation();
  const logOut = useLogOut();
  // Below a laptop's width the menu folds behind a button (styles.css), and closes on every navigation.
  const [menuOpen, setMenuOpen] = useState(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a navigation closes the menu
  useEffect(() => setMenuOpen(false), [location.pathname]);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: AdminMeQuery,
    pause: state.phase === 'anonymous',
    requestPolicy: 'cache-and-network',
  });

  if (state.phase === 'anonymous') {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={`/login${next === '/' ? '' : `?next=${encodeURIComponent(next)}`}`} replace />;
  }
  if (error && !data) {
    return (
      <ErrorState message={errorMessage(error)!} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
    );
  }
  const me = data?.me;
  if (!me) return fetching || !data ? <Loading /> : <Navigate to="/login" replace />;
  if (me.role !== 'ADMIN') {
    return (
      <div className="page page--narrow">
        <h1>관리자 권한이 없습니다</h1>
        <p>{me.email} 계정은 관리자가 아닙니다. 관리자 계정으로 다시 로그인하세요.</p>
        <button type="button" className="button" onClick={() => void logOut()}>
          로그아웃
        </button>
      </div>
    );
  }
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">TIKETI 관리자</span>
        <button
          type="button"
          className="menu-button"
          aria-expanded={menuOpen}
          aria-controls="admin-nav"
          onClick={() => setMenuOpen((open) => !open)}
        >
          메뉴
        </button>
        <nav
          id="admin-nav"
          aria-label="관리 메뉴"
          className={menuOpen ? 'is-open' : undefined}
          onKeyDown={(e) => {
            if (e.key === 'Escape') setMenuOpen(false);
          }}
        >
          <NavLink to="/" end>
            대시보드
          </NavLink>
          <NavLink to="/events">이벤트</NavLink>
          <NavLink to="/layouts">좌석 배치</NavLink>
          <NavLink to="/catalog">공연장·아티스트</NavLink>
          <NavLink to="/news">소식</NavLink>
          <NavLink to="/partners">파트너 API</NavLink>
          <NavLink to="/audit">감사 기록</NavLink>
        </nav>
        <span className="topbar__me" data-testid="admin-name">
          {me.name}
        </span>
        <button type="button" className="button button--secondary" onClick={() => void logOut()}>
          로그아웃
        </button>
      </header>
      <main>
        <Outlet />
      </main>
    </div>
  );
}
