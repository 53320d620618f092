import { badInput } from '@tiketi/kit';
import { isUuid, notNull, optionalText, requiredText } from '../validation.ts';
import { CREATABLE_STATUSES, type EventStatus } from './event-status.ts';

/** The checks on event input that need no database; existence of venue and artists is checked on write. */

export const MAX_ARTISTS = 20;

export function category(value: string): string {
  const slug = value.trim().toLowerCase();
  if (!/^[a-z][a-z0-9-]{1,39}$/.test(slug)) {
    throw badInput(
      'Use 2 to 40 lowercase letters, digits or hyphens, starting with a letter (e.g. concert).',
      'category',
    );
  }
  return slug;
}

export function posterUrl(value: string | null | undefined): string | null | undefined {
  const text = optionalText(value, 'posterUrl', 2000);
  if (!text) return text;
  // Our own uploads are served from a path on the router's host; anything else must be an absolute http(s) URL.
  if (text.startsWith('/') && !text.startsWith('//')) return text;
  try {
    const url = new URL(text);
    if (url.protocol === 'https:' || url.protocol === 'http:') return url.toString();
  } catch {
    // falls through to the error below
  }
  throw badInput('Enter an http(s) URL or a path starting with /.', 'posterUrl');
}

export function artistIds(ids: readonly string[]): string[] {
  if (ids.length > MAX_ARTISTS) throw badInput(`List at most ${MAX_ARTISTS} artists.`, 'artistIds');
  if (new Set(ids).size !== ids.length) throw badInput('List each artist once.', 'artistIds');
  return [...ids];
}

export function schedule(startsAt: Date, saleStartsAt: Date): void {
  if (saleStartsAt > startsAt) {
    throw badInput('The sale must start at or before the event starts.', 'saleStartsAt');
  }
}

export function futureStart(startsAt: Date, now: Date): void {
  if (startsAt <= now) throw badInput('Choose a start time in the future.', 'startsAt');
}

export function creatableStatus(status: EventStatus | null | undefined): EventStatus {
  const chosen = status ?? 'DRAFT';
  if (!CREATABLE_STATUSES.includes(chosen)) {
    throw badInput(`A new event starts as ${CREATABLE_STATUSES.join(' or ')}.`, 'status');
  }
  return chosen;
}

export const title = (value: string) => requiredText(value, 'title', 200);
export const titleEn = (value: string | null | undefined) => optionalText(value, 'titleEn', 200);
export const description = (value: string | null | undefined) => optionalText(value, 'description', 5000);

/** A venue id that cannot exist is the same mistake as one that does not: BAD_USER_INPUT on the field. */
export function referenceId(value: string, field: string): string {
  if (!isUuid(value)) throw badInput('No such record; choose an existing one.', field);
  return value;
}

export { notNull };
