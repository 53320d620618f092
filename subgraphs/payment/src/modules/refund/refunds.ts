import { randomUUID } from 'node:crypto';
import { type EntityManager, LockMode } from '@mikro-orm/postgresql';
import {
  AppError,
  afterCommit,
  badInput,
  ErrorCode,
  type Identity,
  isUuid,
  type Logger,
  notFound,
  type Orm,
  recordAudit,
} from '@tiketi/kit';
import { Payment } from '../payment/payment.entity.ts';
import { applyTossPayment, SCHEMA } from '../payment/provider-sync.ts';
import {
  ALREADY_CANCELED_CODE,
  APPROVED_STATUSES,
  MAX_CANCEL_REASON,
  REFUNDABLE_MISMATCH_CODE,
} from '../toss/toss-api.ts';
import { retryKey, type TossClient } from '../toss/toss-client.ts';
import { RefundRequest, type RefundSource } from './refund-request.entity.ts';

/** The Idempotency-Key a refund is sent under: `refund-<id>` until Toss refuses it for now. */
export const refundKey = (request: RefundRequest) => request.idempotencyKey ?? `refund-${request.id}`;

export type RefundOutcome =
  | { kind: 'done' }
  | { kind: 'nothing-left' }
  | { kind: 'failed'; code: string; message: string }
  /** Not done yet: the request stays PENDING and is sent again (same key, or a new one after a refusal). */
  | { kind: 'retry' }
  /** Already handled (by another replica, or earlier). */
  | { kind: 'skipped' };

/**
 * Refunds: decided in a transaction as a RefundRequest row, then sent to Toss until Toss answers. Admin refunds
 * are sent at once (the admin sees the result); refunds decided by domain events (a buyer's cancellation, seats
 * lost to an expired hold) are sent right after their transaction commits, and retried by the worker.
 */
export class Refunds {
  private running: Promise<unknown> = Promise.resolve();
  private timer: NodeJS.Timeout | null = null;
  private state: { phase: 'idle' } | { phase: 'running' } | { phase: 'stopped' } = { phase: 'idle' };

  constructor(
    private readonly orm: Orm,
    private readonly toss: TossClient,
    private readonly log: Logger,
  ) {}

  /** `refundPayment`: full (`amount` null) or partial, never more than is left. Admins only (checked by the caller). */
  async refundByAdmin(
    admin: NonNullable<Identity>,
    input: { paymentId: string; amount: number | null; reason: string; seatIds?: string[] | null },
  ): Promise<Payment> {
    const reason = input.reason.trim();
    if (reason.length === 0 || reason.length > MAX_CANCEL_REASON) {
      throw badInput(`Give a reason of 1 to ${MAX_CANCEL_REASON} characters.`, 'reason');
    }
    const { amount } = input;
    if (amount !== null && (!Number.isInteger(amount) || amount <= 0)) {
      throw badInput(
        'A partial refund is a positive whole number of won; leave amount out for a full refund.',
        'amount',
      );
    }
    if (!isUuid(input.paymentId)) throw notFound('Payment');
    const seatIds = input.seatIds && input.seatIds.length > 0 ? [...new Set(input.seatIds)] : null;
    if (seatIds && (amount === null || seatIds.length > 100 || !seatIds.every(isUuid))) {
      throw badInput(
        'Name the seats of a partial refund (1 to 100 seat ids) together with its amount; a full refund covers every seat.',
        'seatIds',
      );
    }

    const requestId = await this.orm.orm.em.fork().transactional(async (em) => {
      const payment = await em.findOne(
        Payment,
        { id: input.paymentId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!payment) throw notFound('Payment');
      if (!APPROVED_STATUSES.has(payment.status)) {
        throw badInput(`Only a paid payment can be refunded; this one is ${payment.status}.`);
      }
      const left = await this.refundable(em, payment);
      if (left <= 0) throw badInput('Nothing is left to refund on this payment.', 'amount');
      if (amount !== null && amount > left) {
        throw new AppError(
          ErrorCode.BAD_USER_INPUT,
          `At most ${left} won is left to refund on this payment.`,
          {
            field: 'amount',
            refundable: left,
          },
        );
      }
      const request = this.create(em, payment, {
        amount,
        reason,
        source: 'ADMIN',
        requestedBy: admin.userId,
        seatIds,
      });
      await recordAudit(em, SCHEMA, admin.userId, {
        action: 'payment.refund',
        target: { type: 'payment', id: payment.id },
        details: {
          amount: amount ?? left,
          full: amount === null || amount === left,
          reason,
          ...(seatIds ? { seatIds } : {}),
          refundRequestId: request.id,
        },
      });
      return request.id;
    });

    const outcome = await this.process(requestId);
    if (outcome.kind === 'failed') {
      throw new AppError(ErrorCode.BAD_USER_INPUT, `Toss refused the refund: ${outcome.message}`, {
        providerCode: outcome.code,
      });
    }
    return this.orm.orm.em.fork().findOneOrFail(Payment, { id: input.paymentId });
  }

  /**
   * Inside a domain event's transaction: refund everything left on `payment` (locked here), unless nothing is
   * left or a full refund is already on its way. Sent once the transaction commits.
   */
  async refundInFull(
    em: EntityManager,
    paymentId: string,
    input: { reason: string; source: RefundSource },
  ): Promise<RefundRequest | null> {
    const payment = await em.findOne(
      Payment,
      { id: paymentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!payment) return null;
    // IN_PROGRESS: the confirm's outcome is not recorded yet; the request waits for it (the worker retries).
    if (!APPROVED_STATUSES.has(payment.status) && payment.status !== 'IN_PROGRESS') return null;
    if (APPROVED_STATUSES.has(payment.status) && (await this.refundable(em, payment)) <= 0) return null;
    const request = this.create(em, payment, {
      amount: null,
      reason: input.reason.slice(0, MAX_CANCEL_REASON),
      source: input.source,
      requestedBy: null,
    });
    afterCommit(em, () => this.kick());
    return request;
  }

  /**
   * Inside `seating.ticket.resold`'s transaction: the seller's partial refund of `amount` (the seat's resale
   * price minus the event's fee), once per listing whatever redelivers the event (a unique index on
   * `resale_listing_id` says so too). Sent once the transaction commits, retried by the worker until Toss
   * answers, under one Idempotency-Key, so a retry never refunds twice.
   */
  async refundForResale(
    em: EntityManager,
    input: { paymentId: string; amount: number; listingId: string; reason: string },
  ): Promise<RefundRequest | null> {
    const existing = await em.findOne(RefundRequest, { resaleListingId: input.listingId });
    if (existing) return existing;
    const payment = await em.findOne(
      Payment,
      { id: input.paymentId },
      { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true },
    );
    if (!payment || !APPROVED_STATUSES.has(payment.status) || input.amount <= 0) return null;
    const request = this.create(em, payment, {
      amount: input.amount,
      reason: input.reason.slice(0, MAX_CANCEL_REASON),
      source: 'RESALE',
      requestedBy: null,
      resaleListingId: input.listingId,
    });
    afterCommit(em, () => this.kick());
    return request;
  }

  /** What can still be refunded: Toss' balance minus refunds already on their way. */
  private async refundable(em: EntityManager, payment: Payment): Promise<number> {
    const pending = await em.find(RefundRequest, { paymentId: payment.id, status: 'PENDING' });
    if (pending.some((r) => r.amount == null)) return 0;
    return payment.balanceAmount - pending.reduce((sum, r) => sum + (r.amount ?? 0), 0);
  }

  private create(
    em: EntityManager,
    payment: Payment,
    input: {
      amount: number | null;
      reason: string;
      source: RefundSource;
      requestedBy: string | null;
      seatIds?: string[] | null;
      resaleListingId?: string | null;
    },
  ): RefundRequest {
    return em.create(RefundRequest, {
      id: randomUUID(),
      paymentId: payment.id,
      ...input,
      seatIds: input.seatIds ?? null,
      resaleListingId: input.resaleListingId ?? null,
      status: 'PENDING',
      attempts: 0,
      failureCode: null,
      failureMessage: null,
      idempotencyKey: null,
      createdAt: new Date(),
      completedAt: null,
    });
  }

  /**
   * Sends one refund to Toss and records the answer. The payment stays locked meanwhile, so refunds of one
   * payment go to Toss one at a time and each is computed against the balance the previous one left.
   */
  async process(requestId: string): Promise<RefundOutcome> {
    return this.orm.orm.em.fork().transactional(async (em): Promise<RefundOutcome> => {
      const request = await em.findOne(
        RefundRequest,
        { id: requestId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (request?.status !== 'PENDING') return { kind: 'skipped' };
      const payment = await em.findOneOrFail(
        Payment,
        { id: request.paymentId },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (payment.status === 'IN_PROGRESS') {
        request.attempts++;
        return { kind: 'retry' };
      }
      const done = (outcome: RefundOutcome): RefundOutcome => {
        request.status = outcome.kind === 'failed' ? 'FAILED' : 'DONE';
        request.completedAt = new Date();
        if (outcome.kind === 'failed') {
          request.failureCode = outcome.code;
          request.failureMessage = outcome.message;
        }
        return outcome;
      };
      if (!APPROVED_STATUSES.has(payment.status) || payment.balanceAmount === 0 || !payment.paymentKey) {
        return done({ kind: 'nothing-left' });
      }
      if (request.amount != null && request.amount > payment.balanceAmount) {
        return done({
          kind: 'failed',
          code: 'NOT_CANCELABLE_AMOUNT',
          message: `only ${payment.balanceAmount} won is left`,
        });
      }

      const ctx = { paymentId: payment.id, orderId: payment.orderId };
      const paymentKey = payment.paymentKey;
      const known = new Set(payment.cancels.map((c) => c.transactionKey));
      request.attempts++;
      const outcome = await this.toss.cancel(
        paymentKey,
        {
          cancelReason: request.reason,
          ...(request.amount != null ? { cancelAmount: request.amount } : {}),
          // The balance we know: Toss cancels on it or not at all (NOT_MATCHES_REFUNDABLE_AMOUNT).
          refundableAmount: payment.balanceAmount,
        },
        { ...ctx, idempotencyKey: refundKey(request) },
      );
      switch (outcome.kind) {
        case 'ok':
          await applyTossPayment(em, payment, outcome.payment, request.seatIds);
          this.log.info(
            {
              orderId: payment.orderId,
              source: request.source,
              status: payment.status,
              refunded: payment.amount - payment.balanceAmount,
            },
            'refund done',
          );
          return done({ kind: 'done' });
        case 'unknown':
          if (outcome.reason === 'temporary') {
            return this.afterRefusal(em, { request, payment, paymentKey, known, done }, outcome.code);
          }
          // No answer: the same key next time, which gets Toss' answer to this one if it had any.
          this.log.warn(
            { orderId: payment.orderId, request: request.id },
            'refund unanswered by Toss; will retry',
          );
          return { kind: 'retry' };
        case 'refused': {
          if (outcome.code === ALREADY_CANCELED_CODE) {
            const reread = await this.toss.get(paymentKey, ctx);
            if (reread.kind === 'ok') await applyTossPayment(em, payment, reread.payment);
            return done({ kind: 'nothing-left' });
          }
          if (outcome.code === REFUNDABLE_MISMATCH_CODE) {
            return this.afterRefusal(em, { request, payment, paymentKey, known, done }, outcome.code);
          }
          this.log.error(
            { orderId: payment.orderId, request: request.id, code: outcome.code, message: outcome.message },
            'Toss refused a refund',
          );
          return done({ kind: 'failed', code: outcome.code, message: outcome.message });
        }
      }
    });
  }

  /**
   * Toss answered without cancelling: refused for now (PROVIDER_ERROR, FORBIDDEN_CONSECUTIVE_REQUEST, …) or on a
   * balance other than the one we sent (NOT_MATCHES_REFUNDABLE_AMOUNT). That answer is what the key now answers
   * for 15 days, so, as Toss advises, the payment is re-read first; then the refund is either found done, or
   * impossible, or sent again under a new key with the balance just read (the next round of the worker).
   */
  private async afterRefusal(
    em: EntityManager,
    sent: {
      request: RefundRequest;
      payment: Payment;
      paymentKey: string;
      /** cancels of the payment before this refund was sent */
      known: ReadonlySet<string>;
      done: (outcome: RefundOutcome) => RefundOutcome;
    },
    code: string | null,
  ): Promise<RefundOutcome> {
    const { request, payment, done } = sent;
    const reread = await this.toss.get(sent.paymentKey, { paymentId: payment.id, orderId: payment.orderId });
    // Unreadable now: the same key next round replays the refusal and brings us back here.
    if (reread.kind !== 'ok') return { kind: 'retry' };
    await applyTossPayment(em, payment, reread.payment, request.seatIds);
    if (payment.balanceAmount === 0) return done({ kind: 'nothing-left' });
    // A new cancel of exactly our amount: taken as ours. Never refunding twice beats refunding for sure.
    const likeOurs = payment.cancels.some(
      (c) => !sent.known.has(c.transactionKey) && request.amount != null && c.amount === request.amount,
    );
    if (likeOurs) return done({ kind: 'done' });
    if (request.amount != null && request.amount > payment.balanceAmount) {
      return done({
        kind: 'failed',
        code: 'NOT_CANCELABLE_AMOUNT',
        message: `only ${payment.balanceAmount} won is left`,
      });
    }
    request.idempotencyKey = retryKey(`refund-${request.id}`);
    this.log.warn(
      { orderId: payment.orderId, request: request.id, code, balance: payment.balanceAmount },
      'Toss did not cancel; re-read, sending again under a new key',
    );
    return { kind: 'retry' };
  }

  // ---------- the worker: refunds decided by events, and retries ----------

  /** Sends pending refunds now (after a domain event decided one). */
  kick(): void {
    if (this.state.phase === 'stopped') return;
    this.running = this.running
      .then(() => this.processPending())
      .catch((err: Error) => {
        this.log.error({ err: err.message }, 'refund round failed');
      });
  }

  async processPending(): Promise<number> {
    const pending = await this.orm.orm.em
      .fork()
      .find(RefundRequest, { status: 'PENDING' }, { orderBy: { createdAt: 'asc' }, limit: 20 });
    let handled = 0;
    for (const request of pending) {
      if (this.state.phase === 'stopped') break;
      const outcome = await this.process(request.id);
      if (outcome.kind !== 'retry' && outcome.kind !== 'skipped') handled++;
    }
    return handled;
  }

  /** Retries pending refunds every `intervalMs` (and once now, for refunds left by a crash). */
  start(intervalMs: number): void {
    this.state = { phase: 'running' };
    const tick = () => {
      if (this.state.phase !== 'running') return;
      this.kick();
      this.timer = setTimeout(tick, intervalMs);
    };
    tick();
  }

  /** Resolves when the refunds in flight have been sent and recorded. */
  idle(): Promise<unknown> {
    return this.running;
  }

  async stop(): Promise<void> {
    this.state = { phase: 'stopped' };
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }
}
