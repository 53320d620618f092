import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { EventRef as EventRefModel, EventSalesRow as EventSalesRowModel, SalesPeriod as SalesPeriodModel, SoldOrderRow as SoldOrderRowModel } from '../modules/report/sales.ts';
import type { AdminActionRow as AdminActionRowModel } from '../modules/audit/admin-actions.ts';
import type { Context } from '../context.ts';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar day in Korea (Asia/Seoul), e.g. 2026-12-24. */
  Date: { input: string; output: string; }
  /** ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00 */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

/** One admin action as the service that ran it recorded it. */
export type AdminAction = {
  __typename?: 'AdminAction';
  /** `<target>.<verb>`, e.g. news.publish, queue.configure, payment.refund */
  action: Scalars['String']['output'];
  /** the admin (null if auth no longer knows the account) */
  actor?: Maybe<User>;
  actorId: Scalars['ID']['output'];
  at: Scalars['DateTime']['output'];
  /** what the service recorded of it, as JSON */
  details: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  /** auth, catalog, seating, queue or payment */
  service: Scalars['String']['output'];
  targetId?: Maybe<Scalars['ID']['output']>;
  targetType: Scalars['String']['output'];
};

export type AdminActionConnection = {
  __typename?: 'AdminActionConnection';
  edges: Array<AdminActionEdge>;
  pageInfo: PageInfo;
};

export type AdminActionEdge = {
  __typename?: 'AdminActionEdge';
  cursor: Scalars['String']['output'];
  node: AdminAction;
};

/**
 * One Korean calendar day. Amounts are in won; they are Float because a day's or an event's sum can pass what a
 * GraphQL Int holds (2,147,483,647), but they are always whole numbers.
 */
export type DailySales = {
  __typename?: 'DailySales';
  date: Scalars['Date']['output'];
  /** charged for orders confirmed that day */
  grossRevenue: Scalars['Float']['output'];
  /** grossRevenue - refunded */
  netRevenue: Scalars['Float']['output'];
  /** accounts created that day */
  newUsers: Scalars['Int']['output'];
  /** orders confirmed that day */
  orders: Scalars['Int']['output'];
  /** refunded that day (full and partial refunds of confirmed orders) */
  refunded: Scalars['Float']['output'];
  /** seats given back that day by cancelled orders */
  ticketsCancelled: Scalars['Int']['output'];
  /** seats in the orders confirmed that day */
  ticketsSold: Scalars['Int']['output'];
  /** accounts in all at the end of the day */
  totalUsers: Scalars['Int']['output'];
};

export type Event = {
  __typename?: 'Event';
  /** stats, admin only: tickets let in at the event's doors so far (follows the doors by a moment) */
  checkIns?: Maybe<EventCheckIns>;
  /** stats, admin only: the event's sales per Korean day, `from` to `to` (at most 366 days), days without any as zeros */
  dailySales?: Maybe<Array<EventDay>>;
  id: Scalars['ID']['output'];
  /** stats, admin only: the event's sales of all time (null for anyone else, with FORBIDDEN) */
  sales?: Maybe<EventSales>;
};


export type EventDailySalesArgs = {
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
};

/** How many of an event's tickets went through its doors. */
export type EventCheckIns = {
  __typename?: 'EventCheckIns';
  /** tickets checked in (first entries; a second entry of a ticket is not counted) */
  checkedIn: Scalars['Int']['output'];
  /** the latest entry, null before the first */
  lastAt?: Maybe<Scalars['DateTime']['output']>;
};

/** One Korean calendar day of one event's sales. */
export type EventDay = {
  __typename?: 'EventDay';
  date: Scalars['Date']['output'];
  /** won: charged that day minus refunded that day (a whole number) */
  netRevenue: Scalars['Float']['output'];
  /** orders confirmed that day */
  orders: Scalars['Int']['output'];
  /** seats given back that day by cancelled orders */
  ticketsCancelled: Scalars['Int']['output'];
  ticketsSold: Scalars['Int']['output'];
};

/** An event's sales: its confirmed orders that were not cancelled. */
export type EventSales = {
  __typename?: 'EventSales';
  event: Event;
  orders: Scalars['Int']['output'];
  /** won charged for those orders, minus what was refunded of them (a whole number) */
  revenue: Scalars['Float']['output'];
  ticketsSold: Scalars['Int']['output'];
};

/** Relay-style page info; every subgraph with a connection defines the same type. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /**
   * admin: every service's admin audit records, newest first (`first` defaults to 50, at most 100), optionally of one
   * service (auth, catalog, seating, queue, payment). Follows the actions by a moment, as domain events do.
   */
  adminActions: AdminActionConnection;
  /** admin: the latest confirmed orders of every event, newest first (`first` defaults to 20, at most 100) */
  recentOrders: Array<SoldOrder>;
  /**
   * admin: sales, refunds and sign-ups for every day from `from` to `to`, both included (Korean calendar days, at
   * most 366 of them). Built from the other services' domain events, so a sale shows here a moment after it
   * happened.
   */
  salesStats: SalesStats;
};


export type QueryAdminActionsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  service?: InputMaybe<Scalars['String']['input']>;
};


export type QueryRecentOrdersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySalesStatsArgs = {
  from: Scalars['Date']['input'];
  to: Scalars['Date']['input'];
};

/** What sold, what went back and who joined over a period of days. */
export type SalesStats = {
  __typename?: 'SalesStats';
  /** one entry per day, oldest first; days without any activity included (with zeros) */
  days: Array<DailySales>;
  from: Scalars['Date']['output'];
  to: Scalars['Date']['output'];
  /** the events with the most tickets sold in the period (cancelled orders left out), most first */
  topEvents: Array<EventSales>;
  /** the sums over the whole period */
  totals: SalesTotals;
};


/** What sold, what went back and who joined over a period of days. */
export type SalesStatsTopEventsArgs = {
  first?: Scalars['Int']['input'];
};

/** Sums over a period. Amounts in won (whole numbers, Float for range). */
export type SalesTotals = {
  __typename?: 'SalesTotals';
  grossRevenue: Scalars['Float']['output'];
  netRevenue: Scalars['Float']['output'];
  newUsers: Scalars['Int']['output'];
  orders: Scalars['Int']['output'];
  refunded: Scalars['Float']['output'];
  ticketsCancelled: Scalars['Int']['output'];
  ticketsSold: Scalars['Int']['output'];
  /** accounts in all at the end of the period */
  totalUsers: Scalars['Int']['output'];
};

/** A confirmed order as stats heard of it. */
export type SoldOrder = {
  __typename?: 'SoldOrder';
  /** won */
  amount: Scalars['Float']['output'];
  /** set once the order was cancelled (its seats went back on sale) */
  cancelledAt?: Maybe<Scalars['DateTime']['output']>;
  confirmedAt: Scalars['DateTime']['output'];
  event: Event;
  /** the reservation that was paid */
  reservationId: Scalars['ID']['output'];
  tickets: Scalars['Int']['output'];
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
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
  AdminAction: ResolverTypeWrapper<AdminActionRowModel>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  AdminActionConnection: ResolverTypeWrapper<Omit<AdminActionConnection, 'edges'> & { edges: Array<ResolversTypes['AdminActionEdge']> }>;
  AdminActionEdge: ResolverTypeWrapper<Omit<AdminActionEdge, 'node'> & { node: ResolversTypes['AdminAction'] }>;
  DailySales: ResolverTypeWrapper<DailySales>;
  Float: ResolverTypeWrapper<Scalars['Float']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  Date: ResolverTypeWrapper<Scalars['Date']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Event: ResolverTypeWrapper<EventRefModel>;
  EventCheckIns: ResolverTypeWrapper<EventCheckIns>;
  EventDay: ResolverTypeWrapper<EventDay>;
  EventSales: ResolverTypeWrapper<EventSalesRowModel>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  SalesStats: ResolverTypeWrapper<SalesPeriodModel>;
  SalesTotals: ResolverTypeWrapper<SalesTotals>;
  SoldOrder: ResolverTypeWrapper<SoldOrderRowModel>;
  User: ResolverTypeWrapper<User>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  AdminAction: AdminActionRowModel;
  String: Scalars['String']['output'];
  ID: Scalars['ID']['output'];
  AdminActionConnection: Omit<AdminActionConnection, 'edges'> & { edges: Array<ResolversParentTypes['AdminActionEdge']> };
  AdminActionEdge: Omit<AdminActionEdge, 'node'> & { node: ResolversParentTypes['AdminAction'] };
  DailySales: DailySales;
  Float: Scalars['Float']['output'];
  Int: Scalars['Int']['output'];
  Date: Scalars['Date']['output'];
  DateTime: Scalars['DateTime']['output'];
  Event: EventRefModel;
  EventCheckIns: EventCheckIns;
  EventDay: EventDay;
  EventSales: EventSalesRowModel;
  PageInfo: PageInfo;
  Boolean: Scalars['Boolean']['output'];
  Query: Record<PropertyKey, never>;
  SalesStats: SalesPeriodModel;
  SalesTotals: SalesTotals;
  SoldOrder: SoldOrderRowModel;
  User: User;
};

export type AdminActionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AdminAction'] = ResolversParentTypes['AdminAction']> = {
  action?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  actor?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  actorId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  at?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  details?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  service?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  targetId?: Resolver<Maybe<ResolversTypes['ID']>, ParentType, ContextType>;
  targetType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type AdminActionConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AdminActionConnection'] = ResolversParentTypes['AdminActionConnection']> = {
  edges?: Resolver<Array<ResolversTypes['AdminActionEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type AdminActionEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['AdminActionEdge'] = ResolversParentTypes['AdminActionEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['AdminAction'], ParentType, ContextType>;
};

export type DailySalesResolvers<ContextType = Context, ParentType extends ResolversParentTypes['DailySales'] = ResolversParentTypes['DailySales']> = {
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  grossRevenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  netRevenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  newUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ticketsCancelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export interface DateScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['Date'], any> {
  name: 'Date';
}

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event'], FederationReferenceType extends FederationReferenceTypes['Event'] = FederationReferenceTypes['Event']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Event']> | FederationReferenceType, FederationReferenceType, ContextType>;
  checkIns?: Resolver<Maybe<ResolversTypes['EventCheckIns']>, ParentType, ContextType>;
  dailySales?: Resolver<Maybe<Array<ResolversTypes['EventDay']>>, ParentType, ContextType, RequireFields<EventDailySalesArgs, 'from' | 'to'>>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  sales?: Resolver<Maybe<ResolversTypes['EventSales']>, ParentType, ContextType>;
};

export type EventCheckInsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventCheckIns'] = ResolversParentTypes['EventCheckIns']> = {
  checkedIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  lastAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
};

export type EventDayResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventDay'] = ResolversParentTypes['EventDay']> = {
  date?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  netRevenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketsCancelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EventSalesResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventSales'] = ResolversParentTypes['EventSales']> = {
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  revenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ticketsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  adminActions?: Resolver<ResolversTypes['AdminActionConnection'], ParentType, ContextType, Partial<QueryAdminActionsArgs>>;
  recentOrders?: Resolver<Array<ResolversTypes['SoldOrder']>, ParentType, ContextType, Partial<QueryRecentOrdersArgs>>;
  salesStats?: Resolver<ResolversTypes['SalesStats'], ParentType, ContextType, RequireFields<QuerySalesStatsArgs, 'from' | 'to'>>;
};

export type SalesStatsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SalesStats'] = ResolversParentTypes['SalesStats']> = {
  days?: Resolver<Array<ResolversTypes['DailySales']>, ParentType, ContextType>;
  from?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  to?: Resolver<ResolversTypes['Date'], ParentType, ContextType>;
  topEvents?: Resolver<Array<ResolversTypes['EventSales']>, ParentType, ContextType, RequireFields<SalesStatsTopEventsArgs, 'first'>>;
  totals?: Resolver<ResolversTypes['SalesTotals'], ParentType, ContextType>;
};

export type SalesTotalsResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SalesTotals'] = ResolversParentTypes['SalesTotals']> = {
  grossRevenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  netRevenue?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  newUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  orders?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  refunded?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  ticketsCancelled?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  ticketsSold?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  totalUsers?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type SoldOrderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['SoldOrder'] = ResolversParentTypes['SoldOrder']> = {
  amount?: Resolver<ResolversTypes['Float'], ParentType, ContextType>;
  cancelledAt?: Resolver<Maybe<ResolversTypes['DateTime']>, ParentType, ContextType>;
  confirmedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  event?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
  reservationId?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  tickets?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = Context, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  AdminAction?: AdminActionResolvers<ContextType>;
  AdminActionConnection?: AdminActionConnectionResolvers<ContextType>;
  AdminActionEdge?: AdminActionEdgeResolvers<ContextType>;
  DailySales?: DailySalesResolvers<ContextType>;
  Date?: GraphQLScalarType;
  DateTime?: GraphQLScalarType;
  Event?: EventResolvers<ContextType>;
  EventCheckIns?: EventCheckInsResolvers<ContextType>;
  EventDay?: EventDayResolvers<ContextType>;
  EventSales?: EventSalesResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  SalesStats?: SalesStatsResolvers<ContextType>;
  SalesTotals?: SalesTotalsResolvers<ContextType>;
  SoldOrder?: SoldOrderResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
};

