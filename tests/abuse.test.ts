import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { listenHost } from '@tiketi/kit';
import type { GraphQLResponse } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Stack, startStack } from './support/stack.ts';

/**
 * The holes issue 16 found by attacking the running platform, each closed and checked through the real router
 * in front of the real subgraphs (real Postgres, real Redis, real HTTP).
 */

let stack: Stack;
let url: string;

const metricsOf = async (graphqlUrl: string) =>
  (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();

async function post(body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Omit<GraphQLResponse, 'status'> };
}

beforeAll(async () => {
  stack = await startStack();
  url = stack.routerUrl;
});

afterAll(async () => {
  await stack?.stop();
});

describe('1. metrics labels are bounded', () => {
  it('labels a made-up operationName as "other" in the router and the subgraphs, a known one as itself', async () => {
    const routerBefore = (await metricsOf(url)).length;
    for (let i = 0; i < 10; i++) {
      const name = `Bot${i}${'x'.repeat(1000)}`;
      const res = await post({
        query: `query ${name} { events(first: 1) { edges { node { id } } } }`,
        operationName: name,
      });
      expect(res.body.errors).toBeUndefined();
    }
    const known = await post({
      query: 'query HomeQuery { events(first: 1) { edges { node { id venue { name } } } } }',
      operationName: 'HomeQuery',
    });
    expect(known.body.errors).toBeUndefined();

    const router = await metricsOf(url);
    const catalog = await metricsOf(stack.catalog.url);
    for (const text of [router, catalog]) {
      expect(text).not.toContain('xxxxxxxxxx');
      expect(text).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="other"/);
    }
    expect(router).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="HomeQuery"/);
    // The router named its fetch HomeQuery__catalog__0: catalog labels it by the client's known operation.
    expect(catalog).toMatch(/graphql_operation_duration_seconds_count\{[^}]*operation="HomeQuery"/);
    // Ten 1,000-character names grew the router's /metrics by 145 KB before; now by a few series at most.
    expect(router.length - routerBefore).toBeLessThan(8_000);
  });
});

describe('5. development services listen on the loopback interface only', () => {
  const lanAddress = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
  const reach = (host: string, port: number) =>
    new Promise<'connected' | string>((resolve) => {
      const socket = connect({ host, port });
      socket.once('connect', () => {
        socket.destroy();
        resolve('connected');
      });
      socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    });
  const portOf = (u: string) => Number(new URL(u).port);

  it.skipIf(!lanAddress)(
    "the router and a subgraph refuse connections on the machine's network address",
    async () => {
      for (const port of [portOf(url), portOf(stack.catalog.url), portOf(stack.auth.url)]) {
        expect(await reach('127.0.0.1', port)).toBe('connected');
        expect(await reach(lanAddress!, port)).toBe('ECONNREFUSED');
      }
    },
  );

  it('HOST chooses the interface; production listens on every interface unless told otherwise', () => {
    expect(listenHost('development', undefined)).toBe('127.0.0.1');
    expect(listenHost('test', undefined)).toBe('127.0.0.1');
    expect(listenHost('development', '0.0.0.0')).toBe('0.0.0.0');
    expect(listenHost('production', undefined)).toBeUndefined();
    expect(listenHost('production', '10.0.0.5')).toBe('10.0.0.5');
  });
});
