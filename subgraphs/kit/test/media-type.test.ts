import { describe, expect, it } from 'vitest';
import { acceptedMediaType, requestErrorStatus, responseMediaType } from '../src/graphql-http.ts';

/** GraphQL over HTTP: which media type answers, and so a request error's status (graphql-http.ts). */
describe('responseMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['*/*', 'application/json'],
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    // What Apollo Client and urql send.
    ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
    [
      'application/graphql-response+json, application/graphql-response+json, application/json, text/event-stream, multipart/mixed',
      'application/graphql-response+json',
    ],
    ['application/graphql-response+json;q=0.5, application/json', 'application/json'],
    ['application/json;q=0, */*', 'application/graphql-response+json'],
    ['text/html, application/*;q=0.8', 'application/json'],
  ])('%s → %s', (accept, type) => {
    expect(responseMediaType(accept)).toBe(type);
    expect(requestErrorStatus(accept)).toBe(type === 'application/json' ? 200 : 400);
  });
});

describe('acceptedMediaType', () => {
  it.each([
    [undefined, 'application/json'],
    ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
    ['text/html, application/*;q=0.8', 'application/json'],
    // Neither is acceptable: 406 before anything runs (the kit's GraphQL handler).
    ['text/html', null],
    ['application/json;q=0, application/graphql-response+json;q=0', null],
    ['image/png, text/*', null],
  ])('%s → %s', (accept, type) => {
    expect(acceptedMediaType(accept)).toBe(type);
  });
});
