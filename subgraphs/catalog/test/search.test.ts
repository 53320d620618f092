import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN,
  BUYER,
  type CatalogHarness,
  EVENT_PAGE,
  type EventPage,
  pageThrough,
  startCatalog,
} from './helpers.ts';

let catalog: CatalogHarness;
let E: CatalogHarness['seed']['events'];
/** Events created for the keyword-mapping tests: no artists, so only the title can match. */
const probes = { iuEnglish: '', iuKorean: '', btsEnglish: '' };

const CREATE_EVENT = `
  mutation Create($input: CreateEventInput!) { createEvent(input: $input) { id } }`;

async function search(query: string | null, filter?: Record<string, unknown>, identity = BUYER) {
  const res = await catalog.call<EventPage>(EVENT_PAGE, { query, filter, first: 100 }, identity);
  expect(res.errors).toBeUndefined();
  return res.data!.events;
}
const idsOf = (page: EventPage['events']) => page.edges.map((e) => e.node.id);

beforeAll(async () => {
  catalog = await startCatalog();
  E = catalog.seed.events;
  const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
  // One start time for all probes: ties that only the id can break, for the paging tests.
  const startsAt = days(40);
  const probe = async (title: string) => {
    const res = await catalog.call<{ createEvent: { id: string } }>(
      CREATE_EVENT,
      {
        input: {
          title,
          category: 'concert',
          venueId: catalog.seed.venues.blueSquare,
          startsAt,
          saleStartsAt: days(-1),
          status: 'SCHEDULED',
        },
      },
      ADMIN,
    );
    expect(res.errors).toBeUndefined();
    return res.data!.createEvent.id;
  };
  probes.iuEnglish = await probe('IU Acoustic Night');
  probes.iuKorean = await probe('아이유 어쿠스틱 나이트');
  probes.btsEnglish = await probe('BTS Film Screening');
});

afterAll(async () => {
  await catalog?.dispose();
});

describe('search across Korean and English', () => {
  it('아이유 finds events titled with IU only, through the keyword mapping', async () => {
    const ids = idsOf(await search('아이유'));
    expect(ids).toContain(probes.iuEnglish);
    expect(ids).toContain(E.iuHereh);
    expect(ids).not.toContain(probes.btsEnglish);
  });

  it('IU finds events titled only in Korean', async () => {
    const ids = idsOf(await search('IU'));
    expect(ids).toContain(probes.iuKorean);
    expect(ids).toContain(E.iuFanMeeting);
    // The draft IU event stays hidden from buyers.
    expect(ids).not.toContain(E.iuEncoreDraft);
  });

  it('방탄소년단 finds BTS, and the typo BTSS still does', async () => {
    for (const query of ['방탄소년단', 'BTSS']) {
      const ids = idsOf(await search(query));
      expect(ids, query).toEqual(expect.arrayContaining([probes.btsEnglish, E.btsSeoul, E.btsBusan]));
      expect(ids, query).not.toContain(E.blackpinkDeadline);
    }
  });

  it('finds events by venue name in either script', async () => {
    const atGocheok = [E.kboKiwoomLg, E.limYoungWoongSeoul, E.strayKidsDominate].sort();
    expect(idsOf(await search('고척스카이돔')).sort()).toEqual(atGocheok);
    expect(idsOf(await search('Gocheok Sky Dome')).sort()).toEqual(atGocheok);
  });

  it('finds events by artist name in either script', async () => {
    const withStrayKids = [E.strayKidsDominate, E.busanKpopFestival, E.strayKidsGwangju].sort();
    expect(idsOf(await search('Stray Kids')).sort()).toEqual(withStrayKids);
    expect(idsOf(await search('스트레이 키즈')).sort()).toEqual(withStrayKids);
  });

  it('requires every word: 임영웅 대구 is the Daegu concert only', async () => {
    expect(idsOf(await search('임영웅 대구'))).toEqual([E.limYoungWoongDaegu]);
  });

  it('puts the best match first and breaks ties by start date', async () => {
    const ids = idsOf(await search('세븐틴'));
    // Both SEVENTEEN concerts carry the name in their title (Incheon starts first); the festival only lists
    // SEVENTEEN among its artists.
    expect(ids).toEqual([E.seventeenIncheon, E.seventeenBusan, E.busanKpopFestival]);
  });

  it('treats regular-expression characters and quotes as plain text', async () => {
    for (const query of ['((', "'; drop table catalog.events; --", 'what?', '[a-z]*']) {
      const res = await catalog.call<EventPage>(EVENT_PAGE, { query, first: 5 });
      expect(res.errors, query).toBeUndefined();
    }
    expect((await search(null)).totalCount).toBeGreaterThan(20);
  });
});

describe('filters', () => {
  it('artist, in Korean or English', async () => {
    const expected = [E.limYoungWoongSeoul, E.limYoungWoongDaegu].sort();
    expect(idsOf(await search(null, { artist: '임영웅' })).sort()).toEqual(expected);
    expect(idsOf(await search(null, { artist: 'Lim Young-woong' })).sort()).toEqual(expected);
    // The probe titled "BTS …" has no artists: the artist filter looks at line-ups only.
    expect(idsOf(await search(null, { artist: 'BTS' })).sort()).toEqual([E.btsSeoul, E.btsBusan].sort());
  });

  it('venue', async () => {
    const expected = [E.lesMiserables, E.seoulPhilNewYear, E.seongJinChoRecital].sort();
    expect(idsOf(await search(null, { venue: '예술의전당' })).sort()).toEqual(expected);
    expect(idsOf(await search(null, { venue: 'Seoul Arts Center' })).sort()).toEqual(expected);
  });

  it('category, exact and case-insensitive', async () => {
    const musicals = [E.phantomOfTheOpera, E.lesMiserables, E.jekyllAndHyde].sort();
    expect(idsOf(await search(null, { category: 'MUSICAL' })).sort()).toEqual(musicals);
    expect(idsOf(await search(null, { category: 'music' }))).toEqual([]);
  });

  it('date range on startsAt, both ends inclusive', async () => {
    const all = (await search(null)).edges.map((e) => e.node);
    const sorted = all.map((e) => e.startsAt).sort();
    const from = sorted[3]!;
    const to = sorted[10]!;
    const expected = all.filter((e) => e.startsAt >= from && e.startsAt <= to).map((e) => e.id);
    expect(expected.length).toBeGreaterThanOrEqual(8);
    expect(idsOf(await search(null, { from, to }))).toEqual(expected);
    const backwards = await catalog.call(EVENT_PAGE, { filter: { from: to, to: from } });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
  });

  it('status, agreeing with the status shown', async () => {
    const all = (await search(null)).edges.map((e) => e.node);
    for (const status of ['ON_SALE', 'SCHEDULED', 'ENDED', 'CANCELLED']) {
      const filtered = await search(null, { status });
      expect(
        filtered.edges.every((e) => e.node.status === status),
        status,
      ).toBe(true);
      expect(idsOf(filtered), status).toEqual(all.filter((e) => e.status === status).map((e) => e.id));
    }
    // SCHEDULED events whose sale has started read as ON_SALE; the seed has at least 10 of them.
    expect((await search(null, { status: 'ON_SALE' })).totalCount).toBeGreaterThanOrEqual(10);
    expect(idsOf(await search(null, { status: 'SCHEDULED' })).sort()).toEqual(
      [E.blackpinkDeadline, E.seventeenBusan, E.aespaDaegu, E.jekyllAndHyde].sort(),
    );
    expect(idsOf(await search(null, { status: 'ENDED' }))).toEqual([E.sungSiKyungYearEnd]);
  });

  it('shows drafts to admins only', async () => {
    expect(idsOf(await search(null, { status: 'DRAFT' }, BUYER))).toEqual([]);
    expect(idsOf(await search(null, { status: 'DRAFT' }, ADMIN))).toEqual([E.iuEncoreDraft]);
    const query = 'query($id: ID!) { event(id: $id) { id status } }';
    expect((await catalog.call(query, { id: E.iuEncoreDraft }, BUYER)).data?.event).toBeNull();
    expect((await catalog.call(query, { id: E.iuEncoreDraft }, ADMIN)).data?.event).toEqual({
      id: E.iuEncoreDraft,
      status: 'DRAFT',
    });
    expect((await catalog.call(query, { id: 'not-a-uuid' })).data?.event).toBeNull();
  });

  it('combines a query with filters', async () => {
    expect(idsOf(await search('세븐틴', { venue: 'BEXCO' }))).toEqual([E.busanKpopFestival]);
  });
});

describe('cursor pagination', () => {
  it('pages through the whole listing with first: 3 (and 2), every event exactly once, in order', async () => {
    const whole = await search(null);
    // Pages of 2 split the three probes that share a start time, whatever their position.
    for (const first of [3, 2]) {
      const paged = await pageThrough(catalog, {}, first, BUYER);
      expect(paged.ids).toEqual(idsOf(whole));
      expect(new Set(paged.ids).size).toBe(paged.ids.length);
      expect(paged.totalCount).toBe(whole.totalCount);
      expect(paged.pages).toBe(Math.ceil(whole.totalCount / first));
    }
  });

  it('pages through a search ranked by relevance, ties included', async () => {
    // 서울 matches many events with equal relevance (the city), plus a few with the word in their title.
    const whole = await search('서울');
    expect(whole.totalCount).toBeGreaterThan(9);
    for (const first of [3, 2]) {
      const paged = await pageThrough(catalog, { query: '서울' }, first, BUYER);
      expect(paged.ids).toEqual(idsOf(whole));
      expect(new Set(paged.ids).size).toBe(whole.totalCount);
    }
  });

  it('refuses garbage, edited and foreign cursors', async () => {
    const first = await catalog.call<EventPage>(EVENT_PAGE, { first: 2 });
    const cursor = first.data!.events.pageInfo.endCursor!;
    const fromSearch = (await catalog.call<EventPage>(EVENT_PAGE, { query: '서울', first: 2 })).data!.events
      .pageInfo.endCursor!;
    const edited = Buffer.from(
      Buffer.from(cursor, 'base64url')
        .toString()
        .replace(/"i":"[^"]+"/, '"i":"x"'),
    ).toString('base64url');
    for (const after of ['garbage', `${cursor}A`, edited, fromSearch, '', 'eyJ9']) {
      const res = await catalog.call(EVENT_PAGE, { first: 2, after });
      expect(res.errors?.[0]?.extensions, after).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    }
  });

  it('limits first to 0…100, default 20', async () => {
    for (const first of [101, -1]) {
      const res = await catalog.call(EVENT_PAGE, { first });
      expect(res.errors?.[0]?.extensions, String(first)).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'first',
      });
    }
    const byDefault = await catalog.call<EventPage>(EVENT_PAGE, {});
    expect(byDefault.data!.events.edges).toHaveLength(20);
    const none = await catalog.call<EventPage>(EVENT_PAGE, { first: 0 });
    expect(none.data!.events.edges).toEqual([]);
    expect(none.data!.events.pageInfo.hasNextPage).toBe(true);
  });
});

describe('statement counts stay flat', () => {
  it('events with venue and artists: first 5 and first 25 cost the same', async () => {
    const five = await catalog.countStatements(() => catalog.call(EVENT_PAGE, { first: 5 }));
    const all = await catalog.countStatements(() => catalog.call(EVENT_PAGE, { first: 25 }));
    expect(all).toBe(five);
    expect(five).toBeLessThanOrEqual(3);
    const searchFew = await catalog.countStatements(() =>
      catalog.call(EVENT_PAGE, { query: '서울', first: 2 }),
    );
    const searchMany = await catalog.countStatements(() =>
      catalog.call(EVENT_PAGE, { query: '서울', first: 25 }),
    );
    expect(searchMany).toBe(searchFew);
  });

  it('_entities with 3 and with 25 events cost the same', async () => {
    const ids = Object.values(E);
    expect(ids).toHaveLength(25);
    const query = `query($representations: [_Any!]!) {
      _entities(representations: $representations) { ... on Event { id title status venue { name } artists { name } } }
    }`;
    const resolve = (n: number) =>
      catalog.call<{ _entities: ({ id: string } | null)[] }>(
        query,
        { representations: ids.slice(0, n).map((id) => ({ __typename: 'Event', id })) },
        ADMIN,
      );
    let result: Awaited<ReturnType<typeof resolve>> | undefined;
    const three = await catalog.countStatements(async () => {
      result = await resolve(3);
    });
    expect(result?.data?._entities.map((e) => e?.id)).toEqual(ids.slice(0, 3));
    const many = await catalog.countStatements(async () => {
      result = await resolve(25);
    });
    expect(result?.data?._entities.map((e) => e?.id)).toEqual(ids);
    expect(many).toBe(three);
    expect(three).toBeLessThanOrEqual(3);
  });
});

describe('searchSuggestions ("did you mean")', () => {
  const SUGGEST = 'query($q: String!, $first: Int) { searchSuggestions(query: $q, first: $first) }';
  const suggest = async (q: string, first?: number) => {
    const res = await catalog.call<{ searchSuggestions: string[] }>(SUGGEST, { q, first });
    expect(res.errors).toBeUndefined();
    return res.data!.searchSuggestions;
  };

  it('suggests the artist a typo resembles, to an anonymous caller', async () => {
    // Search itself finds nothing for this typo: the suggestion is the buyer's way on.
    expect((await search('아이우')).totalCount).toBe(0);
    expect(await suggest('아이우')).toContain('아이유');
    expect((await suggest('아이우'))[0]).toBe('아이유');
    expect(await suggest('seventen')).toContain('SEVENTEEN');
  });

  it('suggests a public event title by a word in it, never a draft’s', async () => {
    const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();
    const res = await catalog.call(
      CREATE_EVENT,
      {
        input: {
          title: 'Quixotica Secret Rehearsal',
          category: 'concert',
          venueId: catalog.seed.venues.blueSquare,
          startsAt: days(50),
          saleStartsAt: days(10),
          status: 'DRAFT',
        },
      },
      ADMIN,
    );
    expect(res.errors).toBeUndefined();
    expect(await suggest('quixoticaa')).toEqual([]);
    expect(await suggest('acoustc')).toContain('IU Acoustic Night');
  });

  it('leaves out the query itself, caps the count, and says nothing for nothing', async () => {
    expect(await suggest('아이유')).not.toContain('아이유');
    expect((await suggest('a', 50)).length).toBe(0);
    expect((await suggest('스트레이', 50)).length).toBeLessThanOrEqual(10);
    expect(await suggest('zzzzqqqq')).toEqual([]);
  });
});
