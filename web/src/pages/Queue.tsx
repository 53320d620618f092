import { useApolloClient, useMutation, useQuery, useSubscription } from '@apollo/client/react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { getFragmentData, graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { remaining } from '../components/SeatSelection.tsx';
import { ErrorState, Loading, PageTitle } from '../components/States.tsx';
import { describeError, problemOf } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { CHALLENGE_CODES, hasPreparedJoinProof, takeJoinProof } from '../pow/proof-of-work.ts';
import { useLiveState } from '../seatmap/live-seats.ts';
import { type ShownEta, steadyEta } from './queue-eta.ts';

const QueueTicket_ticket = graphql(`
  fragment QueueTicket_ticket on QueueTicket {
    eventId
    state
    position
    etaSeconds
    admissionPass
    opensAt
  }
`);

const QueuePageQueryDocument = graphql(`
  query QueuePageQuery($id: ID!) {
    event(id: $id) {
      id
      title
      titleEn
      queue {
        enabled
        paused
        waiting
      }
    }
  }
`);

const JoinQueueDocument = graphql(`
  mutation JoinQueue($eventId: ID!, $proof: String) {
    joinQueue(eventId: $eventId, proof: $proof) {
      ...QueueTicket_ticket
    }
  }
`);

const LeaveQueueDocument = graphql(`
  mutation LeaveQueue($eventId: ID!) {
    leaveQueue(eventId: $eventId)
  }
`);

const QueuePositionDocument = graphql(`
  subscription QueuePosition($eventId: ID!) {
    queuePosition(eventId: $eventId) {
      ...QueueTicket_ticket
    }
  }
`);

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn>
      <PageTitle>{t('queue.title')}</PageTitle>
      <WaitingRoom />
    </RequireSignIn>
  );
}

/**
 * The waiting room: joins the line on arrival (idempotent: a reload keeps the place), shows the live position
 * and ETA pushed by `queuePosition`, and opens the seat map by itself once admitted. A newcomer presents a
 * solved proof-of-work challenge (prepared on the event page when it could be, else solved here in a Web Worker).
 */
function WaitingRoom() {
  const i18n = useI18n();
  const { t } = i18n;
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const liveState = useLiveState();
  const event = useQuery(QueuePageQueryDocument, { variables: { id } });
  const [join, joined] = useMutation(JoinQueueDocument);
  const [leave] = useMutation(LeaveQueueDocument);
  // The subscription starts after the join: subscribing without being in the room is NOT_FOUND.
  const live = useSubscription(QueuePositionDocument, { variables: { eventId: id }, skip: !joined.data });
  const firstPosition = useRef<number | null>(null);
  const client = useApolloClient();
  const [checking, setChecking] = useState(false);

  const enter = useCallback(async () => {
    // A buyer already in the room rejoins without a proof; a proof prepared on the event page goes along anyway.
    const ready = hasPreparedJoinProof(id) ? await takeJoinProof(client, id).catch(() => null) : null;
    try {
      await join({ variables: { eventId: id, proof: ready } });
      return;
    } catch (error) {
      const problem = problemOf(error);
      if (problem.kind !== 'api' || !CHALLENGE_CODES.has(problem.code)) return;
    }
    setChecking(true);
    try {
      await join({ variables: { eventId: id, proof: await takeJoinProof(client, id) } });
    } catch {
      // shown from `joined.error`
    } finally {
      setChecking(false);
    }
  }, [join, id, client]);

  useEffect(() => {
    void enter();
  }, [enter]);

  const latest = live.data?.queuePosition ?? joined.data?.joinQueue;
  const ticket = latest ? getFragmentData(QueueTicket_ticket, latest) : undefined;
  if (ticket?.position != null && firstPosition.current === null) firstPosition.current = ticket.position;
  const shownEta = useRef<ShownEta | null>(null);
  if (ticket?.state === 'WAITING') {
    shownEta.current = steadyEta(shownEta.current, {
      position: ticket.position ?? null,
      etaSeconds: ticket.etaSeconds ?? null,
    });
  }
  const etaSeconds = shownEta.current?.etaSeconds ?? null;

  useEffect(() => {
    if (ticket?.state === 'ADMITTED') void navigate(`/events/${id}/seats`, { replace: true });
  }, [ticket?.state, navigate, id]);

  if (event.error && !event.data)
    return <ErrorState error={event.error} onRetry={() => void event.refetch()} />;
  if (checking) return <Loading label={t('queue.checking')} />;
  if (joined.error) {
    return (
      <section className="page page--narrow">
        <h1>{t('queue.title')}</h1>
        <p className="form-problem" role="alert">
          {describeError(joined.error, i18n)}
        </p>
        <Link className="button" to={`/events/${id}`}>
          {t('queue.back')}
        </Link>
      </section>
    );
  }
  if (!ticket || !event.data?.event) return <Loading label={t('queue.joining')} />;
  const title = i18n.pick(event.data.event.title, event.data.event.titleEn);
  const progress =
    ticket.position != null && firstPosition.current
      ? 1 - (ticket.position - 1) / Math.max(1, firstPosition.current)
      : 0;

  const rejoin = () => void enter();
  const leaveLine = async () => {
    await leave({ variables: { eventId: id } }).catch(() => undefined);
    await navigate(`/events/${id}`);
  };

  return (
    <section className="page page--narrow queue" data-testid="queue" data-state={ticket.state}>
      <p className="queue__event">{title}</p>
      <h1>{t('queue.title')}</h1>
      {ticket.state === 'WAITING' && (
        <>
          {ticket.position != null ? (
            <p className="queue__position" data-testid="queue-position">
              {t('queue.position', { position: ticket.position })}
            </p>
          ) : (
            <p className="queue__position">{t('queue.preQueue')}</p>
          )}
          {ticket.opensAt && <p>{t('queue.opensAt', { date: i18n.dateTime(ticket.opensAt) })}</p>}
          <div
            className="queue__bar"
            role="progressbar"
            aria-label={t('queue.progress')}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(progress * 100)}
          >
            <span style={{ width: `${Math.round(progress * 100)}%` }} />
          </div>
          <p className="queue__eta" data-testid="queue-eta">
            {etaSeconds != null
              ? t('queue.eta', { time: remaining(i18n, etaSeconds * 1000) })
              : t('queue.etaUnknown')}
          </p>
          {event.data.event.queue.paused && <p className="hint">{t('queue.paused')}</p>}
          <p className="hint">{t('queue.keepOpen')}</p>
        </>
      )}
      {ticket.state === 'ADMITTED' && <Loading label={t('queue.admitted')} />}
      {(ticket.state === 'EXPIRED' || ticket.state === 'LEFT') && (
        <>
          <p role="alert">{t(ticket.state === 'EXPIRED' ? 'queue.expired' : 'queue.left')}</p>
          <button type="button" className="button" onClick={rejoin}>
            {t('queue.rejoin')}
          </button>
        </>
      )}
      <p className="live" data-live={liveState}>
        <span className="live__dot" aria-hidden="true" />
        {t(`live.${liveState}`)}
      </p>
      {ticket.state === 'WAITING' && (
        <button type="button" className="button button--ghost" onClick={() => void leaveLine()}>
          {t('queue.leave')}
        </button>
      )}
    </section>
  );
}
