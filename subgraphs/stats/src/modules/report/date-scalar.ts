import { badInput } from '@tiketi/kit';
import { GraphQLScalarType, Kind } from 'graphql';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` of a day that exists (no 2026-02-30). */
function parse(value: unknown): string {
  const match = typeof value === 'string' ? DAY.exec(value) : null;
  if (match) {
    const [, y, m, d] = match.map(Number) as [number, number, number, number];
    const date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d) {
      return value as string;
    }
  }
  throw badInput('Date must be a calendar day written YYYY-MM-DD, e.g. 2026-12-24');
}

/** `Date`: a calendar day (in Korea, where stats counts days), `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Korea (Asia/Seoul), e.g. 2026-12-24.',
  serialize(value) {
    return parse(value);
  },
  parseValue: parse,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string, e.g. "2026-12-24"');
    return parse(ast.value);
  },
});
