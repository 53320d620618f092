import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound, pageSize, recordAudit, runPrepared, sql, toConnection } from '@tiketi/kit';
import type { CreateEventInput, EventFilter, UpdateEventInput } from '../../__generated__/resolvers.ts';
import { Artist } from '../artist/artist.entity.ts';
import type { KeywordMappingRepository } from '../search/keyword-mapping.repository.ts';
import { normalizeText, type TermGroup, termGroups } from '../search/search-terms.ts';
import { isUuid } from '../validation.ts';
import { Venue } from '../venue/venue.entity.ts';
import { Event } from './event.entity.ts';
import { EventArtist } from './event-artist.entity.ts';
import { recordEventChanged } from './event-changed.ts';
import { decodeEventCursor, encodeEventCursor, searchFingerprint } from './event-cursor.ts';
import * as check from './event-input.ts';
import { searchEvents } from './event-search.ts';
import { assertTransition, isVisible } from './event-status.ts';

export interface EventSearchArgs {
  query?: string | null;
  filter?: EventFilter | null;
  first?: number | null;
  after?: string | null;
}

export interface EventConnection {
  edges: { cursor: string; node: Event }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/**
 * The request's loaders that a search fills with the venues and line-ups it read along with its page. Each
 * is given only when the client selected that field: then it costs no statement of its own.
 */
export interface PageLoaders {
  venue?: { prime(venueId: string, venue: Venue): unknown };
  artistsByEvent?: { prime(eventId: string, lineUp: Artist[]): unknown };
}

/** Fields an audit entry compares before and after an update. */
const AUDITED = [
  'title',
  'titleEn',
  'description',
  'category',
  'venueId',
  'startsAt',
  'saleStartsAt',
  'posterUrl',
  'status',
] as const;

export class EventRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly keywords: KeywordMappingRepository,
    /** The request's clock: statuses shown and statuses filtered on agree. */
    private readonly now: Date,
  ) {}

  async search(args: EventSearchArgs, isAdmin: boolean, fill: PageLoaders = {}): Promise<EventConnection> {
    const first = pageSize(args.first);
    const filter = args.filter ?? {};
    const query = args.query ? normalizeText(args.query, 'query') : '';
    const artist = filter.artist ? normalizeText(filter.artist, 'filter.artist') : '';
    const venue = filter.venue ? normalizeText(filter.venue, 'filter.venue') : '';
    const category = filter.category?.trim().toLowerCase() || null;
    const from = filter.from ?? null;
    const to = filter.to ?? null;
    if (from && to && from > to) throw badInput('`to` must not be before `from`.', 'filter.to');
    const status = filter.status ?? null;

    const fingerprint = searchFingerprint([query, artist, venue, category, from, to, status]);
    const order = query ? 'relevance' : 'date';
    // Checked before any statement runs: a bad cursor costs nothing.
    const after = args.after != null ? decodeEventCursor(args.after, { order, fingerprint }) : null;

    const texts = [query, artist, venue];
    const present = texts.filter(Boolean);
    const hits = await this.keywords.lookup(present);
    const groupsOf = (text: string, field: string): TermGroup[] | null =>
      text ? termGroups(text, hits[present.indexOf(text)] ?? [], field) : null;

    const { hits: rows, totalCount } = await searchEvents(this.em, {
      query: groupsOf(query, 'query'),
      artist: groupsOf(artist, 'filter.artist'),
      venue: groupsOf(venue, 'filter.venue'),
      category,
      from,
      to,
      status,
      includeDrafts: isAdmin,
      now: this.now,
      after,
      limit: first + 1,
      with: { venue: Boolean(fill.venue), lineUp: Boolean(fill.artistsByEvent) },
    });
    for (const hit of rows) {
      if (hit.venue) fill.venue?.prime(hit.venue.id, hit.venue);
      if (hit.lineUp) fill.artistsByEvent?.prime(hit.event.id, hit.lineUp);
    }
    const connection = toConnection(rows, first, (row) => ({
      cursor: encodeEventCursor(
        order === 'relevance'
          ? { order, relevance: row.relevance, startsAt: row.startsAt, id: row.event.id }
          : { order, startsAt: row.startsAt, id: row.event.id },
        fingerprint,
      ),
      node: row.event,
    }));
    return { ...connection, totalCount };
  }

  /** Event by id as the caller may see it; null for missing, deleted, or (to non-admins) draft events. */
  async findVisible(id: string, isAdmin: boolean): Promise<Event | null> {
    if (!isUuid(id)) return null;
    const event = await this.em.findOne(Event, { id });
    return event && isVisible(event, isAdmin) ? event : null;
  }

  /** Distinct categories of the events a buyer can see. */
  async categories(): Promise<string[]> {
    const rows = await runPrepared<{ category: string }>(
      this.em,
      sql`select distinct category from catalog.events
          where deleted_at is null and status <> 'DRAFT' order by category`,
    );
    return rows.map((row) => row.category);
  }

  async create(actorId: string, input: CreateEventInput): Promise<Event> {
    const data = {
      title: check.title(input.title),
      titleEn: check.titleEn(input.titleEn) ?? null,
      description: check.description(input.description) ?? null,
      category: check.category(input.category),
      venueId: check.referenceId(input.venueId, 'venueId'),
      startsAt: input.startsAt,
      saleStartsAt: input.saleStartsAt,
      posterUrl: check.posterUrl(input.posterUrl) ?? null,
      status: check.creatableStatus(input.status),
    };
    const artistIds = check.artistIds(input.artistIds ?? []);
    check.futureStart(data.startsAt, this.now);
    check.schedule(data.startsAt, data.saleStartsAt);

    return this.em.transactional(async (em) => {
      await assertVenueExists(em, data.venueId);
      await assertArtistsExist(em, artistIds);
      const event = em.create(Event, data);
      // The event row must exist before its line-up rows reference it.
      await em.flush();
      setLineUp(em, event.id, artistIds);
      await recordEventChanged(em, event);
      await recordAudit(em, 'catalog', actorId, {
        action: 'event.create',
        target: { type: 'event', id: event.id },
        details: { ...auditable(event), artistIds },
      });
      return event;
    });
  }

  async update(actorId: string, id: string, input: UpdateEventInput): Promise<Event> {
    return this.em.transactional(async (em) => {
      const event = await findLive(em, id);
      const before = auditable(event);
      const { startsAt, saleStartsAt } = event;

      const title = check.notNull(input.title, 'title');
      if (title !== undefined) event.title = check.title(title);
      if (input.titleEn !== undefined) event.titleEn = check.titleEn(input.titleEn) ?? null;
      if (input.description !== undefined) event.description = check.description(input.description) ?? null;
      const category = check.notNull(input.category, 'category');
      if (category !== undefined) event.category = check.category(category);
      if (input.posterUrl !== undefined) event.posterUrl = check.posterUrl(input.posterUrl) ?? null;
      const venueId = check.notNull(input.venueId, 'venueId');
      if (venueId !== undefined && venueId !== event.venueId) {
        await assertVenueExists(em, check.referenceId(venueId, 'venueId'));
        event.venueId = venueId;
      }
      const newStart = check.notNull(input.startsAt, 'startsAt');
      if (newStart !== undefined && newStart.getTime() !== startsAt.getTime()) {
        check.futureStart(newStart, this.now);
        event.startsAt = newStart;
      }
      const newSaleStart = check.notNull(input.saleStartsAt, 'saleStartsAt');
      if (newSaleStart !== undefined && newSaleStart.getTime() !== saleStartsAt.getTime()) {
        event.saleStartsAt = newSaleStart;
      }
      check.schedule(event.startsAt, event.saleStartsAt);
      const status = check.notNull(input.status, 'status');
      if (status !== undefined) {
        assertTransition(event.status, status);
        event.status = status;
      }

      const details: Record<string, unknown> = { changes: diff(before, auditable(event)) };
      const artistIdsInput = check.notNull(input.artistIds, 'artistIds');
      if (artistIdsInput !== undefined) {
        const artistIds = check.artistIds(artistIdsInput);
        await assertArtistsExist(em, artistIds);
        await em.nativeDelete(EventArtist, { eventId: event.id });
        setLineUp(em, event.id, artistIds);
        details.artistIds = artistIds;
      }
      await recordEventChanged(em, event);
      await recordAudit(em, 'catalog', actorId, {
        action: 'event.update',
        target: { type: 'event', id: event.id },
        details,
      });
      return event;
    });
  }

  /**
   * Soft delete: the event disappears from every list and from `event(id)`, but other subgraphs' references
   * (reservations, payments, tickets already sold) still resolve it, so buyers' history stays whole.
   */
  async delete(actorId: string, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const event = await findLive(em, id);
      event.deletedAt = this.now;
      await recordEventChanged(em, event);
      await recordAudit(em, 'catalog', actorId, {
        action: 'event.delete',
        target: { type: 'event', id: event.id },
        details: { title: event.title, status: event.status },
      });
    });
  }
}

async function findLive(em: EntityManager, id: string): Promise<Event> {
  const event = isUuid(id) ? await em.findOne(Event, { id, deletedAt: null }) : null;
  if (!event) throw notFound('Event');
  return event;
}

async function assertVenueExists(em: EntityManager, venueId: string): Promise<void> {
  if ((await em.count(Venue, { id: venueId })) === 0) {
    throw badInput('No such venue; create it first or choose an existing one.', 'venueId');
  }
}

async function assertArtistsExist(em: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const unknown = ids.filter((id) => !isUuid(id));
  const valid = ids.filter(isUuid);
  const found = new Set(
    valid.length ? (await em.find(Artist, { id: { $in: valid } }, { fields: ['id'] })).map((a) => a.id) : [],
  );
  unknown.push(...valid.filter((id) => !found.has(id)));
  if (unknown.length > 0) throw badInput(`No such artist: ${unknown.join(', ')}.`, 'artistIds');
}

function setLineUp(em: EntityManager, eventId: string, artistIds: string[]): void {
  artistIds.forEach((artistId, position) => {
    em.create(EventArtist, { eventId, artistId, position });
  });
}

function auditable(event: Event): Record<(typeof AUDITED)[number], unknown> {
  const snapshot = {} as Record<(typeof AUDITED)[number], unknown>;
  for (const key of AUDITED) {
    const value = event[key];
    snapshot[key] = value instanceof Date ? value.toISOString() : value;
  }
  return snapshot;
}

function diff(before: Record<string, unknown>, after: Record<string, unknown>) {
  return Object.fromEntries(
    Object.keys(after)
      .filter((key) => before[key] !== after[key])
      .map((key) => [key, { from: before[key], to: after[key] }]),
  );
}
