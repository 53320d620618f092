import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.ts';

/**
 * GraphQL over HTTP, checked from outside by the spec's own audit suite (`graphql-http`'s `serverAudits`) against
 * the router on a real stack (auth and catalog behind it): every MUST and every SHOULD audit passes. Of the MAY
 * audits, the router declines only GETs a browser could send cross-site without a preflight (no
 * `apollo-require-preflight` or `x-apollo-operation-name` header): Apollo's CSRF prevention refuses them with 400
 * before anything runs (README, "GraphQL over HTTP").
 */
let stack: Stack;

beforeAll(async () => {
  stack = await startStack();
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

describe('GraphQL over HTTP audits (graphql-http)', () => {
  for (const audit of serverAudits({ url: () => stack.routerUrl })) {
    it(`${audit.id} ${audit.name}`, async () => {
      const result = await audit.fn();
      if (result.status === 'ok' || !audit.name.startsWith('MAY')) {
        expect(result, 'reason' in result ? result.reason : audit.name).toMatchObject({ status: 'ok' });
        return;
      }
      const { response } = result;
      expect(response.status, result.reason).toBe(400);
      expect(await response.text()).toContain('Cross-Site Request Forgery');
    });
  }
});
