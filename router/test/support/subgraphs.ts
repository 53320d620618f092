import { composeServices } from '@apollo/composition';
import type { ApolloServerPlugin } from '@apollo/server';
import { parseEnv, serviceConfig, serviceEnvShape } from '@tiketi/kit/config';
import type { BaseContext } from '@tiketi/kit/context';
import { notFound } from '@tiketi/kit/errors';
import { createRuntime, type RunningService } from '@tiketi/kit/service';
import type { TestInfra } from '@tiketi/kit/testing';
import { type DocumentNode, parse } from 'graphql';

/**
 * Two tiny federation subgraphs for router mechanics. They run on the kit's real service runtime, so they
 * refuse anything without a valid router assertion exactly like the real subgraphs. They are named `auth` and
 * `catalog` so the router's `<NAME>_SUBGRAPH_URL` overrides apply to them.
 */
export type TestContext = BaseContext<unknown> & { traceparent: string | null };

export const accountsSdl = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    hello: String!
    "The caller as this subgraph learned it from the router's assertion."
    whoami: Caller!
    "The W3C traceparent header this subgraph received."
    traceparent: String
    likes: Int!
    missing: String
    broken: String
    nested: Nested!
  }

  type Mutation {
    like: Int!
  }

  type Caller {
    userId: ID
    role: String
    clientIp: String!
  }

  type Nested {
    value: Int!
    child: Nested!
  }

  type Account @key(fields: "id") {
    id: ID!
    name: String!
  }
`);

export const showsSdl = parse(/* GraphQL */ `
  extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])

  type Query {
    shows: [Show!]!
  }

  type Show @key(fields: "id") {
    id: ID!
    title: String!
    owner: Account!
  }

  type Account @key(fields: "id") {
    id: ID!
    shows: [Show!]!
  }
`);

const ACCOUNTS = new Map([
  ['a1', { id: 'a1', name: 'Jisoo' }],
  ['a2', { id: 'a2', name: 'Minho' }],
]);
const SHOWS = [
  { id: 's1', title: 'IU HEREH World Tour', ownerId: 'a1' },
  { id: 's2', title: 'Les Misérables', ownerId: 'a2' },
];

/** Copies the incoming `traceparent` into the context so a resolver can echo it. */
const traceparentPlugin: ApolloServerPlugin<TestContext> = {
  async requestDidStart({ request, contextValue }) {
    contextValue.traceparent = request.http?.headers.get('traceparent') ?? null;
  },
};

export async function startSubgraph(
  infra: TestInfra,
  name: string,
  typeDefs: DocumentNode,
  resolvers: object,
  options: { plugins?: ApolloServerPlugin<TestContext>[]; subscriptions?: boolean; port?: number } = {},
): Promise<RunningService> {
  const env = infra.env({
    MIGRATE_ON_START: 'false',
    ...(options.port ? { PORT: String(options.port) } : {}),
  });
  const config = serviceConfig(parseEnv(serviceEnvShape, env), name);
  const runtime = await createRuntime({ name, config, entities: [], migrations: [] });
  return runtime.serve<TestContext>({
    typeDefs,
    resolvers,
    context: (base) => ({ ...base, loaders: {}, traceparent: null }),
    plugins: [traceparentPlugin, ...(options.plugins ?? [])],
    ...(options.subscriptions ? { subscriptions: {} } : {}),
  });
}

export async function startTestSubgraphs(infra: TestInfra) {
  let likes = 0;
  /** Delays of the next `Show` entity resolutions, one taken per resolution (an entity fetch under load). */
  const showDelaysMs: number[] = [];
  /** `_entities` requests the `catalog` subgraph received, by operation name. */
  const entityFetches = new Map<string, number>();
  const countEntityFetches: ApolloServerPlugin<TestContext> = {
    async requestDidStart({ request }) {
      if (!request.query?.includes('_entities')) return;
      const name = request.operationName ?? 'anonymous';
      entityFetches.set(name, (entityFetches.get(name) ?? 0) + 1);
    },
  };
  const accounts = await startSubgraph(infra, 'auth', accountsSdl, {
    Query: {
      hello: () => 'world',
      whoami: (_: unknown, __: unknown, ctx: TestContext) => ({
        userId: ctx.identity?.userId ?? null,
        role: ctx.identity?.role ?? null,
        clientIp: ctx.clientIp,
      }),
      traceparent: (_: unknown, __: unknown, ctx: TestContext) => ctx.traceparent,
      likes: () => likes,
      missing: () => {
        throw notFound('The show');
      },
      broken: () => {
        throw new Error('relation "auth"."secret_table" does not exist');
      },
      nested: () => ({ value: 1 }),
    },
    Mutation: { like: () => ++likes },
    Nested: { child: (parent: { value: number }) => ({ value: parent.value + 1 }) },
    Account: { __resolveReference: (ref: { id: string }) => ACCOUNTS.get(ref.id) ?? null },
  });
  const shows = await startSubgraph(
    infra,
    'catalog',
    showsSdl,
    {
      Query: { shows: () => SHOWS },
      Show: {
        __resolveReference: async (ref: { id: string }) => {
          const delay = showDelaysMs.shift();
          if (delay) await new Promise((resolve) => setTimeout(resolve, delay));
          return SHOWS.find((s) => s.id === ref.id) ?? null;
        },
        owner: (show: { ownerId: string }) => ({ id: show.ownerId }),
      },
      Account: { shows: (account: { id: string }) => SHOWS.filter((s) => s.ownerId === account.id) },
    },
    { plugins: [countEntityFetches] },
  );
  return {
    accounts,
    shows,
    get likes() {
      return likes;
    },
    entityFetches,
    showDelaysMs,
    async stop() {
      await Promise.all([accounts.stop(), shows.stop()]);
    },
  };
}

/**
 * Composes the test subgraphs into a supergraph. The URLs written into it are the ones the router uses unless
 * overridden, so a test can put an unreachable one there to prove an override took effect.
 */
export function composeSupergraph(
  urls: { auth: string; catalog?: string },
  extra: { name: string; typeDefs: DocumentNode; url: string }[] = [],
): string {
  const services = [{ name: 'auth', typeDefs: accountsSdl, url: urls.auth }];
  if (urls.catalog) services.push({ name: 'catalog', typeDefs: showsSdl, url: urls.catalog });
  services.push(...extra);
  const result = composeServices(services);
  if (result.errors) throw new Error(result.errors.map((e) => e.message).join('\n'));
  return result.supergraphSdl;
}

/** A URL nothing listens on (port 9, discard: refused on any test machine). */
export const UNREACHABLE_URL = 'http://127.0.0.1:9/graphql';
