import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EventRef as EventRefModel } from '../modules/event/event-ref.ts';
import type { QueueStatusView as QueueStatusViewModel, QueueTicketView as QueueTicketViewModel } from '../modules/line/views.ts';
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

export type Event = {
  __typename?: 'Event';
  id: Scalars['ID']['output'];
  /** queue: public waiting-room state */
  queue: QueueStatus;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** admin */
  configureQueue: QueueStatus;
  /** admin: admits the buyer now, ahead of the line and beyond capacity */
  forceAdmit: QueueTicket;
  /**
   * Joins the event's waiting room. Idempotent per buyer: a rejoin keeps the place (or the slot). Before the sale
   * opens the buyer waits in the pre-queue; when the room has room the buyer is ADMITTED at once.
   * A buyer not yet in the room (or whose ticket expired or who left) sends `proof`, a solved `joinChallenge`
   * (CHALLENGE_REQUIRED, CHALLENGE_INVALID, CHALLENGE_EXPIRED, CHALLENGE_USED otherwise); a rejoin needs none.
   */
  joinQueue: QueueTicket;
  /** leaves the line, the pre-queue or the shopping slot; false when the buyer was in none of them */
  leaveQueue: Scalars['Boolean']['output'];
  /** an admitted buyer is still shopping: renews the slot for another idle period */
  queueHeartbeat: QueueTicket;
};


export type MutationConfigureQueueArgs = {
  eventId: Scalars['ID']['input'];
  input: QueueConfigInput;
};


export type MutationForceAdmitArgs = {
  eventId: Scalars['ID']['input'];
  userId: Scalars['ID']['input'];
};


export type MutationJoinQueueArgs = {
  eventId: Scalars['ID']['input'];
  proof?: InputMaybe<Scalars['String']['input']>;
};


export type MutationLeaveQueueArgs = {
  eventId: Scalars['ID']['input'];
};


export type MutationQueueHeartbeatArgs = {
  eventId: Scalars['ID']['input'];
};

/**
 * A proof-of-work puzzle (ALTCHA v2, README "Proof of work"): find the counter n for which
 * PBKDF2-SHA-256(nonce ‖ uint32be(n), salt, `cost` iterations, keyLength) starts with keyPrefix, then send
 * `proof` = base64(JSON({ challenge, solution: { counter, derivedKey } })). Single use; bound to its purpose.
 */
export type ProofOfWorkChallenge = {
  __typename?: 'ProofOfWorkChallenge';
  /** PBKDF2/SHA-256 */
  algorithm: Scalars['String']['output'];
  /** the ALTCHA challenge as JSON: { parameters: { algorithm, nonce, salt, cost, keyLength, keyPrefix, keySignature, expiresAt, data }, signature } */
  challenge: Scalars['String']['output'];
  /** key-derivation iterations per attempt */
  cost: Scalars['Int']['output'];
  /** the most attempts a solver can need (the answer is in its upper half); it grows with the caller's recent rate and the room's load */
  difficulty: Scalars['Int']['output'];
  expiresAt: Scalars['DateTime']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * A challenge to solve before joining the event's waiting room (signed-in buyers). `deviceId`: the app's own
   * random id of this device, if it keeps one. Null while the platform does not ask for proof of work.
   */
  joinChallenge?: Maybe<ProofOfWorkChallenge>;
  /** the signed-in buyer's place in the event's waiting room, null if not in it */
  myQueueTicket?: Maybe<QueueTicket>;
  /** admin: the live state of an event's waiting room */
  queueStats: QueueStats;
};


export type QueryJoinChallengeArgs = {
  deviceId?: InputMaybe<Scalars['String']['input']>;
  eventId: Scalars['ID']['input'];
};


export type QueryMyQueueTicketArgs = {
  eventId: Scalars['ID']['input'];
};


export type QueryQueueStatsArgs = {
  eventId: Scalars['ID']['input'];
};

/** fields left out stay as they are */
export type QueueConfigInput = {
  /** active shoppers admitted at once */
  capacity?: InputMaybe<Scalars['Int']['input']>;
  mode?: InputMaybe<QueueMode>;
  paused?: InputMaybe<Scalars['Boolean']['input']>;
};

/** AUTO: the waiting room turns on when active shoppers reach capacity; ON/OFF: forced by an admin */
export type QueueMode =
  | 'AUTO'
  | 'OFF'
  | 'ON';

export type QueueState =
  | 'ADMITTED'
  | 'EXPIRED'
  | 'LEFT'
  | 'WAITING';

/** An admin's live view of one event's waiting room. */
export type QueueStats = {
  __typename?: 'QueueStats';
  /** measured admission rate the ETAs use (admissions per second), null before any admission */
  admissionRate?: Maybe<Scalars['Float']['output']>;
  /** buyers admitted in the last 60 seconds */
  admittedLastMinute: Scalars['Int']['output'];
  eventId: Scalars['ID']['output'];
  /** buyers in line (the sale is open) */
  inLine: Scalars['Int']['output'];
  /** how long the buyer at the head of the line (or the earliest in the pre-queue) has waited; null when nobody waits */
  oldestWaitSeconds?: Maybe<Scalars['Int']['output']>;
  /** buyers in the pre-queue (the sale has not opened yet) */
  preQueue: Scalars['Int']['output'];
  /** when the pre-queue is (or was) placed into the line; null while queue does not know the event's sale window */
  saleOpensAt?: Maybe<Scalars['DateTime']['output']>;
  status: QueueStatus;
};

/**
 * An event's waiting room. `enabled`, `paused` and `waiting` are public; `mode`, `capacity` and `activeShoppers` are
 * for admins (FORBIDDEN for everyone else).
 */
export type QueueStatus = {
  __typename?: 'QueueStatus';
  /** admin only: buyers holding a shopping slot now */
  activeShoppers: Scalars['Int']['output'];
  /** admin only: active shoppers allowed at once */
  capacity: Scalars['Int']['output'];
  /** whether seat holds need an admission pass right now */
  enabled: Scalars['Boolean']['output'];
  /** admin only */
  mode: QueueMode;
  /** admissions are paused by an admin: the line holds still */
  paused: Scalars['Boolean']['output'];
  /** buyers waiting (in line, or in the pre-queue before the sale opens) */
  waiting: Scalars['Int']['output'];
};

export type QueueTicket = {
  __typename?: 'QueueTicket';
  /** set when ADMITTED: pass for HoldSeatsInput.admissionPass */
  admissionPass?: Maybe<Scalars['String']['output']>;
  etaSeconds?: Maybe<Scalars['Int']['output']>;
  eventId: Scalars['ID']['output'];
  /**
   * set when ADMITTED: when the shopping slot ends unless renewed by activity (queueHeartbeat or a seat hold),
   * at the latest when the admission pass expires
   */
  expiresAt?: Maybe<Scalars['DateTime']['output']>;
  /**
   * the order in which the join was accepted (strictly increasing per event; admission follows it exactly); null in
   * the pre-queue until the sale opens and the pre-queue is placed in random order
   */
  number?: Maybe<Scalars['Int']['output']>;
  /** set while WAITING in the pre-queue: when the sale opens and the pre-queue is placed in the line in random order */
  opensAt?: Maybe<Scalars['DateTime']['output']>;
  /** 1-based place in line while WAITING, null otherwise */
  position?: Maybe<Scalars['Int']['output']>;
  state: QueueState;
};

export type Subscription = {
  __typename?: 'Subscription';
  /** pushes the signed-in buyer's ticket whenever position, ETA or state changes */
  queuePosition: QueueTicket;
};


export type SubscriptionQueuePositionArgs = {
  eventId: Scalars['ID']['input'];
};



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
  Event: Event;
};

/** Mapping of federation reference types */
export type FederationReferenceTypes = {
  Event:
    ( { __typename: 'Event' }
    & GraphQLRecursivePick<FederationTypes['Event'], {"id":true}> );
};



/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Event: ResolverTypeWrapper<EventRefModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  ProofOfWorkChallenge: ResolverTypeWrapper<ProofOfWorkChallenge>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  QueueConfigInput: QueueConfigInput;
  QueueMode: QueueMode;
  QueueState: QueueState;
  QueueStats: ResolverTypeWrapper<QueueStatusViewModel>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  QueueStatus: ResolverTypeWrapper<QueueStatusViewModel>;
  QueueTicket: ResolverTypeWrapper<QueueTicketViewModel>;
  Subscription: ResolverTypeWrapper<Record<PropertyKey, never>>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  DateTime: Scalars['DateTime']['output'];
  Event: EventRefModel;
  ID: Scalars['ID']['output'];
  Mutation: Record<PropertyKey, never>;
  String: Scalars['String']['output'];
  Boolean: Scalars['Boolean']['output'];
  ProofOfWorkChallenge: ProofOfWorkChallenge;
  Int: Scalars['Int']['output'];
  Query: Record<PropertyKey, never>;
  QueueConfigInput: QueueConfigInput;
  QueueStats: QueueStatusViewModel;
  Float: Scalars['Float']['output'];
  QueueStatus: QueueStatusViewModel;
  QueueTicket: QueueTicketViewModel;
  Subscription: Record<PropertyKey, never>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event'], FederationReferenceType extends FederationReferenceTypes['Event'] = FederationReferenceTypes['Event']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Event']> | FederationReferenceType, FederationReferenceType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  queue?: Resolver<ResolversTypes['QueueStatus'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  configureQueue?: Resolver<ResolversTypes['QueueStatus'], ParentType, ContextType, RequireFields<MutationConfigureQueueArgs, 'eventId' | 'input'>>;
  forceAdmit?: Resolver<ResolversTypes['QueueTicket'], ParentType, ContextType, RequireFields<MutationForceAdmitArgs, 'eventId' | 'userId'>>;
  joinQueue?: Resolver<ResolversTypes['QueueTicket'], ParentType, ContextType, RequireFields<MutationJoinQueueArgs, 'eventId'>>;
  leaveQueue?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationLeaveQueueArgs, 'eventId'>>;
  queueHeartbeat?: Resolver<ResolversTypes['QueueTicket'], ParentType, ContextType, RequireFields<MutationQueueHeartbeatArgs, 'eventId'>>;
};

export type ProofOfWorkChallengeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['ProofOfWorkChallenge'] = ResolversParentTypes['ProofOfWorkChallenge']> = {
  algorithm?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  challenge?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  cost?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  difficulty?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  joinChallenge?: Resolver<Maybe<ResolversTypes['ProofOfWorkChallenge']>, ParentType, ContextType, RequireFields<QueryJoinChallengeArgs, 'eventId'>>;
  myQueueTicket?: Resolver<Maybe<ResolversTypes['QueueTicket']>, ParentType, ContextType, RequireFields<QueryMyQueueTicketArgs, 'eventId'>>;
  queueStats?: Resolver<ResolversTypes['QueueStats'], ParentType, ContextType, RequireFields<QueryQueueStatsArgs, 'eventId'>>;
};

export type QueueStatsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QueueStats'] = ResolversParentTypes['QueueStats']> = {
  admissionRate?: Resolver<Maybe<ResolversTypes['Float']>, ParentType, ContextType>;
  admittedLastMinute?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  inLine?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  oldestWaitSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  preQueue?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  saleOpensAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  status?: Resolver<ResolversTypes['QueueStatus'], ParentType, ContextType>;
};

export type QueueStatusResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QueueStatus'] = ResolversParentTypes['QueueStatus']> = {
  activeShoppers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  capacity?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  enabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  mode?: Resolver<ResolversTypes['QueueMode'], ParentType, ContextType>;
  paused?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  waiting?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type QueueTicketResolvers<ContextType = Context, ParentType extends ResolversParentTypes['QueueTicket'] = ResolversParentTypes['QueueTicket']> = {
  admissionPass?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  etaSeconds?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  eventId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  expiresAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  number?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  opensAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  position?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  state?: Resolver<ResolversTypes['QueueState'], ParentType, ContextType>;
};

export type SubscriptionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Subscription'] = ResolversParentTypes['Subscription']> = {
  queuePosition?: SubscriptionResolver<ResolversTypes['QueueTicket'], "queuePosition", ParentType, ContextType, RequireFields<SubscriptionQueuePositionArgs, 'eventId'>>;
};

export type Resolvers<ContextType = Context> = {
  DateTime?: GraphQLScalarType;
  Event?: EventResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  ProofOfWorkChallenge?: ProofOfWorkChallengeResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  QueueStats?: QueueStatsResolvers<ContextType>;
  QueueStatus?: QueueStatusResolvers<ContextType>;
  QueueTicket?: QueueTicketResolvers<ContextType>;
  Subscription?: SubscriptionResolvers<ContextType>;
};

