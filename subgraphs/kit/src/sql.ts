import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type PgClient, reportStatement, withPooledClient } from './pg-connection.ts';

/**
 * Tagged SQL for hand-written statements. A value can never end up in the text: interpolated values become `?` placeholders, interpolated
 * fragments are spliced in with their own values, and the order of values always follows the text.
 */
export interface Sql {
  readonly text: string;
  readonly values: readonly unknown[];
}

const isSql = (value: unknown): value is Sql =>
  typeof value === 'object' && value !== null && 'text' in value && 'values' in value;

export function sql(strings: TemplateStringsArray, ...parts: unknown[]): Sql {
  let text = strings[0] ?? '';
  const values: unknown[] = [];
  parts.forEach((part, i) => {
    if (isSql(part)) {
      text += part.text;
      values.push(...part.values);
    } else {
      text += '?';
      // ISO text, cast in SQL (`::timestamptz`): exact and independent of the driver's date formatting.
      values.push(part instanceof Date ? part.toISOString() : part);
    }
    text += strings[i + 1] ?? '';
  });
  return { text, values };
}

/** Trusted SQL text (identifiers, keywords) from our own code, never from input. */
export const rawSql = (text: string): Sql => ({ text, values: [] });

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return {
    text: parts.map((p) => p.text).join(separator),
    values: parts.flatMap((p) => p.values),
  };
}

/**
 * A Postgres array literal of UUIDs (`'{…}'`, cast with `::uuid[]` in the SQL). MikroORM expands a JS array
 * into a comma list, which breaks `= any(?)` and cannot express an empty array; callers validate the ids
 * first (see `isUuid`), so the literal never carries anything but hex and dashes.
 */
export function uuidArray(ids: readonly string[]): string {
  for (const id of ids) if (!isUuid(id)) throw new TypeError(`not a uuid: ${id}`);
  return `{${ids.join(',')}}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist and must not reach Postgres (it would fail the cast). */
export const isUuid = (value: string): boolean => UUID.test(value);

/**
 * Runs `query` on `em`'s connection, inside `em`'s transaction when there is one. MikroORM inlines the values
 * with the driver's escaping and counts the statement in `orm.statements`.
 */
export function runSql<Row>(em: EntityManager, query: Sql): Promise<Row[]> {
  return em.getConnection().execute<Row[]>(query.text, [...query.values], 'all', em.getTransactionContext());
}

/**
 * A `timestamptz` as hand-written SQL returns it. MikroORM makes `pg` hand timestamps over as Postgres text
 * (`2025-11-26 10:00:00.123456+09`) so entities control their own parsing; raw rows need this.
 */
export function pgTimestamp(value: string | Date): Date {
  if (value instanceof Date) return value;
  const date = new Date(value.replace(' ', 'T').replace(/([+-]\d\d)$/, '$1:00'));
  if (Number.isNaN(date.getTime())) throw new TypeError(`not a timestamp: ${value}`);
  return date;
}

/**
 * Named statements kept per pooled connection. Statement texts come in a few fixed shapes (values are bound,
 * never spliced in), so this is a safety net: past it, statements run unnamed rather than pile up.
 */
const MAX_PREPARED_PER_CONNECTION = 200;
const prepared = new WeakMap<PgClient, Set<string>>();
/**
 * Part of every statement name. A migration that changes a table while we serve makes Postgres refuse the
 * statements prepared before it ("cached plan must not change result type"): then every statement is
 * prepared afresh under a new name.
 */
let generation = 0;

/**
 * Statement texts already numbered and digested. They come in a few fixed shapes, and hashing the text on
 * every call was a visible share of a hot path's CPU (seating's hold); bounded like the prepared statements.
 */
const numbered = new Map<string, { digest: string; text: string; placeholders: number }>();
const MAX_NUMBERED = 500;

/** `?` placeholders as `$1, $2, …`, and a digest of the text to name the prepared statement by. */
function positional(query: Sql): { digest: string; text: string } {
  let known = numbered.get(query.text);
  if (!known) {
    const pieces = query.text.split('?');
    const text = pieces.reduce((out, piece, i) => `${out}$${i}${piece}`);
    known = {
      digest: createHash('sha1').update(text).digest('base64url'),
      text,
      placeholders: pieces.length - 1,
    };
    if (numbered.size < MAX_NUMBERED) numbered.set(query.text, known);
  }
  if (known.placeholders !== query.values.length) {
    throw new Error(`SQL has ${known.placeholders} placeholders for ${query.values.length} values`);
  }
  return known;
}

/** A Postgres array literal (`{"a","b"}`): MikroORM would splice an array in as a comma-separated list. */
const arrayLiteral = (items: readonly unknown[]): string =>
  `{${items.map((item) => (item == null ? 'NULL' : `"${String(item).replace(/[\\"]/g, '\\$&')}"`)).join(',')}}`;

const isStalePlan = (err: unknown): boolean =>
  (err as { code?: string })?.code === '0A000' && /cached plan must not change/.test(String(err));

/**
 * Runs `query` on the request's connection and counts it in `orm.statements`. For read paths that run on
 * every request (catalog's search, listings and loaders).
 *
 * Outside a transaction it runs as a named prepared statement with bound values: Postgres parses and plans
 * each statement shape once per connection instead of on every request (for the search statement, with its
 * eight trigram joins, parsing and planning cost more than running it). Inside a transaction it goes through
 * MikroORM on the transaction's connection, values inlined with the driver's own escaping.
 */
export async function runPrepared<Row>(em: EntityManager, query: Sql): Promise<Row[]> {
  const connection = em.getConnection();
  const transaction = em.getTransactionContext();
  if (transaction) {
    const values = query.values.map((value) => (Array.isArray(value) ? arrayLiteral(value) : value));
    return connection.execute<Row[]>(query.text, values, 'all', transaction);
  }
  const { digest, text } = positional(query);
  const values = [...query.values];
  reportStatement(em, text, values);
  return withPooledClient(em, async (client) => {
    const names = prepared.get(client) ?? new Set<string>();
    prepared.set(client, names);
    const execute = async () => {
      const name = `q${generation}_${digest}`;
      if (!names.has(name) && names.size >= MAX_PREPARED_PER_CONNECTION)
        return client.query({ text, values });
      const result = await client.query({ name, text, values });
      names.add(name);
      return result;
    };
    let result: { rows: unknown[] };
    try {
      result = await execute();
    } catch (err) {
      if (!isStalePlan(err)) throw err;
      generation++;
      result = await execute();
    }
    return result.rows as Row[];
  });
}
