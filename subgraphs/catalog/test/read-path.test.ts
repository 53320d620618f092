import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, BUYER, type CatalogHarness, EVENT_PAGE, type EventPage, startCatalog } from './helpers.ts';

let catalog: CatalogHarness;

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog?.dispose();
});

const page = async (variables: Record<string, unknown>) => {
  const res = await catalog.call<EventPage>(EVENT_PAGE, variables, BUYER);
  expect(res.errors).toBeUndefined();
  return res.data!.events;
};

describe('the events page reads its venues and line-ups with the page', () => {
  it('costs one statement to list and two to search, whatever the page size', async () => {
    for (const first of [2, 25]) {
      expect(await catalog.countStatements(() => page({ first })), `list ${first}`).toBe(1);
      expect(await catalog.countStatements(() => page({ query: '서울', first })), `search ${first}`).toBe(2);
    }
  });

  it('finds venue and artists behind fragments too, and they equal what the entity loaders read', async () => {
    const query = `
      query { events(first: 25) { edges { node { id ...Where ... on Event { ...Who } } } } }
      fragment Where on Event { venue { id name nameEn city address capacity } }
      fragment Who on Event { artists { id name nameEn } }`;
    let listed: { id: string }[] = [];
    const statements = await catalog.countStatements(async () => {
      const res = await catalog.call<{ events: { edges: { node: { id: string } }[] } }>(query, {}, BUYER);
      expect(res.errors).toBeUndefined();
      listed = res.data!.events.edges.map((edge) => edge.node);
    });
    expect(statements).toBe(1);
    expect(listed.length).toBeGreaterThan(20);

    const entities = await catalog.call<{ _entities: { id: string }[] }>(
      `query($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on Event { id venue { id name nameEn city address capacity } artists { id name nameEn } }
        }
      }`,
      { representations: listed.map(({ id }) => ({ __typename: 'Event', id })) },
      ADMIN,
    );
    expect(entities.errors).toBeUndefined();
    expect(listed).toEqual(entities.data!._entities);
    expect(listed.some((event) => (event as unknown as { artists: unknown[] }).artists.length > 1)).toBe(
      true,
    );
  });
});

describe('prepared statements', () => {
  it('survive a table change made while serving (a migration during a rolling deploy)', async () => {
    const before = await page({ query: '콘서트', first: 25 });
    const listedBefore = await page({ first: 25 });
    await catalog.sql('alter table catalog.events add column probe_note text');
    await catalog.sql('alter table catalog.venues add column probe_note text');
    // Each request may land on any pooled connection: enough of them to meet every prepared one.
    for (let i = 0; i < 12; i++) {
      expect(await page({ query: '콘서트', first: 25 })).toEqual(before);
      expect(await page({ first: 25 })).toEqual(listedBefore);
    }
  });
});
