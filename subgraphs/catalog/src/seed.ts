import type { EntityManager, EntityName, RequiredEntityData } from '@mikro-orm/postgresql';
import type { Orm } from '@tiketi/kit';
import { Artist } from './modules/artist/artist.entity.ts';
import { Event } from './modules/event/event.entity.ts';
import { EventArtist } from './modules/event/event-artist.entity.ts';
import { recordEventChanged } from './modules/event/event-changed.ts';
import type { EventStatus } from './modules/event/event-status.ts';
import { NewsArticle } from './modules/news/news.entity.ts';
import { Venue } from './modules/venue/venue.entity.ts';

/**
 * Development seed: venues, artists, about 25 events and a few news articles. Idempotent: every row has a
 * fixed id and is inserted with `on conflict do nothing`, so a restart neither duplicates nor overwrites
 * (admins' edits survive). Dates are relative to the first run: most events are on sale now, a few open
 * later, one is over, one cancelled, one a draft.
 *
 * The ids are stable across machines so that other subgraphs' seeds (seating layouts, …) can attach to them.
 */

const id = (prefix: string, n: number) => `${prefix}0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const SEED_IDS = {
  venues: {
    kspoDome: id('b', 1),
    gocheokSkyDome: id('b', 2),
    jamsilStadium: id('b', 3),
    blueSquare: id('b', 4),
    seoulArtsCenter: id('b', 5),
    seoulWorldCupStadium: id('b', 6),
    busanAsiad: id('b', 7),
    bexco: id('b', 8),
    inspireArena: id('b', 9),
    excoDaegu: id('b', 10),
    kimdaejungCenter: id('b', 11),
  },
  artists: {
    iu: id('a', 1),
    bts: id('a', 2),
    seventeen: id('a', 3),
    newJeans: id('a', 4),
    limYoungWoong: id('a', 5),
    aespa: id('a', 6),
    blackpink: id('a', 7),
    strayKids: id('a', 8),
    sungSiKyung: id('a', 9),
    seoulPhil: id('a', 10),
    seongJinCho: id('a', 11),
    choSeungWoo: id('a', 12),
    kiwoomHeroes: id('a', 13),
    lgTwins: id('a', 14),
    fcSeoul: id('a', 15),
    ulsanHd: id('a', 16),
  },
  events: {
    iuHereh: id('e', 1),
    iuFanMeeting: id('e', 2),
    btsSeoul: id('e', 3),
    btsBusan: id('e', 4),
    seventeenIncheon: id('e', 5),
    newJeansFanMeeting: id('e', 6),
    limYoungWoongSeoul: id('e', 7),
    limYoungWoongDaegu: id('e', 8),
    aespaSynk: id('e', 9),
    strayKidsDominate: id('e', 10),
    sungSiKyungGwangju: id('e', 11),
    phantomOfTheOpera: id('e', 12),
    lesMiserables: id('e', 13),
    seoulPhilNewYear: id('e', 14),
    seongJinChoRecital: id('e', 15),
    kboKiwoomLg: id('e', 16),
    kLeagueSeoulUlsan: id('e', 17),
    busanKpopFestival: id('e', 18),
    blackpinkDeadline: id('e', 19),
    seventeenBusan: id('e', 20),
    aespaDaegu: id('e', 21),
    jekyllAndHyde: id('e', 22),
    sungSiKyungYearEnd: id('e', 23),
    strayKidsGwangju: id('e', 24),
    iuEncoreDraft: id('e', 25),
  },
  news: {
    iuOnSale: id('d', 1),
    platformNotice: id('d', 2),
    btsDraftNotice: id('d', 3),
  },
} as const;

export type SeededCatalog = typeof SEED_IDS;

const V = SEED_IDS.venues;
const A = SEED_IDS.artists;
const E = SEED_IDS.events;

const VENUES = [
  {
    id: V.kspoDome,
    name: '올림픽체조경기장 (KSPO DOME)',
    nameEn: 'KSPO DOME',
    city: '서울',
    address: '서울 송파구 올림픽로 424',
    capacity: 15000,
  },
  {
    id: V.gocheokSkyDome,
    name: '고척스카이돔',
    nameEn: 'Gocheok Sky Dome',
    city: '서울',
    address: '서울 구로구 경인로 430',
    capacity: 16744,
  },
  {
    id: V.jamsilStadium,
    name: '잠실종합운동장 주경기장',
    nameEn: 'Jamsil Olympic Stadium',
    city: '서울',
    address: '서울 송파구 올림픽로 25',
    capacity: 69950,
  },
  {
    id: V.blueSquare,
    name: '블루스퀘어 신한카드홀',
    nameEn: 'Blue Square Shinhan Card Hall',
    city: '서울',
    address: '서울 용산구 이태원로 294',
    capacity: 1766,
  },
  {
    id: V.seoulArtsCenter,
    name: '예술의전당 오페라극장',
    nameEn: 'Seoul Arts Center Opera Theater',
    city: '서울',
    address: '서울 서초구 남부순환로 2406',
    capacity: 2283,
  },
  {
    id: V.seoulWorldCupStadium,
    name: '서울월드컵경기장',
    nameEn: 'Seoul World Cup Stadium',
    city: '서울',
    address: '서울 마포구 월드컵로 240',
    capacity: 66704,
  },
  {
    id: V.busanAsiad,
    name: '부산 아시아드 주경기장',
    nameEn: 'Busan Asiad Main Stadium',
    city: '부산',
    address: '부산 연제구 월드컵대로 344',
    capacity: 53769,
  },
  {
    id: V.bexco,
    name: '벡스코 오디토리움',
    nameEn: 'BEXCO Auditorium',
    city: '부산',
    address: '부산 해운대구 APEC로 55',
    capacity: 4002,
  },
  {
    id: V.inspireArena,
    name: '인스파이어 아레나',
    nameEn: 'INSPIRE Arena',
    city: '인천',
    address: '인천 중구 공항문화로 127',
    capacity: 15000,
  },
  {
    id: V.excoDaegu,
    name: '엑스코 동관',
    nameEn: 'EXCO East Hall',
    city: '대구',
    address: '대구 북구 엑스코로 10',
    capacity: 8000,
  },
  {
    id: V.kimdaejungCenter,
    name: '김대중컨벤션센터',
    nameEn: 'Kimdaejung Convention Center',
    city: '광주',
    address: '광주 서구 상무누리로 30',
    capacity: 6000,
  },
];

const ARTISTS = [
  { id: A.iu, name: '아이유', nameEn: 'IU' },
  { id: A.bts, name: '방탄소년단', nameEn: 'BTS' },
  { id: A.seventeen, name: '세븐틴', nameEn: 'SEVENTEEN' },
  { id: A.newJeans, name: '뉴진스', nameEn: 'NewJeans' },
  { id: A.limYoungWoong, name: '임영웅', nameEn: 'Lim Young-woong' },
  { id: A.aespa, name: '에스파', nameEn: 'aespa' },
  { id: A.blackpink, name: '블랙핑크', nameEn: 'BLACKPINK' },
  { id: A.strayKids, name: '스트레이 키즈', nameEn: 'Stray Kids' },
  { id: A.sungSiKyung, name: '성시경', nameEn: 'Sung Si-kyung' },
  { id: A.seoulPhil, name: '서울시립교향악단', nameEn: 'Seoul Philharmonic Orchestra' },
  { id: A.seongJinCho, name: '조성진', nameEn: 'Seong-Jin Cho' },
  { id: A.choSeungWoo, name: '조승우', nameEn: 'Cho Seung-woo' },
  { id: A.kiwoomHeroes, name: '키움 히어로즈', nameEn: 'Kiwoom Heroes' },
  { id: A.lgTwins, name: 'LG 트윈스', nameEn: 'LG Twins' },
  { id: A.fcSeoul, name: 'FC서울', nameEn: 'FC Seoul' },
  { id: A.ulsanHd, name: '울산 HD', nameEn: 'Ulsan HD' },
];

interface SeedEvent {
  id: string;
  title: string;
  titleEn: string | null;
  description: string;
  category: string;
  venueId: string;
  artists: string[];
  /** Days from the seed's first run, at the given Korean local hour. */
  starts: [days: number, hourKst: number];
  sale: [days: number, hourKst: number];
  status: EventStatus;
}

const EVENTS: SeedEvent[] = [
  // On sale: sale opened in the past, event ahead.
  {
    id: E.iuHereh,
    title: '2026 아이유 콘서트 〈HEREH〉 앙코르',
    titleEn: "2026 IU CONCERT 'HEREH' ENCORE",
    description: '아이유의 월드투어를 마무리하는 서울 앙코르 공연.',
    category: 'concert',
    venueId: V.kspoDome,
    artists: [A.iu],
    starts: [30, 19],
    sale: [-5, 20],
    status: 'SCHEDULED',
  },
  // Titled in Korean only: searching "IU" must find it through the keyword mapping 아이유 ↔ IU.
  {
    id: E.iuFanMeeting,
    title: '아이유 팬미팅 〈아이유애나의 정원〉',
    titleEn: null,
    description: '유애나와 함께하는 아이유의 단독 팬미팅.',
    category: 'fanmeeting',
    venueId: V.inspireArena,
    artists: [A.iu],
    starts: [45, 18],
    sale: [-2, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.btsSeoul,
    title: '방탄소년단 월드투어 〈ARIRANG〉 서울',
    titleEn: "BTS WORLD TOUR 'ARIRANG' IN SEOUL",
    description: '7인 완전체 방탄소년단의 서울 공연.',
    category: 'concert',
    venueId: V.jamsilStadium,
    artists: [A.bts],
    starts: [60, 19],
    sale: [-3, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.btsBusan,
    title: '방탄소년단 월드투어 〈ARIRANG〉 부산',
    titleEn: "BTS WORLD TOUR 'ARIRANG' IN BUSAN",
    description: '부산 아시아드 주경기장에서 열리는 방탄소년단 공연.',
    category: 'concert',
    venueId: V.busanAsiad,
    artists: [A.bts],
    starts: [67, 19],
    sale: [-3, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.seventeenIncheon,
    title: '세븐틴 월드투어 〈NEW_〉 인천',
    titleEn: 'SEVENTEEN WORLD TOUR [NEW_] IN INCHEON',
    description: '세븐틴 13인의 인천 공연.',
    category: 'concert',
    venueId: V.inspireArena,
    artists: [A.seventeen],
    starts: [20, 18],
    sale: [-10, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.newJeansFanMeeting,
    title: '뉴진스 팬미팅 〈Bunnies Camp〉',
    titleEn: "NewJeans Fan Meeting 'Bunnies Camp'",
    description: '버니즈를 위한 뉴진스의 팬미팅.',
    category: 'fanmeeting',
    venueId: V.kspoDome,
    artists: [A.newJeans],
    starts: [35, 18],
    sale: [-7, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.limYoungWoongSeoul,
    title: '임영웅 전국투어 콘서트 〈IM HERO〉 서울',
    titleEn: "Lim Young-woong Concert 'IM HERO' Seoul",
    description: '영웅시대와 함께하는 임영웅 전국투어 서울 공연.',
    category: 'concert',
    venueId: V.gocheokSkyDome,
    artists: [A.limYoungWoong],
    starts: [25, 18],
    sale: [-20, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.limYoungWoongDaegu,
    title: '임영웅 전국투어 콘서트 〈IM HERO〉 대구',
    titleEn: "Lim Young-woong Concert 'IM HERO' Daegu",
    description: '임영웅 전국투어 대구 공연.',
    category: 'concert',
    venueId: V.excoDaegu,
    artists: [A.limYoungWoong],
    starts: [40, 18],
    sale: [-20, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.aespaSynk,
    title: '에스파 라이브 투어 〈SYNK〉 서울',
    titleEn: "aespa LIVE TOUR 'SYNK' IN SEOUL",
    description: '에스파의 세 번째 단독 콘서트.',
    category: 'concert',
    venueId: V.kspoDome,
    artists: [A.aespa],
    starts: [15, 19],
    sale: [-14, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.strayKidsDominate,
    title: '스트레이 키즈 월드투어 〈dominATE〉 서울',
    titleEn: "Stray Kids World Tour 'dominATE' SEOUL",
    description: '스트레이 키즈 월드투어의 서울 공연.',
    category: 'concert',
    venueId: V.gocheokSkyDome,
    artists: [A.strayKids],
    starts: [50, 18],
    sale: [-1, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.sungSiKyungGwangju,
    title: '성시경 콘서트 〈성시경의 노래〉 광주',
    titleEn: 'Sung Si-kyung Concert in Gwangju',
    description: '발라드의 계절, 성시경의 광주 공연.',
    category: 'concert',
    venueId: V.kimdaejungCenter,
    artists: [A.sungSiKyung],
    starts: [55, 19],
    sale: [-4, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.phantomOfTheOpera,
    title: '뮤지컬 〈오페라의 유령〉',
    titleEn: 'The Phantom of the Opera',
    description: '앤드루 로이드 웨버의 대표작, 오리지널 내한 공연.',
    category: 'musical',
    venueId: V.blueSquare,
    artists: [A.choSeungWoo],
    starts: [10, 19],
    sale: [-30, 14],
    status: 'SCHEDULED',
  },
  {
    id: E.lesMiserables,
    title: '뮤지컬 〈레미제라블〉',
    titleEn: 'Les Misérables',
    description: '빅토르 위고 원작의 뮤지컬.',
    category: 'musical',
    venueId: V.seoulArtsCenter,
    artists: [],
    starts: [18, 19],
    sale: [-25, 14],
    status: 'SCHEDULED',
  },
  {
    id: E.seoulPhilNewYear,
    title: '서울시립교향악단 신년음악회',
    titleEn: 'Seoul Philharmonic New Year Concert',
    description: '새해를 여는 서울시향의 신년음악회.',
    category: 'classical',
    venueId: V.seoulArtsCenter,
    artists: [A.seoulPhil, A.seongJinCho],
    starts: [28, 17],
    sale: [-9, 10],
    status: 'SCHEDULED',
  },
  {
    id: E.seongJinChoRecital,
    title: '조성진 피아노 리사이틀',
    titleEn: 'Seong-Jin Cho Piano Recital',
    description: '쇼팽과 라벨로 꾸미는 조성진 리사이틀.',
    category: 'classical',
    venueId: V.seoulArtsCenter,
    artists: [A.seongJinCho],
    starts: [70, 19],
    sale: [-1, 10],
    status: 'SCHEDULED',
  },
  {
    id: E.kboKiwoomLg,
    title: 'KBO 리그 키움 히어로즈 vs LG 트윈스',
    titleEn: 'KBO League Kiwoom Heroes vs LG Twins',
    description: '고척스카이돔 홈 경기.',
    category: 'sports',
    venueId: V.gocheokSkyDome,
    artists: [A.kiwoomHeroes, A.lgTwins],
    starts: [12, 18],
    sale: [-3, 11],
    status: 'SCHEDULED',
  },
  {
    id: E.kLeagueSeoulUlsan,
    title: 'K리그1 FC서울 vs 울산 HD',
    titleEn: 'K League 1 FC Seoul vs Ulsan HD',
    description: '서울월드컵경기장 홈 경기.',
    category: 'sports',
    venueId: V.seoulWorldCupStadium,
    artists: [A.fcSeoul, A.ulsanHd],
    starts: [8, 19],
    sale: [-7, 11],
    status: 'SCHEDULED',
  },
  {
    id: E.busanKpopFestival,
    title: '2026 부산 원아시아 페스티벌',
    titleEn: '2026 Busan One Asia Festival',
    description: '세븐틴, 에스파, 스트레이 키즈가 함께하는 부산의 K-POP 축제.',
    category: 'festival',
    venueId: V.bexco,
    artists: [A.seventeen, A.aespa, A.strayKids],
    starts: [22, 18],
    sale: [-6, 20],
    status: 'SCHEDULED',
  },
  // Scheduled: announced, sale opens later.
  {
    id: E.blackpinkDeadline,
    title: '블랙핑크 월드투어 〈DEADLINE〉 서울',
    titleEn: 'BLACKPINK WORLD TOUR <DEADLINE> IN SEOUL',
    description: '블랙핑크 월드투어의 서울 공연.',
    category: 'concert',
    venueId: V.jamsilStadium,
    artists: [A.blackpink],
    starts: [90, 19],
    sale: [5, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.seventeenBusan,
    title: '세븐틴 월드투어 〈NEW_〉 부산',
    titleEn: 'SEVENTEEN WORLD TOUR [NEW_] IN BUSAN',
    description: '세븐틴의 부산 공연.',
    category: 'concert',
    venueId: V.busanAsiad,
    artists: [A.seventeen],
    starts: [100, 18],
    sale: [14, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.aespaDaegu,
    title: '에스파 라이브 투어 〈SYNK〉 대구',
    titleEn: "aespa LIVE TOUR 'SYNK' IN DAEGU",
    description: '에스파의 대구 공연.',
    category: 'concert',
    venueId: V.excoDaegu,
    artists: [A.aespa],
    starts: [80, 18],
    sale: [10, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.jekyllAndHyde,
    title: '뮤지컬 〈지킬앤하이드〉 부산',
    titleEn: 'Jekyll & Hyde: The Musical in Busan',
    description: '조승우의 지킬앤하이드, 부산 공연.',
    category: 'musical',
    venueId: V.bexco,
    artists: [A.choSeungWoo],
    starts: [75, 19],
    sale: [7, 14],
    status: 'SCHEDULED',
  },
  // Over, cancelled, and a draft only admins see.
  {
    id: E.sungSiKyungYearEnd,
    title: '성시경 콘서트 〈축가〉',
    titleEn: "Sung Si-kyung Concert 'Wedding Song'",
    description: '지난 공연.',
    category: 'concert',
    venueId: V.kspoDome,
    artists: [A.sungSiKyung],
    starts: [-10, 19],
    sale: [-60, 20],
    status: 'SCHEDULED',
  },
  {
    id: E.strayKidsGwangju,
    title: "스트레이 키즈 팬미팅 〈SKZ'S MAGIC SCHOOL〉 광주",
    titleEn: "Stray Kids Fan Meeting 'SKZ'S MAGIC SCHOOL' Gwangju",
    description: '주최 측 사정으로 취소되었습니다.',
    category: 'fanmeeting',
    venueId: V.kimdaejungCenter,
    artists: [A.strayKids],
    starts: [33, 18],
    sale: [-8, 20],
    status: 'CANCELLED',
  },
  {
    id: E.iuEncoreDraft,
    title: '아이유 앙코르 팬콘서트 (가제)',
    titleEn: 'IU Encore Fan Concert (working title)',
    description: '일정 확정 전.',
    category: 'concert',
    venueId: V.kspoDome,
    artists: [A.iu],
    starts: [120, 19],
    sale: [60, 20],
    status: 'DRAFT',
  },
];

/** `days` from `now`'s date in Korea, at `hourKst` Korean local time. */
function kstAt(now: Date, [days, hourKst]: [number, number]): Date {
  const kst = new Date(now.getTime() + 9 * 3600_000);
  return new Date(Date.UTC(kst.getUTCFullYear(), kst.getUTCMonth(), kst.getUTCDate() + days, hourKst - 9));
}

/** `insert … on conflict do nothing`: rows that exist (by `conflict` columns) are left as they are. */
async function insertIgnoringExisting<T extends object>(
  em: EntityManager,
  entity: EntityName<T>,
  rows: RequiredEntityData<T>[],
  conflict: (keyof T & string)[],
): Promise<void> {
  if (rows.length === 0) return;
  await em.createQueryBuilder(entity).insert(rows).onConflict(conflict).ignore().execute();
}

/** Inserts the development catalog (missing rows only) and returns its ids. */
export async function seedCatalog(orm: Orm, now: Date = new Date()): Promise<SeededCatalog> {
  await orm.orm.em.fork().transactional(async (em) => {
    const stamp = { createdAt: now, updatedAt: now };
    await insertIgnoringExisting(
      em,
      Venue,
      VENUES.map((v) => ({ ...v, ...stamp })),
      ['id'],
    );
    await insertIgnoringExisting(
      em,
      Artist,
      ARTISTS.map((a) => ({ ...a, ...stamp })),
      ['id'],
    );
    await insertIgnoringExisting(
      em,
      Event,
      EVENTS.map(({ artists: _artists, starts, sale, ...event }) => ({
        ...event,
        startsAt: kstAt(now, starts),
        saleStartsAt: kstAt(now, sale),
        posterUrl: null,
        deletedAt: null,
        ...stamp,
      })),
      ['id'],
    );
    await insertIgnoringExisting(
      em,
      EventArtist,
      EVENTS.flatMap((event) =>
        event.artists.map((artistId, position) => ({ eventId: event.id, artistId, position })),
      ),
      ['eventId', 'artistId'],
    );
    // Announce the seeded events as they are stored (admin edits included), so seating and queue build their
    // projections through the same path as in production. Consumers are idempotent: repeats are harmless.
    for (const event of await em.find(Event, { id: { $in: EVENTS.map((e) => e.id) } })) {
      await recordEventChanged(em, event);
    }
    const day = 24 * 3600_000;
    await insertIgnoringExisting(
      em,
      NewsArticle,
      [
        {
          id: SEED_IDS.news.iuOnSale,
          title: '아이유 〈HEREH〉 앙코르 콘서트 티켓 오픈 안내',
          body: '아이유 앙코르 콘서트 예매가 시작되었습니다. 1인 최대 2매까지 예매할 수 있으며, 대기열이 적용됩니다.',
          eventId: E.iuHereh,
          publishedAt: new Date(now.getTime() - 2 * day),
          createdAt: new Date(now.getTime() - 2 * day),
        },
        {
          id: SEED_IDS.news.platformNotice,
          title: 'TIKETI 서비스 이용 안내',
          body: '좌석은 선택 후 5분간 홀드됩니다. 시간 안에 결제를 완료해 주세요.',
          eventId: null,
          publishedAt: new Date(now.getTime() - day),
          createdAt: new Date(now.getTime() - day),
        },
        {
          id: SEED_IDS.news.btsDraftNotice,
          title: '방탄소년단 부산 공연 추가 좌석 오픈 (준비 중)',
          body: '추가 좌석 오픈 일정은 확정되는 대로 공지합니다.',
          eventId: E.btsBusan,
          publishedAt: null,
          createdAt: now,
        },
      ],
      ['id'],
    );
  });
  // Fresh statistics after a bulk load. Autovacuum would only analyze tables this small after 50 changed
  // rows; until then the planner prices statements from default sizes, finds its cached generic plan for
  // the search statement dearer than a fresh one and plans it again on every request.
  await orm.orm.em
    .fork()
    .getConnection()
    .execute(
      'analyze catalog.venues, catalog.artists, catalog.events, catalog.event_artists, catalog.news, catalog.keyword_mappings',
    );
  return SEED_IDS;
}
