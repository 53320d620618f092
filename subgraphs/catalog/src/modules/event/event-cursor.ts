import { createHash } from 'node:crypto';
import { decodeCursor, encodeCursor } from '@tiketi/kit';
import { isUuid } from '../validation.ts';

/**
 * Where a page of `events` ends, as the full sort key of its last event: relevance (when searching), start
 * time and id. Paging resumes strictly after that key, so rows are never repeated or skipped, even where
 * relevance or start times tie. `startsAt` is kept as Postgres printed it (microseconds, UTC), because a
 * JavaScript Date would round it to milliseconds and shift the key.
 */
export type EventCursor =
  | { order: 'date'; startsAt: string; id: string }
  | { order: 'relevance'; relevance: number; startsAt: string; id: string };

/** Binds a cursor to the query and filter it was issued for: reusing it elsewhere is refused. */
export function searchFingerprint(spec: unknown): string {
  return createHash('sha256').update(JSON.stringify(spec)).digest('base64url').slice(0, 12);
}

type Encoded = { o: 'd' | 'r'; r?: number; s: string; i: string; f: string };

export function encodeEventCursor(cursor: EventCursor, fingerprint: string): string {
  const encoded: Encoded =
    cursor.order === 'relevance'
      ? { o: 'r', r: cursor.relevance, s: cursor.startsAt, i: cursor.id, f: fingerprint }
      : { o: 'd', s: cursor.startsAt, i: cursor.id, f: fingerprint };
  return encodeCursor(encoded);
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function decodeEventCursor(
  after: string,
  expected: { order: EventCursor['order']; fingerprint: string },
): EventCursor {
  return decodeCursor(after, (decoded): EventCursor | undefined => {
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { o, r, s, i, f } = decoded as Partial<Encoded>;
    if (f !== expected.fingerprint || typeof s !== 'string' || !TIMESTAMP.test(s)) return undefined;
    if (Number.isNaN(Date.parse(s)) || typeof i !== 'string' || !isUuid(i)) return undefined;
    if (expected.order === 'date' && o === 'd') return { order: 'date', startsAt: s, id: i };
    if (expected.order === 'relevance' && o === 'r' && Number.isSafeInteger(r)) {
      return { order: 'relevance', relevance: r as number, startsAt: s, id: i };
    }
    return undefined;
  });
}
