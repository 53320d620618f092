import { badInput } from './errors.ts';

/**
 * Cursor pagination shared by every connection field (`events`, `news`, `myReservations`, …): one rule for
 * page sizes and one opaque cursor format, so clients meet the same errors everywhere.
 */

export interface PageSizeOptions {
  /** Page size when the client leaves `first` out. @default 20 */
  default?: number;
  /** Largest page a client may ask for; above it the request is refused, not silently cut. @default 100 */
  max?: number;
  /** Argument name reported in `extensions.field`. @default 'first' */
  field?: string;
}

/** Validates a connection's `first` argument; BAD_USER_INPUT for negative or too large values. */
export function pageSize(first: number | null | undefined, options: PageSizeOptions = {}): number {
  const { default: fallback = 20, max = 100, field = 'first' } = options;
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 0) {
    throw badInput(`\`${field}\` must be zero or a positive whole number.`, field);
  }
  if (first > max) {
    throw badInput(`\`${field}\` can be at most ${max}; fetch further pages with \`after\`.`, field);
  }
  return first;
}

/** Longer than any cursor we issue; anything bigger is garbage and is refused before decoding. */
const MAX_CURSOR_LENGTH = 1024;

/** An opaque cursor: base64url of the JSON sort key. Clients must not build or read them. */
export function encodeCursor(key: unknown): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/**
 * Decodes a cursor made by `encodeCursor`. `parse` checks the decoded shape and returns `undefined` when it
 * is not a key this connection issued. Anything malformed, edited or foreign is BAD_USER_INPUT, never a
 * database error.
 */
export function decodeCursor<T>(
  cursor: string,
  parse: (decoded: unknown) => T | undefined,
  field = 'after',
): T {
  const refuse = () =>
    badInput('This cursor is not valid for this list. Start again without `after`.', field);
  if (cursor.length === 0 || cursor.length > MAX_CURSOR_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) {
    throw refuse();
  }
  const bytes = Buffer.from(cursor, 'base64url');
  // Node's decoder skips what it cannot read; only the canonical encoding of the bytes counts as ours.
  if (bytes.toString('base64url') !== cursor) throw refuse();
  let decoded: unknown;
  try {
    decoded = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw refuse();
  }
  const key = parse(decoded);
  if (key === undefined) throw refuse();
  return key;
}

export interface PageInfo {
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Builds edges and `pageInfo` from rows fetched with `limit first + 1`: the extra row only proves that a
 * next page exists and is dropped.
 */
export function toConnection<Row, Node>(
  rows: readonly Row[],
  first: number,
  edge: (row: Row) => { cursor: string; node: Node },
): { edges: { cursor: string; node: Node }[]; pageInfo: PageInfo } {
  const edges = rows.slice(0, first).map(edge);
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
  };
}
