import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bootstrap as bootstrapCatalog,
  loadConfig as loadCatalogConfig,
  SEED_IDS,
  seedCatalog,
} from '@tiketi/catalog';
import { type Identity, signMediaUpload } from '@tiketi/kit';
import { asRouter, createTestInfra, gql, TEST_ROUTER_SECRET } from '@tiketi/kit/testing';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, tokenMinter } from './support/live.ts';
import { type Stack, startStack } from './support/stack.ts';

/**
 * Event posters: catalog hands an admin a one-time upload URL; the bytes go to the router's local disk (the
 * default outside production) or to S3. Real router, real catalog, real HTTP; S3 is s3rver, a local server
 * speaking the S3 REST protocol.
 */
const tokens = tokenMinter();
const CREATE = `mutation($input: PosterUploadInput!) {
  createPosterUpload(input: $input) { uploadUrl headers { name value } posterUrl expiresAt } }`;

// A real 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkaPhfDwAEhgGAzOuHWwAAAABJRU5ErkJggg==',
  'base64',
);

interface Upload {
  uploadUrl: string;
  headers: { name: string; value: string }[];
  posterUrl: string;
  expiresAt: string;
}

const put = (url: string, body: Buffer, contentType = 'image/png') =>
  fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Uint8Array(body) });

describe('posters on the router’s local disk', () => {
  let stack: Stack;
  let mediaDir: string;
  let origin: string;
  const admin = bearer(tokens.admin());

  beforeAll(async () => {
    mediaDir = await mkdtemp(join(tmpdir(), 'tiketi-media-'));
    stack = await startStack({
      env: { auth: { AUTH_JWT_PRIVATE_KEY: tokens.pem }, router: { MEDIA_DIR: mediaDir } },
    });
    await seedCatalog(stack.catalog.orm);
    origin = new URL(stack.routerUrl).origin;
  });
  afterAll(async () => {
    await stack?.stop();
    await rm(mediaDir, { recursive: true, force: true });
  });

  async function newUpload(input = { contentType: 'image/png', byteSize: PNG.length }): Promise<Upload> {
    const res = await gql<{ createPosterUpload: Upload }>(stack.routerUrl, CREATE, { input }, admin);
    expect(res.errors).toBeUndefined();
    return res.data!.createPosterUpload;
  }

  it('takes one upload of the announced image at its URL, serves it for good, and the event can show it', async () => {
    const upload = await newUpload();
    expect(upload.headers).toEqual([{ name: 'Content-Type', value: 'image/png' }]);
    expect(upload.posterUrl).toMatch(/^\/media\/posters\/[0-9a-f-]{36}\.png$/);
    expect(Date.parse(upload.expiresAt) - Date.now()).toBeGreaterThan(290_000);

    const stored = await put(`${origin}${upload.uploadUrl}`, PNG);
    expect(stored.status).toBe(201);
    const served = await fetch(`${origin}${upload.posterUrl}`);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(served.headers.get('cache-control')).toContain('immutable');
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);

    // Once: a second upload to the same URL does not replace the first.
    expect((await put(`${origin}${upload.uploadUrl}`, Buffer.from(PNG))).status).toBe(409);

    const event = SEED_IDS.events.iuHereh;
    const updated = await gql(
      stack.routerUrl,
      'mutation($id: ID!, $url: String) { updateEvent(id: $id, input: { posterUrl: $url }) { posterUrl } }',
      { id: event, url: upload.posterUrl },
      admin,
    );
    expect(updated.data?.updateEvent.posterUrl).toBe(upload.posterUrl);
    const audit = await stack.catalog.orm.orm.em
      .fork()
      .getConnection()
      .execute<{ details: { posterUrl: string } }[]>(
        `select details from catalog.admin_audit_log where action = 'poster.upload'`,
      );
    expect(audit.map((row) => row.details.posterUrl)).toContain(upload.posterUrl);
  });

  it('refuses bytes the URL was not signed for, a forged or expired URL, and paths that are not ours', async () => {
    const upload = await newUpload();
    const url = new URL(upload.uploadUrl, origin);
    // Another type, another size, another signature.
    expect((await put(url.toString(), PNG, 'image/jpeg')).status).toBe(403);
    expect((await put(url.toString(), PNG.subarray(1))).status).toBe(403);
    const forged = new URL(url);
    forged.searchParams.set('signature', `${url.searchParams.get('signature')!.slice(0, -2)}AA`);
    expect((await put(forged.toString(), PNG)).status).toBe(403);
    // Signed correctly, but out of time.
    const key = url.pathname.replace('/media/', '');
    const expires = Math.floor(Date.now() / 1000) - 1;
    const signature = signMediaUpload(TEST_ROUTER_SECRET, {
      key,
      contentType: 'image/png',
      byteSize: PNG.length,
      expires,
    });
    const expired = await put(`${origin}/media/${key}?expires=${expires}&signature=${signature}`, PNG);
    expect(expired.status).toBe(403);
    expect(await expired.json()).toMatchObject({ error: { message: expect.stringContaining('expired') } });
    // Nothing was stored by any of them.
    expect((await fetch(`${origin}/media/${key}`)).status).toBe(404);

    expect((await put(`${origin}/media/posters/..%2F..%2Fetc%2Fpasswd${url.search}`, PNG)).status).toBe(404);
    expect((await fetch(`${origin}/media/.incoming/`)).status).toBe(404);
    const missing = await fetch(`${origin}/media/posters/${randomUUID()}.png`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'No such file.' } });
  });

  it('lets the admin app upload from its origin (CORS preflight for PUT)', async () => {
    const upload = await newUpload();
    const preflight = await fetch(new URL(upload.uploadUrl, origin), {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3001',
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
  });

  it.each([
    [{ contentType: 'image/gif', byteSize: 10 }, 'contentType'],
    [{ contentType: 'image/png', byteSize: 5 * 1024 * 1024 + 1 }, 'byteSize'],
    [{ contentType: 'image/png', byteSize: 0 }, 'byteSize'],
  ])('refuses %j with BAD_USER_INPUT', async (input, field) => {
    const res = await gql(stack.routerUrl, CREATE, { input }, admin);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
  });

  it('is for admins only', async () => {
    const input = { contentType: 'image/png', byteSize: 10 };
    const buyer = await gql(stack.routerUrl, CREATE, { input }, bearer(tokens.buyer()));
    expect(buyer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const anonymous = await gql(stack.routerUrl, CREATE, { input });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('posters on S3', () => {
  const BUCKET = 'tiketi-posters';
  let s3: S3rver;
  let s3Dir: string;
  let endpoint: string;
  let catalog: Awaited<ReturnType<typeof bootstrapCatalog>>;
  let infra: Awaited<ReturnType<typeof createTestInfra>>;
  const ADMIN: Identity = { userId: randomUUID(), role: 'ADMIN' };

  beforeAll(async () => {
    s3Dir = await mkdtemp(join(tmpdir(), 'tiketi-s3-'));
    s3 = new S3rver({
      address: '127.0.0.1',
      port: 0,
      silent: true,
      directory: s3Dir,
      configureBuckets: [{ name: BUCKET }],
    });
    const { port } = await s3.run();
    endpoint = `http://127.0.0.1:${port}`;
    infra = await createTestInfra();
    catalog = await bootstrapCatalog(
      loadCatalogConfig(
        infra.env({
          S3_BUCKET: BUCKET,
          S3_ENDPOINT: endpoint,
          S3_FORCE_PATH_STYLE: 'true',
          S3_REGION: 'us-east-1',
          S3_ACCESS_KEY_ID: 'S3RVER',
          S3_SECRET_ACCESS_KEY: 'S3RVER',
        }),
      ),
    );
  });
  afterAll(async () => {
    await catalog?.stop();
    await infra?.dispose();
    await s3?.close();
    await rm(s3Dir, { recursive: true, force: true });
  });

  it('presigns a PUT of that type and size into the bucket, and the poster is read from the bucket', async () => {
    const res = await gql<{ createPosterUpload: Upload }>(
      catalog.url,
      CREATE,
      { input: { contentType: 'image/png', byteSize: PNG.length } },
      asRouter(ADMIN),
    );
    expect(res.errors).toBeUndefined();
    const upload = res.data!.createPosterUpload;
    const url = new URL(upload.uploadUrl);
    expect(`${url.origin}${url.pathname}`).toMatch(
      new RegExp(`^${endpoint}/${BUCKET}/posters/[0-9a-f-]{36}\\.png$`),
    );
    // SigV4 query signing, five minutes, with the type (and the size) among what is signed. s3rver does not
    // check signatures; what it shows is that the URL, the headers and the public address fit together.
    expect(url.searchParams.get('X-Amz-Algorithm')).toBe('AWS4-HMAC-SHA256');
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    expect(url.searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(
      expect.arrayContaining(['content-length', 'content-type', 'host']),
    );
    expect(upload.posterUrl).toBe(`${endpoint}/${BUCKET}${url.pathname.replace(`/${BUCKET}`, '')}`);

    const stored = await fetch(upload.uploadUrl, {
      method: 'PUT',
      headers: Object.fromEntries(upload.headers.map((h) => [h.name, h.value])),
      body: new Uint8Array(PNG),
    });
    expect(stored.status).toBe(200);
    const served = await fetch(upload.posterUrl);
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await served.arrayBuffer()).equals(PNG)).toBe(true);
  });
});
