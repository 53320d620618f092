import { useMutation, useQuery } from '@apollo/client/react';
import { useEffect, useMemo } from 'react';
import { Link } from 'react-router';
import { getFragmentData, graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { TicketListItem, TicketView_ticket, type TicketViewRef } from '../components/TicketView.tsx';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { storedTickets, storeTickets } from '../tickets/offline.ts';

const TicketsPageQueryDocument = graphql(`
  query TicketsPageQuery {
    me {
      id
      tickets {
        id
        ...TicketView_ticket
      }
      incomingTicketTransfers {
        id
        status
        seatLabel
        createdAt
        event {
          id
          title
          titleEn
          startsAt
        }
      }
    }
  }
`);

const AcceptTicketTransferDocument = graphql(`
  mutation AcceptTicketTransfer($transferId: ID!) {
    acceptTicketTransfer(transferId: $transferId) {
      id
      status
      newTicket {
        id
      }
    }
  }
`);

const DeclineTicketTransferDocument = graphql(`
  mutation DeclineTicketTransfer($transferId: ID!) {
    declineTicketTransfer(transferId: $transferId) {
      id
      status
    }
  }
`);

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn offline>
      <PageTitle>{t('tickets.title')}</PageTitle>
      <TicketsPage />
    </RequireSignIn>
  );
}

interface EventGroup {
  eventId: string;
  title: string;
  startsAt: string;
  tickets: TicketViewRef[];
}

/** Tickets by event, in the order the server lists them (newest first), each event once. */
function groupByEvent(tickets: readonly TicketViewRef[], pick: (ko: string, en?: string | null) => string) {
  const groups = new Map<string, EventGroup>();
  for (const ref of tickets) {
    const ticket = getFragmentData(TicketView_ticket, ref);
    let group = groups.get(ticket.event.id);
    if (!group) {
      group = {
        eventId: ticket.event.id,
        title: pick(ticket.event.title, ticket.event.titleEn),
        startsAt: ticket.event.startsAt,
        tickets: [],
      };
      groups.set(ticket.event.id, group);
    }
    group.tickets.push(ref);
  }
  return [...groups.values()];
}

function TicketsPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { data, error, refetch } = useQuery(TicketsPageQueryDocument, { fetchPolicy: 'cache-and-network' });
  const me = data?.me;

  // Every answer replaces the copy on the device: the ticket page works offline from it.
  useEffect(() => {
    if (me) storeTickets(me.id, me.tickets as unknown as { id: string }[]);
  }, [me]);

  // No answer (offline, or the router is down): the copy kept on the device, if there is one.
  const stored = useMemo(() => (error && !me ? storedTickets() : null), [error, me]);
  const tickets = (me?.tickets ?? stored?.tickets ?? null) as TicketViewRef[] | null;
  const groups = useMemo(() => (tickets ? groupByEvent(tickets, i18n.pick) : []), [tickets, i18n.pick]);

  if (error && !me && !stored) return <ErrorState error={error} onRetry={() => void refetch()} />;
  if (!tickets) return <Loading />;
  return (
    <div className="page page--narrow tickets" data-testid="tickets" data-source={me ? 'network' : 'device'}>
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/me">{t('me.title')}</Link>
      </nav>
      <h1>{t('tickets.title')}</h1>
      {stored && (
        <p className="notice" role="status" data-testid="tickets-offline">
          {t('tickets.offline', { time: i18n.dateTime(stored.savedAt) })}
        </p>
      )}
      {me && me.incomingTicketTransfers.length > 0 && (
        <IncomingTransfers transfers={me.incomingTicketTransfers} onDone={() => void refetch()} />
      )}
      {groups.length === 0 ? (
        <p className="hint" data-testid="tickets-empty">
          {t('tickets.empty')}
        </p>
      ) : (
        groups.map((group) => (
          <section
            key={group.eventId}
            className="card"
            aria-labelledby={`tickets-${group.eventId}`}
            data-event-id={group.eventId}
          >
            <h2 id={`tickets-${group.eventId}`}>{group.title}</h2>
            <p className="hint">
              <time dateTime={group.startsAt}>{i18n.dateTime(group.startsAt)}</time>
            </p>
            <ul className="reservation-list">
              {group.tickets.map((ref) => (
                <li key={getFragmentData(TicketView_ticket, ref).id}>
                  <TicketListItem ticket={ref} />
                </li>
              ))}
            </ul>
          </section>
        ))
      )}
    </div>
  );
}

interface Incoming {
  id: string;
  seatLabel: string;
  createdAt: string;
  event: { id: string; title: string; titleEn?: string | null; startsAt: string };
}

/** Tickets someone offered to this account: accept (the ticket becomes yours) or decline. */
function IncomingTransfers({ transfers, onDone }: { transfers: readonly Incoming[]; onDone(): void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [accept, accepted] = useMutation(AcceptTicketTransferDocument);
  const [decline, declined] = useMutation(DeclineTicketTransferDocument);
  const busy = accepted.loading || declined.loading;
  const problem = accepted.error ?? declined.error;
  return (
    <section className="card incoming" aria-labelledby="incoming-title" data-testid="incoming-transfers">
      <h2 id="incoming-title">{t('transfer.incoming.title')}</h2>
      {problem && (
        <p className="form-problem" role="alert">
          {describeError(problem, i18n)}
        </p>
      )}
      <ul className="reservation-list">
        {transfers.map((transfer) => (
          <li key={transfer.id} className="incoming__item" data-transfer-id={transfer.id}>
            <p className="reservation-item__title">
              {i18n.pick(transfer.event.title, transfer.event.titleEn)}
            </p>
            <p className="reservation-item__meta">
              {transfer.seatLabel} ·{' '}
              <time dateTime={transfer.event.startsAt}>{i18n.dateTime(transfer.event.startsAt)}</time>
            </p>
            <div className="actions">
              <button
                type="button"
                className="button"
                disabled={busy}
                onClick={() =>
                  void accept({ variables: { transferId: transfer.id } }).then(onDone, () => undefined)
                }
              >
                {t('transfer.incoming.accept')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                onClick={() =>
                  void decline({ variables: { transferId: transfer.id } }).then(onDone, () => undefined)
                }
              >
                {t('transfer.incoming.decline')}
              </button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
