import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput, notFound, recordAudit, runPrepared, sql } from '@tiketi/kit';
import type { CreateVenueInput, UpdateVenueInput } from '../../__generated__/resolvers.ts';
import { rowMapper } from '../rows.ts';
import type { KeywordMappingRepository } from '../search/keyword-mapping.repository.ts';
import { normalizeText } from '../search/search-terms.ts';
import { isUuid, notNull, optionalText, requiredText } from '../validation.ts';
import { Venue } from './venue.entity.ts';

const MAX_CAPACITY = 1_000_000;

const name = (value: string) => requiredText(value, 'name', 200);
const nameEn = (value: string | null | undefined) => optionalText(value, 'nameEn', 200);
const city = (value: string) => requiredText(value, 'city', 50);
const address = (value: string | null | undefined) => optionalText(value, 'address', 300);
function capacity(value: number | null | undefined): number | null | undefined {
  if (value === undefined || value === null) return value;
  if (!Number.isInteger(value) || value < 1 || value > MAX_CAPACITY) {
    throw badInput(
      `Enter a whole number of seats from 1 to ${MAX_CAPACITY.toLocaleString('en')}.`,
      'capacity',
    );
  }
  return value;
}

const snapshot = (v: Venue) => ({
  name: v.name,
  nameEn: v.nameEn ?? null,
  city: v.city,
  address: v.address ?? null,
  capacity: v.capacity ?? null,
});

export class VenueRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly keywords: KeywordMappingRepository,
  ) {}

  /** Venues, optionally in one city given in either script (`부산` or `Busan`). */
  async list(cityName?: string | null): Promise<Venue[]> {
    const wanted = cityName ? normalizeText(cityName, 'city') : '';
    if (!wanted) return this.em.find(Venue, {}, { orderBy: { city: 'asc', name: 'asc', id: 'asc' } });
    const [hits = []] = await this.keywords.lookup([wanted]);
    const spellings = new Set([wanted]);
    for (const hit of hits) {
      if (hit.token === null && [hit.korean, hit.english].some((s) => s.toLowerCase() === wanted)) {
        spellings.add(hit.korean.toLowerCase()).add(hit.english.toLowerCase());
      }
    }
    const rows = await runPrepared<Record<string, unknown>>(
      this.em,
      sql`select v.* from catalog.venues v
          where lower(v.city) in (select jsonb_array_elements_text(${JSON.stringify([...spellings])}::jsonb))
          order by v.name, v.id`,
    );
    return rows.map(rowMapper(this.em, Venue));
  }

  async create(actorId: string, input: CreateVenueInput): Promise<Venue> {
    const data = {
      name: name(input.name),
      nameEn: nameEn(input.nameEn) ?? null,
      city: city(input.city),
      address: address(input.address) ?? null,
      capacity: capacity(input.capacity) ?? null,
    };
    return this.em.transactional(async (em) => {
      const venue = em.create(Venue, data);
      // The row gets its id on flush; the audit record names it.
      await em.flush();
      await recordAudit(em, 'catalog', actorId, {
        action: 'venue.create',
        target: { type: 'venue', id: venue.id },
        details: data,
      });
      return venue;
    });
  }

  async update(actorId: string, id: string, input: UpdateVenueInput): Promise<Venue> {
    return this.em.transactional(async (em) => {
      const venue = isUuid(id) ? await em.findOne(Venue, { id }) : null;
      if (!venue) throw notFound('Venue');
      const before = snapshot(venue);
      const newName = notNull(input.name, 'name');
      if (newName !== undefined) venue.name = name(newName);
      if (input.nameEn !== undefined) venue.nameEn = nameEn(input.nameEn) ?? null;
      const newCity = notNull(input.city, 'city');
      if (newCity !== undefined) venue.city = city(newCity);
      if (input.address !== undefined) venue.address = address(input.address) ?? null;
      if (input.capacity !== undefined) venue.capacity = capacity(input.capacity) ?? null;
      await recordAudit(em, 'catalog', actorId, {
        action: 'venue.update',
        target: { type: 'venue', id },
        details: { before, after: snapshot(venue) },
      });
      return venue;
    });
  }
}
