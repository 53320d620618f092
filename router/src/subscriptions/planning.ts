import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import { buildOperationContext } from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { QueryPlanner } from '@apollo/query-planner';
import { ApolloServerErrorCode } from '@apollo/server/errors';
import { ErrorCode } from '@tiketi/kit/errors';
import {
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { type Coalescer, coalescerFor } from './coalesce.ts';

export type OperationContext = ReturnType<typeof buildOperationContext>;

/** A client's subscription operation, validated and planned; shared by every client sending the same text. */
export interface PreparedSubscription {
  /** The client's document as parsed (graphql-ws picks the operation from it). */
  document: DocumentNode;
  operationName: string | undefined;
  /** The root field, e.g. `seatChanged`. */
  fieldName: string;
  /** What the subgraph owning the root field is sent, over graphql-ws. */
  primary: FetchNode;
  /**
   * `Sequence[primary, rest]`: run per event by the gateway's executor, with the primary fetch answered by the
   * event itself, so the `rest` (entity fetches to other subgraphs) and result shaping are the gateway's own.
   */
  plan: QueryPlan;
  operationContext: OperationContext;
  /** Equal for operations that select the same thing upstream (operation name left out). */
  primaryKey: string;
  /** Equal for operations whose results are equal for equal variables. */
  selectionKey: string;
  coalescer: Coalescer | null;
}

export interface SubscribeRequest {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

export type Preparation =
  | { kind: 'ok'; prepared: PreparedSubscription; variables: Record<string, unknown> }
  | { kind: 'refused'; errors: GraphQLError[] };

export interface SubscriptionSchemaOptions {
  /** The graphql-ws `parse` limit (same as HTTP's `GRAPHQL_MAX_TOKENS`). */
  maxTokens: number;
  /** graphql-armor's depth, alias, directive and cost rules (the same instances as HTTP's). */
  validationRules: readonly ValidationRule[];
}

/** Prepared operations kept per supergraph; clients send a handful of distinct texts, attackers many. */
const CACHE_LIMIT = 500;

/**
 * Everything the subscription path needs from one supergraph: the API schema clients are validated against
 * (no federation internals such as `_entities`), the query planner, and the schemas the executor wants.
 * Built again when the gateway loads a new supergraph; subscriptions already running keep their plans.
 */
export class SubscriptionSchema {
  readonly supergraphSchema: GraphQLSchema;
  readonly #apiSchema: GraphQLSchema;
  readonly #api: Schema;
  readonly #planner: QueryPlanner;
  readonly #options: SubscriptionSchemaOptions;
  readonly #rules: readonly ValidationRule[];
  readonly #cache = new Map<string, PreparedSubscription | GraphQLError[]>();

  constructor(supergraphSdl: string, apiSchema: GraphQLSchema, options: SubscriptionSchemaOptions) {
    const supergraph = Supergraph.build(supergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.#api = supergraph.apiSchema();
    this.#apiSchema = apiSchema;
    this.#planner = new QueryPlanner(supergraph);
    this.#options = options;
    this.#rules = [...specifiedRules, ...options.validationRules];
  }

  /** The federation-internals view of the API schema, which `executeQueryPlan` takes. */
  get api(): Schema {
    return this.#api;
  }

  prepare(request: SubscribeRequest): Preparation {
    const cacheKey = `${request.operationName ?? ''}\n${request.query}`;
    let entry = this.#cache.get(cacheKey);
    if (!entry) {
      entry = this.#plan(request.query, request.operationName ?? undefined);
      if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
      this.#cache.set(cacheKey, entry);
    }
    if (Array.isArray(entry)) return { kind: 'refused', errors: entry };

    const coerced = getVariableValues(
      this.#apiSchema,
      entry.operationContext.operation.variableDefinitions ?? [],
      request.variables ?? {},
      { maxErrors: 10 },
    );
    if (coerced.errors) {
      return {
        kind: 'refused',
        errors: coerced.errors.map(
          (e) => new GraphQLError(e.message, { extensions: { code: ErrorCode.BAD_USER_INPUT } }),
        ),
      };
    }
    return { kind: 'ok', prepared: entry, variables: coerced.coerced };
  }

  #plan(query: string, operationName: string | undefined): PreparedSubscription | GraphQLError[] {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.#options.maxTokens });
    } catch (err) {
      return [withCode(err as GraphQLError, ApolloServerErrorCode.GRAPHQL_PARSE_FAILED)];
    }
    const invalid = validate(this.#apiSchema, document, this.#rules);
    if (invalid.length > 0) {
      return invalid.map((e) => withCode(e, ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED));
    }
    const operation = getOperationAST(document, operationName);
    if (!operation) {
      return [badRequest('Name the operation to run with operationName, or send one operation only.')];
    }
    if (operation.operation !== 'subscription') {
      return [
        badRequest('Only subscriptions are served over WebSocket; send queries and mutations over HTTP.'),
      ];
    }

    const plan = this.#planner.buildQueryPlan(operationFromDocument(this.#api, document, { operationName }));
    if (plan.node?.kind !== 'Subscription') {
      throw new Error(`A subscription was planned as ${plan.node?.kind ?? 'nothing'}`);
    }
    const { primary, rest } = plan.node;
    const primaryDocument = parse(primary.operation);
    const root = rootField(primaryDocument);
    return {
      document,
      operationName,
      fieldName: root.name,
      primary,
      plan: { kind: 'QueryPlan', node: { kind: 'Sequence', nodes: rest ? [primary, rest] : [primary] } },
      operationContext: buildOperationContext({
        schema: this.#apiSchema,
        operationDocument: document,
        operationName,
      }),
      primaryKey: `${primary.serviceName}\n${print(withoutName(primaryDocument))}`,
      selectionKey: `${print(withoutName(onlyOperation(document, operation)))}`,
      coalescer: coalescerFor(root.name, primaryDocument),
    };
  }
}

function rootField(document: DocumentNode): { name: string } {
  const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const field = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
  if (!field || field.kind !== Kind.FIELD) throw new Error('The planned subscription has no root field');
  return { name: field.name.value };
}

/** The operation and the fragments (an unused operation in the same document changes nothing). */
function onlyOperation(document: DocumentNode, operation: OperationDefinitionNode): DocumentNode {
  return {
    kind: Kind.DOCUMENT,
    definitions: document.definitions.filter((d) => d === operation || d.kind === Kind.FRAGMENT_DEFINITION),
  };
}

/** Two clients naming the same operation differently still share one upstream subscription. */
function withoutName(document: DocumentNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((d) =>
      d.kind === Kind.OPERATION_DEFINITION ? { ...d, name: undefined } : d,
    ),
  };
}

function withCode(error: GraphQLError, code: string): GraphQLError {
  return new GraphQLError(error.message, {
    ...(error.nodes ? { nodes: error.nodes } : {}),
    extensions: { ...error.extensions, code },
  });
}

function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ApolloServerErrorCode.BAD_REQUEST } });
}
