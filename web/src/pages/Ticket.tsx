import { CombinedGraphQLErrors } from '@apollo/client';
import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import type { TicketPageQueryQuery } from '../__generated__/graphql.ts';
import { getFragmentData, graphql } from '../__generated__/index.ts';
import { RequireSignIn } from '../auth/RequireSignIn.tsx';
import { ErrorState, Loading, NotFound, PageTitle } from '../components/States.tsx';
import { TicketCard, TicketView_ticket, type TicketViewRef } from '../components/TicketView.tsx';
import { describeError, isId, isNotFound } from '../errors.ts';
import { useI18n } from '../i18n/index.tsx';
import { storedTicket, storeTicket } from '../tickets/offline.ts';

const TicketPageQueryDocument = graphql(`
  query TicketPageQuery($id: ID!) {
    ticket(id: $id) {
      id
      state
      holder {
        id
      }
      event {
        id
      }
      ...TicketView_ticket
      pendingTransfer {
        id
        status
        toEmail
        createdAt
      }
      resaleListing {
        id
        status
        price
        faceAmount
        feeAmount
        refundAmount
        inCheckout
      }
    }
  }
`);

const TicketPolicyQueryDocument = graphql(`
  query TicketPolicyQuery($eventId: ID!) {
    ticketPolicy(eventId: $eventId) {
      eventId
      transfersCloseAt
      resaleEnabled
      resaleCapBps
      resaleFeeBps
    }
  }
`);

const OfferTicketTransferDocument = graphql(`
  mutation OfferTicketTransfer($ticketId: ID!, $toEmail: String!) {
    offerTicketTransfer(ticketId: $ticketId, toEmail: $toEmail) {
      id
      status
      toEmail
    }
  }
`);

const CancelTicketTransferDocument = graphql(`
  mutation CancelTicketTransfer($transferId: ID!) {
    cancelTicketTransfer(transferId: $transferId) {
      id
      status
    }
  }
`);

const ListTicketForResaleDocument = graphql(`
  mutation ListTicketForResale($ticketId: ID!, $price: Int!) {
    listTicketForResale(ticketId: $ticketId, price: $price) {
      id
      status
      price
    }
  }
`);

const CancelResaleListingDocument = graphql(`
  mutation CancelResaleListing($listingId: ID!) {
    cancelResaleListing(listingId: $listingId) {
      id
      status
    }
  }
`);

const WAITING_POLL_MS = 10_000;

export function Component() {
  const { t } = useI18n();
  return (
    <RequireSignIn offline>
      <PageTitle>{t('ticket.title')}</PageTitle>
      <TicketPage />
    </RequireSignIn>
  );
}

function TicketPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const valid = isId(id);
  const { data, error, refetch, startPolling, stopPolling } = useQuery(TicketPageQueryDocument, {
    variables: { id },
    fetchPolicy: 'cache-and-network',
    skip: !valid,
  });
  const ticket = data?.ticket;
  // While a buyer may take it (listed for resale, offered by transfer), look again now and then: the ticket
  // becomes RESOLD or TRANSFERRED without this page doing anything.
  const waiting = ticket?.resaleListing?.status === 'LISTED' || ticket?.pendingTransfer?.status === 'OFFERED';
  useEffect(() => {
    if (waiting) startPolling(WAITING_POLL_MS);
    else stopPolling();
  }, [waiting, startPolling, stopPolling]);

  // Kept on the device as read, so a reload without a network still shows it and its rotating QR.
  useEffect(() => {
    if (ticket) storeTicket(ticket.holder.id, ticket as unknown as { id: string });
  }, [ticket]);
  const stored = useMemo(
    () => (valid && error && !ticket && !isNotFound(error) ? storedTicket(id) : null),
    [valid, error, ticket, id],
  );

  const notFound = <NotFound title={t('ticket.notFound')} />;
  if (!valid) return notFound;
  if (error && !ticket && !stored) {
    return isNotFound(error) ? notFound : <ErrorState error={error} onRetry={() => void refetch()} />;
  }
  if (!data && !stored) return <Loading />;
  if (!ticket && !stored) return notFound;

  return (
    <div
      className="page page--narrow ticket-page"
      data-testid="ticket-page"
      data-source={ticket ? 'network' : 'device'}
    >
      <nav className="breadcrumb" aria-label="breadcrumb">
        <Link to="/me/tickets">{t('tickets.title')}</Link>
      </nav>
      <h1>{t('ticket.title')}</h1>
      {stored && (
        <p className="notice" role="status" data-testid="ticket-offline">
          {t('ticket.offline')}
        </p>
      )}
      <TicketCard ticket={(ticket ?? stored) as TicketViewRef} />
      {ticket && ticket.state === 'VALID' && <AfterSale ticket={ticket} onChanged={() => void refetch()} />}
      {ticket?.resaleListing?.status === 'SOLD' && (
        <p className="hint" data-testid="resale-sold">
          {t('resale.sold')}
        </p>
      )}
    </div>
  );
}

type LoadedTicket = NonNullable<TicketPageQueryQuery['ticket']>;

/** What a VALID ticket's holder can do with it: send it to a friend, or sell it at face value. */
function AfterSale({ ticket, onChanged }: { ticket: LoadedTicket; onChanged(): void }) {
  const policy = useQuery(TicketPolicyQueryDocument, {
    variables: { eventId: ticket.event.id },
    fetchPolicy: 'cache-and-network',
  });
  const listing = ticket.resaleListing?.status === 'LISTED' ? ticket.resaleListing : null;
  const transfer = ticket.pendingTransfer?.status === 'OFFERED' ? ticket.pendingTransfer : null;
  const rules = policy.data?.ticketPolicy;
  return (
    <>
      {!listing && (
        <Transfer
          ticketId={ticket.id}
          pending={transfer}
          closesAt={rules?.transfersCloseAt ?? null}
          onChanged={onChanged}
        />
      )}
      {rules?.resaleEnabled && !transfer && (
        <Resale
          ticket={ticket}
          listing={listing}
          capBps={rules.resaleCapBps}
          feeBps={rules.resaleFeeBps}
          onChanged={onChanged}
        />
      )}
    </>
  );
}

function Transfer(props: {
  ticketId: string;
  pending: NonNullable<LoadedTicket['pendingTransfer']> | null;
  closesAt: string | null;
  onChanged(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [email, setEmail] = useState('');
  const [open, setOpen] = useState(false);
  const [offer, offered] = useMutation(OfferTicketTransferDocument);
  const [cancel, cancelled] = useMutation(CancelTicketTransferDocument);
  const problem = offered.error ?? cancelled.error;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void offer({ variables: { ticketId: props.ticketId, toEmail: email.trim() } }).then(
      () => {
        setOpen(false);
        setEmail('');
        props.onChanged();
      },
      () => undefined,
    );
  };

  return (
    <section className="card after-sale" aria-labelledby="transfer-title" data-testid="transfer">
      <h2 id="transfer-title">{t('transfer.title')}</h2>
      {problem && (
        <p className="form-problem" role="alert" data-testid="transfer-problem">
          {describeError(problem, i18n, 'transfer')}
        </p>
      )}
      {props.pending ? (
        <>
          <p data-testid="transfer-pending" role="status">
            {t('transfer.pending', { email: props.pending.toEmail })}
          </p>
          <button
            type="button"
            className="button button--secondary button--block"
            disabled={cancelled.loading}
            onClick={() =>
              void cancel({ variables: { transferId: props.pending!.id } }).then(
                props.onChanged,
                () => undefined,
              )
            }
          >
            {t('transfer.cancel')}
          </button>
        </>
      ) : open ? (
        <form onSubmit={submit} className="after-sale__form">
          <div className="field">
            <label htmlFor="transfer-email">{t('transfer.email')}</label>
            <input
              id="transfer-email"
              type="email"
              inputMode="email"
              autoComplete="email"
              required
              value={email}
              onChange={(e) => setEmail(e.target.value)}
            />
          </div>
          <p className="hint">{t('transfer.explain')}</p>
          <button type="submit" className="button button--block" disabled={offered.loading}>
            {t('transfer.send')}
          </button>
          <button type="button" className="button button--ghost button--block" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <>
          {props.closesAt && (
            <p className="hint">{t('transfer.closesAt', { time: i18n.dateTime(props.closesAt) })}</p>
          )}
          <button
            type="button"
            className="button button--secondary button--block"
            onClick={() => setOpen(true)}
          >
            {t('transfer.open')}
          </button>
        </>
      )}
    </section>
  );
}

/** The server's cap from a refusal (`BAD_USER_INPUT` with `extensions.maxPrice`): it knows what was paid. */
function maxPriceOf(error: unknown): number | null {
  if (!CombinedGraphQLErrors.is(error)) return null;
  for (const e of error.errors) {
    const max = (e.extensions as { maxPrice?: unknown } | undefined)?.maxPrice;
    if (typeof max === 'number') return max;
  }
  return null;
}

function Resale(props: {
  ticket: LoadedTicket;
  listing: NonNullable<LoadedTicket['resaleListing']> | null;
  capBps: number;
  feeBps: number;
  onChanged(): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const view = getFragmentData(TicketView_ticket, props.ticket);
  // What the seller paid is the seat's ticket price (the server checks the order's own price, and its
  // refusal's maxPrice replaces this guess).
  const [cap, setCap] = useState(() => Math.floor((view.seat.ticketType.price * props.capBps) / 10_000));
  const [price, setPrice] = useState(String(cap));
  const [open, setOpen] = useState(false);
  const [list, listed] = useMutation(ListTicketForResaleDocument);
  const [cancel, cancelled] = useMutation(CancelResaleListingDocument);
  const problem = listed.error ?? cancelled.error;
  const amount = Number(price);
  const fee = Math.floor((amount * props.feeBps) / 10_000);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void list({ variables: { ticketId: props.ticket.id, price: amount } }).then(
      () => {
        setOpen(false);
        props.onChanged();
      },
      (error: unknown) => {
        const max = maxPriceOf(error);
        if (max !== null) {
          setCap(max);
          setPrice(String(max));
        }
      },
    );
  };

  return (
    <section className="card after-sale" aria-labelledby="resale-title" data-testid="resale">
      <h2 id="resale-title">{t('resale.title')}</h2>
      {problem && (
        <p className="form-problem" role="alert" data-testid="resale-problem">
          {maxPriceOf(problem) !== null
            ? t('resale.overCap', { max: i18n.money(cap) })
            : // Withdrawing answers CONFLICT only while a buyer is paying (said below the button).
              describeError(problem, i18n, problem === listed.error ? 'resale' : 'general')}
        </p>
      )}
      {props.listing ? (
        <>
          <p data-testid="resale-listed" role="status">
            {t('resale.listed', { price: i18n.money(props.listing.price) })}
          </p>
          {props.listing.refundAmount != null && (
            <p className="hint">{t('resale.refund', { refund: i18n.money(props.listing.refundAmount) })}</p>
          )}
          <button
            type="button"
            className="button button--secondary button--block"
            disabled={cancelled.loading || props.listing.inCheckout}
            onClick={() =>
              void cancel({ variables: { listingId: props.listing!.id } }).then(
                props.onChanged,
                () => undefined,
              )
            }
          >
            {t('resale.cancel')}
          </button>
          {props.listing.inCheckout && <p className="hint">{t('resale.inCheckout')}</p>}
        </>
      ) : open ? (
        <form onSubmit={submit} className="after-sale__form">
          <div className="field">
            <label htmlFor="resale-price">{t('resale.price')}</label>
            <input
              id="resale-price"
              type="number"
              inputMode="numeric"
              min={1}
              max={cap}
              step={1}
              required
              value={price}
              aria-describedby="resale-cap"
              onChange={(e) => setPrice(e.target.value)}
            />
          </div>
          <p className="hint" id="resale-cap" data-testid="resale-cap">
            {t('resale.cap', { max: i18n.money(cap) })}
            {props.feeBps > 0 &&
              ` ${t('resale.fee', { fee: i18n.money(fee), refund: i18n.money(amount - fee) })}`}
          </p>
          <button type="submit" className="button button--block" disabled={listed.loading || !(amount > 0)}>
            {t('resale.submit')}
          </button>
          <button type="button" className="button button--ghost button--block" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </button>
        </form>
      ) : (
        <button
          type="button"
          className="button button--secondary button--block"
          onClick={() => setOpen(true)}
        >
          {t('resale.open')}
        </button>
      )}
    </section>
  );
}
