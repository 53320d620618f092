import type { ServerResponse } from 'node:http';
import type { GraphQLDataSource, ServiceMap } from '@apollo/gateway';
import type { FetchNode } from '@apollo/query-planner';
import type { Context as TraceContext } from '@opentelemetry/api';
import { ErrorCode } from '@tiketi/kit/errors';
import type { PreparedRequest } from '@tiketi/kit/graphql-http';
import type { Identity } from '@tiketi/kit/identity';
import { getVariableValues, isNonNullType, type OperationTypeNode } from 'graphql';
import { hasNul } from './input.ts';
import {
  answeringOnly,
  type EntityStep,
  fetchVariables,
  type LeanContext,
  type LeanFetch,
  type LeanPath,
  project,
  runEntitySteps,
  servicesOf,
  UNREADABLE,
  UNSHAPED,
} from './lean-path.ts';
import type { SubgraphAnswer, SubgraphSend } from './subgraph-fetch.ts';
import { tracesThisRequest } from './trace.ts';
import type { RegisteredDocument } from './trusted-documents.ts';

/**
 * The lean path in front of Apollo Server (issue 18). A registered document whose plan is one fetch to one
 * subgraph (lean-path.ts) needs nothing of Apollo Server's request pipeline once the router has verified the
 * caller: the document was parsed, validated and checked against the limits when the supergraph loaded, and
 * planned then. So for a POST naming one, with variables that coerce, this sends the fetch, projects the answer
 * and writes it — the bytes Apollo Server and the gateway would write (`router/test/lean-path.test.ts` compares
 * them), at a fraction of the CPU (`npm run bench:floor`). Answers with the domain's errors (a seat just taken,
 * a hold expired, not found) are written here too: the gateway passes them on as the subgraph wrote them. A plan
 * of a root fetch and the entity fetches after it (lean-path.ts, `EntityStep`) sends them all and merges the
 * entities; errors in any of those answers are the gateway's to shape.
 *
 * Everything else goes to Apollo Server as before, and so does any answer this does not serve itself (other errors,
 * no data, a failed call, a value the projection cannot shape, a subgraph's cache hint): it is handed over in the
 * request's context (`LeanContext`), and the gateway shapes it as if it had fetched it; the subgraph is called
 * once. Requests chosen for tracing go through Apollo Server too, so their traces keep every span.
 */

/** The caller, as the subgraph call needs it (the router assertion, the trace context). */
export interface LeanCaller {
  identity: Identity;
  clientIp: string;
  traceContext: TraceContext;
}

/** A subgraph as the lean path calls it (the gateway's data source: gateway.ts). */
export interface LeanSubgraph extends GraphQLDataSource {
  readonly url?: string;
  /** The headers of a call for this caller, as the gateway's data source writes them. */
  headersFor(caller: LeanCaller): Record<string, string>;
  /** A data source answering with `answer` (what the subgraph already said), for the gateway to shape. */
  replaying(answer: () => Promise<SubgraphAnswer>): GraphQLDataSource;
}

export interface LeanHttpOptions {
  leanPath: LeanPath;
  subgraph(name: string): LeanSubgraph | undefined;
  /** The router's subgraph call (subgraph-fetch.ts: the gateway's own connections). */
  send: SubgraphSend;
  /**
   * Told of every request answered here: its operation, type, when it started (`performance.now()`) and the
   * errors it answered with.
   */
  onServed?(
    operationName: string | null,
    type: OperationTypeNode,
    startedAt: number,
    errors: readonly ServedError[] | undefined,
  ): void;
}

/** An answer the lean path hands to Apollo Server (in the context, as `leanAnswer`). */
export type LeanHandover = NonNullable<LeanContext['leanAnswer']>;

/** What Apollo Server writes for a single result: its stringifier's trailing newline, and no cache policy. */
const NOT_CACHEABLE = 'no-store';

export class LeanHttp {
  readonly #options: LeanHttpOptions;
  /** The subgraph request body around its variables, per fetch: `JSON.stringify` of the gateway's request. */
  readonly #bodies = new WeakMap<FetchNode, [prefix: string, suffix: string]>();

  constructor(options: LeanHttpOptions) {
    this.#options = options;
  }

  /**
   * For the kit's `prepare` hook, once trusted documents have resolved the request (`request` holds the registered
   * text): `false` when the request is for Apollo Server; otherwise a promise of `true` (answered) or of `false`
   * after `handOver` was given the subgraph's answer, for Apollo Server's context (`leanAnswer`).
   */
  serve(
    request: PreparedRequest,
    res: ServerResponse,
    parts: {
      document: RegisteredDocument;
      caller: () => LeanCaller;
      handOver: (answer: LeanHandover) => void;
    },
  ): false | Promise<boolean> {
    if (request.method !== 'POST' || tracesThisRequest()) return false;
    const body = request.body as Record<string, unknown>;
    const { query, operationName, variables } = body;
    // Anything Apollo Server would read differently or refuse (extensions, unknown keys, bad types) is its own.
    for (const key in body)
      if (key !== 'query' && key !== 'operationName' && key !== 'variables') return false;
    if (query !== parts.document.text) return false;
    if (
      operationName !== undefined &&
      operationName !== null &&
      (typeof operationName !== 'string' || operationName === '')
    )
      return false;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    )
      return false;
    const { mediaType } = request;
    const schema = this.#options.leanPath.schema;
    const verdict = this.#options.leanPath.registeredVerdict(parts.document.hash, operationName);
    if (!mediaType || !schema || verdict?.kind !== 'lean') return false;
    const provided = (variables ?? {}) as Record<string, unknown>;
    // The router's input rules (input.ts) and the gateway's coercion answer bad variables themselves.
    if (hasNul(provided)) return false;
    if (
      verdict.variableDefinitions.length > 0 &&
      getVariableValues(schema.apiSchema, verdict.variableDefinitions, provided).errors
    )
      return false;
    const subgraphs = new Map<string, LeanSubgraph>();
    for (const name of servicesOf(verdict)) {
      const subgraph = this.#options.subgraph(name);
      if (!subgraph?.url) return false;
      subgraphs.set(name, subgraph);
    }
    const run: LeanRun = {
      started: performance.now(),
      verdict,
      subgraphs,
      caller: parts.caller(),
      provided,
      mediaType,
      operationName: operationName ?? parts.document.operationName,
    };
    return this.#run(res, run).then((sources) => {
      if (sources === true) return true;
      parts.handOver({ verdict, schema, sources });
      return false;
    });
  }

  /**
   * Sends the fetch (then the entity fetches, if any); writes the answer (`true`), or returns the data sources that
   * answer the gateway with what the subgraphs said, for it to shape.
   */
  async #run(res: ServerResponse, run: LeanRun): Promise<true | ServiceMap> {
    const { verdict, provided } = run;
    const { fetch, entities: steps } = verdict;
    // What the subgraphs answered, for a handover: built into data sources only then, not on the answers written
    // here. A subgraph that has not answered is called by the gateway.
    const received = new Map<string, (subgraph: LeanSubgraph) => GraphQLDataSource>();
    const handOver = (): ServiceMap =>
      Object.fromEntries(
        [...run.subgraphs].map(([name, subgraph]) => [name, received.get(name)?.(subgraph) ?? subgraph]),
      );
    let answer: SubgraphAnswer;
    try {
      answer = await this.#send(run, fetch, fetchVariables(fetch, provided));
    } catch (failure) {
      received.set(fetch.serviceName, (root) => root.replaying(() => Promise.reject(failure)));
      return handOver();
    }
    received.set(fetch.serviceName, (root) => root.replaying(async () => answer));
    const read = readAnswer(answer);
    if (!read) return handOver();
    // With errors, the gateway's answer is `data: null` when a non-null root field failed (null propagates to the
    // root), else the data as the subgraph shaped it; each error as the subgraph wrote it, without its locations.
    let data: Record<string, unknown> | null = null;
    if (read.data !== null) {
      if (steps && (read.errors || !(await this.#addEntities(run, steps, read.data, received))))
        return handOver();
      const shaped = project(read.data, verdict.projection);
      if (shaped === UNSHAPED) return handOver();
      data = shaped;
    } else if (!read.errors || steps || !hasNonNullField(verdict)) return handOver();
    res.statusCode = 200;
    res.setHeader('cache-control', NOT_CACHEABLE);
    res.setHeader('content-type', `${run.mediaType}; charset=utf-8`);
    res.end(`${JSON.stringify(read.errors ? { errors: read.errors, data } : { data })}\n`);
    this.#options.onServed?.(run.operationName, fetch.operationKind, run.started, read.errors);
    return true;
  }

  /**
   * The entity fetches, their answers merged into `data` (the root fetch's, parsed here: the gateway is handed the
   * answer as it came). False when the gateway is to do it: `received` then holds what the subgraphs said.
   */
  async #addEntities(
    run: LeanRun,
    steps: readonly EntityStep[],
    data: Record<string, unknown>,
    received: Map<string, (subgraph: LeanSubgraph) => GraphQLDataSource>,
  ): Promise<boolean> {
    const merged = await runEntitySteps(data, steps, {
      send: (step, representations) =>
        this.#send(run, step.fetch, { ...fetchVariables(step.fetch, run.provided), representations }),
      dataOf: (answer) => {
        const read = readAnswer(answer);
        return read && !read.errors ? read.data : UNREADABLE;
      },
      keep: (step, representations, outcome) => {
        const answer =
          'answer' in outcome ? async () => outcome.answer : () => Promise.reject(outcome.failure);
        received.set(step.fetch.serviceName, (subgraph) =>
          answeringOnly(representations, subgraph.replaying(answer), subgraph),
        );
      },
    });
    return merged !== null;
  }

  /** One subgraph call, with the body the gateway's data source writes: `JSON.stringify({ query, variables, operationName })`. */
  #send(run: LeanRun, fetch: FetchNode, variables: Record<string, unknown>): Promise<SubgraphAnswer> {
    let body = this.#bodies.get(fetch);
    if (!body) {
      const { operation, operationName } = fetch;
      body = [
        `{"query":${JSON.stringify(operation)},"variables":`,
        operationName === undefined ? '}' : `,"operationName":${JSON.stringify(operationName)}}`,
      ];
      this.#bodies.set(fetch, body);
    }
    const subgraph = run.subgraphs.get(fetch.serviceName)!;
    return this.#options.send(
      subgraph.url!,
      subgraph.headersFor(run.caller),
      body[0] + JSON.stringify(variables) + body[1],
    );
  }
}

interface LeanRun {
  started: number;
  verdict: LeanFetch;
  /** The subgraphs the verdict calls, by name. */
  subgraphs: Map<string, LeanSubgraph>;
  caller: LeanCaller;
  provided: Record<string, unknown>;
  mediaType: string;
  operationName: string | null;
}

/** A subgraph error as the client gets it through the gateway and the router's `formatError`. */
export interface ServedError {
  message: string;
  path?: (string | number)[];
  extensions: { code: string } & Record<string, unknown>;
}

/**
 * Codes the lean path answers itself: the domain's own (kit errors.ts), which the gateway and `formatError` pass
 * through unchanged. Anything else (INTERNAL_SERVER_ERROR, which is logged and masked; a code of Apollo's or of
 * federation's) is the gateway's to shape.
 */
const SERVED_CODES: ReadonlySet<string> = new Set(
  Object.values(ErrorCode).filter(
    (code) =>
      code !== ErrorCode.INTERNAL_SERVER_ERROR &&
      code !== ErrorCode.PERSISTED_QUERY_NOT_FOUND &&
      code !== ErrorCode.DOCUMENT_NOT_REGISTERED,
  ),
);

/**
 * What the gateway would make of an answer, when it adds nothing of its own: HTTP 2xx, a JSON body (what its data
 * source parses), no cache hint from the subgraph (the gateway turns one into the answer's `Cache-Control`),
 * `data` an object or null, and `errors` (if any) domain errors with a message, each passed on by the gateway with
 * its path and extensions (`serviceName` added, which `stripInternals` removes) and nothing else. Null otherwise.
 */
function readAnswer(
  answer: SubgraphAnswer,
): { data: Record<string, unknown> | null; errors?: ServedError[] } | null {
  if (answer.status < 200 || answer.status >= 300) return null;
  const type = answer.headers['content-type'];
  if (
    typeof type !== 'string' ||
    !(type.startsWith('application/json') || type.startsWith('application/graphql-response+json'))
  )
    return null;
  const hint = answer.headers['cache-control'];
  if (hint !== undefined && (typeof hint !== 'string' || /max-age=0*[1-9]/.test(hint))) return null;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return null;
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return null;
  const { data, errors } = body as { data?: unknown; errors?: unknown };
  if (typeof data !== 'object' || Array.isArray(data)) return null;
  if (errors === undefined) return data === null ? null : { data: data as Record<string, unknown> };
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const served: ServedError[] = [];
  for (const error of errors as unknown[]) {
    const one = servedError(error);
    if (!one) return null;
    served.push(one);
  }
  return { data: data as Record<string, unknown> | null, errors: served };
}

function servedError(error: unknown): ServedError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { message, path, extensions } = error as { message?: unknown; path?: unknown; extensions?: unknown };
  if (typeof message !== 'string' || message === '') return null;
  if (typeof extensions !== 'object' || extensions === null || Array.isArray(extensions)) return null;
  const ext = extensions as Record<string, unknown>;
  if (typeof ext.code !== 'string' || !SERVED_CODES.has(ext.code)) return null;
  // Keys the gateway, Apollo or `formatError` treat on their own.
  if ('serviceName' in ext || 'stacktrace' in ext || 'http' in ext) return null;
  if (path !== undefined && path !== null) {
    if (!Array.isArray(path) || !path.every((p) => typeof p === 'string' || typeof p === 'number'))
      return null;
    return { message, path: path as (string | number)[], extensions: ext as ServedError['extensions'] };
  }
  return { message, extensions: ext as ServedError['extensions'] };
}

/** Whether a root field is non-null: a null `data` then is the gateway's answer too. */
function hasNonNullField(verdict: LeanFetch): boolean {
  for (const field of verdict.projection.fields.values()) {
    if (field.kind === 'field' && isNonNullType(field.type)) return true;
  }
  return false;
}
