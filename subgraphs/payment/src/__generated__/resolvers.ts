import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Payment as PaymentModel } from '../modules/payment/payment.entity.ts';
import type { ReservationRef as ReservationRefModel } from '../modules/reservation/reservation-ref.ts';
import type { PaymentLogRow as PaymentLogRowModel } from '../modules/toss/payment-log.ts';
import type { Context } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00 */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** What the widget handed the success URL, passed on unchanged. The amount is checked against the order. */
export type ConfirmPaymentInput = {
  amount: Scalars['Int']['input'];
  orderId: Scalars['String']['input'];
  paymentKey: Scalars['String']['input'];
};

export type Mutation = {
  __typename?: 'Mutation';
  /**
   * Confirms what the widget authorized. PAYMENT_AMOUNT_MISMATCH (nothing charged) when the amount is not the
   * order's; PAYMENT_DECLINED when Toss refuses; a repeated or concurrent confirm returns the same payment and
   * never charges twice. IN_PROGRESS when Toss did not answer in time: the payment settles by itself.
   */
  confirmPayment: Payment;
  /**
   * Starts (or resumes) the payment of the buyer's PENDING reservation: the order to hand to the Toss widget. The
   * amount comes from the reservation; HOLD_EXPIRED once its checkout time is over.
   */
  preparePayment: PaymentOrder;
  /** full refund when amount is null, partial otherwise (admins only; never more than is left) */
  refundPayment: Payment;
};


export type MutationConfirmPaymentArgs = {
  input: ConfirmPaymentInput;
};


export type MutationPreparePaymentArgs = {
  checkoutToken?: InputMaybe<Scalars['String']['input']>;
  reservationId: Scalars['ID']['input'];
};


export type MutationRefundPaymentArgs = {
  amount?: InputMaybe<Scalars['Int']['input']>;
  paymentId: Scalars['ID']['input'];
  reason: Scalars['String']['input'];
  seatIds?: InputMaybe<Array<Scalars['ID']['input']>>;
};

/**
 * One payment attempt of a reservation (one Toss order). A declined or expired attempt ends; preparePayment starts
 * a new one.
 */
export type Payment = {
  __typename?: 'Payment';
  amount: Scalars['Int']['output'];
  approvedAt?: Maybe<Scalars['DateTime']['output']>;
  cancels: Array<PaymentCancel>;
  createdAt: Scalars['DateTime']['output'];
  /** set when Toss refused the payment (ABORTED) or it expired */
  failure?: Maybe<PaymentFailure>;
  id: Scalars['ID']['output'];
  /** Toss' payment method, e.g. 카드 or 간편결제 */
  method?: Maybe<Scalars['String']['output']>;
  orderId: Scalars['String']['output'];
  orderName: Scalars['String']['output'];
  /** refunds handed to Toss and not yet answered (retried automatically) */
  pendingRefundAmount: Scalars['Int']['output'];
  receiptUrl?: Maybe<Scalars['String']['output']>;
  refundStatus: RefundStatus;
  /** refunded so far (amount minus Toss' balanceAmount) */
  refundedAmount: Scalars['Int']['output'];
  reservation: Reservation;
  status: PaymentStatus;
};

/** One refund (Toss `cancels[]` entry). */
export type PaymentCancel = {
  __typename?: 'PaymentCancel';
  amount: Scalars['Int']['output'];
  canceledAt: Scalars['DateTime']['output'];
  reason: Scalars['String']['output'];
};

/** Why the provider refused a payment. */
export type PaymentFailure = {
  __typename?: 'PaymentFailure';
  /** Toss error code, e.g. REJECT_CARD_PAYMENT */
  code: Scalars['String']['output'];
  message: Scalars['String']['output'];
};

/** One call to or from Toss, as recorded in payment_logs (secrets and card data redacted). Admins only. */
export type PaymentLog = {
  __typename?: 'PaymentLog';
  at: Scalars['DateTime']['output'];
  attempt: Scalars['Int']['output'];
  /** OUT: we called Toss; IN: Toss called us (webhook) */
  direction: Scalars['String']['output'];
  endpoint: Scalars['String']['output'];
  /** Toss error code when there was one */
  errorCode?: Maybe<Scalars['String']['output']>;
  /** HTTP status; null when no answer came (timeout, network error) */
  httpStatus?: Maybe<Scalars['Int']['output']>;
  id: Scalars['ID']['output'];
  idempotencyKey?: Maybe<Scalars['String']['output']>;
  latencyMs: Scalars['Int']['output'];
  method: Scalars['String']['output'];
  /** confirm, get, cancel or webhook */
  operation: Scalars['String']['output'];
  /** ok, error, timeout or network */
  outcome: Scalars['String']['output'];
  /** redacted request body as JSON */
  request?: Maybe<Scalars['String']['output']>;
  /** redacted response body as JSON */
  response?: Maybe<Scalars['String']['output']>;
};

/** What the payment widget needs to start a payment. */
export type PaymentOrder = {
  __typename?: 'PaymentOrder';
  /** computed on the server from the reservation */
  amount: Scalars['Int']['output'];
  /** Toss client key for the payment widget (the local emulator's key when Toss is not configured) */
  clientKey: Scalars['String']['output'];
  /** confirm before this: the reservation's checkout deadline */
  expiresAt: Scalars['DateTime']['output'];
  orderId: Scalars['String']['output'];
  orderName: Scalars['String']['output'];
  /** the payment this order becomes once confirmed */
  paymentId: Scalars['ID']['output'];
};

/** Toss Payments' own payment statuses, as Toss reports them. */
export type PaymentStatus =
  | 'ABORTED'
  | 'CANCELED'
  | 'DONE'
  | 'EXPIRED'
  | 'IN_PROGRESS'
  | 'PARTIAL_CANCELED'
  | 'READY'
  | 'WAITING_FOR_DEPOSIT';

export type Query = {
  __typename?: 'Query';
  /** a payment of the signed-in buyer (any payment for admins); NOT_FOUND otherwise */
  payment?: Maybe<Payment>;
  /** every provider call about one payment, oldest first (admins only) */
  paymentLogs: Array<PaymentLog>;
};


export type QueryPaymentArgs = {
  id: Scalars['ID']['input'];
};


export type QueryPaymentLogsArgs = {
  paymentId: Scalars['ID']['input'];
};

/**
 * Where a payment's refund stands, as the buyer should read it: PENDING from the moment the reservation is
 * cancelled (even before payment has heard of it) until Toss has returned the money.
 */
export type RefundStatus =
  /** nothing refunded or being refunded */
  | 'NONE'
  /** part of the payment was refunded; the rest stays paid */
  | 'PARTIAL'
  /** a refund is decided and not yet confirmed by Toss (retried automatically) */
  | 'PENDING'
  /** everything was refunded */
  | 'REFUNDED';

export type Reservation = {
  __typename?: 'Reservation';
  id: Scalars['ID']['output'];
  /**
   * payment: the payment of this reservation (the latest attempt); null before preparePayment. Reads the
   * reservation's status from seating, so the answer to cancelReservation already shows the refund as PENDING.
   */
  payment?: Maybe<Payment>;
  status: ReservationStatus;
};

/** seating's reservation statuses (payment reads `Reservation.status` to answer for a cancelled one) */
export type ReservationStatus =
  | 'CANCELLED'
  | 'CONFIRMED'
  | 'EXPIRED'
  | 'PENDING';



export type ResolverTypeWrapper<T> = Promise<T> | T;

export type ReferenceResolver<TResult, TReference, TContext> = (
      reference: TReference,
      context: TContext,
      info: GraphQLResolveInfo
    ) => Promise<TResult> | TResult;

      type ScalarCheck<T, S> = S extends true ? T : NullableCheck<T, S>;
      type NullableCheck<T, S> = Maybe<T> extends T ? Maybe<ListCheck<NonNullable<T>, S>> : ListCheck<T, S>;
      type ListCheck<T, S> = T extends (infer U)[] ? NullableCheck<U, S>[] : GraphQLRecursivePick<T, S>;
      export type GraphQLRecursivePick<T, S> = { [K in keyof T & keyof S]: ScalarCheck<T[K], S[K]> };
    

export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

/** Mapping of federation types */
export type FederationTypes = {
  Reservation: Reservation;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Reservation:
    ( { __typename: 'Reservation' }
    & GraphQLRecursivePick<FederationTypes['Reservation'], {"id":true}>
    & ( Record<PropertyKey, never>
        | GraphQLRecursivePick<FederationTypes['Reservation'], {"status":true}> ) );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  ConfirmPaymentInput: ConfirmPaymentInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Payment: ResolverTypeWrapper<PaymentModel>;
  PaymentCancel: ResolverTypeWrapper<PaymentCancel>;
  PaymentFailure: ResolverTypeWrapper<PaymentFailure>;
  PaymentLog: ResolverTypeWrapper<PaymentLogRowModel>;
  PaymentOrder: ResolverTypeWrapper<PaymentOrder>;
  PaymentStatus: PaymentStatus;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  RefundStatus: RefundStatus;
  Reservation: ResolverTypeWrapper<ReservationRefModel>;
  ReservationStatus: ReservationStatus;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  ConfirmPaymentInput: ConfirmPaymentInput;
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  DateTime: Scalars['DateTime']['output'];
  Mutation: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Payment: PaymentModel;
  PaymentCancel: PaymentCancel;
  PaymentFailure: PaymentFailure;
  PaymentLog: PaymentLogRowModel;
  PaymentOrder: PaymentOrder;
  Query: Record<PropertyKey, never>;
  Reservation: ReservationRefModel;
  Boolean: Scalars['Boolean']['output'];
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  confirmPayment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType, RequireFields<MutationConfirmPaymentArgs, 'input'>>;
  preparePayment?: Resolver<ResolversTypes['PaymentOrder'], ParentType, ContextType, RequireFields<MutationPreparePaymentArgs, 'reservationId'>>;
  refundPayment?: Resolver<ResolversTypes['Payment'], ParentType, ContextType, RequireFields<MutationRefundPaymentArgs, 'paymentId' | 'reason'>>;
};

export type PaymentResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Payment'] = ResolversParentTypes['Payment']> = {
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  approvedAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  cancels?: Resolver<Array<ResolversTypes['PaymentCancel']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  failure?: Resolver<Maybe<ResolversTypes['PaymentFailure']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  method?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orderName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  pendingRefundAmount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  receiptUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  refundStatus?: Resolver<ResolversTypes['RefundStatus'], ParentType, ContextType>;
  refundedAmount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  reservation?: Resolver<ResolversTypes['Reservation'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['PaymentStatus'], ParentType, ContextType>;
};

export type PaymentCancelResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentCancel'] = ResolversParentTypes['PaymentCancel']> = {
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  canceledAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  reason?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaymentFailureResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentFailure'] = ResolversParentTypes['PaymentFailure']> = {
  code?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  message?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PaymentLogResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentLog'] = ResolversParentTypes['PaymentLog']> = {
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  attempt?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  direction?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  endpoint?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  errorCode?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  httpStatus?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  idempotencyKey?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  latencyMs?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  method?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  operation?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  outcome?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  request?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  response?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type PaymentOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PaymentOrder'] = ResolversParentTypes['PaymentOrder']> = {
  amount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  clientKey?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  orderId?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  orderName?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  paymentId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType, RequireFields<QueryPaymentArgs, 'id'>>;
  paymentLogs?: Resolver<Array<ResolversTypes['PaymentLog']>, ParentType, ContextType, RequireFields<QueryPaymentLogsArgs, 'paymentId'>>;
};

export type ReservationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Reservation'] = ResolversParentTypes['Reservation'], FederationReferenceType extends FederationReferenceTypes['Reservation'] = FederationReferenceTypes['Reservation']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Reservation']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  payment?: Resolver<Maybe<ResolversTypes['Payment']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  Mutation?: MutationResolvers<ContextType>;
  Payment?: PaymentResolvers<ContextType>;
  PaymentCancel?: PaymentCancelResolvers<ContextType>;
  PaymentFailure?: PaymentFailureResolvers<ContextType>;
  PaymentLog?: PaymentLogResolvers<ContextType>;
  PaymentOrder?: PaymentOrderResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Reservation?: ReservationResolvers<ContextType>;
};

