import { GraphQLScalarType, Kind } from 'graphql';
import { badInput } from './errors.ts';

/**
 * `DateTime`: ISO-8601 with offset (contract.graphql). Serialized in UTC (`…Z`, a valid offset); parsed from any
 * ISO-8601 string that carries an offset, so `2026-12-24T19:00:00+09:00` and `2026-12-24T10:00:00Z` are equal.
 */
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  if (typeof value !== 'string' || !ISO_WITH_OFFSET.test(value) || Number.isNaN(Date.parse(value))) {
    throw badInput('DateTime must be an ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00');
  }
  return new Date(value);
}

export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'ISO-8601 date-time with offset, e.g. 2026-12-24T19:00:00+09:00',
  serialize(value) {
    const date = value instanceof Date ? value : new Date(value as string | number);
    if (Number.isNaN(date.getTime())) throw new TypeError(`DateTime cannot represent ${String(value)}`);
    return date.toISOString();
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('DateTime must be a string');
    return parse(ast.value);
  },
});
