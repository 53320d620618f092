import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * Tagged SQL for hand-written statements (the same API catalog grew in `modules/sql.ts`; new services use
 * this one). A value can never end up in the text: interpolated values become `?` placeholders, interpolated
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
