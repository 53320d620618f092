import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { OperationLimits } from './environment.ts';

/**
 * Depth, alias, directive and cost limits (graphql-armor) run as validation rules before any query planning or
 * subgraph call, so an abusive operation costs the router one parse and one walk; Apollo answers each refusal
 * with HTTP 400 and `GRAPHQL_VALIDATION_FAILED`.
 *
 * The token limit is graphql-js's own `maxTokens` parse option rather than armor's: armor re-parses the
 * document in a plugin hook, so every syntax error (not only a token flood) became an HTTP 500. The parser
 * option stops lexing at the limit and is reported like any syntax error: 400 `GRAPHQL_PARSE_FAILED`.
 */
export function operationLimitProtection(limits: OperationLimits) {
  const { plugins, validationRules } = new ApolloArmor({
    maxDepth: { n: limits.depth },
    maxAliases: { n: limits.aliases },
    maxDirectives: { n: limits.directives },
    maxTokens: { enabled: false },
    costLimit: { maxCost: limits.cost },
    // Suggestions are hidden by Apollo's own `hideSchemaDetailsFromClientErrors` (production only).
    blockFieldSuggestion: { enabled: false },
  }).protect();
  return { plugins, validationRules, parseOptions: { maxTokens: limits.tokens } };
}
