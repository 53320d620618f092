import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound, pageSize, recordAudit, runPrepared, sql } from '@tiketi/kit';
import type { CreateArtistInput, UpdateArtistInput } from '../../__generated__/resolvers.ts';
import { rowMapper } from '../rows.ts';
import { normalizeText, verbatimPattern } from '../search/search-terms.ts';
import { isUuid, notNull, optionalText, requiredText } from '../validation.ts';
import { Artist } from './artist.entity.ts';

const name = (value: string) => requiredText(value, 'name', 100);
const nameEn = (value: string | null | undefined) => optionalText(value, 'nameEn', 100);

export class ArtistRepository {
  constructor(private readonly em: EntityManager) {}

  /** Artists whose Korean or English name matches `query` (verbatim or trigram-similar), best first. */
  async list(args: { query?: string | null; first?: number | null }): Promise<Artist[]> {
    const limit = pageSize(args.first);
    const query = args.query ? normalizeText(args.query, 'query') : '';
    if (!query) return this.em.find(Artist, {}, { orderBy: { name: 'asc', id: 'asc' }, limit });
    const re = verbatimPattern(query);
    const rows = await runPrepared<Record<string, unknown>>(
      this.em,
      sql`select a.* from catalog.artists a
          where a.name ~* ${re} or a.name_en ~* ${re}
             or ${query} operator(public.<%) a.name or ${query} operator(public.<%) a.name_en
          order by greatest(
            case when a.name ~* ${re} or a.name_en ~* ${re} then 1 else 0 end,
            public.word_similarity(${query}, a.name),
            coalesce(public.word_similarity(${query}, a.name_en), 0)
          ) desc, a.name, a.id
          limit ${limit}`,
    );
    return rows.map(rowMapper(this.em, Artist));
  }

  async create(actorId: string, input: CreateArtistInput): Promise<Artist> {
    const data = { name: name(input.name), nameEn: nameEn(input.nameEn) ?? null };
    return this.em.transactional(async (em) => {
      const artist = em.create(Artist, data);
      // The row gets its id on flush; the audit record names it.
      await em.flush();
      await recordAudit(em, 'catalog', actorId, {
        action: 'artist.create',
        target: { type: 'artist', id: artist.id },
        details: data,
      });
      return artist;
    });
  }

  async update(actorId: string, id: string, input: UpdateArtistInput): Promise<Artist> {
    return this.em.transactional(async (em) => {
      const artist = isUuid(id) ? await em.findOne(Artist, { id }) : null;
      if (!artist) throw notFound('Artist');
      const before = { name: artist.name, nameEn: artist.nameEn ?? null };
      const newName = notNull(input.name, 'name');
      if (newName !== undefined) artist.name = name(newName);
      if (input.nameEn !== undefined) artist.nameEn = nameEn(input.nameEn) ?? null;
      await recordAudit(em, 'catalog', actorId, {
        action: 'artist.update',
        target: { type: 'artist', id },
        details: { before, after: { name: artist.name, nameEn: artist.nameEn ?? null } },
      });
      return artist;
    });
  }
}
