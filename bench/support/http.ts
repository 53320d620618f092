import { Agent, request } from 'node:http';

// biome-ignore lint/suspicious/noExplicitAny: the benches read response data loosely and check what they use
export type Data = Record<string, any>;

export interface GraphQLError {
  message: string;
  extensions?: { code?: string; seatIds?: string[] } & Record<string, unknown>;
}

export interface GraphQLResult {
  /** The HTTP status. */
  status: number;
  data?: Data | null;
  errors?: GraphQLError[];
}

/**
 * GraphQL POSTs for the benchmarks' load generators: `node:http` over keep-alive connections, at most
 * `maxSockets` at once (one per request in flight; undici is not a root dependency).
 */
export function graphqlClient(maxSockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets, maxFreeSockets: maxSockets });

  /** POSTs an already serialized body (hot loops serialize once); rejects on a network error or non-JSON answer. */
  const postBody = (
    url: URL | string,
    body: string,
    headers: Record<string, string>,
    retried = false,
  ): Promise<GraphQLResult> => {
    const target = typeof url === 'string' ? new URL(url) : url;
    return new Promise<GraphQLResult>((resolve, reject) => {
      const req = request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': String(Buffer.byteLength(body)),
            ...headers,
          },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            try {
              const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<
                GraphQLResult,
                'status'
              >;
              resolve({ status: res.statusCode ?? 0, ...parsed });
            } catch (err) {
              reject(err);
            }
          });
        },
      );
      req.on('error', (err: NodeJS.ErrnoException) => {
        // A kept-alive socket the server closed as idle just as this request went out: the server never read
        // it, so sending it again on a new socket is safe (Node's documented retry for `reusedSocket`).
        if (req.reusedSocket && err.code === 'ECONNRESET' && !retried) {
          postBody(target, body, headers, true).then(resolve, reject);
        } else reject(err);
      });
      req.end(body);
    });
  };

  const post = (url: URL | string, query: string, variables: Data, headers: Record<string, string>) =>
    postBody(url, JSON.stringify({ query, variables }), headers);

  /** `post` for set-up steps that must succeed: the data, or an error naming the operation. */
  const call = async (url: URL | string, query: string, variables: Data, headers: Record<string, string>) => {
    const res = await post(url, query, variables, headers);
    if (res.errors?.length || !res.data)
      throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  return { post, postBody, call, close: () => agent.destroy() };
}
