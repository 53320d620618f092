import {
  createServer,
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type ApolloServer, type BaseContext, HeaderMap } from '@apollo/server';
import contentType from 'content-type';
import { ErrorCode, INTERNAL_ERROR_MESSAGE } from './errors.ts';
import type { Logger } from './logger.ts';

/** Apollo's own code for a request it cannot read as GraphQL over HTTP. */
const BAD_REQUEST = 'BAD_REQUEST';

/** Apollo's own words for an `Accept` that takes neither GraphQL response media type. */
const NOT_ACCEPTABLE_MESSAGE =
  "An 'accept' header was provided for this request which does not accept application/json; charset=utf-8 or application/graphql-response+json; charset=utf-8";

/**
 * Answers in the GraphQL error shape before GraphQL runs (credentials, body size, malformed JSON), so clients
 * branch on `extensions.code` the same way everywhere.
 */
export function sendGraphQLError(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * GraphQL over HTTP's two response media types, chosen from `Accept` as Apollo chooses (its order breaks ties,
 * so `*\/*` and no header get `application/json`).
 */
export type GraphQLResponseMediaType = 'application/json' | 'application/graphql-response+json';

export function responseMediaType(accept: string | undefined): GraphQLResponseMediaType {
  return acceptedMediaType(accept) ?? 'application/json';
}

/**
 * The media type of the answer as Apollo chooses it, or `null` when `Accept` takes neither (406, in
 * `application/json`: see `createGraphQLHttpHandler`).
 */
export function acceptedMediaType(accept: string | undefined): GraphQLResponseMediaType | null {
  if (!accept) return 'application/json';
  const ranges = accept.split(',').map((range) => {
    const [type = '', ...params] = range.split(';').map((part) => part.trim().toLowerCase());
    const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
    return { type, q: Number.isNaN(q) ? 0 : q };
  });
  // Each candidate takes the weight of the most specific range matching it (RFC 9110 §12.5.1): an explicit
  // `application/json;q=0` refuses JSON even next to `*/*`. Ties go as Apollo's negotiator breaks them: the
  // more specific match, then the range listed first, then `application/json`.
  const weigh = (candidate: GraphQLResponseMediaType) => {
    let best = { q: 0, specificity: -1, order: ranges.length };
    for (const [order, { type, q }] of ranges.entries()) {
      const specificity = type === candidate ? 2 : type === 'application/*' ? 1 : type === '*/*' ? 0 : -1;
      if (specificity > best.specificity) best = { q, specificity, order };
    }
    return best;
  };
  const json = weigh('application/json');
  const graphql = weigh('application/graphql-response+json');
  const graphqlWins =
    graphql.q > json.q ||
    (graphql.q === json.q &&
      graphql.q > 0 &&
      (graphql.specificity > json.specificity ||
        (graphql.specificity === json.specificity && graphql.order < json.order)));
  if (graphqlWins) return 'application/graphql-response+json';
  return json.q > 0 ? 'application/json' : null;
}

/**
 * The GraphQL over HTTP spec's status of a request error (the document does not parse or validate, its variables
 * do not coerce, the trusted document is unknown): `application/json` answers SHOULD be 200 with `errors` (a
 * proxy may not have produced them), `application/graphql-response+json` ones 4xx.
 */
export const requestErrorStatus = (accept: string | undefined): number =>
  responseMediaType(accept) === 'application/json' ? 200 : 400;

/** A request error of our own (before Apollo runs), in the media type and status the client asked for. */
export function sendRequestError(
  res: ServerResponse,
  accept: string | undefined,
  code: string,
  message: string,
): void {
  const type = responseMediaType(accept);
  res.writeHead(requestErrorStatus(accept), { 'content-type': `${type}; charset=utf-8` });
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/**
 * Codes of a request error: nothing was executed, because the request's document or variables are wrong. A
 * malformed HTTP request (bad JSON, no query, CSRF) is not a well-formed GraphQL request and keeps its 400;
 * credentials, scopes and rates keep 401/403/429.
 */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'OPERATION_RESOLUTION_FAILURE',
  ErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ErrorCode.DOCUMENT_NOT_REGISTERED,
]);

/** Apollo answers every request error with 400; `application/json` answers them with 200 (see `requestErrorStatus`). */
function specStatus(status: number, contentType: string | undefined, body: string): number {
  if (status !== 400 || !contentType?.startsWith('application/json')) return status;
  let result: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    result = JSON.parse(body);
  } catch {
    return status;
  }
  const requestError =
    !('data' in result) &&
    result.errors !== undefined &&
    result.errors.length > 0 &&
    result.errors.every((e) => REQUEST_ERROR_CODES.has(e.extensions?.code as string));
  return requestError ? 200 : status;
}

/** True for the GraphQL endpoint's path, with or without a query string (GET requests carry the operation there). */
const isGraphQLPath = (url: string | undefined, path = '/graphql') =>
  url === path || url?.startsWith(`${path}?`) === true;

/** Longer than any client's idle timeout in front of us (router pool 30 s, nginx ingress 60 s). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Connections the kernel may queue for a service before it accepts them (Node's default is 511). An on-sale's
 * first wave or every client of a restarted router reconnecting opens thousands at once; past the queue the kernel
 * drops them and clients see resets (`ECONNRESET`). Linux caps it at `net.core.somaxconn`.
 */
export const LISTEN_BACKLOG = 4096;

/**
 * Listens with `LISTEN_BACKLOG` on `host` (every interface when undefined); rejects on the server's `error` (a port
 * in use).
 */
export function listenOn(server: Server, port: number, host: string | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, ...(host === undefined ? {} : { host }), backlog: LISTEN_BACKLOG }, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * The HTTP server of a service: `/graphql` goes to the handler given to `serveGraphQL` (on `node:http`, see
 * `createGraphQLHttpHandler`), everything else to `app` (Express: probes, metrics, other routes). The server
 * exists before the GraphQL handler does, because Apollo's drain plugin needs it to start.
 */
export function createServiceServer(app: RequestListener): {
  server: Server;
  serveGraphQL(handler: (req: IncomingMessage, res: ServerResponse) => void): void;
  /**
   * The start of a shutdown: every later response closes its connection (`Connection: close`), so clients send
   * their next request on a new connection, to another replica, instead of on one this server will cut when it
   * stops. The server still answers meanwhile. Idle connections are not closed here: a client may be sending on
   * one at that very moment, and its request would fail ("other side closed"); they close when HTTP stops.
   */
  endKeepAlive(): void;
} {
  let graphql: ((req: IncomingMessage, res: ServerResponse) => void) | undefined;
  let ending = false;
  const server = createServer((req, res) => {
    if (ending) res.shouldKeepAlive = false;
    if (graphql && isGraphQLPath(req.url)) graphql(req, res);
    else app(req, res);
  });
  // Idle keep-alive connections are closed by the client side first (the router's subgraph pool after 30 s; an
  // ingress after 60 s), never by us: with Node's 5 s default, a busy event loop lets a client send its next
  // request on a connection we are closing, and the request fails ("other side closed", socket hang up).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return {
    server,
    serveGraphQL: (handler) => {
      graphql = handler;
    },
    endKeepAlive() {
      ending = true;
    },
  };
}

export interface GraphQLRequestOptions<Ctx> {
  /** Largest body accepted; more is refused with 413 before it is all read. */
  maxBodyBytes: number;
  /** The request's context, built once Apollo knows it will execute an operation. */
  context(): Promise<Ctx>;
  /**
   * Sees the request before Apollo does and may rewrite it (the router turns trusted-document ids into their
   * text here). `true` (or a promise of it) when it has answered the request itself.
   */
  prepare?(request: PreparedRequest, res: ServerResponse): boolean | Promise<boolean>;
}

/** A GraphQL request as `prepare` sees it: the parsed body of a POST, the query string of a GET. */
export interface PreparedRequest {
  method: string;
  /** `?…` or `''`. */
  search: string;
  body: unknown;
  /** The answer's media type, negotiated from `Accept` once (`acceptedMediaType`); null when it takes neither. */
  mediaType: GraphQLResponseMediaType | null;
}

/**
 * GraphQL over HTTP on `node:http` for an Apollo Server: reads and parses the JSON body, hands the request to
 * `executeHTTPGraphQLRequest` and writes its answer. It does what `@as-integrations/express5` with
 * `express.json()` does, without Express on the path: Express's routing, request decoration and `res.send`
 * (an ETag hash per answer) cost as much CPU per request as Apollo's own pipeline (`npm run bench:floor`:
 * 0.53 → 0.26 ms per trivial operation on the development machine).
 *
 * Bodies follow `express.json()`'s rules, which Apollo's CSRF prevention relies on: only `application/json`
 * (any `+json` too) is parsed; any other content type leaves the body empty, so Apollo refuses the "simple"
 * requests a browser sends cross-site without a preflight. UTF-8 only (415 otherwise), no content encodings
 * (415), size limit (413), malformed JSON (400), each in the GraphQL error shape with `BAD_REQUEST`.
 *
 * Statuses follow GraphQL over HTTP: Apollo answers every request error (parse, validation, variable coercion)
 * with 400, which stays for `application/graphql-response+json`; an `application/json` answer gets 200
 * (`requestErrorStatus`).
 */
export function createGraphQLHttpHandler<Ctx extends BaseContext>(apollo: ApolloServer<Ctx>, log: Logger) {
  return async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    { maxBodyBytes, context, prepare }: GraphQLRequestOptions<Ctx>,
  ): Promise<void> {
    try {
      const body = await readJsonBody(req, maxBodyBytes);
      if (body instanceof BodyRefusal) {
        // The rest of a refused body is not read: close the connection rather than reuse it mid-body.
        if (!req.complete) res.setHeader('connection', 'close');
        sendGraphQLError(res, body.status, BAD_REQUEST, body.message);
        return;
      }
      // Apollo negotiates the answer's media type after running the operation: a mutation sent with an
      // `Accept` it cannot answer was applied, and the client told 406. A POST is refused here before anything
      // runs; a GET (a query only, nothing changes) is Apollo's, which serves a browser its landing page.
      const mediaType = acceptedMediaType(req.headers.accept);
      if (req.method === 'POST' && mediaType === null) {
        sendGraphQLError(res, 406, BAD_REQUEST, NOT_ACCEPTABLE_MESSAGE);
        return;
      }
      const url = req.url ?? '';
      const query = url.indexOf('?');
      const request: PreparedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        search: query < 0 ? '' : url.slice(query),
        body: body.value,
        mediaType,
      };
      const answered = prepare?.(request, res);
      if (answered === true || (answered instanceof Promise && (await answered))) return;
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: { ...request, headers },
        context,
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      if (answer.body.kind === 'complete') {
        res.statusCode = specStatus(
          answer.status ?? 200,
          answer.headers.get('content-type'),
          answer.body.string,
        );
        res.end(answer.body.string);
        return;
      }
      res.statusCode = answer.status ?? 200;
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (err) {
      // Apollo answers every GraphQL failure itself; this is a broken socket or a bug in the path above.
      log.error({ err }, 'GraphQL request failed outside Apollo');
      if (!res.headersSent)
        sendGraphQLError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, INTERNAL_ERROR_MESSAGE);
      else res.destroy();
    }
  };
}

class BodyRefusal {
  constructor(
    readonly status: number,
    readonly message: string,
  ) {}
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/i;

/** The parsed body (`undefined` when there is none to parse, as `express.json()` leaves it), or a refusal. */
async function readJsonBody(
  req: IncomingMessage,
  maxBytes: number,
): Promise<{ value: unknown } | BodyRefusal> {
  if (req.headers['content-type'] === undefined) return { value: undefined };
  let type: contentType.ParsedMediaType;
  try {
    type = contentType.parse(req);
  } catch {
    // A header that does not parse is not JSON: left unread, as `express.json()` does.
    return { value: undefined };
  }
  if (!JSON_TYPE.test(type.type)) return { value: undefined };
  const charset = type.parameters.charset?.toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    return new BodyRefusal(415, 'Send the request body as UTF-8 JSON.');
  }
  const encoding = req.headers['content-encoding']?.toLowerCase() ?? 'identity';
  if (encoding !== 'identity') return new BodyRefusal(415, 'Send the request body as UTF-8 JSON.');
  const declared = Number(req.headers['content-length']);
  if (declared > maxBytes) return new BodyRefusal(413, 'The request body is too large.');

  const raw = await readBody(req, maxBytes);
  if (raw === null) return new BodyRefusal(413, 'The request body is too large.');
  const text = raw.toString('utf8');
  if (text.trim() === '') return { value: {} };
  // `express.json()`'s strict mode: objects and arrays only.
  if (!/^\s*[{[]/.test(text)) return new BodyRefusal(400, 'The request body is not valid JSON.');
  try {
    return { value: JSON.parse(text) };
  } catch {
    return new BodyRefusal(400, 'The request body is not valid JSON.');
  }
}

/**
 * The body, or `null` once it grows past `maxBytes`: the rest is then drained unread (the answer closes the
 * connection). Not `for await`: leaving that loop early destroys the request, and with it the socket the 413
 * must be written to.
 */
function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const done = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      req.resume();
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, length));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
  });
}
