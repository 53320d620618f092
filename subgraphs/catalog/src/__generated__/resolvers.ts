import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { Event as EventModel } from '../modules/event/event.entity.ts';
import type { Artist as ArtistModel } from '../modules/artist/artist.entity.ts';
import type { Venue as VenueModel } from '../modules/venue/venue.entity.ts';
import type { NewsArticle as NewsArticleModel } from '../modules/news/news.entity.ts';
import type { KeywordMapping as KeywordMappingModel } from '../modules/search/keyword-mapping.entity.ts';
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
  /** ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00 */
  DateTime: { input: Date; output: Date; }
  _FieldSet: { input: unknown; output: unknown; }
};

export type Artist = {
  __typename?: 'Artist';
  id: Scalars['ID']['output'];
  /** display name, usually Korean (아이유) */
  name: Scalars['String']['output'];
  /** Latin-script name (IU) */
  nameEn?: Maybe<Scalars['String']['output']>;
};

export type CreateArtistInput = {
  name: Scalars['String']['input'];
  nameEn?: InputMaybe<Scalars['String']['input']>;
};

export type CreateEventInput = {
  /** headliner first; at most 20, no repeats */
  artistIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  /** lowercase letters, digits and hyphens, e.g. concert */
  category: Scalars['String']['input'];
  description?: InputMaybe<Scalars['String']['input']>;
  /** http(s) URL or a path on our own host starting with / */
  posterUrl?: InputMaybe<Scalars['String']['input']>;
  /** must be at or before startsAt */
  saleStartsAt: Scalars['DateTime']['input'];
  /** must be in the future */
  startsAt: Scalars['DateTime']['input'];
  /** DRAFT (default, admins only) or SCHEDULED (public) */
  status?: InputMaybe<EventStatus>;
  /** 1 to 200 characters */
  title: Scalars['String']['input'];
  titleEn?: InputMaybe<Scalars['String']['input']>;
  venueId: Scalars['ID']['input'];
};

export type CreateVenueInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  capacity?: InputMaybe<Scalars['Int']['input']>;
  city: Scalars['String']['input'];
  name: Scalars['String']['input'];
  nameEn?: InputMaybe<Scalars['String']['input']>;
};

export type Event = {
  __typename?: 'Event';
  /** in billing order, headliner first */
  artists: Array<Artist>;
  /** lowercase slug: concert, musical, fanmeeting, classical, sports, festival … */
  category: Scalars['String']['output'];
  description?: Maybe<Scalars['String']['output']>;
  id: Scalars['ID']['output'];
  posterUrl?: Maybe<Scalars['String']['output']>;
  saleStartsAt: Scalars['DateTime']['output'];
  startsAt: Scalars['DateTime']['output'];
  status: EventStatus;
  /** title as announced, usually Korean */
  title: Scalars['String']['output'];
  /** English title, when there is one */
  titleEn?: Maybe<Scalars['String']['output']>;
  venue: Venue;
};

export type EventConnection = {
  __typename?: 'EventConnection';
  edges: Array<EventEdge>;
  pageInfo: PageInfo;
  /** all events matching the query and filter, across every page */
  totalCount: Scalars['Int']['output'];
};

export type EventEdge = {
  __typename?: 'EventEdge';
  cursor: Scalars['String']['output'];
  node: Event;
};

export type EventFilter = {
  /** artist name in Korean or English; typos and partial names match */
  artist?: InputMaybe<Scalars['String']['input']>;
  /** exact category, any case (concert, musical, fanmeeting, classical, sports, festival) */
  category?: InputMaybe<Scalars['String']['input']>;
  /** events starting at or after this instant */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  /** the status as shown (ON_SALE includes SCHEDULED events whose sale has started) */
  status?: InputMaybe<EventStatus>;
  /** events starting at or before this instant */
  to?: InputMaybe<Scalars['DateTime']['input']>;
  /** venue name in Korean or English; partial names match */
  venue?: InputMaybe<Scalars['String']['input']>;
};

/**
 * What buyers see. SCHEDULED turns into ON_SALE by itself once saleStartsAt has passed, and every event that is
 * not CANCELLED reads as ENDED once startsAt has passed. DRAFT events are visible to admins only.
 */
export type EventStatus =
  | 'CANCELLED'
  | 'DRAFT'
  | 'ENDED'
  | 'ON_SALE'
  | 'SCHEDULED'
  | 'SOLD_OUT';

/** An HTTP header to send with an upload, exactly as given. */
export type HttpHeader = {
  __typename?: 'HttpHeader';
  name: Scalars['String']['output'];
  value: Scalars['String']['output'];
};

/** A Korean and an English spelling that search treats as the same word. */
export type KeywordMapping = {
  __typename?: 'KeywordMapping';
  english: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  korean: Scalars['String']['output'];
};

export type KeywordMappingInput = {
  english: Scalars['String']['input'];
  korean: Scalars['String']['input'];
};

/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type Mutation = {
  __typename?: 'Mutation';
  addKeywordMapping: KeywordMapping;
  createArtist: Artist;
  createEvent: Event;
  /** an upload URL for an event poster, valid 5 minutes (S3 when configured, else the router's local disk) */
  createPosterUpload: PosterUpload;
  createVenue: Venue;
  /** hides the event everywhere; reservations and payments that reference it keep resolving it */
  deleteEvent: Scalars['Boolean']['output'];
  /** creates the article and publishes it now */
  publishNews: NewsArticle;
  removeKeywordMapping: Scalars['Boolean']['output'];
  /** takes the article out of `news`; true whether or not it was published */
  unpublishNews: Scalars['Boolean']['output'];
  updateArtist: Artist;
  updateEvent: Event;
  updateVenue: Venue;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationAddKeywordMappingArgs = {
  input: KeywordMappingInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationCreateArtistArgs = {
  input: CreateArtistInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationCreateEventArgs = {
  input: CreateEventInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationCreatePosterUploadArgs = {
  input: PosterUploadInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationCreateVenueArgs = {
  input: CreateVenueInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationDeleteEventArgs = {
  id: Scalars['ID']['input'];
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationPublishNewsArgs = {
  input: PublishNewsInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationRemoveKeywordMappingArgs = {
  id: Scalars['ID']['input'];
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationUnpublishNewsArgs = {
  id: Scalars['ID']['input'];
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationUpdateArtistArgs = {
  id: Scalars['ID']['input'];
  input: UpdateArtistInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationUpdateEventArgs = {
  id: Scalars['ID']['input'];
  input: UpdateEventInput;
};


/** Every field here is for role ADMIN: anonymous callers get UNAUTHENTICATED, everyone else FORBIDDEN. */
export type MutationUpdateVenueArgs = {
  id: Scalars['ID']['input'];
  input: UpdateVenueInput;
};

export type NewsArticle = {
  __typename?: 'NewsArticle';
  body: Scalars['String']['output'];
  /** the event the article is about, if any */
  event?: Maybe<Event>;
  id: Scalars['ID']['output'];
  publishedAt: Scalars['DateTime']['output'];
  title: Scalars['String']['output'];
};

export type NewsConnection = {
  __typename?: 'NewsConnection';
  edges: Array<NewsEdge>;
  pageInfo: PageInfo;
};

export type NewsEdge = {
  __typename?: 'NewsEdge';
  cursor: Scalars['String']['output'];
  node: NewsArticle;
};

/** Relay-style page info; every subgraph with a connection defines the same type. */
export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

/**
 * A one-time place for one poster image: PUT the file's bytes to `uploadUrl` with `headers` before `expiresAt`,
 * then give the event `posterUrl` (createEvent / updateEvent). A path (starting with /) is on the router's origin.
 */
export type PosterUpload = {
  __typename?: 'PosterUpload';
  expiresAt: Scalars['DateTime']['output'];
  headers: Array<HttpHeader>;
  /** where the image is read once uploaded */
  posterUrl: Scalars['String']['output'];
  uploadUrl: Scalars['String']['output'];
};

export type PosterUploadInput = {
  /** the file's exact size in bytes, at most 5 MiB */
  byteSize: Scalars['Int']['input'];
  /** image/jpeg, image/png or image/webp */
  contentType: Scalars['String']['input'];
};

export type PublishNewsInput = {
  body: Scalars['String']['input'];
  eventId?: InputMaybe<Scalars['ID']['input']>;
  title: Scalars['String']['input'];
};

export type Query = {
  __typename?: 'Query';
  /** artists by name (Korean or English), for pickers and filters; `first` defaults to 20, at most 100 */
  artists: Array<Artist>;
  /** categories in use by visible events */
  categories: Array<Scalars['String']['output']>;
  /** null when there is no such event (or it is a draft and the caller is not an admin) */
  event?: Maybe<Event>;
  /**
   * Events by relevance when `query` is given (Korean or English, typos tolerated; 아이유 also finds IU), else
   * by start date. `first` defaults to 20, at most 100. Cursors are opaque and belong to one query and filter.
   */
  events: EventConnection;
  /** admin: every Korean↔English search mapping */
  keywordMappings: Array<KeywordMapping>;
  /** published articles, newest first; `first` defaults to 20, at most 100 */
  news: NewsConnection;
  /**
   * "Did you mean": artist names and event titles resembling `query` (a typo such as 아이우 → 아이유), most
   * similar first; empty when nothing is close. `first` is at most 10.
   */
  searchSuggestions: Array<Scalars['String']['output']>;
  /** venues, optionally in one city (서울, Busan …) */
  venues: Array<Venue>;
};


export type QueryArtistsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
};


export type QueryEventArgs = {
  id: Scalars['ID']['input'];
};


export type QueryEventsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<EventFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  query?: InputMaybe<Scalars['String']['input']>;
};


export type QueryNewsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QuerySearchSuggestionsArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  query: Scalars['String']['input'];
};


export type QueryVenuesArgs = {
  city?: InputMaybe<Scalars['String']['input']>;
};

/** Fields left out stay as they are; null clears nameEn. */
export type UpdateArtistInput = {
  name?: InputMaybe<Scalars['String']['input']>;
  nameEn?: InputMaybe<Scalars['String']['input']>;
};

/** Fields left out stay as they are; null clears an optional field. */
export type UpdateEventInput = {
  /** replaces the whole line-up */
  artistIds?: InputMaybe<Array<Scalars['ID']['input']>>;
  category?: InputMaybe<Scalars['String']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  posterUrl?: InputMaybe<Scalars['String']['input']>;
  saleStartsAt?: InputMaybe<Scalars['DateTime']['input']>;
  startsAt?: InputMaybe<Scalars['DateTime']['input']>;
  /**
   * DRAFT ↔ SCHEDULED, SCHEDULED → ON_SALE (open early), → SOLD_OUT, ON_SALE ↔ SOLD_OUT, anything → CANCELLED.
   * ENDED follows from startsAt; CANCELLED is final.
   */
  status?: InputMaybe<EventStatus>;
  title?: InputMaybe<Scalars['String']['input']>;
  titleEn?: InputMaybe<Scalars['String']['input']>;
  venueId?: InputMaybe<Scalars['ID']['input']>;
};

/** Fields left out stay as they are; null clears an optional field. */
export type UpdateVenueInput = {
  address?: InputMaybe<Scalars['String']['input']>;
  capacity?: InputMaybe<Scalars['Int']['input']>;
  city?: InputMaybe<Scalars['String']['input']>;
  name?: InputMaybe<Scalars['String']['input']>;
  nameEn?: InputMaybe<Scalars['String']['input']>;
};

export type Venue = {
  __typename?: 'Venue';
  address?: Maybe<Scalars['String']['output']>;
  /** seats, when known */
  capacity?: Maybe<Scalars['Int']['output']>;
  city: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  name: Scalars['String']['output'];
  nameEn?: Maybe<Scalars['String']['output']>;
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
  Artist: ResolverTypeWrapper<ArtistModel>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  CreateArtistInput: CreateArtistInput;
  CreateEventInput: CreateEventInput;
  CreateVenueInput: CreateVenueInput;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  DateTime: ResolverTypeWrapper<Scalars['DateTime']['output']>;
  Event: ResolverTypeWrapper<EventModel>;
  EventConnection: ResolverTypeWrapper<Omit<EventConnection, 'edges'> & { edges: Array<ResolversTypes['EventEdge']> }>;
  EventEdge: ResolverTypeWrapper<Omit<EventEdge, 'node'> & { node: ResolversTypes['Event'] }>;
  EventFilter: EventFilter;
  EventStatus: EventStatus;
  HttpHeader: ResolverTypeWrapper<HttpHeader>;
  KeywordMapping: ResolverTypeWrapper<KeywordMappingModel>;
  KeywordMappingInput: KeywordMappingInput;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  NewsArticle: ResolverTypeWrapper<NewsArticleModel>;
  NewsConnection: ResolverTypeWrapper<Omit<NewsConnection, 'edges'> & { edges: Array<ResolversTypes['NewsEdge']> }>;
  NewsEdge: ResolverTypeWrapper<Omit<NewsEdge, 'node'> & { node: ResolversTypes['NewsArticle'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  PosterUpload: ResolverTypeWrapper<PosterUpload>;
  PosterUploadInput: PosterUploadInput;
  PublishNewsInput: PublishNewsInput;
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  UpdateArtistInput: UpdateArtistInput;
  UpdateEventInput: UpdateEventInput;
  UpdateVenueInput: UpdateVenueInput;
  Venue: ResolverTypeWrapper<VenueModel>;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Artist: ArtistModel;
  ID: Scalars['ID']['output'];
  String: Scalars['String']['output'];
  CreateArtistInput: CreateArtistInput;
  CreateEventInput: CreateEventInput;
  CreateVenueInput: CreateVenueInput;
  Int: Scalars['Int']['output'];
  DateTime: Scalars['DateTime']['output'];
  Event: EventModel;
  EventConnection: Omit<EventConnection, 'edges'> & { edges: Array<ResolversParentTypes['EventEdge']> };
  EventEdge: Omit<EventEdge, 'node'> & { node: ResolversParentTypes['Event'] };
  EventFilter: EventFilter;
  HttpHeader: HttpHeader;
  KeywordMapping: KeywordMappingModel;
  KeywordMappingInput: KeywordMappingInput;
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  NewsArticle: NewsArticleModel;
  NewsConnection: Omit<NewsConnection, 'edges'> & { edges: Array<ResolversParentTypes['NewsEdge']> };
  NewsEdge: Omit<NewsEdge, 'node'> & { node: ResolversParentTypes['NewsArticle'] };
  PageInfo: PageInfo;
  PosterUpload: PosterUpload;
  PosterUploadInput: PosterUploadInput;
  PublishNewsInput: PublishNewsInput;
  Query: Record<PropertyKey, never>;
  UpdateArtistInput: UpdateArtistInput;
  UpdateEventInput: UpdateEventInput;
  UpdateVenueInput: UpdateVenueInput;
  Venue: VenueModel;
};

export type ArtistResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Artist'] = ResolversParentTypes['Artist']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface DateTimeScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['DateTime'], any> {
  name: 'DateTime';
}

export type EventResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Event'] = ResolversParentTypes['Event'], FederationReferenceType extends FederationReferenceTypes['Event'] = FederationReferenceTypes['Event']> = {
  __resolveReference?: ReferenceResolver<Maybe<ResolversTypes['Event']> | FederationReferenceType, FederationReferenceType, ContextType>;
  artists?: Resolver<Array<ResolversTypes['Artist']>, ParentType, ContextType>;
  category?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  description?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  posterUrl?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  saleStartsAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  startsAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  status?: Resolver<ResolversTypes['EventStatus'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  titleEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  venue?: Resolver<ResolversTypes['Venue'], ParentType, ContextType>;
};

export type EventConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventConnection'] = ResolversParentTypes['EventConnection']> = {
  edges?: Resolver<Array<ResolversTypes['EventEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
  totalCount?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type EventEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['EventEdge'] = ResolversParentTypes['EventEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['Event'], ParentType, ContextType>;
};

export type HttpHeaderResolvers<ContextType = Context, ParentType extends ResolversParentTypes['HttpHeader'] = ResolversParentTypes['HttpHeader']> = {
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  value?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type KeywordMappingResolvers<ContextType = Context, ParentType extends ResolversParentTypes['KeywordMapping'] = ResolversParentTypes['KeywordMapping']> = {
  english?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  korean?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type MutationResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  addKeywordMapping?: Resolver<ResolversTypes['KeywordMapping'], ParentType, ContextType, RequireFields<MutationAddKeywordMappingArgs, 'input'>>;
  createArtist?: Resolver<ResolversTypes['Artist'], ParentType, ContextType, RequireFields<MutationCreateArtistArgs, 'input'>>;
  createEvent?: Resolver<ResolversTypes['Event'], ParentType, ContextType, RequireFields<MutationCreateEventArgs, 'input'>>;
  createPosterUpload?: Resolver<ResolversTypes['PosterUpload'], ParentType, ContextType, RequireFields<MutationCreatePosterUploadArgs, 'input'>>;
  createVenue?: Resolver<ResolversTypes['Venue'], ParentType, ContextType, RequireFields<MutationCreateVenueArgs, 'input'>>;
  deleteEvent?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeleteEventArgs, 'id'>>;
  publishNews?: Resolver<ResolversTypes['NewsArticle'], ParentType, ContextType, RequireFields<MutationPublishNewsArgs, 'input'>>;
  removeKeywordMapping?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRemoveKeywordMappingArgs, 'id'>>;
  unpublishNews?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationUnpublishNewsArgs, 'id'>>;
  updateArtist?: Resolver<ResolversTypes['Artist'], ParentType, ContextType, RequireFields<MutationUpdateArtistArgs, 'id' | 'input'>>;
  updateEvent?: Resolver<ResolversTypes['Event'], ParentType, ContextType, RequireFields<MutationUpdateEventArgs, 'id' | 'input'>>;
  updateVenue?: Resolver<ResolversTypes['Venue'], ParentType, ContextType, RequireFields<MutationUpdateVenueArgs, 'id' | 'input'>>;
};

export type NewsArticleResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NewsArticle'] = ResolversParentTypes['NewsArticle']> = {
  body?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  event?: Resolver<Maybe<ResolversTypes['Event']>, ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  publishedAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  title?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type NewsConnectionResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NewsConnection'] = ResolversParentTypes['NewsConnection']> = {
  edges?: Resolver<Array<ResolversTypes['NewsEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type NewsEdgeResolvers<ContextType = Context, ParentType extends ResolversParentTypes['NewsEdge'] = ResolversParentTypes['NewsEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['NewsArticle'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type PosterUploadResolvers<ContextType = Context, ParentType extends ResolversParentTypes['PosterUpload'] = ResolversParentTypes['PosterUpload']> = {
  expiresAt?: Resolver<ResolversTypes['DateTime'], ParentType, ContextType>;
  headers?: Resolver<Array<ResolversTypes['HttpHeader']>, ParentType, ContextType>;
  posterUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uploadUrl?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type QueryResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  artists?: Resolver<Array<ResolversTypes['Artist']>, ParentType, ContextType, Partial<QueryArtistsArgs>>;
  categories?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType>;
  event?: Resolver<Maybe<ResolversTypes['Event']>, ParentType, ContextType, RequireFields<QueryEventArgs, 'id'>>;
  events?: Resolver<ResolversTypes['EventConnection'], ParentType, ContextType, Partial<QueryEventsArgs>>;
  keywordMappings?: Resolver<Array<ResolversTypes['KeywordMapping']>, ParentType, ContextType>;
  news?: Resolver<ResolversTypes['NewsConnection'], ParentType, ContextType, Partial<QueryNewsArgs>>;
  searchSuggestions?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<QuerySearchSuggestionsArgs, 'first' | 'query'>>;
  venues?: Resolver<Array<ResolversTypes['Venue']>, ParentType, ContextType, Partial<QueryVenuesArgs>>;
};

export type VenueResolvers<ContextType = Context, ParentType extends ResolversParentTypes['Venue'] = ResolversParentTypes['Venue']> = {
  address?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
  capacity?: Resolver<Maybe<ResolversTypes['Int']>, ParentType, ContextType>;
  city?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  nameEn?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type Resolvers<ContextType = Context> = {
  Artist?: ArtistResolvers<ContextType>;
  DateTime?: GraphQLScalarType;
  Event?: EventResolvers<ContextType>;
  EventConnection?: EventConnectionResolvers<ContextType>;
  EventEdge?: EventEdgeResolvers<ContextType>;
  HttpHeader?: HttpHeaderResolvers<ContextType>;
  KeywordMapping?: KeywordMappingResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  NewsArticle?: NewsArticleResolvers<ContextType>;
  NewsConnection?: NewsConnectionResolvers<ContextType>;
  NewsEdge?: NewsEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  PosterUpload?: PosterUploadResolvers<ContextType>;
  Query?: QueryResolvers<ContextType>;
  Venue?: VenueResolvers<ContextType>;
};

