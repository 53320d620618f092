import { type FormEvent, useCallback, useState } from 'react';
import { useMutation, useQuery } from 'urql';
import type { ReservationStatus } from '../__generated__/graphql.ts';
import { graphql } from '../__generated__/index.ts';
import { Empty, ErrorState, Loading } from '../components/States.tsx';
import { errorMessage, formatDateTime, formatWon } from '../format.ts';
import { usePolling } from '../hooks.ts';
import { PAYMENT_LABEL, RESERVATION_LABEL } from './labels.ts';

const EventReservationsQuery = graphql(`
  query AdminEventReservations($eventId: ID!, $status: ReservationStatus) {
    eventReservations(eventId: $eventId, status: $status, first: 20) {
      edges {
        node {
          id
          status
          totalAmount
          createdAt
          user {
            id
            name
            email
          }
          seats {
            id
            label
          }
          payment {
            id
            status
            amount
            refundedAmount
            pendingRefundAmount
          }
        }
      }
    }
  }
`);

const RefundMutation = graphql(`
  mutation AdminRefund($paymentId: ID!, $amount: Int, $reason: String!) {
    refundPayment(paymentId: $paymentId, amount: $amount, reason: $reason) {
      id
      status
      refundedAmount
      pendingRefundAmount
    }
  }
`);

const STATUSES: ReservationStatus[] = ['CONFIRMED', 'PENDING', 'CANCELLED', 'EXPIRED'];

/**
 * The event's latest 20 reservations, newest first, live (every 5 s); refunds (full or partial) of paid ones. 20:
 * the router's cost limit counts each requested reservation, and a page of 50 with buyers, seats and payments
 * is above it.
 */
export function ReservationsPanel({ eventId }: { eventId: string }) {
  const [status, setStatus] = useState<ReservationStatus | ''>('');
  const [{ data, error }, refetch] = useQuery({
    query: EventReservationsQuery,
    variables: { eventId, status: status || null },
    requestPolicy: 'cache-and-network',
  });
  const reload = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  usePolling(reload, 5_000);
  const [refunding, setRefunding] = useState<string | null>(null);
  const rows = data?.eventReservations.edges.map((e) => e.node);

  return (
    <section className="card" aria-labelledby="reservations-title">
      <div className="page__head">
        <h2 id="reservations-title">최근 예매</h2>
        <label>
          상태{' '}
          <select value={status} onChange={(e) => setStatus(e.target.value as ReservationStatus | '')}>
            <option value="">전체</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {RESERVATION_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && !rows ? (
        <ErrorState message={errorMessage(error)!} onRetry={reload} />
      ) : !rows ? (
        <Loading />
      ) : rows.length === 0 ? (
        <Empty>예매가 없습니다.</Empty>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">예매 시각</th>
              <th scope="col">예매자</th>
              <th scope="col">좌석</th>
              <th scope="col">상태</th>
              <th scope="col">금액</th>
              <th scope="col">결제</th>
              <th scope="col">
                <span className="visually-hidden">작업</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const payment = r.payment;
              const refundable = payment
                ? payment.amount - payment.refundedAmount - payment.pendingRefundAmount
                : 0;
              return (
                <tr key={r.id} data-testid={`reservation-${r.id}`}>
                  <td>{formatDateTime(r.createdAt)}</td>
                  <td>
                    {r.user.name}
                    <div className="muted">{r.user.email}</div>
                  </td>
                  <td>{r.seats.map((s) => s.label).join(', ')}</td>
                  <td>{RESERVATION_LABEL[r.status]}</td>
                  <td className="num">{formatWon(r.totalAmount)}</td>
                  <td data-testid="payment-status">
                    {payment ? (
                      <>
                        {PAYMENT_LABEL[payment.status]}
                        {payment.refundedAmount > 0 && (
                          <div className="muted">환불 {formatWon(payment.refundedAmount)}</div>
                        )}
                        {payment.pendingRefundAmount > 0 && (
                          <div className="muted">환불 진행 중 {formatWon(payment.pendingRefundAmount)}</div>
                        )}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {payment && refundable > 0 && refunding !== r.id && (
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => setRefunding(r.id)}
                      >
                        환불
                      </button>
                    )}
                    {payment && refunding === r.id && (
                      <RefundForm
                        paymentId={payment.id}
                        refundable={refundable}
                        onDone={() => {
                          setRefunding(null);
                          reload();
                        }}
                      />
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Empty amount: everything that is left. The server checks the amount against what is left, too. */
function RefundForm({
  paymentId,
  refundable,
  onDone,
}: {
  paymentId: string;
  refundable: number;
  onDone(): void;
}) {
  const [{ fetching }, refund] = useMutation(RefundMutation);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const amountText = String(form.get('amount') ?? '').trim();
    const result = await refund({
      paymentId,
      amount: amountText ? Number(amountText) : null,
      reason: String(form.get('reason') ?? '').trim(),
    });
    if (result.error) setProblem(errorMessage(result.error));
    else onDone();
  };
  return (
    <form className="refund-form" onSubmit={(e) => void submit(e)} aria-label="환불">
      <label>
        환불 금액 (비우면 남은 {formatWon(refundable)} 전액)
        <input name="amount" type="number" min={1} max={refundable} step={1} />
      </label>
      <label>
        사유
        <input name="reason" required maxLength={200} />
      </label>
      {problem && (
        <p className="form__error" role="alert">
          {problem}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="button" disabled={fetching}>
          {fetching ? '환불 중…' : '환불하기'}
        </button>
        <button type="button" className="button button--secondary" onClick={onDone}>
          닫기
        </button>
      </div>
    </form>
  );
}
