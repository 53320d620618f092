import { createServer, type IncomingHttpHeaders } from 'node:http';

/**
 * `@apollo/server` on `node:http` without Express: the body read and parsed here, the request handed to
 * `executeHTTPGraphQLRequest`, the answer written as it comes (what the Express integration does, minus Express).
 */
export async function serveApolloOnHttp<Context extends object>(
  apollo: import('@apollo/server').ApolloServer<Context>,
  port: number,
  context: (headers: IncomingHttpHeaders) => Promise<Context> = async () => ({}) as Context,
) {
  const { HeaderMap } = await import('@apollo/server');
  createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = new HeaderMap();
      for (const [key, value] of Object.entries(req.headers)) {
        if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
      }
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: {
          method: req.method ?? 'POST',
          headers,
          search: '',
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        },
        context: () => context(req.headers),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') res.end(answer.body.string);
      else {
        for await (const chunk of answer.body.asyncIterator) res.write(chunk);
        res.end();
      }
    });
  }).listen(port);
}
