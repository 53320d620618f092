import { randomUUID } from 'node:crypto';
import type { RunningRouter } from '@tiketi/router';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { addressKey } from '../src/rate-limits.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { signAccessToken } from './support/jwks.ts';

/**
 * The router's own limits (issue 16): requests per address (anonymous) and per user (signed in), counted in
 * one Redis for every replica, and open WebSockets per address.
 */
let h: Harness;
/** Two replicas on one Redis, behind a proxy that names the client in X-Forwarded-For. */
let replicas: [RunningRouter, RunningRouter];
const WINDOW_SECONDS = 2;

beforeAll(async () => {
  h = await startHarness();
  const env = {
    TRUST_PROXY: 'loopback',
    RATE_LIMIT_PER_IP: '6',
    RATE_LIMIT_PER_USER: '4',
    RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
  };
  replicas = [await h.startRouter(env), await h.startRouter(env)];
});
afterAll(async () => {
  await h?.stop();
});

/** A client address of its own per test, so tests do not share counts. */
let lastOctet = 10;
const newAddress = () => `203.0.113.${lastOctet++}`;

async function ask(router: RunningRouter, address: string, headers: Record<string, string> = {}) {
  const res = await fetch(router.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address, ...headers },
    body: JSON.stringify({ query: '{ hello }' }),
  });
  const body = (await res.json()) as {
    data?: unknown;
    errors?: { message: string; extensions: { code: string; retryAfterSeconds?: number } }[];
  };
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    exposed: res.headers.get('access-control-expose-headers'),
    body,
  };
}

const userToken = () => ({
  authorization: `Bearer ${signAccessToken(h.key, { sub: randomUUID(), role: 'USER' })}`,
});

describe('request rate limits', () => {
  it('shares one count per address across replicas: 429 RATE_LIMITED with Retry-After at the combined limit', async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i++) {
      const res = await ask(replicas[i % 2]!, address);
      expect(res.status, `request ${i + 1}`).toBe(200);
      expect(res.body.data).toEqual({ hello: 'world' });
    }
    for (const router of replicas) {
      const refused = await ask(router, address);
      expect(refused.status).toBe(429);
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(refused.retryAfter)).toBeLessThanOrEqual(WINDOW_SECONDS);
      expect(refused.body.errors).toEqual([
        {
          message: expect.stringMatching(
            /^Too many requests from your network address\. Try again in \d+ seconds/,
          ),
          extensions: { code: 'RATE_LIMITED', retryAfterSeconds: Number(refused.retryAfter) },
        },
      ]);
    }
    // A browser app of an allowed origin may read Retry-After.
    const fromApp = await ask(replicas[0], address, { origin: 'http://localhost:3000' });
    expect(fromApp.status).toBe(429);
    expect(fromApp.exposed).toMatch(/retry-after/i);
    // Another address is not affected.
    expect((await ask(replicas[0], newAddress())).status).toBe(200);
  });

  it('serves the caller again once the window has passed', async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i++) await ask(replicas[i % 2]!, address);
    const refused = await ask(replicas[0], address);
    expect(refused.status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(refused.retryAfter) * 1000 + 100));
    const again = await ask(replicas[1], address);
    expect(again.status).toBe(200);
    expect(again.body.data).toEqual({ hello: 'world' });
  });

  it("counts a signed-in user apart from the address's anonymous callers, and apart from other users", async () => {
    const address = newAddress();
    for (let i = 0; i < 6; i++) await ask(replicas[i % 2]!, address);
    expect((await ask(replicas[0], address)).status).toBe(429);
    // The address is spent for anonymous callers; a signed-in user behind it is counted on their own.
    const user = userToken();
    for (let i = 0; i < 4; i++) expect((await ask(replicas[i % 2]!, address, user)).status).toBe(200);
    const refused = await ask(replicas[1], newAddress(), user);
    expect(refused.status).toBe(429);
    expect(refused.retryAfter).not.toBeNull();
    expect(refused.body.errors?.[0]?.extensions.code).toBe('RATE_LIMITED');
    expect(refused.body.errors?.[0]?.message).toMatch(/^Too many requests from your account/);
    expect((await ask(replicas[0], address, userToken())).status).toBe(200);
  });

  it('leaves routers without limits (tests, development) unlimited', async () => {
    const address = newAddress();
    for (let i = 0; i < 10; i++) expect((await ask(h.router, address)).status).toBe(200);
  });
});

describe('WebSockets per address', () => {
  type Outcome = { kind: 'open'; socket: WebSocket } | { kind: 'refused'; status: number; body: string };
  const open = (url: string, address: string) =>
    new Promise<Outcome>((resolve, reject) => {
      const socket = new WebSocket(url, 'graphql-transport-ws', { headers: { 'x-forwarded-for': address } });
      socket.once('open', () => resolve({ kind: 'open', socket }));
      socket.once('unexpected-response', (_req, res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk;
        });
        res.on('end', () => resolve({ kind: 'refused', status: res.statusCode ?? 0, body }));
      });
      socket.once('error', reject);
    });
  const sockets: WebSocket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.terminate();
  });

  it('refuses the connection over the cap with 429 before the upgrade; other addresses connect; closing one frees a slot', async () => {
    const router = await h.startRouter({ TRUST_PROXY: 'loopback', SUBSCRIPTION_MAX_SOCKETS_PER_IP: '3' });
    const crowded = newAddress();
    const opened = await Promise.all([1, 2, 3].map(() => open(router.wsUrl, crowded)));
    for (const outcome of opened) {
      expect(outcome.kind).toBe('open');
      if (outcome.kind === 'open') sockets.push(outcome.socket);
    }
    const refused = await open(router.wsUrl, crowded);
    expect(refused).toMatchObject({ kind: 'refused', status: 429 });
    expect(JSON.parse((refused as { body: string }).body)).toEqual({
      errors: [
        {
          message: expect.stringMatching(/^Too many open connections/),
          extensions: { code: 'RATE_LIMITED' },
        },
      ],
    });

    const other = await open(router.wsUrl, newAddress());
    expect(other.kind).toBe('open');
    if (other.kind === 'open') sockets.push(other.socket);

    const first = sockets[0]!;
    await new Promise<void>((resolve) => {
      first.once('close', () => resolve());
      first.close(1000);
    });
    // The server counts the close when its side of the socket closes, right after the client's.
    let again: Outcome | undefined;
    for (let i = 0; i < 50 && again?.kind !== 'open'; i++) {
      again = await open(router.wsUrl, crowded);
      if (again.kind !== 'open') await new Promise((r) => setTimeout(r, 20));
    }
    expect(again?.kind).toBe('open');
    if (again?.kind === 'open') sockets.push(again.socket);
    expect((await open(router.wsUrl, crowded)).kind).toBe('refused');
  });
});

describe('what an address counts as', () => {
  it('an IPv4 address itself; an IPv6 address its /64', () => {
    expect(addressKey('203.0.113.7')).toBe('203.0.113.7');
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::5')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
  });
});
