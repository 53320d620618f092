import { operationFromDocument, type Schema, Supergraph } from '@apollo/federation-internals';
import {
  buildOperationContext,
  executeQueryPlan,
  type GraphQLDataSource,
  type ServiceMap,
} from '@apollo/gateway';
import type { FetchNode, FlattenNode, QueryPlan } from '@apollo/query-planner';
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
 * An operation planned as that root fetch and then entity fetches (`Sequence { Fetch, Flatten(path) { Fetch } }`,
 * or a `Parallel` of such flattens, each to its own subgraph: an event with its seat map, the seat selection's
 * event with its waiting room and seats, an order with its payment and event, the home page's list with
 * availability) takes the lean path too (`EntityStep`), as `executeFetch` runs them: the objects at each path
 * (nulls skipped) each give a representation of the plan's `requires`, `_entities` is sent with them (a Parallel's
 * at once), and each entity's answer is merged into its object; then the projection above covers the fields of
 * every fetch. It qualifies when each entity fetch is a query about one object type keyed by scalars, selects only
 * fields no other fetch selects, and has no rewrites; at run time, when every object at a path is of that type with
 * its keys. Errors in any answer, a failed call, or an `_entities` not one object per representation go to the
 * gateway's executor with every answer handed in (an entity answer only for a call sending the same
 * representations); a mutation's root fetch is therefore never sent twice either.
 *
 * Anything else — other plans, `@skip`/`@include` on root fields (a `Condition` node), rewrites, `__typename` the
 * gateway fills in, introspection, variables that do not coerce, traces captured for Apollo's usage reporting —
 * runs through the gateway's executor unchanged. `router/test/lean-path.test.ts` runs every operation of the apps
 * through both paths and compares the bodies byte for byte.
 */

/** Whether an operation takes the lean path, and why not. */
export type LeanVerdict =
  | {
      kind: 'lean';
      /** The root fetch. */
      fetch: FetchNode;
      /**
       * A query's second step, when the plan is the root fetch and then entity fetches from other subgraphs (one,
       * or several in parallel, each from its own subgraph).
       */
      entities?: readonly EntityStep[];
      /** The plan, for the gateway's executor on answers with errors. */
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
 * An entity fetch flattened into the root fetch's answer (`Sequence { Fetch, Flatten(path) { Fetch } }`, or one of a
 * `Parallel` of flattens): the objects at `path` (`@` for a list's items), each of type `typeName`, are sent as
 * representations made of `keys` (as the plan's `requires`), and what the subgraph answers for each is merged into
 * it.
 */
export interface EntityStep {
  fetch: FetchNode;
  path: readonly string[];
  typeName: string;
  keys: readonly string[];
}

/**
 * What the lean path in front of Apollo Server (lean-http.ts) puts in the request's context when it hands over an
 * answer it does not serve itself (errors, a failed call): the verdict it ran on, and data sources that answer
 * with what the subgraphs already said.
 */
export interface LeanContext {
  /** `sources`: by subgraph, what answers the gateway's calls (replaying what was received, else calling). */
  leanAnswer?: { verdict: LeanFetch; schema: LeanSchema; sources: ServiceMap };
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
    const node = plan.node;
    let fetch: FetchNode;
    let then: readonly FlattenNode[] = [];
    if (node?.kind === 'Fetch') fetch = node;
    else if (node?.kind === 'Sequence' && node.nodes.length === 2 && node.nodes[0]?.kind === 'Fetch') {
      fetch = node.nodes[0];
      const second = node.nodes[1]!;
      if (second.kind === 'Flatten') then = [second];
      else if (second.kind === 'Parallel' && second.nodes.every((n) => n.kind === 'Flatten'))
        then = second.nodes as FlattenNode[];
      else return notApplicable(`plan is Sequence of a Fetch and a ${second.kind}`);
    } else return notApplicable(`plan is ${node?.kind ?? 'empty'}`);
    if (fetch.requires || hasRewrites(fetch)) return notApplicable('fetch with requires or rewrites');
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
    // Each entity fetch's objects are found in the root fetch's answer (a Parallel's fetches do not read each
    // other's), and each adds its fields to them: the client's selection is then checked against all of them.
    const steps: Exclude<ReturnType<LeanSchema['entityStep']>, { reason: string }>[] = [];
    const services = new Set([fetch.serviceName]);
    for (const flatten of then) {
      const step = this.entityStep(flatten, fetched);
      if ('reason' in step) return notApplicable(step.reason);
      if (services.has(step.step.fetch.serviceName)) return notApplicable('two fetches to one subgraph');
      services.add(step.step.fetch.serviceName);
      steps.push(step);
    }
    for (const { step, target, selection } of steps) {
      for (const [key, field] of selection.fields) {
        if (field.kind === 'typename') continue;
        if (target.fields.has(key))
          return notApplicable(`entity field ${step.typeName}.${key} fetched twice`);
        target.fields.set(key, field);
      }
    }
    const entities = steps.map((s) => s.step);
    const missing = missingFrom(wanted, fetched, root.name);
    if (missing) return notApplicable(`the fetch does not select ${missing}`);

    return {
      kind: 'lean',
      fetch,
      ...(entities.length > 0 ? { entities } : {}),
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

  /**
   * An entity fetch after the root fetch, when the lean path can run it as `executeFetch` does: no rewrites, the
   * objects at a plain path of the root fetch's selection (`fetched`), one object type whose representation is
   * scalar keys. Returns the step, the selection its objects have in `fetched` and what the fetch selects on them.
   */
  private entityStep(
    then: FlattenNode,
    fetched: Selection,
  ): { step: EntityStep; target: Selection; selection: Selection } | { reason: string } {
    const fetch = then.node;
    if (fetch.kind !== 'Fetch') return { reason: `plan flattens a ${fetch.kind}` };
    if (fetch.operationKind !== 'query') return { reason: 'entity fetch not a query' };
    if (!fetch.requires || hasRewrites(fetch)) return { reason: 'entity fetch with rewrites' };
    const path = then.path;
    if (!path.every((p): p is string => typeof p === 'string' && (p === '@' || /^[_A-Za-z]\w*$/.test(p))))
      return { reason: 'entity path with conditions' };
    const [requires, ...more] = fetch.requires;
    if (!requires || more.length > 0 || requires.kind !== 'InlineFragment' || !requires.typeCondition)
      return { reason: 'entity representation of several types' };
    const typeName = requires.typeCondition;
    const keys: string[] = [];
    for (const key of requires.selections) {
      if (key.kind !== 'Field' || key.alias || key.selections) return { reason: 'entity key not a scalar' };
      keys.push(key.name);
    }
    if (!keys.includes('__typename')) return { reason: 'entity representation without __typename' };
    // The objects the entities are merged into: the root fetch's selection at the path, of the entity's type.
    let target: Selection | null = fetched;
    for (const step of path) {
      if (step === '@') continue;
      const field: SelectedField | undefined = target?.fields.get(step);
      target = field?.kind === 'field' ? field.selection : null;
    }
    if (!target || target.typeName !== typeName) return { reason: `entities at a path not of ${typeName}` };
    for (const key of keys) {
      if (key !== '__typename' && target.fields.get(key)?.kind !== 'field')
        return { reason: `entity key ${key} not fetched` };
    }
    const type = this.apiSchema.getType(typeName);
    if (!type) return { reason: `entity type ${typeName} not in the API` };
    const document = parse(fetch.operation, { noLocation: true });
    const operation = getOperationAST(document, fetch.operationName);
    const [only, ...others] = operation?.selectionSet.selections ?? [];
    if (only?.kind !== Kind.FIELD || only.name.value !== '_entities' || only.alias || others.length > 0)
      return { reason: 'entity fetch not one _entities' };
    const [fragment, ...rest] = only.selectionSet?.selections ?? [];
    if (
      fragment?.kind !== Kind.INLINE_FRAGMENT ||
      fragment.typeCondition?.name.value !== typeName ||
      rest.length
    )
      return { reason: 'entity fetch of several types' };
    const selection = collect(fragment.selectionSet, type, fragmentsOf(document), this);
    if ('reason' in selection) return { reason: `entity fetch: ${selection.reason}` };
    return { step: { fetch, path, typeName, keys }, target, selection };
  }

  /** An enum some of whose supergraph values are hidden from the API (`@inaccessible`): the gateway nulls those. */
  hidesEnumValues(type: GraphQLNamedType): boolean {
    if (!isEnumType(type)) return false;
    const full = this.supergraphSchema.getType(type.name);
    return !isEnumType(full) || full.getValues().length !== type.getValues().length;
  }

  /**
   * Runs the plan with the gateway's executor, its calls answered by `serviceMap` (what the subgraphs already
   * said: `replay`).
   */
  shape(
    verdict: Extract<LeanVerdict, { kind: 'lean' }>,
    requestContext: GatewayGraphQLRequestContext,
    serviceMap: ServiceMap,
  ): Promise<GatewayExecutionResult> {
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

/** The subgraphs a lean verdict calls. */
export function servicesOf(verdict: LeanFetch): string[] {
  return [verdict.fetch.serviceName, ...(verdict.entities ?? []).map((step) => step.fetch.serviceName)];
}

/** As the gateway's `executeFetch`: the variables a fetch uses, when the client gave them a value. */
export function fetchVariables(fetch: FetchNode, provided: Record<string, unknown>): Record<string, unknown> {
  const variables: Record<string, unknown> = Object.create(null);
  for (const name of fetch.variableUsages ?? []) {
    if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
  }
  return variables;
}

function hasRewrites(fetch: FetchNode): boolean {
  return Boolean(
    fetch.inputRewrites?.length || fetch.outputRewrites?.length || fetch.contextRewrites?.length,
  );
}

type SubgraphResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** A data source answering the gateway's call with what the subgraph already said. */
export function replay(answer: { response: SubgraphResponse } | { failure: unknown }): GraphQLDataSource {
  return {
    process: () => ('response' in answer ? Promise.resolve(answer.response) : Promise.reject(answer.failure)),
  };
}

/**
 * An entity fetch's answer, for the gateway's call sending the same representations; a call sending others (the
 * gateway built them differently) goes to `otherwise`, the subgraph.
 */
export function answeringOnly(
  representations: readonly unknown[],
  answered: GraphQLDataSource,
  otherwise: GraphQLDataSource,
): GraphQLDataSource {
  const sent = JSON.stringify(representations);
  return {
    process: (options) =>
      JSON.stringify(options.request.variables?.representations) === sent
        ? answered.process(options)
        : otherwise.process(options),
  };
}

/**
 * The objects at an entity step's path in the root fetch's data, as `executeFetch` finds them (nulls skipped),
 * with their representations; null when the data is not of the path's shape or an object is not of the entity's
 * type with every key (the gateway's executor then decides).
 */
export function entitiesOf(
  data: Record<string, unknown>,
  step: EntityStep,
): { entities: Record<string, unknown>[]; representations: Record<string, unknown>[] } | null {
  let level: unknown[] = [data];
  for (const name of step.path) {
    const next: unknown[] = [];
    for (const value of level) {
      if (value === null || value === undefined) continue;
      if (name === '@') {
        if (!Array.isArray(value)) return null;
        next.push(...value);
      } else {
        if (typeof value !== 'object' || Array.isArray(value)) return null;
        next.push((value as Record<string, unknown>)[name]);
      }
    }
    level = next;
  }
  const entities: Record<string, unknown>[] = [];
  const representations: Record<string, unknown>[] = [];
  for (const value of level) {
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) return null;
    const entity = value as Record<string, unknown>;
    if (entity.__typename !== step.typeName) return null;
    const representation: Record<string, unknown> = Object.create(null);
    for (const key of step.keys) {
      const v = entity[key];
      if (v === undefined || (typeof v === 'object' && v !== null)) return null;
      representation[key] = v;
    }
    entities.push(entity);
    representations.push(representation);
  }
  return { entities, representations };
}

/**
 * Merges an `_entities` answer into the entities it was asked for, as `executeFetch` does; null when it is not one
 * object per entity with only new fields. Returns how to take the merge back (the root answer is then replayed to
 * the gateway as it came).
 */
export function mergeEntities(entities: Record<string, unknown>[], data: unknown): (() => void) | null {
  const received = (data as { _entities?: unknown } | null | undefined)?._entities;
  if (!Array.isArray(received) || received.length !== entities.length) return null;
  for (let i = 0; i < entities.length; i++) {
    const answer = received[i] as unknown;
    if (typeof answer !== 'object' || answer === null || Array.isArray(answer)) return null;
    const entity = entities[i]!;
    for (const key in answer) {
      if (
        key === '__typename' ? (answer as Record<string, unknown>)[key] !== entity.__typename : key in entity
      )
        return null;
    }
  }
  for (let i = 0; i < entities.length; i++) {
    const entity = entities[i]!;
    const answer = received[i] as Record<string, unknown>;
    for (const key in answer) if (key !== '__typename') entity[key] = answer[key];
  }
  return () => {
    for (let i = 0; i < entities.length; i++) {
      for (const key in received[i] as object) if (key !== '__typename') delete entities[i]![key];
    }
  };
}

/** What `runEntitySteps` makes of an answer with errors or without data: the gateway's to shape. */
export const UNREADABLE = Symbol('unreadable');

/**
 * Runs a verdict's entity steps on the root fetch's data, as the gateway runs a `Flatten` or a `Parallel` of them:
 * each step's objects found in the root answer, every step with objects sent at once, each answer merged into its
 * objects. Every answer (or failure) is told to `keep`, for a handover. Returns how to take the merges back, or
 * null when the gateway is to run the steps (nothing merged then).
 */
export async function runEntitySteps<Answer>(
  data: Record<string, unknown>,
  steps: readonly EntityStep[],
  io: {
    send(step: EntityStep, representations: Record<string, unknown>[]): Promise<Answer>;
    /** The answer's data, or `UNREADABLE`. */
    dataOf(answer: Answer): unknown;
    keep(
      step: EntityStep,
      representations: Record<string, unknown>[],
      outcome: { answer: Answer } | { failure: unknown },
    ): void;
  },
): Promise<(() => void) | null> {
  const found: NonNullable<ReturnType<typeof entitiesOf>>[] = [];
  for (const step of steps) {
    const one = entitiesOf(data, step);
    if (!one) return null;
    found.push(one);
  }
  const outcomes = await Promise.all(
    steps.map((step, i) =>
      found[i]!.entities.length === 0
        ? null
        : io.send(step, found[i]!.representations).then(
            (answer) => ({ answer }),
            (failure: unknown) => ({ failure }),
          ),
    ),
  );
  let failed = false;
  outcomes.forEach((outcome, i) => {
    if (!outcome) return;
    io.keep(steps[i]!, found[i]!.representations, outcome);
    if ('failure' in outcome) failed = true;
  });
  if (failed) return null;
  const undos: (() => void)[] = [];
  const undoAll = () => {
    for (const undo of undos) undo();
  };
  for (let i = 0; i < steps.length; i++) {
    const outcome = outcomes[i];
    if (!outcome || 'failure' in outcome) continue;
    const received = io.dataOf(outcome.answer);
    const undo = received === UNREADABLE ? null : mergeEntities(found[i]!.entities, received);
    if (!undo) {
      undoAll();
      return null;
    }
    undos.push(undo);
  }
  return undoAll;
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
    // The subgraphs already answered the lean path in front of Apollo Server: shape those answers, never call again.
    if (received)
      return this.#traced(requestContext, received.verdict, () =>
        this.#lean(
          requestContext,
          received.verdict,
          received.schema,
          received.sources,
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
    const sources: ServiceMap = {};
    for (const name of servicesOf(verdict)) {
      const source = this.#options.dataSource(name);
      if (!source) return this.#general(requestContext, general);
      sources[name] = source;
    }
    return this.#traced(requestContext, verdict, () =>
      this.#lean(requestContext, verdict, schema, sources, provided),
    );
  }

  /**
   * The gateway's span names, so traces look the same either way (`gateway.fetch` around each subgraph call, under
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

  /** Sends the root fetch (then the entity fetches, if any) through `sources`; the gateway shapes anything else. */
  async #lean(
    requestContext: GatewayGraphQLRequestContext,
    verdict: LeanFetch,
    schema: LeanSchema,
    sources: ServiceMap,
    provided: Record<string, unknown>,
  ): Promise<GatewayExecutionResult> {
    const { fetch, entities: steps } = verdict;
    // What the subgraphs answered so far: the gateway is handed these instead of calling them again.
    const received: ServiceMap = {};
    const shaped = () => {
      this.#options.onResult?.('lean_shaped');
      return schema.shape(verdict, requestContext, { ...sources, ...received });
    };
    const call = (node: FetchNode, variables: Record<string, unknown>, path: readonly string[]) =>
      fetchSpan(node.serviceName, () =>
        sources[node.serviceName]!.process({
          // GraphQLDataSourceRequestKind.INCOMING_OPERATION (the enum is not exported).
          kind: 'incoming operation' as never,
          request: { query: node.operation, variables, operationName: node.operationName },
          incomingRequestContext: requestContext,
          context: requestContext.context,
          document: node.operationDocumentNode,
          pathInIncomingRequest: [...path],
        } as Parameters<GraphQLDataSource['process']>[0]),
      );
    let response: SubgraphResponse;
    try {
      response = await call(fetch, fetchVariables(fetch, provided), []);
    } catch (failure) {
      received[fetch.serviceName] = replay({ failure });
      return shaped();
    }
    received[fetch.serviceName] = replay({ response });
    const data = response.data;
    if (response.errors !== undefined || typeof data !== 'object' || data === null) return shaped();
    let undo: (() => void) | null = null;
    if (steps) {
      undo = await runEntitySteps(data, steps, {
        send: (step, representations) =>
          call(step.fetch, { ...fetchVariables(step.fetch, provided), representations }, step.path),
        dataOf: (answer) => (answer.errors === undefined ? answer.data : UNREADABLE),
        keep: (step, representations, outcome) => {
          const service = step.fetch.serviceName;
          const answer = 'answer' in outcome ? { response: outcome.answer } : outcome;
          received[service] = answeringOnly(representations, replay(answer), sources[service]!);
        },
      });
      if (!undo) return shaped();
    }
    const answer = project(data, verdict.projection);
    if (answer === UNSHAPED) {
      undo?.();
      return shaped();
    }
    this.#options.onResult?.('lean');
    return { data: answer };
  }

  #general(requestContext: GatewayGraphQLRequestContext, general: GatewayExecutor) {
    this.#options.onResult?.('general');
    return general(requestContext);
  }
}
