import { ApolloArmor } from '@escape.tech/graphql-armor';
import { costLimitRule } from './cost.ts';
import type { OperationLimits } from './environment.ts';

/**
 * Depth, alias and directive limits (graphql-armor) and the cost limit (cost.ts) run as validation rules before any query planning or
 * subgraph call, so an abusive operation costs the router one parse and one walk; Apollo answers each refusal
 * with HTTP 400 and `GRAPHQL_VALIDATION_FAILED`.
 *
 * The token limit is graphql-js's own `maxTokens` parse option rather than armor's: armor re-parses the
 * document in a plugin hook, so every syntax error (not only a token flood) became an HTTP 500. The parser
 * option stops lexing at the limit and is reported like any syntax error: 400 `GRAPHQL_PARSE_FAILED`.
 */
export function operationLimitProtection(
  limits: OperationLimits,
  { exposeLimits }: { exposeLimits: boolean },
) {
  // Production does not quote the limits: an exact figure tells an attacker how far to go (issue 16). The
  // messages still say what to change.
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: {
      n: limits.depth,
      exposeLimits,
      errorMessage: 'The query is nested too deeply. Select fewer levels of fields.',
    },
    maxAliases: {
      n: limits.aliases,
      exposeLimits,
      errorMessage: 'The query has too many aliases. Use fewer aliases in one request.',
    },
    maxDirectives: {
      n: limits.directives,
      exposeLimits,
      errorMessage: 'The query has too many directives. Use fewer directives in one request.',
    },
    maxTokens: { enabled: false },
    // Armor's cost counts fields, not list sizes: cost.ts replaces it.
    costLimit: { enabled: false },
    // Suggestions are hidden by Apollo's own `hideSchemaDetailsFromClientErrors` (production only).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return {
    plugins,
    validationRules: [
      ...validationRules,
      costLimitRule({ maxCost: limits.cost, seatsPerMap: limits.seatsPerMap, exposeLimits }),
    ],
    parseOptions: { maxTokens: limits.tokens },
  };
}

const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) \d+ tokens\. Parsing aborted\.$/;

/** graphql-js's own token-limit message quotes the limit; production says what to do instead. */
export function hideTokenLimit<T extends { message: string }>(formatted: T): T {
  return TOKEN_LIMIT.test(formatted.message)
    ? { ...formatted, message: 'Syntax Error: The document is too long. Send a shorter query.' }
    : formatted;
}
