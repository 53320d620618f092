import { useApolloClient, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { flushSync } from 'react-dom';
import { Link, useNavigate } from 'react-router';
import { graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { useSession } from '../auth/SessionProvider.tsx';
import { ReservationListItem } from '../components/ReservationListItem.tsx';
import { ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';

const MyPageQueryDocument = graphql(`
  query MyPageQuery {
    me {
      id
      name
      email
      role
      createdAt
    }
  }
`);

const MyReservationsQueryDocument = graphql(`
  query MyReservationsQuery($first: Int, $after: String) {
    myReservations(first: $first, after: $after) {
      edges {
        cursor
        node {
          id
          ...ReservationListItem_reservation
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

const LogOutDocument = graphql(`
  mutation LogOut($refreshToken: String!) {
    logOut(refreshToken: $refreshToken)
  }
`);

export function Component() {
  const { t } = useI18n();
  const [leaving, setLeaving] = useState(false);
  return (
    <RequireSignIn leaving={leaving}>
      <PageTitle>{t('me.title')}</PageTitle>
      {/* Committed before the session ends, so the page does not bounce to log-in on its way out. */}
      <MyPage onLeave={() => flushSync(() => setLeaving(true))} />
    </RequireSignIn>
  );
}

function MyPage({ onLeave }: { onLeave(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const session = useSession();
  const client = useApolloClient();
  const navigate = useNavigate();
  const { data, error, refetch } = useQuery(MyPageQueryDocument, { fetchPolicy: 'cache-and-network' });
  const [loggingOut, setLoggingOut] = useState(false);

  const logOut = async () => {
    setLoggingOut(true);
    onLeave();
    const refreshToken = session.end();
    await navigate('/', { replace: true });
    // Revoke on the server too (the call needs no access token); if that fails, the token is gone from this
    // browser anyway and expires on its own.
    if (refreshToken) {
      await client.mutate({ mutation: LogOutDocument, variables: { refreshToken } }).catch(() => undefined);
    }
  };

  if (error && !data) return <ErrorState error={error} onRetry={() => void refetch()} />;
  const me = data?.me;
  if (!me) return <Loading />;
  return (
    <div className="page page--narrow">
      <h1>{t('me.title')}</h1>
      <section className="card" aria-labelledby="profile-title">
        <h2 id="profile-title">{t('me.profile')}</h2>
        <dl className="facts">
          <div>
            <dt>{t('me.name')}</dt>
            <dd data-testid="me-name">{me.name}</dd>
          </div>
          <div>
            <dt>{t('me.email')}</dt>
            <dd data-testid="me-email">{me.email}</dd>
          </div>
          <div>
            <dt>{t('me.role')}</dt>
            <dd>{t(`role.${me.role}`)}</dd>
          </div>
          <div>
            <dt>{t('me.memberSince')}</dt>
            <dd>
              <time dateTime={me.createdAt}>{i18n.date(me.createdAt)}</time>
            </dd>
          </div>
        </dl>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => void logOut()}
          disabled={loggingOut}
        >
          {loggingOut ? t('me.loggingOut') : t('me.logOut')}
        </button>
      </section>
      <Link className="card my-tickets-link" to="/me/tickets" data-testid="my-tickets-link">
        <span className="my-tickets-link__title">{t('me.tickets')}</span>
        <span className="hint">{t('me.ticketsHint')}</span>
      </Link>
      <Reservations />
    </div>
  );
}

function Reservations() {
  const { t } = useI18n();
  const { data, error, refetch, fetchMore, loading } = useQuery(MyReservationsQueryDocument, {
    variables: { first: 10 },
    fetchPolicy: 'cache-and-network',
  });
  const connection = data?.myReservations;
  return (
    <section className="card" aria-labelledby="reservations-title">
      <h2 id="reservations-title">{t('me.reservations.title')}</h2>
      {error && !data ? (
        <ErrorState error={error} onRetry={() => void refetch()} />
      ) : !connection ? (
        <Loading />
      ) : connection.edges.length === 0 ? (
        <p className="hint" data-testid="reservations-empty">
          {t('me.reservations.empty')}
        </p>
      ) : (
        <ul className="reservation-list" data-testid="reservations">
          {connection.edges.map(({ node }) => (
            <li key={node.id}>
              <ReservationListItem reservation={node} />
            </li>
          ))}
        </ul>
      )}
      {connection?.pageInfo.hasNextPage && (
        <button
          type="button"
          className="button button--secondary more"
          disabled={loading}
          onClick={() => void fetchMore({ variables: { after: connection.pageInfo.endCursor } })}
        >
          {t('common.loadMore')}
        </button>
      )}
    </section>
  );
}
