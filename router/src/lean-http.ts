import type { ServerResponse } from 'node:http';
import type { GraphQLDataSource } from '@apollo/gateway';
import type { Context as TraceContext } from '@opentelemetry/api';
import { acceptedMediaType, type PreparedRequest } from '@tiketi/kit/graphql-http';
import type { Identity } from '@tiketi/kit/identity';
import { getVariableValues, type OperationTypeNode } from 'graphql';
import { hasNul } from './input.ts';
import { type LeanContext, type LeanFetch, type LeanPath, project, UNSHAPED } from './lean-path.ts';
import type { SubgraphAnswer, SubgraphSend } from './subgraph-fetch.ts';
import { tracesThisRequest } from './trace.ts';
import type { RegisteredDocument } from './trusted-documents.ts';

/**
 * The lean path in front of Apollo Server (issue 18). A registered document whose plan is one fetch to one
 * subgraph (lean-path.ts) needs nothing of Apollo Server's request pipeline once the router has verified the
 * caller: the document was parsed, validated and checked against the limits when the supergraph loaded, and
 * planned then. So for a POST naming one, with variables that coerce, this sends the fetch, projects a clean
 * answer and writes it — the bytes Apollo Server and the gateway would write (`router/test/lean-path.test.ts`
 * compares them), at a fraction of the CPU (`npm run bench:floor`).
 *
 * Everything else goes to Apollo Server as before, and so does any answer this does not serve itself (errors, no
 * data, a failed call, a value the projection cannot shape, a subgraph's cache hint): it is handed over in the
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
export interface LeanSubgraph {
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
  /** Told of every request answered here: its operation, type and when it started (`performance.now()`). */
  onServed?(operationName: string | null, type: OperationTypeNode, startedAt: number): void;
}

/** A request this does not take, or an answer it hands to Apollo Server (in the context, as `leanAnswer`). */
export type LeanHandover = NonNullable<LeanContext['leanAnswer']>;

/** What Apollo Server writes for a single result: its stringifier's trailing newline, and no cache policy. */
const NOT_CACHEABLE = 'no-store';

export class LeanHttp {
  readonly #options: LeanHttpOptions;
  /** The subgraph request body around its variables, per verdict: `JSON.stringify` of the gateway's request. */
  readonly #bodies = new WeakMap<LeanFetch, [prefix: string, suffix: string]>();

  constructor(options: LeanHttpOptions) {
    this.#options = options;
  }

  /**
   * Takes the request when it can: `null` when it is for Apollo Server; otherwise a promise of `true` (answered)
   * or of the subgraph's answer to hand over. `request` is as trusted documents left it (the registered text).
   */
  serve(
    request: PreparedRequest,
    res: ServerResponse,
    parts: { document: RegisteredDocument; accept: string | undefined; caller: () => LeanCaller },
  ): Promise<true | LeanHandover> | null {
    if (request.method !== 'POST' || tracesThisRequest()) return null;
    const body = request.body as Record<string, unknown>;
    const { query, operationName, variables } = body;
    // Anything Apollo Server would read differently or refuse (extensions, unknown keys, bad types) is its own.
    for (const key in body)
      if (key !== 'query' && key !== 'operationName' && key !== 'variables') return null;
    if (query !== parts.document.text) return null;
    if (
      operationName !== undefined &&
      operationName !== null &&
      (typeof operationName !== 'string' || operationName === '')
    )
      return null;
    if (
      variables !== undefined &&
      variables !== null &&
      (typeof variables !== 'object' || Array.isArray(variables))
    )
      return null;
    const mediaType = acceptedMediaType(parts.accept);
    const schema = this.#options.leanPath.schema;
    const verdict = this.#options.leanPath.registeredVerdict(parts.document.hash, operationName);
    if (!mediaType || !schema || verdict?.kind !== 'lean') return null;
    const provided = (variables ?? {}) as Record<string, unknown>;
    // The router's input rules (input.ts) and the gateway's coercion answer bad variables themselves.
    if (hasNul(provided)) return null;
    if (
      verdict.variableDefinitions.length > 0 &&
      getVariableValues(schema.apiSchema, verdict.variableDefinitions, provided).errors
    )
      return null;
    const subgraph = this.#options.subgraph(verdict.fetch.serviceName);
    if (!subgraph?.url) return null;
    const run: LeanRun = {
      started: performance.now(),
      verdict,
      url: subgraph.url,
      headers: subgraph.headersFor(parts.caller()),
      provided,
      mediaType,
      operationName: operationName ?? parts.document.operationName,
    };
    return this.#run(res, run).then(
      (answer) => answer === true || { verdict, schema, source: subgraph.replaying(answer) },
    );
  }

  /** Sends the fetch; writes a clean answer (`true`), or returns the subgraph's answer for the gateway. */
  async #run(res: ServerResponse, run: LeanRun): Promise<true | (() => Promise<SubgraphAnswer>)> {
    const { verdict, provided } = run;
    const { fetch } = verdict;
    // As the gateway's executeFetch: the variables the fetch uses, when the client gave them a value.
    const variables: Record<string, unknown> = Object.create(null);
    for (const name of fetch.variableUsages ?? []) {
      if (Object.hasOwn(provided, name) && provided[name] !== undefined) variables[name] = provided[name];
    }
    const [prefix, suffix] = this.#bodyOf(verdict);
    let answer: SubgraphAnswer;
    try {
      answer = await this.#options.send(run.url, run.headers, prefix + JSON.stringify(variables) + suffix);
    } catch (failure) {
      return () => Promise.reject(failure);
    }
    const data = cleanData(answer);
    const shaped = data && project(data, verdict.projection);
    if (!shaped || shaped === UNSHAPED) return async () => answer;
    res.statusCode = 200;
    res.setHeader('cache-control', NOT_CACHEABLE);
    res.setHeader('content-type', `${run.mediaType}; charset=utf-8`);
    res.end(`${JSON.stringify({ data: shaped })}\n`);
    this.#options.onServed?.(run.operationName, fetch.operationKind, run.started);
    return true;
  }

  /** `JSON.stringify({ query, variables, operationName })` of the gateway's data source, around `variables`. */
  #bodyOf(verdict: LeanFetch): [string, string] {
    let body = this.#bodies.get(verdict);
    if (!body) {
      const { operation, operationName } = verdict.fetch;
      body = [
        `{"query":${JSON.stringify(operation)},"variables":`,
        operationName === undefined ? '}' : `,"operationName":${JSON.stringify(operationName)}}`,
      ];
      this.#bodies.set(verdict, body);
    }
    return body;
  }
}

interface LeanRun {
  started: number;
  verdict: LeanFetch;
  url: string;
  headers: Record<string, string>;
  provided: Record<string, unknown>;
  mediaType: string;
  operationName: string | null;
}

/**
 * The `data` of an answer the gateway would take as is: HTTP 2xx, a JSON body (what its data source parses),
 * an object with `data` and without `errors`, and no cache hint from the subgraph (the gateway turns one into the
 * answer's `Cache-Control`). Anything else is the gateway's to shape.
 */
function cleanData(answer: SubgraphAnswer): Record<string, unknown> | null {
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
  if (errors !== undefined || typeof data !== 'object' || data === null || Array.isArray(data)) return null;
  return data as Record<string, unknown>;
}
