import { Migration } from '@mikro-orm/migrations';

/**
 * The catalog: artists, venues, events and their line-ups, Korean↔English search keywords, news and the
 * admin audit log. Search runs on pg_trgm: GIN trigram indexes back the `<%` (word similarity) and `~*`
 * (regular expression) operators on every searchable column.
 */
export class Migration20251125100000_catalog extends Migration {
  override async up(): Promise<void> {
    // Extensions are database-wide. Pinning it to `public` lets the search SQL qualify its operators
    // (`operator(public.<%)`), so it works whatever the connection's search_path is.
    this.addSql('create extension if not exists pg_trgm with schema public;');
    this.addSql('create schema if not exists "catalog";');

    this.addSql(`
      create table "catalog"."artists" (
        "id" uuid primary key,
        "name" varchar(100) not null,
        "name_en" varchar(100) null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "artists_name_present" check (char_length(btrim("name")) > 0)
      );`);
    this.addSql(
      'create index "artists_name_trgm" on "catalog"."artists" using gin ("name" public.gin_trgm_ops);',
    );
    this.addSql(
      'create index "artists_name_en_trgm" on "catalog"."artists" using gin ("name_en" public.gin_trgm_ops);',
    );

    this.addSql(`
      create table "catalog"."venues" (
        "id" uuid primary key,
        "name" varchar(200) not null,
        "name_en" varchar(200) null,
        "city" varchar(50) not null,
        "address" varchar(300) null,
        "capacity" integer null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "venues_name_present" check (char_length(btrim("name")) > 0),
        constraint "venues_capacity_positive" check ("capacity" is null or "capacity" > 0)
      );`);
    this.addSql(
      'create index "venues_name_trgm" on "catalog"."venues" using gin ("name" public.gin_trgm_ops);',
    );
    this.addSql(
      'create index "venues_name_en_trgm" on "catalog"."venues" using gin ("name_en" public.gin_trgm_ops);',
    );
    this.addSql(
      'create index "venues_city_trgm" on "catalog"."venues" using gin ("city" public.gin_trgm_ops);',
    );

    this.addSql(`
      create table "catalog"."events" (
        "id" uuid primary key,
        "title" varchar(200) not null,
        "title_en" varchar(200) null,
        "description" text null,
        "category" varchar(40) not null,
        "venue_id" uuid not null references "catalog"."venues" ("id"),
        "starts_at" timestamptz not null,
        "sale_starts_at" timestamptz not null,
        "poster_url" text null,
        -- As set by admins. SCHEDULED reads as ON_SALE once the sale has started and anything not CANCELLED
        -- reads as ENDED once the event has started (event-status.ts): derived at read time, so no job has
        -- to flip rows on time.
        "status" varchar(20) not null default 'DRAFT',
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        -- Soft delete: other subgraphs keep referencing the event (reservations, payments).
        "deleted_at" timestamptz null,
        constraint "events_title_present" check (char_length(btrim("title")) > 0),
        constraint "events_category_normalized" check ("category" = lower(btrim("category"))),
        constraint "events_sale_before_start" check ("sale_starts_at" <= "starts_at"),
        constraint "events_status_known"
          check ("status" in ('DRAFT', 'SCHEDULED', 'ON_SALE', 'SOLD_OUT', 'ENDED', 'CANCELLED'))
      );`);
    this.addSql(
      'create index "events_title_trgm" on "catalog"."events" using gin ("title" public.gin_trgm_ops);',
    );
    this.addSql(
      'create index "events_title_en_trgm" on "catalog"."events" using gin ("title_en" public.gin_trgm_ops);',
    );
    // The default listing order (start date, then id), which is also its keyset.
    this.addSql(
      'create index "events_listing" on "catalog"."events" ("starts_at", "id") where "deleted_at" is null;',
    );
    this.addSql('create index "events_venue_id" on "catalog"."events" ("venue_id");');
    this.addSql('create index "events_category" on "catalog"."events" ("category");');

    this.addSql(`
      create table "catalog"."event_artists" (
        "event_id" uuid not null references "catalog"."events" ("id") on delete cascade,
        "artist_id" uuid not null references "catalog"."artists" ("id"),
        "position" smallint not null,
        primary key ("event_id", "artist_id"),
        constraint "event_artists_position_unique" unique ("event_id", "position")
      );`);
    this.addSql('create index "event_artists_artist_id" on "catalog"."event_artists" ("artist_id");');

    this.addSql(`
      create table "catalog"."keyword_mappings" (
        "id" uuid primary key,
        "korean" varchar(100) not null,
        "english" varchar(100) not null,
        "created_at" timestamptz not null default now(),
        constraint "keyword_mappings_present" check (btrim("korean") <> '' and btrim("english") <> '')
      );`);
    this.addSql(
      'create unique index "keyword_mappings_pair" on "catalog"."keyword_mappings" (lower("korean"), lower("english"));',
    );
    this.addSql(
      'create index "keyword_mappings_english" on "catalog"."keyword_mappings" (lower("english"));',
    );

    this.addSql(`
      create table "catalog"."news" (
        "id" uuid primary key,
        "title" varchar(200) not null,
        "body" text not null,
        "event_id" uuid null references "catalog"."events" ("id"),
        -- null while unpublished
        "published_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        constraint "news_title_present" check (char_length(btrim("title")) > 0)
      );`);
    this.addSql(
      'create index "news_published" on "catalog"."news" ("published_at" desc, "id" desc) where "published_at" is not null;',
    );

    this.addSql(`
      create table "catalog"."admin_audit_log" (
        "id" uuid primary key,
        "actor_id" uuid not null,
        "action" varchar(60) not null,
        "target_type" varchar(40) not null,
        "target_id" uuid null,
        "details" jsonb not null default '{}',
        "at" timestamptz not null default now()
      );`);
    this.addSql(
      'create index "admin_audit_log_target" on "catalog"."admin_audit_log" ("target_type", "target_id");',
    );
    this.addSql('create index "admin_audit_log_at" on "catalog"."admin_audit_log" ("at" desc);');

    // Reference data, not demo data: search relies on these in every environment. Admins add more with
    // addKeywordMapping.
    const values = KEYWORD_MAPPINGS.map(
      ([korean, english]) => `(gen_random_uuid(), ${quote(korean)}, ${quote(english)})`,
    ).join(',\n        ');
    this.addSql(`
      insert into "catalog"."keyword_mappings" ("id", "korean", "english") values
        ${values}
      on conflict do nothing;`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "catalog"."admin_audit_log";');
    this.addSql('drop table if exists "catalog"."news";');
    this.addSql('drop table if exists "catalog"."keyword_mappings";');
    this.addSql('drop table if exists "catalog"."event_artists";');
    this.addSql('drop table if exists "catalog"."events";');
    this.addSql('drop table if exists "catalog"."venues";');
    this.addSql('drop table if exists "catalog"."artists";');
    // pg_trgm stays: it is database-wide and another schema may use it.
  }
}

const quote = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** Korean ↔ English spellings people search by: artists, places, kinds of events, well-known shows. */
const KEYWORD_MAPPINGS: [korean: string, english: string][] = [
  // artists
  ['아이유', 'IU'],
  ['방탄소년단', 'BTS'],
  ['방탄', 'BTS'],
  ['세븐틴', 'SEVENTEEN'],
  ['뉴진스', 'NewJeans'],
  ['임영웅', 'Lim Young-woong'],
  ['에스파', 'aespa'],
  ['블랙핑크', 'BLACKPINK'],
  ['블핑', 'BLACKPINK'],
  ['스트레이 키즈', 'Stray Kids'],
  ['스키즈', 'Stray Kids'],
  ['성시경', 'Sung Si-kyung'],
  ['조성진', 'Seong-Jin Cho'],
  ['트와이스', 'TWICE'],
  ['아이브', 'IVE'],
  ['르세라핌', 'LE SSERAFIM'],
  ['엔시티', 'NCT'],
  ['빅뱅', 'BIGBANG'],
  ['지드래곤', 'G-DRAGON'],
  ['서울시립교향악단', 'Seoul Philharmonic Orchestra'],
  // cities and places
  ['서울', 'Seoul'],
  ['부산', 'Busan'],
  ['인천', 'Incheon'],
  ['대구', 'Daegu'],
  ['광주', 'Gwangju'],
  ['대전', 'Daejeon'],
  ['고양', 'Goyang'],
  ['잠실', 'Jamsil'],
  ['고척', 'Gocheok'],
  ['올림픽공원', 'Olympic Park'],
  ['체조경기장', 'KSPO DOME'],
  ['예술의전당', 'Seoul Arts Center'],
  ['벡스코', 'BEXCO'],
  ['엑스코', 'EXCO'],
  // kinds of events
  ['콘서트', 'concert'],
  ['뮤지컬', 'musical'],
  ['팬미팅', 'fan meeting'],
  ['팬미팅', 'fanmeeting'],
  ['클래식', 'classical'],
  ['오케스트라', 'orchestra'],
  ['스포츠', 'sports'],
  ['야구', 'baseball'],
  ['축구', 'football'],
  ['축구', 'soccer'],
  ['페스티벌', 'festival'],
  ['월드투어', 'world tour'],
  ['내한', 'live in Korea'],
  // shows
  ['오페라의 유령', 'The Phantom of the Opera'],
  ['레미제라블', 'Les Misérables'],
  ['레미제라블', 'Les Miserables'],
  ['지킬앤하이드', 'Jekyll & Hyde'],
  ['지킬 앤 하이드', 'Jekyll and Hyde'],
  ['위키드', 'Wicked'],
  ['캣츠', 'Cats'],
];
