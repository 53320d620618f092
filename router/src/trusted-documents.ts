import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { DocumentStore } from '@apollo/server';
import { ErrorCode } from '@tiketi/kit/errors';
import { type PreparedRequest, sendRequestError } from '@tiketi/kit/graphql-http';
import {
  type DocumentNode,
  type GraphQLSchema,
  getOperationAST,
  parse,
  printSchema,
  specifiedRules,
  type ValidationRule,
  validate,
} from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Trusted documents (issue 18). The web and admin apps ship their operations as manifests that GraphQL Code
 * Generator writes at build (`src/__generated__/persisted-documents.json`: `sha256:<hex>` → document text, the
 * hex being the SHA-256 of the text) and send ids instead of text. The router loads the manifests at start-up.
 *
 * A request names its document in one of three ways:
 * - `documentId: "sha256:<hex>"` (the GraphQL over HTTP persisted-documents proposal);
 * - `extensions.persistedQuery.sha256Hash` (Apollo's APQ shape, which Apollo Client's persisted-queries link and
 *   urql's persisted exchange send; with or without the `sha256:` prefix);
 * - `query`: the text itself, registered when its SHA-256 is in a manifest.
 *
 * An unknown id without text is `PERSISTED_QUERY_NOT_FOUND` (the clients then send the text, as APQ does). In
 * production (`registeredOnly`) a first-party caller's text that is not registered is `DOCUMENT_NOT_REGISTERED`;
 * partners (API key) and development may send any document, under the depth, alias, token and cost limits.
 */
export interface RegisteredDocument {
  /** `sha256:<hex>`, the manifest's key. */
  id: string;
  /** The SHA-256 of `text` in hex: Apollo's query hash of it too. */
  hash: string;
  text: string;
  /** The operation's name: what metrics and traces call it (never a client's own `operationName`). */
  operationName: string | null;
}

/** What `resolve` makes of a request's document. */
export type DocumentResolution =
  | { kind: 'registered'; document: RegisteredDocument }
  | { kind: 'text'; query: string }
  | { kind: 'refused'; code: string; message: string };

/** The parts of a GraphQL request that name its document (the body of a POST, the parameters of a GET). */
interface DocumentParams {
  query?: unknown;
  documentId?: unknown;
  extensions?: unknown;
}

const NOT_ANSWERED = { answered: false } as const;

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const ID_PREFIX = 'sha256:';
const HEX_ID = /^[0-9a-f]{64}$/;

export class TrustedDocuments {
  readonly #byHash = new Map<string, RegisteredDocument>();

  /** Reads the apps' manifests; a missing or malformed one stops the start-up (a production router without it would refuse the apps). */
  static fromFiles(paths: readonly string[]): TrustedDocuments {
    return new TrustedDocuments(
      paths.map((path) => {
        try {
          return JSON.parse(readFileSync(path, 'utf8')) as Record<string, string>;
        } catch (err) {
          throw new Error(`Cannot read the trusted documents in ${path}: ${(err as Error).message}`);
        }
      }),
    );
  }

  constructor(manifests: readonly Record<string, string>[]) {
    for (const manifest of manifests) {
      for (const [id, text] of Object.entries(manifest)) {
        const hash = sha256(text);
        // The id is the client's, the hash ours: a manifest whose ids are not the SHA-256 of their text was not
        // written by codegen's sha256 setting, and ids and texts would not meet.
        if (id !== `${ID_PREFIX}${hash}`)
          throw new Error(`Trusted document ${id} is not the SHA-256 of its text`);
        let operationName: string | null = null;
        try {
          operationName = getOperationAST(parse(text, { noLocation: true }))?.name?.value ?? null;
        } catch {
          // Apollo reports the syntax error when it is sent.
        }
        this.#byHash.set(hash, { id, hash, text, operationName });
      }
    }
  }

  get size(): number {
    return this.#byHash.size;
  }

  get documents(): Iterable<RegisteredDocument> {
    return this.#byHash.values();
  }

  /** The registered document with this SHA-256 (hex). */
  byHash(hash: string): RegisteredDocument | undefined {
    return this.#byHash.get(hash);
  }

  /** The registered document of this text, if any. */
  byText(text: string): RegisteredDocument | undefined {
    return this.#byHash.get(sha256(text));
  }

  resolve(params: DocumentParams, { registeredOnly }: { registeredOnly: boolean }): DocumentResolution {
    const id = documentIdOf(params);
    const text = typeof params.query === 'string' && params.query !== '' ? params.query : undefined;
    if (id !== undefined) {
      const hash = id.startsWith(ID_PREFIX) ? id.slice(ID_PREFIX.length) : id;
      const document = HEX_ID.test(hash) ? this.#byHash.get(hash) : undefined;
      if (document) return { kind: 'registered', document };
      if (text === undefined) {
        return {
          kind: 'refused',
          code: ErrorCode.PERSISTED_QUERY_NOT_FOUND,
          message: 'PersistedQueryNotFound',
        };
      }
    }
    if (text === undefined) return { kind: 'text', query: '' };
    const document = this.byText(text);
    if (document) return { kind: 'registered', document };
    if (registeredOnly) {
      return {
        kind: 'refused',
        code: ErrorCode.DOCUMENT_NOT_REGISTERED,
        message:
          'This router runs only the operations the TIKETI apps ship. Partners send any query with an API key.',
      };
    }
    return { kind: 'text', query: text };
  }

  /**
   * The router's `prepare` hook for the kit's GraphQL handler: replaces the id of a POST body or GET query string
   * by the registered text (Apollo then finds it parsed and validated in `TrustedDocumentStore`), or answers a
   * refusal. Apollo's own APQ is off, so the `persistedQuery` extension is removed once resolved.
   * @returns whether it answered the request, and the registered document the request names, if any
   */
  prepare(
    request: PreparedRequest,
    res: ServerResponse,
    { registeredOnly, accept }: { registeredOnly: boolean; accept: string | undefined },
  ): { answered: boolean; document?: RegisteredDocument } {
    const fromQueryString = request.method === 'GET';
    const search = new URLSearchParams(request.search);
    let params: DocumentParams;
    if (fromQueryString) {
      let extensions: unknown;
      try {
        extensions = search.has('extensions') ? JSON.parse(search.get('extensions') ?? '') : undefined;
      } catch {
        return NOT_ANSWERED; // Apollo answers the malformed parameter.
      }
      params = {
        query: search.get('query') ?? undefined,
        documentId: search.get('documentId') ?? undefined,
        extensions,
      };
    } else {
      if (typeof request.body !== 'object' || request.body === null || Array.isArray(request.body))
        return NOT_ANSWERED;
      params = request.body as DocumentParams;
    }
    const resolution = this.resolve(params, { registeredOnly });
    if (resolution.kind === 'refused') {
      sendRequestError(res, accept, resolution.code, resolution.message);
      return { answered: true };
    }
    const query = resolution.kind === 'registered' ? resolution.document.text : resolution.query;
    if (fromQueryString) {
      search.delete('documentId');
      if (query !== '') search.set('query', query);
      const extensions = withoutPersistedQuery(params.extensions);
      if (extensions === undefined) search.delete('extensions');
      else search.set('extensions', JSON.stringify(extensions));
      const rest = search.toString();
      request.search = rest === '' ? '' : `?${rest}`;
    } else {
      const { documentId: _id, extensions, ...body } = params as Record<string, unknown>;
      const rest = withoutPersistedQuery(extensions);
      request.body = {
        ...body,
        ...(query !== '' ? { query } : {}),
        ...(rest !== undefined ? { extensions: rest } : {}),
      };
    }
    return resolution.kind === 'registered'
      ? { answered: false, document: resolution.document }
      : NOT_ANSWERED;
  }
}

function documentIdOf(params: DocumentParams): string | undefined {
  if (typeof params.documentId === 'string') return params.documentId;
  const persisted = (params.extensions as { persistedQuery?: { sha256Hash?: unknown } } | undefined)
    ?.persistedQuery;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

function withoutPersistedQuery(extensions: unknown): unknown {
  if (typeof extensions !== 'object' || extensions === null || !('persistedQuery' in extensions))
    return extensions;
  const { persistedQuery: _drop, ...rest } = extensions as Record<string, unknown>;
  return Object.keys(rest).length > 0 ? rest : undefined;
}

/**
 * Apollo's document store (parsed and validated documents by `<schema hash>:<query hash>`) with every registered
 * document parsed and validated when a supergraph loads (`precompute`): an app's request skips both steps from
 * its first time on. Other documents (partners', development's) go to a bounded LRU as in Apollo's default store.
 */
export class TrustedDocumentStore implements DocumentStore {
  readonly #documents: TrustedDocuments;
  readonly #rules: readonly ValidationRule[];
  readonly #maxTokens: number;
  /** Registered documents by schema hash prefix; the previous supergraph's are kept for requests in flight. */
  #registered: { prefix: string; byHash: Map<string, DocumentNode> }[] = [];
  readonly #others = new LRUCache<string, DocumentNode>({ max: 1_000 });

  constructor(
    documents: TrustedDocuments,
    options: { validationRules: readonly ValidationRule[]; maxTokens: number },
  ) {
    this.#documents = documents;
    this.#rules = [...specifiedRules, ...options.validationRules];
    this.#maxTokens = options.maxTokens;
  }

  /**
   * Parses and validates every registered document against a newly loaded API schema, with the rules Apollo
   * applies (graphql's and the limits'). One that fails is left to Apollo, which reports why when it is sent;
   * so is one using introspection, which production refuses by a rule Apollo adds itself.
   * @returns how many were prepared
   */
  precompute(apiSchema: GraphQLSchema): number {
    // Apollo's key prefix for a document store it was given (ApolloServer.generateSchemaDerivedData).
    const prefix = `${sha256(printSchema(apiSchema))}:`;
    const byHash = new Map<string, DocumentNode>();
    for (const { hash, text } of this.#documents.documents) {
      if (text.includes('__schema') || text.includes('__type(')) continue;
      let document: DocumentNode;
      try {
        document = parse(text, { maxTokens: this.#maxTokens });
      } catch {
        continue;
      }
      if (validate(apiSchema, document, this.#rules).length === 0) byHash.set(hash, document);
    }
    this.#registered = [{ prefix, byHash }, ...this.#registered.slice(0, 1)];
    return byHash.size;
  }

  /** The registered documents prepared for the latest supergraph, by query hash. */
  prepared(): Iterable<[hash: string, document: DocumentNode]> {
    return this.#registered[0]?.byHash ?? [];
  }

  async get(key: string): Promise<DocumentNode | undefined> {
    for (const { prefix, byHash } of this.#registered) {
      if (key.startsWith(prefix)) {
        const document = byHash.get(key.slice(prefix.length));
        if (document) return document;
      }
    }
    return this.#others.get(key);
  }

  async set(key: string, value: DocumentNode): Promise<void> {
    this.#others.set(key, value);
  }

  async delete(key: string): Promise<boolean> {
    return this.#others.delete(key);
  }
}
