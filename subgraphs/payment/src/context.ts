import type { EntityManager } from '@mikro-orm/postgresql';
import { type BaseContext, byIdLoader, groupLoader, keyLoader } from '@tiketi/kit';
import { Payment } from './modules/payment/payment.entity.ts';
import type { Payments } from './modules/payment/payments.ts';
import { RefundRequest } from './modules/refund/refund-request.entity.ts';
import type { Refunds } from './modules/refund/refunds.ts';
import type { PaymentLogs } from './modules/toss/payment-log.ts';

export type Loaders = ReturnType<typeof createLoaders>;

export type Context = BaseContext<Loaders> & {
  payments: Payments;
  refunds: Refunds;
  logs: PaymentLogs;
  /**
   * Reservations this request saw CANCELLED in seating's own status (`Reservation.status`, sent by the router):
   * their payments' refunds are decided even when seating's event has not reached payment yet.
   */
  cancelledReservations: Set<string>;
};

/** Per-request loaders: a list of reservations asking for their payments costs one statement. */
export function createLoaders(em: EntityManager) {
  return {
    payment: byIdLoader<Payment>(em, Payment),
    /** The latest attempt of each reservation. */
    latestPaymentOfReservation: keyLoader<Payment>(async (reservationIds) => {
      const rows = await em.find(
        Payment,
        { reservationId: { $in: [...reservationIds] } },
        { orderBy: { createdAt: 'desc', id: 'desc' } },
      );
      const latest = new Map<string, Payment>();
      for (const row of rows) if (!latest.has(row.reservationId)) latest.set(row.reservationId, row);
      return [...latest];
    }),
    pendingRefunds: groupLoader<RefundRequest>(async (paymentIds) => {
      const rows = await em.find(RefundRequest, { paymentId: { $in: [...paymentIds] }, status: 'PENDING' });
      return rows.map((r): [string, RefundRequest] => [r.paymentId, r]);
    }),
  };
}
