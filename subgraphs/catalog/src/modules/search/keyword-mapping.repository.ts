import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  AppError,
  badInput,
  ErrorCode,
  notFound,
  recordAudit,
  runPrepared,
  type Sql,
  sql,
} from '@tiketi/kit';
import { isUuid, requiredText } from '../validation.ts';
import { KeywordMapping } from './keyword-mapping.entity.ts';
import type { MappingHit } from './search-terms.ts';

/**
 * Mappings whose spellings occur in a text, or resemble one of its words (pg_trgm similarity ≥ 0.5, words
 * of 3+ characters: `btss` resembles `bts`). One statement for all texts of a request.
 *
 * Texts and words are bound as arrays, split into words here: Postgres estimates `unnest` of an array at
 * its real length. It guesses 100 rows for `jsonb_array_elements_text` and 1000 for `regexp_split_to_table`,
 * which priced this tiny statement above `jit_above_cost`, so it was JIT-compiled on every request (≈ 8 ms).
 */
function lookupSql(texts: readonly string[]): Sql {
  const words = texts.flatMap((text, i) =>
    [...new Set(text.split(' '))]
      .filter((word) => [...word].length >= 3)
      .map((word) => ({ source: i + 1, word })),
  );
  return sql`
    select i.source::int, m.korean, m.english, null::text as token
    from unnest(${[...texts]}::text[]) with ordinality as i(txt, source)
    join catalog.keyword_mappings m
      on strpos(i.txt, lower(m.korean)) > 0 or strpos(i.txt, lower(m.english)) > 0
    union all
    select t.source, m.korean, m.english, t.tok
    from unnest(${words.map((w) => w.source)}::int[], ${words.map((w) => w.word)}::text[]) as t(source, tok)
    join catalog.keyword_mappings m
      on public.similarity(t.tok, lower(m.korean)) >= 0.5 or public.similarity(t.tok, lower(m.english)) >= 0.5`;
}

export class KeywordMappingRepository {
  constructor(private readonly em: EntityManager) {}

  /** For each (normalized) text, the mappings that concern it. */
  async lookup(texts: readonly string[]): Promise<MappingHit[][]> {
    const result = texts.map((): MappingHit[] => []);
    if (texts.length === 0) return result;
    const rows = await runPrepared<{ source: number; korean: string; english: string; token: string | null }>(
      this.em,
      lookupSql(texts),
    );
    for (const row of rows) {
      result[row.source - 1]?.push({ korean: row.korean, english: row.english, token: row.token });
    }
    return result;
  }

  list(): Promise<KeywordMapping[]> {
    return this.em.find(KeywordMapping, {}, { orderBy: { korean: 'asc', english: 'asc' } });
  }

  async add(actorId: string, input: { korean: string; english: string }): Promise<KeywordMapping> {
    const korean = requiredText(input.korean, 'korean', 100);
    const english = requiredText(input.english, 'english', 100);
    if (!/\p{Script=Hangul}/u.test(korean)) throw badInput('Enter the Korean spelling in Hangul.', 'korean');
    try {
      return await this.em.transactional(async (em) => {
        const mapping = em.create(KeywordMapping, { korean, english });
        // The row gets its id on flush; the audit record names it.
        await em.flush();
        await recordAudit(em, 'catalog', actorId, {
          action: 'keyword_mapping.add',
          target: { type: 'keyword_mapping', id: mapping.id },
          details: { korean, english },
        });
        return mapping;
      });
    } catch (err) {
      // The unique index on (lower(korean), lower(english)) decides, also between concurrent admins.
      if (err instanceof UniqueConstraintViolationException) {
        throw new AppError(ErrorCode.CONFLICT, `${korean} ↔ ${english} is already a search mapping.`);
      }
      throw err;
    }
  }

  async remove(actorId: string, id: string): Promise<void> {
    if (!isUuid(id)) throw notFound('Search mapping');
    await this.em.transactional(async (em) => {
      const mapping = await em.findOne(KeywordMapping, { id });
      if (!mapping) throw notFound('Search mapping');
      await recordAudit(em, 'catalog', actorId, {
        action: 'keyword_mapping.remove',
        target: { type: 'keyword_mapping', id },
        details: { korean: mapping.korean, english: mapping.english },
      });
      em.remove(mapping);
    });
  }
}
