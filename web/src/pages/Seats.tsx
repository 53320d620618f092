import { useApolloClient, useQuery } from '@apollo/client/react';
import { unpackLayout } from '@tiketi/live-client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, Navigate, useLocation, useNavigate, useParams } from 'react-router';
import type { ResaleListingsQueryQuery, SeatsQueryQuery } from '../__generated__/graphql.ts';
import { type FragmentType, graphql } from '../__generated__/index.ts';
import { useSessionState } from '../auth/SessionProvider.tsx';
import { HoldPanel, type HoldPanel_hold } from '../components/HoldPanel.tsx';
import { seatLabel } from '../components/labels.ts';
import { SeatMap, type TicketTypeInfo } from '../components/SeatMap.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { describeError, hasCode, problemOf, unavailableSeatIds } from '../errors.ts';
import { useNow } from '../hooks.ts';
import { useI18n } from '../i18n/index.tsx';
import { useLiveSeats, useLiveState, useStoreRevision } from '../seatmap/live-seats.ts';
import { tierColors } from '../seatmap/palette.ts';
import { MARK_DATA } from '../seatmap/renderer.ts';
import type { SeatStore } from '../seatmap/store.ts';

const SeatsQueryDocument = graphql(`
  query SeatsQuery($id: ID!) {
    event(id: $id) {
      id
      title
      titleEn
      status
      startsAt
      saleStartsAt
      venue {
        id
        name
        nameEn
      }
      ticketTypes {
        id
        name
        code
        price
        color
      }
      seatMap {
        version
        statusCodes
        layout {
          revision
          seats
        }
        ...SeatMap_seatMap
      }
    }
  }
`);

const SeatsQueueStateDocument = graphql(`
  query SeatsQueueState($id: ID!) {
    event(id: $id) {
      id
      queue {
        enabled
      }
    }
  }
`);

const SeatsQueueTicketDocument = graphql(`
  query SeatsQueueTicket($eventId: ID!) {
    myQueueTicket(eventId: $eventId) {
      eventId
      state
      admissionPass
    }
  }
`);

const SeatHoldQueryDocument = graphql(`
  query SeatHoldQuery($id: ID!) {
    seatHold(id: $id) {
      id
      seats {
        id
      }
      ...HoldPanel_hold
    }
  }
`);

const HoldSeatsDocument = graphql(`
  mutation HoldSeats($input: HoldSeatsInput!) {
    holdSeats(input: $input) {
      id
      seats {
        id
      }
      ...HoldPanel_hold
    }
  }
`);

const HoldBestAvailableDocument = graphql(`
  mutation HoldBestAvailable($eventId: ID!, $ticketTypeId: ID!, $quantity: Int!, $admissionPass: String) {
    holdBestAvailable(
      eventId: $eventId
      ticketTypeId: $ticketTypeId
      quantity: $quantity
      admissionPass: $admissionPass
    ) {
      id
      seats {
        id
      }
      ...HoldPanel_hold
    }
  }
`);

// Resale seats (issue 17): their seats stay SOLD in the seat map; the listings say which can be bought again.
// Asked on their own and every 10 s (a listing changes no seat status, so the live feed says nothing).
const ResaleListingsQueryDocument = graphql(`
  query ResaleListingsQuery($id: ID!) {
    event(id: $id) {
      id
      resaleListings {
        id
        seatId
        price
        inCheckout
        seat {
          id
          label
          section
          row
          number
          ticketType {
            id
            name
            price
          }
        }
      }
    }
  }
`);

const HoldResaleListingDocument = graphql(`
  mutation HoldResaleListing($listingId: ID!, $admissionPass: String) {
    holdResaleListing(listingId: $listingId, admissionPass: $admissionPass) {
      id
      seats {
        id
      }
      ...HoldPanel_hold
    }
  }
`);

const RESALE_POLL_MS = 10_000;

type ResaleListing = NonNullable<ResaleListingsQueryQuery['event']>['resaleListings'][number];

const ReleaseHoldDocument = graphql(`
  mutation ReleaseHold($holdId: ID!) {
    releaseHold(holdId: $holdId)
  }
`);

const CreateReservationDocument = graphql(`
  mutation CreateReservation($holdId: ID!) {
    createReservation(holdId: $holdId) {
      id
      status
    }
  }
`);

const QueueHeartbeatDocument = graphql(`
  mutation QueueHeartbeat($eventId: ID!) {
    queueHeartbeat(eventId: $eventId) {
      eventId
      state
    }
  }
`);

/**
 * Most seats one buyer may pick at once: seating's default `SEAT_LIMIT_PER_BUYER`. The server enforces the
 * real limit (`SEAT_LIMIT_EXCEEDED`); this only keeps the buyer from picking seats that would be refused.
 */
const MAX_PICK = 4;
/** An admitted buyer's slot ends after 120 s without activity (queue's `QUEUE_IDLE_SECONDS`). */
const HEARTBEAT_MS = 30_000;

interface Hold {
  id: string;
  seatIds: string[];
  panel: FragmentType<typeof HoldPanel_hold>;
}

/** What the buyer is doing with the seats right now. */
type Step =
  | { phase: 'picking' }
  | { phase: 'holding' }
  | { phase: 'held'; hold: Hold }
  | { phase: 'reserving'; hold: Hold };

const holdKey = (eventId: string) => `tiketi.hold.${eventId}`;
const picksKey = (eventId: string) => `tiketi.picks.${eventId}`;

/**
 * The hold id, in localStorage: seating has no "my holds" query, so another tab (or the browser after a restart)
 * finds the buyer's live hold by this id and reads it back with `seatHold`, which answers only the buyer who
 * holds it and only while it is live — another account on the same browser gets null and forgets it.
 */
function rememberHold(eventId: string, holdId: string | null) {
  try {
    if (holdId) localStorage.setItem(holdKey(eventId), holdId);
    else localStorage.removeItem(holdKey(eventId));
  } catch {
    // storage refused (private mode): a reload then forgets the hold, which still expires on its own
  }
}

function rememberedHold(eventId: string): string | null {
  try {
    return localStorage.getItem(holdKey(eventId));
  } catch {
    return null;
  }
}

/** Seats picked by a signed-out buyer sent to log in: this tab only, picked again on return. */
function rememberPicks(eventId: string, seatIds: readonly string[]) {
  try {
    sessionStorage.setItem(picksKey(eventId), JSON.stringify(seatIds));
  } catch {
    // storage refused: the buyer picks again after logging in
  }
}

function takePicks(eventId: string): string[] {
  try {
    const raw = sessionStorage.getItem(picksKey(eventId));
    sessionStorage.removeItem(picksKey(eventId));
    const ids: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** Data objects already marked: the mark is where "time to first draw" starts (bench:seatmap). */
const marked = new WeakSet<object>();

const toHold = (
  hold: { id: string; seats: { id: string }[] } & FragmentType<typeof HoldPanel_hold>,
): Hold => ({
  id: hold.id,
  seatIds: hold.seats.map((s) => s.id),
  panel: hold,
});

export function Component() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const session = useSessionState();
  const { data, error, refetch } = useQuery(SeatsQueryDocument, {
    variables: { id },
    // 5,000 seats are kept in the seat store, not normalised into the cache.
    fetchPolicy: 'no-cache',
  });
  // Asked on its own: if the waiting room cannot be reached, the map still works (seating checks passes itself).
  const queueState = useQuery(SeatsQueueStateDocument, { variables: { id }, fetchPolicy: 'network-only' });
  const queueOn = queueState.data?.event?.queue.enabled ?? false;
  const ticket = useQuery(SeatsQueueTicketDocument, {
    variables: { eventId: id },
    skip: !queueOn || session.phase !== 'signed-in',
    fetchPolicy: 'network-only',
  });

  if (error && !data) {
    const problem = problemOf(error);
    if (problem.kind === 'api' && (problem.code === 'BAD_USER_INPUT' || problem.code === 'NOT_FOUND')) {
      return <NotFound title={t('event.notFound.title')} body={t('event.notFound.body')} />;
    }
    return <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (data && !marked.has(data)) {
    marked.add(data);
    performance.mark(MARK_DATA);
  }
  if (!data || (queueState.loading && !queueState.data)) return <Loading label={t('seatMap.loading')} />;
  const event = data.event;
  if (!event) return <NotFound title={t('event.notFound.title')} body={t('event.notFound.body')} />;

  // The waiting room is on: only admitted buyers pick seats, with their pass.
  let admissionPass: string | null = null;
  if (queueOn && saleOf(event, Date.now()).kind === 'open') {
    if (session.phase === 'restoring' || ticket.loading) return <Loading />;
    const mine = ticket.data?.myQueueTicket;
    if (session.phase !== 'signed-in' || mine?.state !== 'ADMITTED' || !mine.admissionPass) {
      return <Navigate to={`/events/${id}/queue`} replace />;
    }
    admissionPass = mine.admissionPass;
  }
  return <SeatsPage event={event} admissionPass={admissionPass} />;
}

type SeatsEvent = NonNullable<SeatsQueryQuery['event']>;

/** Whether seats can be held now: the event's (effective) status, and its start against the clock. */
type Sale =
  | { kind: 'open' }
  | { kind: 'opens-later' }
  | { kind: 'closed'; reason: 'ended' | 'cancelled' | 'draft' };

function saleOf(event: { status: string; startsAt: string }, now: number): Sale {
  if (event.status === 'CANCELLED') return { kind: 'closed', reason: 'cancelled' };
  if (event.status === 'DRAFT') return { kind: 'closed', reason: 'draft' };
  // A page left open past the start: the status it loaded with is stale.
  if (event.status === 'ENDED' || new Date(event.startsAt).getTime() <= now)
    return { kind: 'closed', reason: 'ended' };
  if (event.status === 'SCHEDULED') return { kind: 'opens-later' };
  return { kind: 'open' };
}

function SeatsPage({ event, admissionPass }: { event: SeatsEvent; admissionPass: string | null }) {
  const i18n = useI18n();
  const { t } = i18n;
  const client = useApolloClient();
  const navigate = useNavigate();
  const location = useLocation();
  const session = useSessionState();
  const liveState = useLiveState();
  const { version, statusCodes, layout } = event.seatMap;
  const seats = useMemo(() => unpackLayout(layout.seats), [layout.seats]);
  const snapshot = useMemo(
    () => ({ version, revision: layout.revision, ids: seats.map((s) => s.id), statusCodes }),
    [version, layout.revision, seats, statusCodes],
  );
  const { store, problem: liveProblem } = useLiveSeats(event.id, snapshot);
  const [step, setStep] = useState<Step>({ phase: 'picking' });
  const resale = useQuery(ResaleListingsQueryDocument, {
    variables: { id: event.id },
    fetchPolicy: 'network-only',
    pollInterval: RESALE_POLL_MS,
  });
  // Listings a buyer is checking out are not offered (nobody else can hold them until that ends).
  const listings = useMemo(
    () =>
      new Map(
        (resale.data?.event?.resaleListings ?? []).filter((l) => !l.inCheckout).map((l) => [l.seatId, l]),
      ),
    [resale.data],
  );
  const [resalePick, setResalePick] = useState<ResaleListing | null>(null);
  useEffect(() => {
    store.setResale(
      new Map([...listings].map(([seatId, l]) => [seatId, { listingId: l.id, price: l.price }])),
    );
  }, [store, listings]);
  // The listing picked was sold, withdrawn or taken into someone's checkout meanwhile.
  useEffect(() => {
    if (resalePick && listings.get(resalePick.seatId)?.id !== resalePick.id) {
      setResalePick(null);
      store.pickResale(null);
    }
  }, [listings, resalePick, store]);
  const [problem, setProblem] = useState<unknown>(null);
  const [restored, setRestored] = useState(false);
  const problemRef = useRef<HTMLParagraphElement>(null);
  const now = useNow(10_000);
  const sale = saleOf(event, now);
  const open = sale.kind === 'open';

  const ticketTypes = useMemo(() => {
    const colors = tierColors(event.ticketTypes);
    return new Map<string, TicketTypeInfo>(
      event.ticketTypes.map((tt) => [
        tt.id,
        { id: tt.id, name: tt.name, price: tt.price, color: colors.get(tt.id) ?? '#000000' },
      ]),
    );
  }, [event.ticketTypes]);

  // A problem appears in the panel, which on a phone is below the map: bring it into view, below the sticky
  // header (its scroll-margin-top).
  useEffect(() => {
    if (problem) problemRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  }, [problem]);

  // Back from logging in: the seats picked before are picked again (those still available).
  useEffect(() => {
    if (session.phase === 'restoring') return;
    const restore = () => {
      if (!store.loaded) return false;
      const ids = takePicks(event.id);
      let again = 0;
      for (const id of ids) if (store.toggle(id, MAX_PICK)) again++;
      if (again > 0) setRestored(true);
      return true;
    };
    if (restore()) return;
    const off = store.subscribe(() => {
      if (restore()) off();
    });
    return off;
  }, [store, event.id, session.phase]);

  const showHold = useCallback(
    (hold: Hold) => {
      store.clearSelection();
      store.markMine(hold.seatIds, true);
      rememberHold(event.id, hold.id);
      setStep({ phase: 'held', hold });
    },
    [store, event.id],
  );

  const endHold = useCallback(
    (hold: Hold) => {
      store.markMine(hold.seatIds, false);
      rememberHold(event.id, null);
      setStep({ phase: 'picking' });
    },
    [store, event.id],
  );

  // A reload keeps the hold: its countdown goes on where it was.
  useEffect(() => {
    const holdId = rememberedHold(event.id);
    if (!holdId || session.phase !== 'signed-in') return;
    client
      .query({ query: SeatHoldQueryDocument, variables: { id: holdId }, fetchPolicy: 'network-only' })
      .then(({ data }) => {
        if (data?.seatHold) showHold(toHold(data.seatHold));
        else rememberHold(event.id, null);
      })
      .catch(() => rememberHold(event.id, null));
  }, [client, event.id, session.phase, showHold]);

  // An admitted buyer who is still choosing keeps the slot.
  useEffect(() => {
    if (!admissionPass) return;
    const timer = setInterval(() => {
      client
        .mutate({ mutation: QueueHeartbeatDocument, variables: { eventId: event.id } })
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [client, event.id, admissionPass]);

  const toLogIn = () => {
    if (store.selected.length > 0) rememberPicks(event.id, store.selected);
    return navigate(`/login?next=${encodeURIComponent(`${location.pathname}${location.search}`)}`);
  };

  const onToggle = useCallback(
    (seatId: string) => {
      if (step.phase !== 'picking' || !open) return;
      setProblem(null);
      setRestored(false);
      store.forgetLost();
      // A resale seat is bought on its own: picking it sets the other picks aside, and the other way round.
      const listing = listings.get(seatId);
      if (listing && !store.view(seatId).mine) {
        const again = resalePick?.id === listing.id;
        store.pickResale(again ? null : seatId);
        setResalePick(again ? null : listing);
        return;
      }
      if (resalePick) {
        store.pickResale(null);
        setResalePick(null);
      }
      store.toggle(seatId, MAX_PICK);
    },
    [store, step.phase, open, listings, resalePick],
  );

  const refused = (error: unknown) => {
    // The seats someone else got first are marked by the live feed anyway; unpick them now.
    for (const seatId of unavailableSeatIds(error)) if (store.view(seatId).selected) store.toggle(seatId, 0);
    setProblem(error);
    setStep({ phase: 'picking' });
  };

  const holdPicked = async () => {
    if (session.phase !== 'signed-in') return toLogIn();
    setProblem(null);
    setStep({ phase: 'holding' });
    try {
      const { data } = await client.mutate({
        mutation: HoldSeatsDocument,
        variables: { input: { eventId: event.id, seatIds: [...store.selected], admissionPass } },
      });
      if (data) showHold(toHold(data.holdSeats));
    } catch (error) {
      refused(error);
    }
  };

  const holdBest = async (ticketTypeId: string, quantity: number) => {
    if (session.phase !== 'signed-in') return toLogIn();
    setProblem(null);
    setStep({ phase: 'holding' });
    try {
      const { data } = await client.mutate({
        mutation: HoldBestAvailableDocument,
        variables: { eventId: event.id, ticketTypeId, quantity, admissionPass },
      });
      if (data) showHold(toHold(data.holdBestAvailable));
    } catch (error) {
      refused(error);
    }
  };

  const holdResale = async (listing: ResaleListing) => {
    if (session.phase !== 'signed-in') return toLogIn();
    setProblem(null);
    setStep({ phase: 'holding' });
    try {
      const { data } = await client.mutate({
        mutation: HoldResaleListingDocument,
        variables: { listingId: listing.id, admissionPass },
      });
      setResalePick(null);
      if (data) showHold(toHold(data.holdResaleListing));
    } catch (error) {
      // Another buyer got it first (SEAT_UNAVAILABLE), or it was withdrawn: show the listings as they are now.
      setResalePick(null);
      store.pickResale(null);
      setProblem(error);
      setStep({ phase: 'picking' });
      void resale.refetch();
    }
  };

  const release = async (hold: Hold) => {
    setStep({ phase: 'reserving', hold });
    await client.mutate({ mutation: ReleaseHoldDocument, variables: { holdId: hold.id } }).catch(setProblem);
    endHold(hold);
  };

  const reserve = async (hold: Hold) => {
    setProblem(null);
    setStep({ phase: 'reserving', hold });
    try {
      const { data } = await client.mutate({
        mutation: CreateReservationDocument,
        variables: { holdId: hold.id },
      });
      if (!data) return;
      rememberHold(event.id, null);
      await navigate(`/checkout/${data.createReservation.id}`);
    } catch (error) {
      setProblem(error);
      if (hasCode(error, 'HOLD_EXPIRED')) endHold(hold);
      else setStep({ phase: 'held', hold });
    }
  };

  const title = i18n.pick(event.title, event.titleEn);
  return (
    <div className="page seats">
      <PageTitle>{t('seatMap.pageTitle', { title })}</PageTitle>
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to={`/events/${event.id}`}>{title}</Link>
      </nav>
      <header className="seats__head">
        <h1>{t('seatMap.title')}</h1>
        <p className="seats__event">
          {title} · {i18n.pick(event.venue.name, event.venue.nameEn)} ·{' '}
          <time dateTime={event.startsAt}>{i18n.dateTime(event.startsAt)}</time>
        </p>
        <p className="live" data-live={liveState} data-testid="live-state">
          <span className="live__dot" aria-hidden="true" />
          {t(`live.${liveState}`)}
        </p>
      </header>
      {liveProblem ? (
        <p className="form-problem" role="alert">
          {describeError(liveProblem, i18n)}
        </p>
      ) : null}
      <div className="seats__layout">
        <div className="seats__map">
          <SeatMap
            seatMap={event.seatMap}
            seats={seats}
            store={store}
            ticketTypes={ticketTypes}
            onToggle={onToggle}
          />
        </div>
        <aside className="seats__panel">
          {problem ? (
            <p
              className="form-problem seats__problem"
              role="alert"
              data-testid="seat-problem"
              ref={problemRef}
            >
              {describeError(problem, i18n)}
            </p>
          ) : null}
          {restored && (
            <p className="hint" role="status" data-testid="picks-restored">
              {t('seatMap.picksRestored')}
            </p>
          )}
          {!open && step.phase === 'picking' ? (
            <section
              className="card seats__closed"
              data-testid="seats-closed"
              data-reason={sale.kind === 'closed' ? sale.reason : sale.kind}
            >
              <p>
                {sale.kind === 'closed'
                  ? t(`seats.${sale.reason}`)
                  : t('seats.opensAt', { date: i18n.dateTime(event.saleStartsAt) })}
              </p>
              <Link className="button button--secondary button--block" to={`/events/${event.id}`}>
                {title}
              </Link>
            </section>
          ) : step.phase === 'held' || step.phase === 'reserving' ? (
            <HoldPanel
              hold={step.hold.panel}
              busy={step.phase === 'reserving'}
              onReserve={() => void reserve(step.hold)}
              onRelease={() => void release(step.hold)}
              onExpired={() => {
                if (step.phase !== 'held') return;
                endHold(step.hold);
                setProblem({ extensions: { code: 'HOLD_EXPIRED' } });
              }}
            />
          ) : resalePick ? (
            <ResaleOfferPanel
              listing={resalePick}
              busy={step.phase === 'holding'}
              onHold={() => void holdResale(resalePick)}
              onDismiss={() => {
                store.pickResale(null);
                setResalePick(null);
              }}
            />
          ) : (
            <>
              <Selection
                store={store}
                ticketTypes={ticketTypes}
                busy={step.phase === 'holding'}
                signedIn={session.phase === 'signed-in'}
                onHold={() => void holdPicked()}
              />
              <BestAvailable
                ticketTypes={event.ticketTypes}
                busy={step.phase === 'holding'}
                onHold={(tt, n) => void holdBest(tt, n)}
              />
            </>
          )}
        </aside>
      </div>
    </div>
  );
}

/** A resale seat picked on the map: its price against face value, and holding it (then the usual checkout). */
function ResaleOfferPanel(props: {
  listing: ResaleListing;
  busy: boolean;
  onHold(): void;
  onDismiss(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { listing } = props;
  return (
    <section
      className="card resale-offer"
      aria-labelledby="resale-offer-title"
      data-testid="resale-offer"
      data-listing-id={listing.id}
    >
      <h2 id="resale-offer-title">{t('resaleOffer.title')}</h2>
      <p>
        {t('resaleOffer.body', { seat: seatLabel(i18n, listing.seat), tier: listing.seat.ticketType.name })}
      </p>
      <p className="resale-offer__price" aria-live="polite">
        {t('resaleOffer.price', {
          price: i18n.money(listing.price),
          face: i18n.money(listing.seat.ticketType.price),
        })}
      </p>
      <button type="button" className="button button--block" onClick={props.onHold} disabled={props.busy}>
        {props.busy ? t('resaleOffer.holding') : t('resaleOffer.buy')}
      </button>
      <button type="button" className="button button--ghost button--block" onClick={props.onDismiss}>
        {t('resaleOffer.dismiss')}
      </button>
    </section>
  );
}

function Selection(props: {
  store: SeatStore;
  ticketTypes: ReadonlyMap<string, TicketTypeInfo>;
  busy: boolean;
  signedIn: boolean;
  onHold(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  useStoreRevision(props.store);
  const picked = props.store.selected;
  const lost = props.store.lost;
  return (
    <section className="card selection" aria-labelledby="selection-title">
      <h2 id="selection-title">{t('selection.title')}</h2>
      {lost.length > 0 && (
        <p className="form-problem" role="alert">
          {t('selection.lost')}
        </p>
      )}
      <p aria-live="polite" data-testid="selection-count">
        {picked.length === 0
          ? t('selection.empty')
          : t('selection.count', { count: picked.length, max: MAX_PICK })}
      </p>
      <button
        type="button"
        className="button button--block"
        onClick={props.onHold}
        disabled={props.busy || (props.signedIn && picked.length === 0)}
      >
        {props.busy
          ? t('selection.holding')
          : props.signedIn
            ? t('selection.hold')
            : t('selection.logInToHold')}
      </button>
    </section>
  );
}

function BestAvailable(props: {
  ticketTypes: readonly { id: string; name: string; price: number }[];
  busy: boolean;
  onHold(ticketTypeId: string, quantity: number): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [ticketTypeId, setTicketTypeId] = useState(props.ticketTypes[0]?.id ?? '');
  const [quantity, setQuantity] = useState(2);
  if (props.ticketTypes.length === 0) return null;
  return (
    <form
      className="card best"
      aria-labelledby="best-title"
      onSubmit={(e) => {
        e.preventDefault();
        props.onHold(ticketTypeId, quantity);
      }}
    >
      <h2 id="best-title">{t('best.title')}</h2>
      <div className="best__fields">
        <div className="field">
          <label htmlFor="best-tier">{t('best.tier')}</label>
          <select id="best-tier" value={ticketTypeId} onChange={(e) => setTicketTypeId(e.target.value)}>
            {props.ticketTypes.map((tt) => (
              <option key={tt.id} value={tt.id}>
                {tt.name} · {i18n.money(tt.price)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="best-quantity">{t('best.quantity')}</label>
          <select id="best-quantity" value={quantity} onChange={(e) => setQuantity(Number(e.target.value))}>
            {Array.from({ length: MAX_PICK }, (_, i) => i + 1).map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <button type="submit" className="button button--secondary button--block" disabled={props.busy}>
        {t('best.submit')}
      </button>
    </form>
  );
}
