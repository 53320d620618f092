import { createHash } from 'node:crypto';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gql } from '@tiketi/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseUrl, type Harness, startHarness } from './support/harness.ts';
import { composeSupergraph } from './support/subgraphs.ts';

/**
 * Production runs only registered documents for first-party callers (trusted-documents.ts): these tests' own,
 * in a manifest shaped as codegen writes the apps'.
 */
const REGISTERED = ['{ __schema { queryType { name } } }', '{ helo }', '{ hello }'];

let h: Harness;
let manifestDir: string;
let PRODUCTION: Record<string, string>;
beforeAll(async () => {
  h = await startHarness();
  manifestDir = await mkdtemp(join(tmpdir(), 'tiketi-documents-'));
  const manifest = join(manifestDir, 'persisted-documents.json');
  await writeFile(
    manifest,
    JSON.stringify(
      Object.fromEntries(
        REGISTERED.map((text) => [`sha256:${createHash('sha256').update(text).digest('hex')}`, text]),
      ),
    ),
  );
  PRODUCTION = {
    TIKETI_ENV: 'production',
    ROUTER_SECRET: 'test-router-secret-0123456789abcdef0123456789',
    TRUSTED_DOCUMENTS: manifest,
  };
});
afterAll(async () => {
  await h?.stop();
  await rm(manifestDir, { recursive: true, force: true });
});

describe('production mode', () => {
  it('refuses introspection', async () => {
    const router = await h.startRouter(PRODUCTION);
    const res = await gql(router.url, '{ __schema { queryType { name } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors?.[0]?.message).toMatch(/[Ii]ntrospection/);
    // Ordinary operations still work.
    expect((await gql(router.url, '{ hello }')).data).toEqual({ hello: 'world' });
  });

  it('runs registered documents only (DOCUMENT_NOT_REGISTERED otherwise); development runs any', async () => {
    const router = await h.startRouter(PRODUCTION);
    const refused = await gql(router.url, '{ hello whoami { role } }');
    expect(refused.status).toBe(400);
    expect(refused.errors?.[0]?.extensions?.code).toBe('DOCUMENT_NOT_REGISTERED');
    expect((await gql(h.router.url, '{ hello whoami { role } }')).data?.hello).toBe('world');
  });

  it('does not suggest field names', async () => {
    const router = await h.startRouter(PRODUCTION);
    const res = await gql(router.url, '{ helo }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.message).toBe('Cannot query field "helo" on type "Query".');
  });

  it('serves no landing page (outside production, the local Sandbox page)', async () => {
    const landing = (url: string) => fetch(url, { headers: { accept: 'text/html' } }).then((r) => r.text());
    expect(await landing(h.router.url)).toMatch(/<html/i);
    const router = await h.startRouter(PRODUCTION);
    expect(await landing(router.url)).not.toMatch(/<html/i);
  });
});

it('takes the client IP from X-Forwarded-For behind a trusted proxy (TRUST_PROXY)', async () => {
  const router = await h.startRouter({ TRUST_PROXY: 'loopback' });
  const res = await gql(router.url, '{ whoami { clientIp } }', undefined, {
    'x-forwarded-for': '203.0.113.9',
  });
  expect(res.data?.whoami).toEqual({ clientIp: '203.0.113.9' });
});

it('is not ready while Redis is unreachable, yet alive', async () => {
  const router = await h.startRouter({ REDIS_URL: 'redis://127.0.0.1:1' });
  const ready = await fetch(`${baseUrl(router)}/ready`);
  expect(ready.status).toBe(503);
  expect(await ready.json()).toMatchObject({ status: 'unavailable', supergraph: true, redis: false });
  expect((await fetch(`${baseUrl(router)}/health`)).status).toBe(200);
});

it('stops gracefully: refuses new connections afterwards, and a second stop is harmless', async () => {
  const router = await h.startRouter();
  expect((await gql(router.url, '{ hello }')).data).toEqual({ hello: 'world' });
  await router.stop();
  await router.stop();
  await expect(fetch(`${baseUrl(router)}/health`)).rejects.toThrow();
});

describe('development mode', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tiketi-router-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function until(check: () => Promise<boolean>, ms = 5_000) {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await check()) return true;
      await new Promise((r) => setTimeout(r, 50));
    }
    return false;
  }

  it('follows changes to the supergraph file and keeps serving through a broken one', async () => {
    const path = join(dir, 'supergraph.graphql');
    const { accounts, shows } = h.subgraphs;
    await writeFile(path, composeSupergraph({ auth: accounts.url }));
    const router = await h.startRouter({ TIKETI_ENV: 'development', SUPERGRAPH_PATH: path }, {});

    const showsQuery = () => gql(router.url, '{ shows { title } }');
    expect((await showsQuery()).status).toBe(400);

    // Written the way a composition script should: to a temporary file, then renamed over the old one.
    await writeFile(`${path}.tmp`, composeSupergraph({ auth: accounts.url, catalog: shows.url }));
    await rename(`${path}.tmp`, path);
    expect(await until(async () => (await showsQuery()).status === 200)).toBe(true);
    expect((await showsQuery()).data?.shows).toHaveLength(2);

    await writeFile(path, 'this is not a supergraph');
    await new Promise((r) => setTimeout(r, 500));
    expect((await showsQuery()).data?.shows).toHaveLength(2);
    expect((await fetch(`${baseUrl(router)}/ready`)).status).toBe(200);
  });

  it('fails to start, with a hint, when there is no supergraph file', async () => {
    await expect(
      h.startRouter({ TIKETI_ENV: 'development', SUPERGRAPH_PATH: join(dir, 'missing.graphql') }, {}),
    ).rejects.toThrow(/npm run compose/);
  });
});
