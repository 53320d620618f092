import { badInput, checkCalendarDay } from '@tiketi/kit';
import { GraphQLScalarType, Kind } from 'graphql';

/** `Date`: a calendar day (in Korea, where stats counts days), `YYYY-MM-DD`. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar day in Korea (Asia/Seoul), e.g. 2026-12-24.',
  serialize: checkCalendarDay,
  parseValue: checkCalendarDay,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw badInput('Date must be a string, e.g. "2026-12-24"');
    return checkCalendarDay(ast.value);
  },
});
