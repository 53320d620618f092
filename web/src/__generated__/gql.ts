/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.RefreshSessionDocument,
    "\n  fragment AccountLink_user on User {\n    name\n  }\n": typeof types.AccountLink_UserFragmentDoc,
    "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n": typeof types.EventCard_EventFragmentDoc,
    "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.LogInWithGoogleDocument,
    "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n": typeof types.LayoutQueryDocument,
    "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n": typeof types.NewsListItem_ArticleFragmentDoc,
    "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n": typeof types.Poster_EventFragmentDoc,
    "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n  }\n": typeof types.SeatSelection_EventFragmentDoc,
    "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n      ...SeatSelection_event\n    }\n  }\n": typeof types.EventQueryDocument,
    "\n  query HomeQuery {\n    categories\n  }\n": typeof types.HomeQueryDocument,
    "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!) {\n    events(filter: { status: $status }, first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomeSectionQueryDocument,
    "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.HomeSearchQueryDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.LogInDocument,
    "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": typeof types.MyPageQueryDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": typeof types.LogOutDocument,
    "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NewsQueryDocument,
    "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": typeof types.NewsArticleQueryDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": typeof types.SignUpDocument,
};
const documents: Documents = {
    "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.RefreshSessionDocument,
    "\n  fragment AccountLink_user on User {\n    name\n  }\n": types.AccountLink_UserFragmentDoc,
    "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n": types.EventCard_EventFragmentDoc,
    "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.LogInWithGoogleDocument,
    "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n": types.LayoutQueryDocument,
    "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n": types.NewsListItem_ArticleFragmentDoc,
    "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n": types.Poster_EventFragmentDoc,
    "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n  }\n": types.SeatSelection_EventFragmentDoc,
    "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n      ...SeatSelection_event\n    }\n  }\n": types.EventQueryDocument,
    "\n  query HomeQuery {\n    categories\n  }\n": types.HomeQueryDocument,
    "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!) {\n    events(filter: { status: $status }, first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomeSectionQueryDocument,
    "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.HomeSearchQueryDocument,
    "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.LogInDocument,
    "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n": types.MyPageQueryDocument,
    "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n": types.LogOutDocument,
    "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NewsQueryDocument,
    "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n": types.NewsArticleQueryDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n": types.SignUpDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation RefreshSession($refreshToken: String!) {\n    refreshSession(refreshToken: $refreshToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment AccountLink_user on User {\n    name\n  }\n"): (typeof documents)["\n  fragment AccountLink_user on User {\n    name\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n"): (typeof documents)["\n  fragment EventCard_event on Event {\n    id\n    title\n    titleEn\n    startsAt\n    status\n    venue {\n      id\n      name\n      nameEn\n    }\n    artists {\n      id\n      name\n      nameEn\n    }\n    ...Poster_event\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation LogInWithGoogle($idToken: String!) {\n    logInWithGoogle(idToken: $idToken) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n"): (typeof documents)["\n  query LayoutQuery {\n    me {\n      id\n      ...AccountLink_user\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n"): (typeof documents)["\n  fragment NewsListItem_article on NewsArticle {\n    id\n    title\n    body\n    publishedAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n"): (typeof documents)["\n  fragment Poster_event on Event {\n    id\n    title\n    titleEn\n    category\n    posterUrl\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n  }\n"): (typeof documents)["\n  fragment SeatSelection_event on Event {\n    id\n    status\n    saleStartsAt\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n      ...SeatSelection_event\n    }\n  }\n"): (typeof documents)["\n  query EventQuery($id: ID!) {\n    event(id: $id) {\n      id\n      title\n      titleEn\n      description\n      category\n      startsAt\n      saleStartsAt\n      status\n      venue {\n        id\n        name\n        nameEn\n        city\n        address\n      }\n      artists {\n        id\n        name\n        nameEn\n      }\n      ...Poster_event\n      ...SeatSelection_event\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeQuery {\n    categories\n  }\n"): (typeof documents)["\n  query HomeQuery {\n    categories\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeSectionQuery($status: EventStatus!, $first: Int!) {\n    events(filter: { status: $status }, first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeSectionQuery($status: EventStatus!, $first: Int!) {\n    events(filter: { status: $status }, first: $first) {\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query HomeSearchQuery($query: String, $filter: EventFilter, $first: Int!, $after: String) {\n    events(query: $query, filter: $filter, first: $first, after: $after) {\n      totalCount\n      edges {\n        cursor\n        node {\n          id\n          ...EventCard_event\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation LogIn($input: LogInInput!) {\n    logIn(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"): (typeof documents)["\n  query MyPageQuery {\n    me {\n      id\n      name\n      email\n      role\n      createdAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"): (typeof documents)["\n  mutation LogOut($refreshToken: String!) {\n    logOut(refreshToken: $refreshToken)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewsQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          ...NewsListItem_article\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"): (typeof documents)["\n  query NewsArticleQuery($first: Int!, $after: String) {\n    news(first: $first, after: $after) {\n      edges {\n        cursor\n        node {\n          id\n          title\n          body\n          publishedAt\n          event {\n            id\n            ...EventCard_event\n          }\n        }\n      }\n      pageInfo {\n        hasNextPage\n        endCursor\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      accessToken\n      refreshToken\n      expiresIn\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;