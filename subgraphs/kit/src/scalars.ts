import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.ts';

/**
 * `DateTime`: ISO-8601 with offset (contract.graphql). Serialized in UTC (`…Z`, a valid offset); parsed from any
 * ISO-8601 string that carries an offset, so `2026-12-24T19:00:00+09:00` and `2026-12-24T10:00:00Z` are equal.
 */
const ISO_WITH_OFFSET = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

const DATE_TIME_RULE = 'DateTime must be an ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00';
const DAY_RULE = 'Date must be a calendar day written YYYY-MM-DD, e.g. 2026-12-24';

/** Whether `YYYY-MM-DD` names a day that exists (no 2026-02-30, which `Date.parse` quietly rolls into March). */
function isCalendarDay(value: string): boolean {
  const match = DAY.exec(value);
  if (!match) return false;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/**
 * The text of a valid `DateTime`, or `BAD_USER_INPUT`. The router checks with it too (it has no resolvers of its
 * own, so without a check a bad value reached a subgraph, whose refusal came back as INTERNAL_SERVER_ERROR).
 */
export function checkDateTime(value: unknown): string {
  const match = typeof value === 'string' ? ISO_WITH_OFFSET.exec(value) : null;
  if (!match || !isCalendarDay(match[1]!) || Number.isNaN(Date.parse(value as string))) {
    throw badInput(DATE_TIME_RULE);
  }
  return value as string;
}

/** The text of a valid `Date` (a calendar day, `YYYY-MM-DD`), or `BAD_USER_INPUT`. */
export function checkCalendarDay(value: unknown): string {
  if (typeof value !== 'string' || !isCalendarDay(value)) throw badInput(DAY_RULE);
  return value;
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: (value) => new Date(checkDateTime(value)),
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string');
    return new Date(checkDateTime(ast.value));
  },
});
