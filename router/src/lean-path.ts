import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import {
  buildOperationContext,
  executeQueryPlan,
  type GraphQLDataSource,
  type ServiceMap,
} from '@apollo/gateway';
import type { FetchNode, QueryPlan } from '@apollo/query-planner';
import { QueryPlanner } from '@apollo/query-planner';
import type {
  GatewayExecutionResult,
  GatewayExecutor,
  GatewayGraphQLRequestContext,
  GatewayInterface,
} from '@apollo/server-gateway-interface';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  getNamedType,
  getOperationAST,
  getVariableValues,
  isAbstractType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';
import { LRUCache } from 'lru-cache';

const tracer = trace.getTracer('@tiketi/router/lean-path');

/**
 * The lean path for single-fetch plans (issue 18). When the query plan of an operation is one fetch to one
 * subgraph whose selection is the client's own (`holdSeats`, `joinQueue`, the `events` search), the subgraph's
 * answer already is the answer: the router sends the fetch through the gateway's own data source (router
 * assertion, trace context, the undici fetcher) and hands the subgraph's `data` to Apollo Server, skipping the
 * gateway's per-request work (building a federation `Operation` from the document, the plan store, the
 * executor's result map and merge, and `computeResponse`, which re-walks the whole answer against the API schema).
 *
 * What `executeQueryPlan` does with a single root fetch, and why skipping it changes no byte:
 * - it sends `fetch.operation` with the client's variables that the fetch uses and are defined (the same here,
 *   through the same `process` call);
 * - it deep-merges the answer into an empty object and re-shapes it by the client's operation
 *   (`resultShaping.ts`): drops fields the client did not ask for, orders fields as the client's operation,
 *   answers `__typename` of root types itself, nulls values that are invalid for the API schema (an
 *   `@inaccessible` enum value or an object of an inaccessible type). A document qualifies only when none of that
 *   can change anything: the fetch selects exactly the client's fields in the client's order (fragments on the
 *   field's own type inlined, as graphql-js executes them), no field returns an interface or union, and no enum it
 *   returns has values the API schema hides;
 * - errors get the gateway's paths, `serviceName` and codes, and data with errors is re-shaped: any answer with
 *   errors, no data, or a failed request goes through the gateway's own `executeQueryPlan` with the subgraph's
 *   answer handed in (the subgraph is not called twice: a mutation runs once), so those bytes are the gateway's.
 *
 * Anything else — several fetches, `@skip`/`@include` on root fields (a `Condition` node), entity fetches,
 * rewrites, `__typename` the gateway fills in, introspection, variables that do not coerce, traces captured for
 * Apollo's usage reporting — runs through the gateway's executor unchanged. `router/test/lean-path.test.ts`
 * runs every operation of the apps through both paths and compares the bodies byte for byte.
 */

/** Whether an operation takes the lean path, and why not. */
export type LeanVerdict =
  | {
      kind: 'lean';
      fetch: FetchNode;
      /** The plan (the one fetch), for the gateway's executor on answers with errors. */
      plan: QueryPlan;
      operationContext: ReturnType<typeof buildOperationContext>;
      variableDefinitions: readonly VariableDefinitionNode[];
      /** The client's fields, in the order the gateway answers them. */
      projection: Selection;
    }
  | { kind: 'not-applicable'; reason: string };

/** A verdict for the lean path. */
export type LeanFetch = Extract<LeanVerdict, { kind: 'lean' }>;

/**
 * What the lean path in front of Apollo Server (lean-http.ts) puts in the request's context when it hands over an
 * answer it does not serve itself (errors, a failed call): the verdict it ran on, and a data source that answers
 * with what the subgraph already said.
 */
export interface LeanContext {
  leanAnswer?: { verdict: LeanFetch; schema: LeanSchema; source: GraphQLDataSource };
}

/** The attributes of the gateway's `gateway.request` span. */
export function requestSpanAttributes(operationName: string | null | undefined, verdict: LeanFetch) {
  return {
    ...(operationName ? { 'graphql.operation.name': operationName, operationName } : {}),
    'graphql.operation.type': verdict.fetch.operationKind,
  };
}

/** The gateway's `gateway.fetch` span around a subgraph call. */
export function fetchSpan<T>(service: string, call: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan('gateway.fetch', { attributes: { service } }, async (span) => {
    try {
      return await call();
    } catch (err) {
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw err;
    } finally {
      span.end();
    }
  });
}

/** How a request was executed: `lean` (the subgraph's data as is), `lean_shaped` (one fetch, the gateway shaped the answer with errors), `general` (the gateway's executor). */
export type LeanResult = 'lean' | 'lean_shaped' | 'general';

/**
 * One supergraph's view for the lean path: the API schema (what clients are validated against), the federation
 * schemas the executor takes, and a query planner configured as the gateway's (defaults), so plans are the
 * gateway's own.
 */
export class LeanSchema {
  readonly apiSchema: GraphQLSchema;
  readonly supergraphSchema: GraphQLSchema;
  readonly #api: Schema;
  readonly #planner: QueryPlanner;

  constructor(coreSupergraphSdl: string, apiSchema: GraphQLSchema) {
    const supergraph = Supergraph.build(coreSupergraphSdl);
    this.supergraphSchema = supergraph.schema.toGraphQLJSSchema();
    this.#api = supergraph.apiSchema();
    this.#planner = new QueryPlanner(supergraph);
    this.apiSchema = apiSchema;
  }

  /** The federation-internals API schema, which `executeQueryPlan` takes. */
  get api(): Schema {
    return this.#api;
  }

  /** Plans the operation and says whether the lean path serves it. The document must be valid. */
  verdict(document: DocumentNode, operationName: string | undefined): LeanVerdict {
    const notApplicable = (reason: string): LeanVerdict => ({ kind: 'not-applicable', reason });
    const operation = getOperationAST(document, operationName);
    if (!operation) return notApplicable('no operation to run');
    if (operation.operation === 'subscription') return notApplicable('subscription');
    let plan: QueryPlan;
    try {
      plan = this.#planner.buildQueryPlan(operationFromDocument(this.#api, document, { operationName }));
    } catch (err) {
      return notApplicable(`cannot plan: ${(err as Error).message}`);
    }
    const fetch = plan.node;
    if (fetch?.kind !== 'Fetch') return notApplicable(`plan is ${fetch?.kind ?? 'empty'}`);
    if (
      fetch.requires ||
      fetch.inputRewrites?.length ||
      fetch.outputRewrites?.length ||
      fetch.contextRewrites?.length
    )
      return notApplicable('fetch with requires or rewrites');
    if (fetch.operationKind !== operation.operation) return notApplicable('fetch of another operation kind');

    const root = this.apiSchema.getRootType(operation.operation);
    if (!root) return notApplicable('no root type');
    const wanted = collect(operation.selectionSet, root, fragmentsOf(document), this);
    if ('reason' in wanted) return notApplicable(wanted.reason);
    const fetchDocument = parse(fetch.operation, { noLocation: true });
    const fetchOperation = getOperationAST(fetchDocument, fetch.operationName);
    if (!fetchOperation) return notApplicable('fetch operation not found');
    const fetched = collect(fetchOperation.selectionSet, root, fragmentsOf(fetchDocument), this);
    if ('reason' in fetched) return notApplicable(`fetch: ${fetched.reason}`);
    const missing = missingFrom(wanted, fetched, root.name);
    if (missing) return notApplicable(`the fetch does not select ${missing}`);

    return {
      kind: 'lean',
      fetch,
      plan,
      operationContext: buildOperationContext({
        schema: this.apiSchema,
        operationDocument: document,
        operationName,
      }),
      variableDefinitions: operation.variableDefinitions ?? [],
      projection: wanted,
    };
  }

  /** An enum some of whose supergraph values are hidden from the API (`@inaccessible`): the gateway nulls those. */
  hidesEnumValues(type: GraphQLNamedType): boolean {
    if (!isEnumType(type)) return false;
    const full = this.supergraphSchema.getType(type.name);
    return !isEnumType(full) || full.getValues().length !== type.getValues().length;
  }

  /** Runs the plan with the gateway's executor, the one fetch answered by what the subgraph already said. */
  shape(
    verdict: Extract<LeanVerdict, { kind: 'lean' }>,
    requestContext: GatewayGraphQLRequestContext,
    answer: { response: Awaited<ReturnType<GraphQLDataSource['process']>> } | { failure: unknown },
  ): Promise<GatewayExecutionResult> {
    const serviceMap: ServiceMap = {
      [verdict.fetch.serviceName]: {
        process: () =>
          'response' in answer ? Promise.resolve(answer.response) : Promise.reject(answer.failure),
      },
    };
    return executeQueryPlan(
      verdict.plan,
      serviceMap,
      requestContext,
      verdict.operationContext,
      this.supergraphSchema,
      this.#api,
    );
  }
}

type Fragments = ReadonlyMap<string, FragmentDefinitionNode>;

function fragmentsOf(document: DocumentNode): Fragments {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  return fragments;
}

/** A selection on one object type, its fields merged by response name in execution order (as graphql-js and the gateway's `computeResponse` collect them). */
export interface Selection {
  typeName: string;
  fields: Map<string, SelectedField>;
}

type SelectedField =
  | { kind: 'typename' }
  | {
      kind: 'field';
      name: string;
      /** The arguments as printed: the fetch must pass the client's. */
      args: string;
      type: GraphQLOutputType;
      selection: Selection | null;
    };

/**
 * Collects a selection set on an object type: fragments on the type itself inlined, fields merged by response
 * name. Anything the gateway would shape in a way the projection does not — a field returning an interface or
 * a union, an enum with values the API schema hides, `@skip`/`@include`, introspection — is refused.
 */
function collect(
  selectionSet: SelectionSetNode,
  parent: GraphQLNamedType,
  fragments: Fragments,
  schema: LeanSchema,
): Selection | { reason: string } {
  if (!isObjectType(parent)) return { reason: `${parent.name} is abstract` };
  const fields = parent.getFields();
  const selection: Selection = { typeName: parent.name, fields: new Map() };
  const subSets = new Map<string, SelectionSetNode[]>();
  const walk = (set: SelectionSetNode): { reason: string } | undefined => {
    for (const node of set.selections) {
      if (node.directives?.length) return { reason: 'directives in the selection' };
      if (node.kind === Kind.FIELD) {
        const name = node.name.value;
        const key = node.alias?.value ?? name;
        if (name === '__schema' || name === '__type') return { reason: 'introspection' };
        if (name === '__typename') {
          if (!selection.fields.has(key)) selection.fields.set(key, { kind: 'typename' });
          continue;
        }
        const field: GraphQLField<unknown, unknown> | undefined = fields[name];
        if (!field) return { reason: `unknown field ${parent.name}.${name}` };
        const named = getNamedType(field.type);
        if (isAbstractType(named)) return { reason: `${parent.name}.${name} returns abstract ${named.name}` };
        if (schema.hidesEnumValues(named)) return { reason: `${named.name} has inaccessible values` };
        if (!selection.fields.has(key)) {
          selection.fields.set(key, {
            kind: 'field',
            name,
            args: (node.arguments ?? []).map(print).join(','),
            type: field.type,
            selection: null,
          });
        }
        if (node.selectionSet) {
          const sets = subSets.get(key) ?? [];
          sets.push(node.selectionSet);
          subSets.set(key, sets);
        }
        continue;
      }
      const fragment = node.kind === Kind.FRAGMENT_SPREAD ? fragments.get(node.name.value) : node;
      if (!fragment) return { reason: 'unknown fragment' };
      const condition = fragment.typeCondition?.name.value;
      if (condition !== undefined && condition !== parent.name)
        return { reason: `fragment on ${condition} inside ${parent.name}` };
      const failed = walk(fragment.selectionSet);
      if (failed) return failed;
    }
    return undefined;
  };
  const failed = walk(selectionSet);
  if (failed) return failed;
  for (const [key, sets] of subSets) {
    const field = selection.fields.get(key);
    if (field?.kind !== 'field') continue;
    const merged: SelectionSetNode = {
      kind: Kind.SELECTION_SET,
      selections: sets.flatMap((s) => s.selections),
    };
    const inner = collect(merged, getNamedType(field.type), fragments, schema);
    if ('reason' in inner) return inner;
    field.selection = inner;
  }
  return selection;
}

/** The first client field the fetch does not select with the same name and arguments, or null. */
function missingFrom(wanted: Selection, fetched: Selection, path: string): string | null {
  for (const [key, field] of wanted.fields) {
    if (field.kind === 'typename') continue; // the projection writes the type's name, as the gateway does
    const got = fetched.fields.get(key);
    if (got?.kind !== 'field' || got.name !== field.name || got.args !== field.args) return `${path}.${key}`;
    if (field.selection) {
      if (!got.selection) return `${path}.${key}`;
      const inner = missingFrom(field.selection, got.selection, `${path}.${key}`);
      if (inner) return inner;
    }
  }
  return null;
}

/** A value the projection cannot shape as the gateway would (a null where the API says non-null): the gateway shapes it. */
export const UNSHAPED = Symbol('unshaped');

/**
 * The subgraph's data as the gateway answers it: the client's fields in the client's order, `__typename` as the
 * type's name (the gateway never asks a subgraph for a root type's), nothing else.
 */
export function project(
  data: Record<string, unknown>,
  selection: Selection,
): Record<string, unknown> | typeof UNSHAPED {
  const out: Record<string, unknown> = {};
  for (const [key, field] of selection.fields) {
    if (field.kind === 'typename') {
      out[key] = selection.typeName;
      continue;
    }
    const value = projectValue(data[key], field.type, field.selection);
    if (value === UNSHAPED) return UNSHAPED;
    out[key] = value;
  }
  return out;
}

function projectValue(value: unknown, type: GraphQLOutputType, selection: Selection | null): unknown {
  if (isNonNullType(type)) {
    if (value === null || value === undefined) return UNSHAPED;
    return projectValue(value, type.ofType, selection);
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    if (!Array.isArray(value)) return UNSHAPED;
    const out = new Array(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = projectValue(value[i], type.ofType, selection);
      if (item === UNSHAPED) return UNSHAPED;
      out[i] = item;
    }
    return out;
  }
  if (!selection) return value;
  if (typeof value !== 'object' || Array.isArray(value)) return UNSHAPED;
  return project(value as Record<string, unknown>, selection);
}

export interface LeanPathOptions {
  /** The gateway's data source of a subgraph (the ones it built: same assertion, headers and fetcher). */
  dataSource(name: string): GraphQLDataSource | undefined;
  /** Told how each request ran (a metric). */
  onResult?(result: LeanResult): void;
}

/** Verdicts of documents that are not registered (partners', development's), computed on first use. */
const OTHERS_LIMIT = 1_000;

/**
 * The lean path around the gateway's executor: `wrap(gateway)` is given to Apollo Server instead of the gateway,
 * so parsing, validation, limits, plugins, metrics and error formatting run as before; only execution changes.
 */
export class LeanPath {
  readonly #options: LeanPathOptions;
  #schema: LeanSchema | null = null;
  /** Verdicts by `<query hash>\n<operationName or empty>`. */
  #registered = new Map<string, LeanVerdict>();
  #others = new LRUCache<string, LeanVerdict>({ max: OTHERS_LIMIT });

  constructor(options: LeanPathOptions) {
    this.#options = options;
  }

  /**
   * A supergraph was loaded: plans the registered documents again (`documents`: parsed and validated against
   * `apiSchema`, by query hash). Requests in flight on the previous schema go to the gateway's executor.
   * @returns how many of them take the lean path
   */
  setSchema(
    { coreSupergraphSdl, apiSchema }: { coreSupergraphSdl: string; apiSchema: GraphQLSchema },
    documents: Iterable<[hash: string, document: DocumentNode]>,
  ): number {
    const schema = new LeanSchema(coreSupergraphSdl, apiSchema);
    const registered = new Map<string, LeanVerdict>();
    let lean = 0;
    for (const [hash, document] of documents) {
      const operations = document.definitions.filter(
        (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
      );
      for (const operation of operations) {
        const verdict = schema.verdict(document, operation.name?.value);
        if (verdict.kind === 'lean') lean++;
        if (operation.name) registered.set(`${hash}\n${operation.name.value}`, verdict);
        if (operations.length === 1) registered.set(`${hash}\n`, verdict);
      }
    }
    this.#schema = schema;
    this.#registered = registered;
    this.#others.clear();
    return lean;
  }

  /** The verdict for a document (by its query hash) on the current supergraph; null before one is loaded. */
  verdictOf(queryHash: string, document: DocumentNode, operationName?: string | null): LeanVerdict | null {
    const schema = this.#schema;
    if (!schema) return null;
    const key = `${queryHash}\n${operationName ?? ''}`;
    let verdict = this.#registered.get(key) ?? this.#others.get(key);
    if (!verdict) {
      verdict = schema.verdict(document, operationName ?? undefined);
      this.#others.set(key, verdict);
    }
    return verdict;
  }

  /**
   * The verdict of a registered document (parsed and validated for the current supergraph) by its query hash and
   * the client's `operationName`; undefined for any other document, or one whose operation the name does not pick.
   */
  registeredVerdict(queryHash: string, operationName: string | null | undefined): LeanVerdict | undefined {
    return this.#registered.get(`${queryHash}\n${operationName ?? ''}`);
  }

  /** The current supergraph's view; null before one is loaded. */
  get schema(): LeanSchema | null {
    return this.#schema;
  }

  /** The gateway as Apollo Server sees it, its executor behind the lean path. */
  wrap(gateway: GatewayInterface): GatewayInterface {
    return {
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
      load: async (options) => {
        const loaded = await gateway.load(options);
        const general = loaded.executor;
        if (!general) return loaded;
        const executor: GatewayExecutor = (requestContext) => this.execute(requestContext, general);
        return { ...loaded, executor };
      },
    };
  }

  async execute(
    requestContext: GatewayGraphQLRequestContext,
    general: GatewayExecutor,
  ): Promise<GatewayExecutionResult> {
    const { request, document, queryHash } = requestContext;
    const received = (requestContext.context as LeanContext).leanAnswer;
    // The subgraph already answered the lean path in front of Apollo Server: shape that answer, never call again.
    if (received)
      return this.#traced(requestContext, received.verdict, () =>
        this.#lean(
          requestContext,
          received.verdict,
          received.schema,
          received.source,
          request.variables ?? {},
        ),
      );
    const schema = this.#schema;
    const verdict = schema && this.verdictOf(queryHash, document, request.operationName);
    // Traces for Apollo's usage reporting are built by the executor (the router reports none today).
    if (!schema || verdict?.kind !== 'lean' || requestContext.metrics?.captureTraces)
      return this.#general(requestContext, general);
    const provided = request.variables ?? {};
    if (verdict.variableDefinitions.length > 0) {
      // The gateway answers variables that do not coerce itself, before planning.
      const { errors } = getVariableValues(schema.apiSchema, verdict.variableDefinitions, provided);
      if (errors) return this.#general(requestContext, general);
    }
    const { fetch } = verdict;
    const source = this.#options.dataSource(fetch.serviceName);
    if (!source) return this.#general(requestContext, general);

    return this.#traced(requestContext, verdict, () =>
      this.#lean(requestContext, verdict, schema, source, provided),
    );
  }

  /**
   * The gateway's span names, so traces look the same either way (`gateway.fetch` around the subgraph call, under
   * which the HTTP client instrumentation puts its span; `gateway.request` around it all).
   */
  #traced(
    requestContext: GatewayGraphQLRequestContext,
    verdict: LeanFetch,
    run: () => Promise<GatewayExecutionResult>,
  ): Promise<GatewayExecutionResult> {
    return tracer.startActiveSpan(
      'gateway.request',
      { attributes: requestSpanAttributes(requestContext.operationName, verdict) },
      async (span) => {
        try {
          const result = await run();
          if (result.errors) span.setStatus({ code: SpanStatusCode.ERROR });
          return result;
        } finally {
          span.end();
        }
      },
    );
  }

  async #lean(
    requestContext: GatewayGraphQLRequestContext,
    verdict: LeanFetch,
    schema: LeanSchema,
    source: GraphQLDataSource,
    provided: Record<string, unknown>,
  ): Promise<GatewayExecutionResult> {
    const { fetch } = verdict;
    // As executeFetch: the variables the fetch uses, when the client gave them a value.
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? []) {
      if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
    let response: Awaited<ReturnType<GraphQLDataSource['process']>>;
    try {
      response = await fetchSpan(fetch.serviceName, () =>
        source.process({
          // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported).
          kind: 'incoming operation' as never,
          request: { query: fetch.operation, variables, operationName: fetch.operationName },
          incomingRequestContext: requestContext,
          context: requestContext.context,
          document: fetch.operationDocumentNode,
          pathInIncomingRequest: [],
        } as Parameters<GraphQLDataSource['process']>[0]),
      );
    } catch (failure) {
      this.#options.onResult?.('lean_shaped');
      return schema.shape(verdict, requestContext, { failure });
    }
    const data = response.data;
    if (response.errors === undefined && typeof data === 'object' && data !== null) {
      const shaped = project(data, verdict.projection);
      if (shaped !== UNSHAPED) {
        this.#options.onResult?.('lean');
        return { data: shaped };
      }
    }
    this.#options.onResult?.('lean_shaped');
    return schema.shape(verdict, requestContext, { response });
  }

  #general(requestContext: GatewayGraphQLRequestContext, general: GatewayExecutor) {
    this.#options.onResult?.('general');
    return general(requestContext);
  }
}
