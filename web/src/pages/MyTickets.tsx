import { useQuery } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import type { MyTicketsQueryQuery } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { TicketCard } from '../tickets/TicketCard.tsx';

const MyTicketsQueryDocument = graphql(`
  query MyTicketsQuery {
    me {
      id
      tickets {
        id
        state
        event {
          id
          title
          startsAt
        }
        ...TicketCard_ticket
      }
    }
  }
`);

/** Where the last tickets this browser saw are kept, per account, for a door with no signal (issue 17). */
const storageKey = (userId: string) => `tiketi.tickets.v1.${userId}`;
const LAST_USER_KEY = 'tiketi.tickets.v1.last';

function stored(): MyTicketsQueryQuery | null {
  try {
    const userId = localStorage.getItem(LAST_USER_KEY);
    const text = userId ? localStorage.getItem(storageKey(userId)) : null;
    return text ? (JSON.parse(text) as MyTicketsQueryQuery) : null;
  } catch {
    return null;
  }
}

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn>
      <PageTitle>{t('tickets.title')}</PageTitle>
      <MyTickets />
    </RequireSignIn>
  );
}

/**
 * Every ticket of the signed-in holder, by event, the live ones first. The answer is kept in localStorage: at a
 * door with no signal the page still shows the tickets it last saw, and their QR codes keep rotating (they are
 * made on the phone from the credential and the ticket's secret).
 */
function MyTickets() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, error, refetch } = useQuery(MyTicketsQueryDocument, { fetchPolicy: 'cache-and-network' });
  useEffect(() => {
    if (!data?.me) return;
    try {
      localStorage.setItem(storageKey(data.me.id), JSON.stringify(data));
      localStorage.setItem(LAST_USER_KEY, data.me.id);
    } catch {
      // Private mode or a full quota: the page still works online.
    }
  }, [data]);
  const offline = !data && error ? stored() : null;
  const shown = data ?? offline;
  const events = useMemo(() => {
    const byEvent = new Map<
      string,
      { title: string; startsAt: string; tickets: NonNullable<MyTicketsQueryQuery['me']>['tickets'] }
    >();
    for (const ticket of shown?.me?.tickets ?? []) {
      const entry = byEvent.get(ticket.event.id) ?? {
        title: ticket.event.title,
        startsAt: ticket.event.startsAt,
        tickets: [],
      };
      entry.tickets.push(ticket);
      byEvent.set(ticket.event.id, entry);
    }
    const live = (e: { tickets: { state: string }[] }) => e.tickets.some((x) => x.state === 'VALID');
    return [...byEvent.entries()].sort(
      ([, a], [, b]) => Number(live(b)) - Number(live(a)) || a.startsAt.localeCompare(b.startsAt),
    );
  }, [shown]);

  if (!shown) return error ? <ErrorState error={error} onRetry={() => void refetch()} /> : <Loading />;
  return (
    <div
      className="page page--narrow my-tickets"
      data-testid="my-tickets"
      data-offline={offline ? 'true' : 'false'}
    >
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/me">{t('me.title')}</Link>
      </nav>
      <h1>{t('tickets.title')}</h1>
      {offline && (
        <p className="notice" role="status" data-testid="tickets-offline">
          {t('tickets.offline')}
        </p>
      )}
      {events.length === 0 ? (
        <p className="hint">{t('tickets.empty')}</p>
      ) : (
        events.map(([eventId, event]) => (
          <section key={eventId} className="tickets" aria-labelledby={`tickets-${eventId}`}>
            <h2 id={`tickets-${eventId}`}>
              <Link to={`/events/${eventId}`}>{event.title}</Link>
            </h2>
            <p className="hint">{i18n.dateTime(event.startsAt)}</p>
            {event.tickets.map((ticket) => (
              <TicketCard key={ticket.id} ticket={ticket} />
            ))}
          </section>
        ))
      )}
    </div>
  );
}
