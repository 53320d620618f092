import { createHash, randomUUID } from 'node:crypto';
import { type EntityManager, LockMode, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  type CheckoutClaims,
  checkoutTokenRefused,
  ErrorCode,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  type Orm,
  runSql,
  sql,
  verifyCheckoutToken,
} from '@tiketi/kit';
import { isKnown, type KnownReservation, ReservationProjection } from '../reservation/reservation.entity.ts';
import {
  ALREADY_PROCESSED_CODE,
  APPROVED_STATUSES,
  CREDENTIAL_CODES,
  MAX_ORDER_NAME,
  MAX_PAYMENT_KEY,
  ORDER_ID,
  type PaymentStatus,
  REQUEST_ERROR_CODES,
  SESSION_EXPIRED_CODE,
  type TossPayment,
} from '../toss/toss-api.ts';
import type { TossClient, TossOutcome } from '../toss/toss-client.ts';
import { Payment } from './payment.entity.ts';
import { applyTossPayment } from './provider-sync.ts';

type Buyer = NonNullable<Identity>;

export interface PaymentOrder {
  orderId: string;
  orderName: string;
  amount: number;
  clientKey: string;
  paymentId: string;
  expiresAt: Date;
}

export interface PaymentsOptions {
  orm: Orm;
  toss: TossClient;
  log: Logger;
  /** The widget's client key, handed out with every order. */
  clientKey: string;
  /** Verifies the checkout tokens seating signs (kit/checkout-token.ts). */
  checkoutTokenSecret: string;
  /** The longest a confirm can take (every attempt, then the re-read): a claim older than this was abandoned. */
  confirmBudgetMs: number;
  /** A confirm ended without knowing Toss' answer: reconciliation should look again soon. */
  onUnsettled?: () => void;
}

/** Attempts that can still be charged or already were: at most one per reservation (a unique index agrees). */
const LIVE: PaymentStatus[] = ['READY', 'IN_PROGRESS', 'WAITING_FOR_DEPOSIT', 'DONE', 'PARTIAL_CANCELED'];

const conflict = (message: string) => new AppError(ErrorCode.CONFLICT, message);
const holdExpired = () =>
  new AppError(
    ErrorCode.HOLD_EXPIRED,
    "The reservation's checkout time is over and its seats were released. Nothing was charged; pick seats again.",
  );

/** The Idempotency-Key of confirming `paymentKey` for `orderId`: the same for every retry, by anyone. */
const confirmKeyFor = (orderId: string, paymentKey: string) =>
  `confirm-${orderId}-${createHash('sha256').update(paymentKey).digest('hex').slice(0, 24)}`;

/** Toss' orderName: ≤ 100 characters. `아이유 콘서트 (2매)`. */
function orderNameFor(r: KnownReservation): string {
  const suffix = ` (${r.seatCount}매)`;
  const title = r.eventTitle.trim() || 'TIKETI';
  const room = MAX_ORDER_NAME - suffix.length;
  return (title.length > room ? `${title.slice(0, room - 1)}…` : title) + suffix;
}

/**
 * The checkout saga on our side: prepare an order from a reservation, confirm what the widget authorized with
 * Toss exactly once, and bring payments Toss has decided about (but we have not recorded) to their final state.
 */
export class Payments {
  /** Confirms this process is sending to Toss now, by payment id. */
  private readonly confirming = new Map<string, Promise<Payment>>();

  constructor(private readonly options: PaymentsOptions) {}

  private get orm() {
    return this.options.orm.orm;
  }

  // ---------- prepare ----------

  /**
   * Starts (or finds) the payment order of a reservation. With `checkoutToken` (what seating signed in
   * `Reservation.checkoutToken`), payment answers from the token at once: it records the reservation as the
   * token states it (the `seating.reservation.created` event, when it arrives, says the same) and never waits
   * for seating's event. Without a token it answers from what the events have told it, and NOT_FOUND otherwise.
   */
  async prepare(buyer: Buyer, reservationId: string, checkoutToken?: string | null): Promise<PaymentOrder> {
    if (!isUuid(reservationId)) throw notFound('Reservation');
    let claims: CheckoutClaims | null = null;
    if (checkoutToken != null) {
      const check = verifyCheckoutToken(this.options.checkoutTokenSecret, checkoutToken, {
        userId: buyer.userId,
        reservationId,
      });
      if (!check.ok) throw checkoutTokenRefused(check.reason);
      claims = check.claims;
    }
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const r = claims
          ? await recordFromToken(em, claims)
          : await em.findOne(
              ReservationProjection,
              { id: reservationId },
              { lockMode: LockMode.PESSIMISTIC_WRITE },
            );
        if (!isKnown(r) || r.userId !== buyer.userId) {
          throw new AppError(
            ErrorCode.NOT_FOUND,
            'Reservation was not found. Pass the checkoutToken of the reservation you just made.',
          );
        }
        assertPayable(r, new Date());
        const live = await em.findOne(Payment, { reservationId, status: { $in: LIVE } });
        if (live?.status === 'READY') return this.order(live, r);
        if (live?.status === 'IN_PROGRESS') {
          throw conflict('A payment for this reservation is being confirmed. Wait for it to finish.');
        }
        if (live) throw conflict('This reservation is already paid.');
        const now = new Date();
        const payment = em.create(Payment, {
          id: randomUUID(),
          reservationId,
          userId: r.userId,
          orderId: `tiketi-${randomUUID()}`,
          orderName: orderNameFor(r),
          amount: r.totalAmount,
          balanceAmount: r.totalAmount,
          status: 'READY',
          paymentKey: null,
          confirmKey: null,
          method: null,
          approvedAt: null,
          receiptUrl: null,
          cancels: [],
          failureCode: null,
          failureMessage: null,
          claimedAt: null,
          checkedAt: null,
          createdAt: now,
          updatedAt: now,
        });
        return this.order(payment, r);
      });
    } catch (err) {
      // Two prepares of one reservation at once: the unique index let one in; answer with its order.
      if (err instanceof UniqueConstraintViolationException)
        return this.prepare(buyer, reservationId, checkoutToken);
      throw err;
    }
  }

  private order(payment: Payment, r: KnownReservation): PaymentOrder {
    if (r.totalAmount <= 0) throw badInput('This reservation has nothing to pay.');
    return {
      orderId: payment.orderId,
      orderName: payment.orderName,
      amount: payment.amount,
      clientKey: this.options.clientKey,
      paymentId: payment.id,
      expiresAt: r.holdExpiresAt,
    };
  }

  // ---------- confirm ----------

  async confirm(
    buyer: Buyer,
    input: { paymentKey: string; orderId: string; amount: number },
  ): Promise<Payment> {
    const { paymentKey, orderId, amount } = input;
    if (!ORDER_ID.test(orderId)) throw notFound('Payment order');
    if (paymentKey.length === 0 || paymentKey.length > MAX_PAYMENT_KEY) {
      throw badInput('paymentKey is not one Toss issues.', 'paymentKey');
    }
    const claim = await this.claim(buyer, orderId, amount, paymentKey);
    switch (claim.kind) {
      case 'settled':
        return answer(claim.payment);
      case 'busy':
        return answer(await this.waitWhileInProgress(claim.paymentId));
      case 'claimed': {
        const { id } = claim.payment;
        const confirming = this.sendConfirm(claim.payment);
        this.confirming.set(id, confirming);
        try {
          return answer(await confirming);
        } finally {
          this.confirming.delete(id);
        }
      }
    }
  }

  /**
   * Takes the order for one confirm: READY → IN_PROGRESS with the paymentKey, under the row lock. Whoever
   * finds it IN_PROGRESS with the same key waits for that confirm instead of charging again. The order is read,
   * its buyer and amount checked, and claimed in one transaction.
   */
  private async claim(
    buyer: Buyer,
    orderId: string,
    amount: number,
    paymentKey: string,
  ): Promise<{ kind: 'claimed' | 'settled'; payment: Payment } | { kind: 'busy'; paymentId: string }> {
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const p = await em.findOne(Payment, { orderId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        if (!p || p.userId !== buyer.userId) throw notFound('Payment order');
        // The amount the widget reports comes from the browser: never the basis of a charge.
        if (amount !== p.amount) {
          this.options.log.warn(
            { orderId, expected: p.amount, got: amount, user: buyer.userId },
            'confirm with an amount that is not the order amount refused',
          );
          throw new AppError(
            ErrorCode.PAYMENT_AMOUNT_MISMATCH,
            `The amount does not match the order (${p.amount} won). Nothing was charged.`,
            { expected: p.amount },
          );
        }
        const now = new Date();
        switch (p.status) {
          case 'READY': {
            const r = await em.findOne(ReservationProjection, { id: p.reservationId });
            if (!isKnown(r)) throw notFound('Reservation');
            assertPayable(r, now);
            p.status = 'IN_PROGRESS';
            p.paymentKey = paymentKey;
            p.confirmKey = confirmKeyFor(p.orderId, paymentKey);
            p.claimedAt = now;
            p.failureCode = null;
            p.failureMessage = null;
            await em.flush();
            return { kind: 'claimed', payment: p };
          }
          case 'IN_PROGRESS': {
            if (p.paymentKey !== paymentKey) {
              throw conflict('Another payment is being confirmed for this order. Wait for it to finish.');
            }
            // A confirm that ended without Toss' answer, or died mid-way (crash, restart): resume it; the same
            // Idempotency-Key makes that safe.
            if (this.claimFree(p, now)) {
              p.claimedAt = now;
              return { kind: 'claimed', payment: p };
            }
            return { kind: 'busy', paymentId: p.id };
          }
          default:
            if (p.paymentKey === paymentKey) return { kind: 'settled', payment: p };
            if (APPROVED_STATUSES.has(p.status)) throw conflict('This order is already paid.');
            if (p.status === 'EXPIRED' && p.paymentKey == null) throw holdExpired();
            throw conflict('This payment attempt has ended. Prepare the payment again to retry.');
        }
      });
    } catch (err) {
      if (err instanceof UniqueConstraintViolationException) {
        throw badInput('This paymentKey belongs to another order.', 'paymentKey');
      }
      throw err;
    }
  }

  private async sendConfirm(claimed: Payment): Promise<Payment> {
    const paymentKey = claimed.paymentKey as string;
    const ctx = { paymentId: claimed.id, orderId: claimed.orderId };
    const outcome = await this.options.toss.confirm(
      { paymentKey, orderId: claimed.orderId, amount: claimed.amount },
      { ...ctx, idempotencyKey: claimed.confirmKey as string },
    );
    switch (outcome.kind) {
      case 'ok':
        return this.settle(claimed.id, outcome.payment);
      case 'unknown': {
        // Timeouts and provider errors even after retrying: Toss may have approved it. Ask.
        const after = await this.refresh(claimed);
        if (after.status === 'IN_PROGRESS') await this.unclaim(claimed);
        return after;
      }
      case 'refused': {
        const { code, message } = outcome;
        if (code === ALREADY_PROCESSED_CODE) return this.refresh(claimed);
        if (code === SESSION_EXPIRED_CODE) return this.end(claimed, 'EXPIRED', code, message);
        if (code === 'DUPLICATED_ORDER_ID') {
          // Another paymentKey already took money for this order: record that one.
          const byOrder = await this.options.toss.getByOrderId(claimed.orderId, ctx);
          if (byOrder.kind === 'ok') return this.settle(claimed.id, byOrder.payment);
          return this.refresh(claimed);
        }
        if (REQUEST_ERROR_CODES.has(code)) {
          await this.release(claimed, code, message);
          throw new AppError(ErrorCode.BAD_USER_INPUT, `Toss refused the confirmation: ${message}`, {
            providerCode: code,
          });
        }
        if (CREDENTIAL_CODES.has(code)) {
          await this.release(claimed, code, message);
          this.options.log.error({ code, message }, 'Toss refused our API keys: check TOSS_SECRET_KEY');
          throw new Error(`Toss refused our credentials (${code})`);
        }
        // The card company or Toss refused the payment itself: the attempt is over (Toss: ABORTED).
        return this.end(claimed, 'ABORTED', code, message);
      }
    }
  }

  /** Applies what Toss says about a payment, under the row lock. */
  async settle(paymentId: string, toss: TossPayment): Promise<Payment> {
    return (await this.apply(paymentId, toss)).payment;
  }

  /** `settle`, also saying whether Toss' answer changed anything. */
  async apply(paymentId: string, toss: TossPayment): Promise<{ payment: Payment; changed: boolean }> {
    return this.orm.em.fork().transactional(async (em) => {
      const payment = await em.findOneOrFail(
        Payment,
        { id: paymentId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      const changed = await applyTossPayment(em, payment, toss);
      if (changed)
        this.options.log.info(
          { orderId: payment.orderId, status: payment.status },
          'payment settled from Toss',
        );
      return { payment, changed };
    });
  }

  /** Re-reads the payment from Toss and applies it; the payment as we have it when Toss cannot say. */
  async refresh(payment: Payment): Promise<Payment> {
    const ctx = { paymentId: payment.id, orderId: payment.orderId };
    const outcome: TossOutcome = payment.paymentKey
      ? await this.options.toss.get(payment.paymentKey, ctx)
      : { kind: 'unknown', reason: 'network', code: null };
    if (outcome.kind === 'ok') return this.settle(payment.id, outcome.payment);
    return this.orm.em.fork().findOneOrFail(Payment, { id: payment.id });
  }

  /**
   * This confirm is over without Toss' answer: no confirm is in flight any more, so reconciliation (soon, see
   * `onUnsettled`) or the buyer pressing again may resume it at once rather than after `confirmBudgetMs`.
   */
  private async unclaim(claimed: Payment): Promise<void> {
    await this.orm.em
      .fork()
      .nativeUpdate(
        Payment,
        { id: claimed.id, status: 'IN_PROGRESS', claimedAt: claimed.claimedAt },
        { claimedAt: null },
      );
    this.options.onUnsettled?.();
  }

  /**
   * Whether no confirm holds this IN_PROGRESS payment: the last one ended without Toss' answer (no claim), or its
   * claim is older than a confirm can last (abandoned by a crash).
   */
  private claimFree(p: Payment, now: Date): boolean {
    return !p.claimedAt || now.getTime() - p.claimedAt.getTime() > this.options.confirmBudgetMs;
  }

  /**
   * Takes an IN_PROGRESS payment for reconciliation to resume its confirm: when no confirm holds it (the last
   * one ended without Toss' answer) or its claim was abandoned (a crash mid-confirm). Null: someone is on it.
   */
  private async reclaim(paymentId: string): Promise<Payment | null> {
    return this.orm.em.fork().transactional(async (em) => {
      const p = await em.findOneOrFail(Payment, { id: paymentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const now = new Date();
      if (p.status !== 'IN_PROGRESS' || !p.paymentKey || !p.confirmKey || !this.claimFree(p, now))
        return null;
      p.claimedAt = now;
      return p;
    });
  }

  /** A confirm Toss refused for good: the attempt ends (nothing was charged). */
  private end(claimed: Payment, status: 'ABORTED' | 'EXPIRED', code: string, message: string) {
    return this.orm.em.fork().transactional(async (em) => {
      const p = await em.findOneOrFail(Payment, { id: claimed.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (p.status === 'IN_PROGRESS' && p.paymentKey === claimed.paymentKey) {
        p.status = status;
        p.failureCode = code;
        p.failureMessage = message;
        p.checkedAt = new Date();
      }
      return p;
    });
  }

  /** The confirm request was wrong (not the payment): give the order back so a correct confirm can take it. */
  private async release(claimed: Payment, code: string, message: string): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const p = await em.findOneOrFail(Payment, { id: claimed.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (p.status !== 'IN_PROGRESS' || p.paymentKey !== claimed.paymentKey) return;
      p.status = 'READY';
      p.paymentKey = null;
      p.confirmKey = null;
      p.claimedAt = null;
      p.failureCode = code;
      p.failureMessage = message;
    });
  }

  /**
   * A second confirm of an order this process is confirming waits for that confirm's answer; one running in
   * another replica is answered with the payment as it stands (IN_PROGRESS settles by itself, see schema).
   */
  private async waitWhileInProgress(paymentId: string): Promise<Payment> {
    const running = this.confirming.get(paymentId);
    if (running) return running.catch(() => this.orm.em.fork().findOneOrFail(Payment, { id: paymentId }));
    return this.orm.em.fork().findOneOrFail(Payment, { id: paymentId });
  }

  // ---------- reconciliation ----------

  /**
   * Re-reads IN_PROGRESS payments from Toss and applies Toss' answer. This is how a crash between Toss' DONE
   * and our commit, or a confirm that timed out, comes to its final state. `olderThanMs`: skip payments
   * checked more recently (0 at start: all of them).
   */
  async reconcile(olderThanMs: number): Promise<{ checked: number; settled: number }> {
    const em = this.orm.em.fork();
    const before = new Date(Date.now() - olderThanMs);
    const stuck = await em.find(
      Payment,
      {
        status: 'IN_PROGRESS',
        paymentKey: { $ne: null },
        ...(olderThanMs > 0 ? { $or: [{ checkedAt: null }, { checkedAt: { $lt: before } }] } : {}),
      },
      { orderBy: { claimedAt: 'asc' }, limit: 100 },
    );
    let settled = 0;
    for (const payment of stuck) {
      const outcome = await this.options.toss.get(payment.paymentKey as string, {
        paymentId: payment.id,
        orderId: payment.orderId,
      });
      if (outcome.kind === 'ok' && outcome.payment.status === 'IN_PROGRESS') {
        // Toss holds the authorization, unconfirmed: our confirm never reached it (an outage) or died with us.
        // Resume it, as the buyer asked; the same Idempotency-Key charges at most once.
        const claimed = await this.reclaim(payment.id);
        const after = claimed
          ? await this.sendConfirm(claimed).catch((err: Error) => {
              this.options.log.warn({ paymentId: payment.id, err: err.message }, 'resumed confirm failed');
              return null;
            })
          : null;
        if (after && after.status !== 'IN_PROGRESS') settled++;
        else await this.touch(payment.id);
      } else if (outcome.kind === 'ok') {
        const after = await this.settle(payment.id, outcome.payment);
        if (after.status !== 'IN_PROGRESS') settled++;
      } else if (outcome.kind === 'refused' && outcome.code === 'NOT_FOUND_PAYMENT') {
        // Toss never heard of this key: no confirm reached it and none can succeed. Nothing was charged.
        await this.release(payment, outcome.code, outcome.message);
        settled++;
      } else {
        await this.touch(payment.id);
      }
    }
    if (stuck.length > 0)
      this.options.log.info({ checked: stuck.length, settled }, 'reconciled payments with Toss');
    return { checked: stuck.length, settled };
  }

  private async touch(paymentId: string): Promise<void> {
    await this.orm.em.fork().nativeUpdate(Payment, { id: paymentId }, { checkedAt: new Date() });
  }

  // ---------- reads ----------

  /** The payment if `viewer` may see it (its buyer or an admin); NOT_FOUND otherwise, missing or not. */
  async findVisible(em: EntityManager, viewer: Buyer, id: string): Promise<Payment> {
    const payment = isUuid(id) ? await em.findOne(Payment, { id }) : null;
    if (!payment || (payment.userId !== viewer.userId && viewer.role !== 'ADMIN')) throw notFound('Payment');
    return payment;
  }

  /** For webhooks: our payment a Toss paymentKey (or, before we know the key, its order) belongs to. */
  async findForProvider(paymentKey: string | null, orderId: string | null): Promise<Payment | null> {
    const em = this.orm.em.fork();
    if (paymentKey) {
      const byKey = await em.findOne(Payment, { paymentKey });
      if (byKey) return byKey;
    }
    return orderId && ORDER_ID.test(orderId) ? em.findOne(Payment, { orderId }) : null;
  }
}

/**
 * Records the reservation as seating's checkout token states it, under the row lock, and answers with it. A
 * status the events have already moved on (CANCELLED, EXPIRED, CONFIRMED) is kept: it is later news than the
 * token. The `created` event fills the same columns with the same values.
 */
async function recordFromToken(em: EntityManager, c: CheckoutClaims): Promise<ReservationProjection | null> {
  await runSql(
    em,
    sql`insert into payment.reservations
          (id, user_id, event_id, event_title, total_amount, seat_count, hold_expires_at, status)
        values (${c.reservationId}, ${c.userId}, ${c.eventId}, ${c.eventTitle}, ${c.amount}, ${c.seatCount},
                ${c.expiresAt.toISOString()}::timestamptz, 'PENDING')
        on conflict (id) do update set
          user_id = excluded.user_id, event_id = excluded.event_id, event_title = excluded.event_title,
          total_amount = excluded.total_amount, seat_count = excluded.seat_count,
          hold_expires_at = excluded.hold_expires_at
        where payment.reservations.user_id is null`,
  );
  return em.findOne(ReservationProjection, { id: c.reservationId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
}

/** A reservation can be paid while PENDING and before its checkout deadline. */
function assertPayable(r: KnownReservation, now: Date): void {
  switch (r.status) {
    case 'CONFIRMED':
      throw conflict('This reservation is already paid.');
    case 'CANCELLED':
      throw conflict('This reservation was cancelled.');
    case 'EXPIRED':
      throw holdExpired();
    case 'PENDING':
      if (r.holdExpiresAt.getTime() <= now.getTime()) throw holdExpired();
  }
}

/** How a confirm answers for a payment in a given state. */
function answer(payment: Payment): Payment {
  switch (payment.status) {
    case 'ABORTED':
      throw new AppError(
        ErrorCode.PAYMENT_DECLINED,
        `The payment was declined: ${payment.failureMessage ?? 'refused by the card company'}. Nothing was charged; try another card.`,
        { providerCode: payment.failureCode },
      );
    case 'EXPIRED':
      if (payment.paymentKey == null) throw holdExpired();
      throw new AppError(
        ErrorCode.PAYMENT_DECLINED,
        'The payment window closed before the payment was confirmed. Nothing was charged; start the payment again.',
        { providerCode: payment.failureCode ?? SESSION_EXPIRED_CODE },
      );
    default:
      return payment;
  }
}
