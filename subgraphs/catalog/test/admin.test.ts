import type { Identity } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalog } from '../src/index.ts';
import { ADMIN, BUYER, type CatalogHarness, EVENT_PAGE, type EventPage, startCatalog } from './helpers.ts';

let catalog: CatalogHarness;

const days = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString();

const CREATE_EVENT = `mutation($input: CreateEventInput!) {
  createEvent(input: $input) { id title titleEn category status startsAt venue { id } artists { id } }
}`;
const UPDATE_EVENT = `mutation($id: ID!, $input: UpdateEventInput!) {
  updateEvent(id: $id, input: $input) { id title titleEn description category status startsAt saleStartsAt artists { id } }
}`;
const EVENT = 'query($id: ID!) { event(id: $id) { id title status } }';

type EventData = { event: { id: string; title: string; status: string } | null };
/** The fields CREATE_EVENT and UPDATE_EVENT select (a superset of both). */
interface EventFields {
  id: string;
  title: string;
  titleEn: string | null;
  description?: string | null;
  category: string;
  status: string;
  startsAt: string;
  saleStartsAt?: string;
  venue?: { id: string };
  artists: { id: string }[];
}
type AuditDetails = Record<string, unknown> & { changes?: unknown; artistIds?: string[] };

function eventInput(overrides: Record<string, unknown> = {}) {
  return {
    title: '테스트 콘서트',
    titleEn: 'Test Concert',
    category: 'concert',
    venueId: catalog.seed.venues.kspoDome,
    artistIds: [catalog.seed.artists.aespa, catalog.seed.artists.iu],
    startsAt: days(30),
    saleStartsAt: days(3),
    status: 'SCHEDULED',
    ...overrides,
  };
}

async function auditRows(action: string) {
  return catalog.sql<{ actor_id: string; target_id: string | null; details: AuditDetails }>(
    'select actor_id, target_id, details from catalog.admin_audit_log where action = ? order by at',
    [action],
  );
}
const count = async (table: string) =>
  Number((await catalog.sql<{ n: string }>(`select count(*) as n from catalog.${table}`))[0]!.n);

async function createEvent(overrides: Record<string, unknown> = {}, identity: Identity = ADMIN) {
  return catalog.call<{ createEvent: EventFields }>(CREATE_EVENT, { input: eventInput(overrides) }, identity);
}

beforeAll(async () => {
  catalog = await startCatalog();
});

afterAll(async () => {
  await catalog?.dispose();
});

describe('who may call admin mutations', () => {
  it('admin creates an event, with its line-up in order, and the audit log records it', async () => {
    const startsAt = days(30);
    const res = await createEvent({ startsAt });
    expect(res.errors).toBeUndefined();
    const event = res.data!.createEvent;
    expect(event.startsAt).toBe(startsAt);
    expect(event).toMatchObject({ title: '테스트 콘서트', titleEn: 'Test Concert', status: 'SCHEDULED' });
    expect(event.artists.map((a: { id: string }) => a.id)).toEqual([
      catalog.seed.artists.aespa,
      catalog.seed.artists.iu,
    ]);
    const [audit] = (await auditRows('event.create')).filter((row) => row.target_id === event.id);
    expect(audit?.actor_id).toBe(ADMIN!.userId);
    expect(audit?.details).toMatchObject({ title: '테스트 콘서트', venueId: catalog.seed.venues.kspoDome });
  });

  it('buyers get FORBIDDEN and anonymous callers UNAUTHENTICATED, and nothing is written', async () => {
    const eventsBefore = await count('events');
    const auditBefore = await count('admin_audit_log');
    const calls: [string, Record<string, unknown>][] = [
      [CREATE_EVENT, { input: eventInput() }],
      [UPDATE_EVENT, { id: catalog.seed.events.iuHereh, input: { title: 'hacked' } }],
      ['mutation($id: ID!) { deleteEvent(id: $id) }', { id: catalog.seed.events.iuHereh }],
      ['mutation { createArtist(input: { name: "x" }) { id } }', {}],
      ['mutation { createVenue(input: { name: "x", city: "서울" }) { id } }', {}],
      ['mutation { publishNews(input: { title: "x", body: "y" }) { id } }', {}],
      ['mutation($id: ID!) { unpublishNews(id: $id) }', { id: catalog.seed.news.iuOnSale }],
      ['mutation { addKeywordMapping(input: { korean: "가", english: "ga" }) { id } }', {}],
      ['{ keywordMappings { id } }', {}],
    ];
    for (const [query, variables] of calls) {
      const asBuyer = await catalog.call(query, variables, BUYER);
      expect(asBuyer.errors?.[0]?.extensions?.code, query).toBe('FORBIDDEN');
      const anonymous = await catalog.call(query, variables, null);
      expect(anonymous.errors?.[0]?.extensions?.code, query).toBe('UNAUTHENTICATED');
    }
    expect(await count('events')).toBe(eventsBefore);
    expect(await count('admin_audit_log')).toBe(auditBefore);
    const iu = await catalog.call<EventData>(EVENT, { id: catalog.seed.events.iuHereh });
    expect(iu.data?.event?.title).not.toBe('hacked');
  });
});

describe('input validation', () => {
  it('refuses invalid events with BAD_USER_INPUT naming the field, writing nothing', async () => {
    const auditBefore = await count('admin_audit_log');
    const cases: [Record<string, unknown>, string][] = [
      [{ title: '   ' }, 'title'],
      [{ saleStartsAt: days(40) }, 'saleStartsAt'],
      [{ startsAt: days(-1), saleStartsAt: days(-2) }, 'startsAt'],
      [{ venueId: '00000000-0000-4000-8000-000000000000' }, 'venueId'],
      [{ venueId: 'nope' }, 'venueId'],
      [{ category: 'Rock & Roll' }, 'category'],
      [{ artistIds: [catalog.seed.artists.iu, catalog.seed.artists.iu] }, 'artistIds'],
      [{ artistIds: ['00000000-0000-4000-8000-000000000000'] }, 'artistIds'],
      [{ posterUrl: 'javascript:alert(1)' }, 'posterUrl'],
      [{ status: 'ON_SALE' }, 'status'],
    ];
    for (const [overrides, field] of cases) {
      const res = await createEvent(overrides);
      expect(res.errors?.[0]?.extensions, field).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    expect(await count('admin_audit_log')).toBe(auditBefore);
  });

  it('refuses invalid artists and venues', async () => {
    const artist = await catalog.call('mutation { createArtist(input: { name: "" }) { id } }', {}, ADMIN);
    expect(artist.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'name' });
    const venue = await catalog.call(
      'mutation { createVenue(input: { name: "새 공연장", city: "서울", capacity: 0 }) { id } }',
      {},
      ADMIN,
    );
    expect(venue.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'capacity' });
  });
});

describe('event lifecycle', () => {
  it('updateEvent keeps fields left out, clears nulls and records the changes', async () => {
    const { id } = (await createEvent({ title: '수정 전', description: '설명' })).data!.createEvent;
    const res = await catalog.call<{ updateEvent: EventFields }>(
      UPDATE_EVENT,
      { id, input: { title: '수정 후', titleEn: null, artistIds: [catalog.seed.artists.iu] } },
      ADMIN,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateEvent).toMatchObject({
      title: '수정 후',
      titleEn: null,
      description: '설명',
      category: 'concert',
      artists: [{ id: catalog.seed.artists.iu }],
    });
    const [audit] = (await auditRows('event.update')).filter((row) => row.target_id === id);
    expect(audit?.details.changes).toEqual({
      title: { from: '수정 전', to: '수정 후' },
      titleEn: { from: 'Test Concert', to: null },
    });
    expect(audit?.details.artistIds).toEqual([catalog.seed.artists.iu]);

    const cleared = await catalog.call(UPDATE_EVENT, { id, input: { title: null } }, ADMIN);
    expect(cleared.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'title' });
  });

  it('status follows the allowed transitions; CANCELLED is final', async () => {
    const { id } = (await createEvent({ status: 'DRAFT' })).data!.createEvent;
    const toScheduled = await catalog.call<{ updateEvent: EventFields }>(
      UPDATE_EVENT,
      { id, input: { status: 'SCHEDULED' } },
      ADMIN,
    );
    expect(toScheduled.data?.updateEvent.status).toBe('SCHEDULED');
    const toEnded = await catalog.call(UPDATE_EVENT, { id, input: { status: 'ENDED' } }, ADMIN);
    expect(toEnded.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    await catalog.call(UPDATE_EVENT, { id, input: { status: 'CANCELLED' } }, ADMIN);
    const back = await catalog.call(UPDATE_EVENT, { id, input: { status: 'SCHEDULED' } }, ADMIN);
    expect(back.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'status' });
    expect((await catalog.call<EventData>(EVENT, { id })).data?.event?.status).toBe('CANCELLED');
  });

  it('a SCHEDULED event reads as ON_SALE once its sale has started', async () => {
    const { id, status } = (await createEvent({ saleStartsAt: days(-1) })).data!.createEvent;
    expect(status).toBe('ON_SALE');
    const onSale = await catalog.call<EventPage>(EVENT_PAGE, { filter: { status: 'ON_SALE' }, first: 100 });
    expect(onSale.data!.events.edges.map((e) => e.node.id)).toContain(id);
  });

  it('deleteEvent hides the event but references from other subgraphs still resolve', async () => {
    const { id } = (await createEvent({ title: '삭제될 공연 Vanishing Show' })).data!.createEvent;
    const del = await catalog.call('mutation($id: ID!) { deleteEvent(id: $id) }', { id }, ADMIN);
    expect(del.data).toEqual({ deleteEvent: true });
    expect((await catalog.call(EVENT, { id }, ADMIN)).data?.event).toBeNull();
    const found = await catalog.call<EventPage>(EVENT_PAGE, { query: 'Vanishing Show' }, ADMIN);
    expect(found.data!.events.totalCount).toBe(0);
    const entities = await catalog.call(
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Event { id title } } }',
      { r: [{ __typename: 'Event', id }] },
    );
    expect(entities.data?._entities).toEqual([{ id, title: '삭제될 공연 Vanishing Show' }]);
    const again = await catalog.call('mutation($id: ID!) { deleteEvent(id: $id) }', { id }, ADMIN);
    expect(again.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect((await auditRows('event.delete')).map((row) => row.target_id)).toContain(id);
  });
});

describe('development seed', () => {
  it('is idempotent and leaves admin edits alone', async () => {
    const id = catalog.seed.events.phantomOfTheOpera;
    await catalog.call(UPDATE_EVENT, { id, input: { description: '관리자가 고친 설명' } }, ADMIN);
    const counts = async () =>
      Promise.all(['events', 'event_artists', 'venues', 'artists', 'news'].map(count));
    const before = await counts();
    expect(await seedCatalog(catalog.service.orm)).toEqual(catalog.seed);
    expect(await counts()).toEqual(before);
    const [row] = await catalog.sql<{ description: string }>(
      'select description from catalog.events where id = ?',
      [id],
    );
    expect(row?.description).toBe('관리자가 고친 설명');
  });
});

describe('artists, venues and search mappings', () => {
  it('a renamed artist is found under the new name at once', async () => {
    const created = await catalog.call<{ createArtist: { id: string } }>(
      'mutation { createArtist(input: { name: "무명 밴드", nameEn: "Nameless Band" }) { id } }',
      {},
      ADMIN,
    );
    const artistId = created.data!.createArtist.id;
    const { id } = (await createEvent({ title: '인디 나이트', titleEn: null, artistIds: [artistId] })).data!
      .createEvent;
    const renamed = await catalog.call(
      'mutation($id: ID!) { updateArtist(id: $id, input: { nameEn: "Quokka Parade" }) { name nameEn } }',
      { id: artistId },
      ADMIN,
    );
    expect(renamed.data?.updateArtist).toEqual({ name: '무명 밴드', nameEn: 'Quokka Parade' });
    const found = await catalog.call<EventPage>(EVENT_PAGE, { query: 'quokka parade' });
    expect(found.data!.events.edges.map((e) => e.node.id)).toEqual([id]);
    expect((await auditRows('artist.update')).map((row) => row.target_id)).toContain(artistId);
  });

  it('creates and updates venues; the venue filter sees the change', async () => {
    const created = await catalog.call<{ createVenue: { id: string; city: string } }>(
      'mutation { createVenue(input: { name: "대전 충무체육관", city: "대전", capacity: 5000 }) { id city } }',
      {},
      ADMIN,
    );
    const venueId = created.data!.createVenue.id;
    // The audit record names the row it created.
    expect((await auditRows('venue.create')).map((r) => r.target_id)).toContain(venueId);
    const { id } = (await createEvent({ venueId })).data!.createEvent;
    const updated = await catalog.call(
      'mutation($id: ID!) { updateVenue(id: $id, input: { nameEn: "Daejeon Chungmu Arena", address: null }) { nameEn city capacity } }',
      { id: venueId },
      ADMIN,
    );
    expect(updated.data?.updateVenue).toEqual({
      nameEn: 'Daejeon Chungmu Arena',
      city: '대전',
      capacity: 5000,
    });
    const filtered = await catalog.call<EventPage>(EVENT_PAGE, { filter: { venue: 'Chungmu Arena' } });
    expect(filtered.data!.events.edges.map((e) => e.node.id)).toEqual([id]);
    const inDaejeon = await catalog.call<{ venues: { id: string }[] }>('{ venues(city: "Daejeon") { id } }');
    expect(inDaejeon.data?.venues).toEqual([{ id: venueId }]);
  });

  it('an added keyword mapping widens search; a duplicate is a CONFLICT', async () => {
    const { id } = (await createEvent({ title: 'Tiketi Showcase', titleEn: null, artistIds: [] })).data!
      .createEvent;
    const before = await catalog.call<EventPage>(EVENT_PAGE, { query: '티케티' });
    expect(before.data!.events.totalCount).toBe(0);
    const input = { korean: '티케티', english: 'Tiketi' };
    const added = await catalog.call(
      'mutation($input: KeywordMappingInput!) { addKeywordMapping(input: $input) { korean english } }',
      { input },
      ADMIN,
    );
    expect(added.data?.addKeywordMapping).toEqual(input);
    const after = await catalog.call<EventPage>(EVENT_PAGE, { query: '티케티' });
    expect(after.data!.events.edges.map((e) => e.node.id)).toEqual([id]);
    const duplicate = await catalog.call(
      'mutation($input: KeywordMappingInput!) { addKeywordMapping(input: $input) { id } }',
      { input: { korean: '티케티', english: 'TIKETI' } },
      ADMIN,
    );
    expect(duplicate.errors?.[0]?.extensions?.code).toBe('CONFLICT');
  });
});

describe('news', () => {
  const NEWS = `query($first: Int, $after: String) {
    news(first: $first, after: $after) {
      pageInfo { hasNextPage endCursor }
      edges { cursor node { id title publishedAt event { id title } } }
    }
  }`;
  type NewsPage = {
    news: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; title: string; publishedAt: string; event: { id: string } | null } }[];
    };
  };

  async function allNews(first: number): Promise<NewsPage['news']['edges'][number]['node'][]> {
    const nodes: NewsPage['news']['edges'][number]['node'][] = [];
    let after: string | null = null;
    for (let page = 0; page < 50; page++) {
      const res: { data?: NewsPage | null; errors?: unknown } = await catalog.call<NewsPage>(NEWS, {
        first,
        after,
      });
      expect(res.errors).toBeUndefined();
      nodes.push(...res.data!.news.edges.map((e) => e.node));
      if (!res.data!.news.pageInfo.hasNextPage) return nodes;
      after = res.data!.news.pageInfo.endCursor;
    }
    throw new Error('news paging does not end');
  }

  it('lists published articles only, newest first, page by page', async () => {
    for (const title of ['첫 번째 공지', '두 번째 공지', '세 번째 공지']) {
      const res = await catalog.call(
        'mutation($input: PublishNewsInput!) { publishNews(input: $input) { id } }',
        { input: { title, body: '본문', eventId: catalog.seed.events.btsSeoul } },
        ADMIN,
      );
      expect(res.errors).toBeUndefined();
    }
    const all = await allNews(100);
    expect(all.map((n) => n.title).slice(0, 3)).toEqual(['세 번째 공지', '두 번째 공지', '첫 번째 공지']);
    expect(all.map((n) => n.id)).not.toContain(catalog.seed.news.btsDraftNotice);
    expect(all.map((n) => n.id)).toContain(catalog.seed.news.iuOnSale);
    expect(all[0]?.event?.id).toBe(catalog.seed.events.btsSeoul);
    const times = all.map((n) => n.publishedAt);
    expect([...times].sort().reverse()).toEqual(times);
    // Page size 1: the same articles, each once.
    expect((await allNews(1)).map((n) => n.id)).toEqual(all.map((n) => n.id));
  });

  it('unpublishNews hides an article; a bad cursor or eventId is BAD_USER_INPUT', async () => {
    const target = catalog.seed.news.iuOnSale;
    const res = await catalog.call('mutation($id: ID!) { unpublishNews(id: $id) }', { id: target }, ADMIN);
    expect(res.data).toEqual({ unpublishNews: true });
    expect((await allNews(100)).map((n) => n.id)).not.toContain(target);
    expect((await auditRows('news.unpublish')).map((row) => row.target_id)).toContain(target);

    const badCursor = await catalog.call(NEWS, { first: 1, after: 'bm9wZQ' });
    expect(badCursor.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
    const badEvent = await catalog.call(
      'mutation { publishNews(input: { title: "x", body: "y", eventId: "00000000-0000-4000-8000-000000000000" }) { id } }',
      {},
      ADMIN,
    );
    expect(badEvent.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'eventId' });
  });
});
