import { badInput } from '@tiketi/kit';

/**
 * Turning what a buyer typed into terms. A query is a list of term groups; an event matches when every group
 * matches one of its searchable texts. A group holds the spellings that count as the same word: the word as
 * typed plus its Korean↔English counterparts from `keyword_mappings` (`아이유` → `IU`), so either script
 * finds either.
 */

/** One spelling of a term. `weight` < 1 marks a guess (a mapping reached through a typo). */
export interface Alternative {
  text: string;
  weight: number;
}
export type TermGroup = Alternative[];

/** A mapping that concerns the text: `token` null when the text contains one of its spellings verbatim. */
export interface MappingHit {
  korean: string;
  english: string;
  token: string | null;
}

export const MAX_TEXT_LENGTH = 200;
export const MAX_TERMS = 8;
/** Weight of spellings reached through a fuzzy (typo) match on a mapping. */
const FUZZY_WEIGHT = 0.8;

/** Lowercased, NFKC-folded (full-width Latin → ASCII), single-spaced. Empty means "no search". */
export function normalizeText(text: string, field: string): string {
  const normalized = text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  if (normalized.length > MAX_TEXT_LENGTH) {
    throw badInput(`Search text can be at most ${MAX_TEXT_LENGTH} characters.`, field);
  }
  return normalized;
}

const isAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);
const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/**
 * Where `phrase` occurs in `text` as a whole word, or -1. Latin phrases need word boundaries (`iu` must not
 * match inside `stadium`); Korean ones may sit inside a longer word, since particles and compounds attach to
 * them (`아이유의`, `올림픽체조경기장`).
 */
function findPhrase(text: string, phrase: string): number {
  if (!isAscii(phrase)) return text.indexOf(phrase);
  for (let at = text.indexOf(phrase); at !== -1; at = text.indexOf(phrase, at + 1)) {
    if (!isWordChar(text[at - 1]) && !isWordChar(text[at + phrase.length])) return at;
  }
  return -1;
}

/**
 * Splits normalized `text` into term groups. Mapped phrases are taken first, longest first, so that
 * `오페라의 유령` stays one term; the remaining words are terms of their own, each widened by the mappings
 * it resembles (`btss` → `BTS`, `방탄소년단`).
 */
export function termGroups(text: string, hits: readonly MappingHit[], field: string): TermGroup[] {
  const groups: TermGroup[] = [];
  const phrases = new Map<string, Set<string>>();
  for (const hit of hits) {
    if (hit.token !== null) continue;
    for (const side of [hit.korean, hit.english]) {
      const key = side.toLowerCase();
      if (findPhrase(text, key) === -1) continue;
      const spellings = phrases.get(key) ?? new Set<string>([key]);
      spellings.add(hit.korean).add(hit.english);
      phrases.set(key, spellings);
    }
  }
  let rest = text;
  for (const phrase of [...phrases.keys()].sort((a, b) => b.length - a.length)) {
    const at = findPhrase(rest, phrase);
    if (at === -1) continue; // inside a longer phrase already taken
    rest = `${rest.slice(0, at)} ${rest.slice(at + phrase.length)}`;
    groups.push(dedupe([...(phrases.get(phrase) ?? [])].map((spelling) => ({ text: spelling, weight: 1 }))));
  }
  for (const token of rest.split(' ').filter(Boolean)) {
    const alternatives: Alternative[] = [{ text: token, weight: 1 }];
    for (const hit of hits) {
      if (hit.token !== token) continue;
      alternatives.push(
        { text: hit.korean, weight: FUZZY_WEIGHT },
        { text: hit.english, weight: FUZZY_WEIGHT },
      );
    }
    groups.push(dedupe(alternatives));
  }
  if (groups.length > MAX_TERMS) throw badInput(`Search with at most ${MAX_TERMS} words.`, field);
  return groups;
}

/** Keeps the heaviest of spellings that differ only in case. */
function dedupe(alternatives: Alternative[]): Alternative[] {
  const best = new Map<string, Alternative>();
  for (const alt of alternatives) {
    const key = alt.text.toLowerCase();
    const seen = best.get(key);
    if (!seen || seen.weight < alt.weight) best.set(key, { text: key, weight: alt.weight });
  }
  return [...best.values()];
}

/**
 * A regular expression (Postgres ARE, applied case-insensitively) that finds `text` verbatim: inside words
 * for Korean, at a word start for Latin script (`sev` finds `SEVENTEEN`, `iu` does not find `stadium`).
 */
export function verbatimPattern(text: string): string {
  const escaped = text.replace(/[\\^$.*+?()[\]{}|-]/g, '\\$&');
  return isAscii(text) ? `(^|[^[:alnum:]])${escaped}` : escaped;
}
