import { randomUUID } from 'node:crypto';
import type { Identity } from '@tiketi/kit';
import { asRouter, createTestInfra, type GraphQLResponse, gql, type TestInfra } from '@tiketi/kit/testing';
import { bootstrap, type CatalogService, loadConfig, type SeededCatalog, seedCatalog } from '../src/index.ts';

export const ADMIN: Identity = { userId: randomUUID(), role: 'ADMIN' };
export const BUYER: Identity = { userId: randomUUID(), role: 'USER' };

export interface CatalogHarness {
  infra: TestInfra;
  service: CatalogService;
  seed: SeededCatalog;
  /** A GraphQL call as the router would make it, for `identity` (anonymous by default). */
  call<T = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ): Promise<GraphQLResponse<T>>;
  /** Runs `fn` and returns how many SQL statements it caused. */
  countStatements(fn: () => Promise<unknown>): Promise<number>;
  /** Raw SQL against the suite's database (for checking what was written). */
  sql<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>;
  dispose(): Promise<void>;
}

/** A catalog subgraph on a fresh database, with the development seed in place. */
export async function startCatalog(): Promise<CatalogHarness> {
  const infra = await createTestInfra();
  try {
    const service = await bootstrap(loadConfig(infra.env()));
    const seed = await seedCatalog(service.orm);
    return {
      infra,
      service,
      seed,
      call: (query, variables, identity = null) => gql(service.url, query, variables, asRouter(identity)),
      async countStatements(fn) {
        const before = service.orm.statements;
        await fn();
        return service.orm.statements - before;
      },
      sql: (text, params = []) => service.orm.orm.em.fork().getConnection().execute(text, params),
      async dispose() {
        await service.stop();
        await infra.dispose();
      },
    };
  } catch (err) {
    await infra.dispose();
    throw err;
  }
}

export const EVENT_PAGE = `
  query Events($query: String, $filter: EventFilter, $first: Int, $after: String) {
    events(query: $query, filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title titleEn category status startsAt venue { id name city } artists { id name nameEn } } }
    }
  }`;

export interface EventNode {
  id: string;
  title: string;
  titleEn: string | null;
  category: string;
  status: string;
  startsAt: string;
  venue: { id: string; name: string; city: string };
  artists: { id: string; name: string; nameEn: string | null }[];
}

export interface EventPage {
  events: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { cursor: string; node: EventNode }[];
  };
}

/** Every event of a query or filter, fetched page by page with `after`. */
export async function pageThrough(
  catalog: CatalogHarness,
  variables: { query?: string; filter?: Record<string, unknown> },
  first: number,
  identity: Identity = null,
): Promise<{ ids: string[]; pages: number; totalCount: number }> {
  const ids: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let totalCount = -1;
  for (;;) {
    const res: GraphQLResponse<EventPage> = await catalog.call<EventPage>(
      EVENT_PAGE,
      { ...variables, first, after },
      identity,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    const page = res.data!.events;
    pages++;
    totalCount = page.totalCount;
    ids.push(...page.edges.map((e) => e.node.id));
    if (!page.pageInfo.hasNextPage) return { ids, pages, totalCount };
    after = page.pageInfo.endCursor;
    if (pages > 50) throw new Error('paging does not end');
  }
}
