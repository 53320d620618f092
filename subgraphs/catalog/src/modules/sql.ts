import type { EntityManager } from '@mikro-orm/postgresql';

/**
 * A piece of SQL with its bound values in placeholder order. Built only with the `sql` tag, so a value can
 * never end up in the text: interpolated values become `?` placeholders, interpolated fragments are spliced
 * in with their own values, and the order of values always follows the text.
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
export const raw = (text: string): Sql => ({ text, values: [] });

export function joinSql(parts: readonly Sql[], separator: string): Sql {
  return {
    text: parts.map((p) => p.text).join(separator),
    values: parts.flatMap((p) => p.values),
  };
}

/**
 * Runs `query` on the request's connection. MikroORM inlines the values with the driver's own escaping
 * (`?` placeholders), and counts the statement in `orm.statements`.
 */
export function run<Row>(em: EntityManager, query: Sql): Promise<Row[]> {
  return em.getConnection().execute<Row[]>(query.text, [...query.values], 'all', em.getTransactionContext());
}
