import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import {
  createAssertionSigner,
  createAssertionVerifier,
  RouterAssertionError,
  signRouterAssertion,
  verifyRouterAssertion,
} from '../src/index.ts';

const SECRET = 'a router secret long enough for HS256 in these tests';
const buyer = { identity: { userId: 'u-1', role: 'USER' as const }, clientIp: '10.0.0.1' };

/** An assertion as the router signs it, but with a lifetime of our choosing. */
const signFor = (seconds: number, secret = SECRET) =>
  jwt.sign({ sub: 'u-1', role: 'USER', ip: '10.0.0.1' }, secret, {
    algorithm: 'HS256',
    audience: 'tiketi-subgraph',
    issuer: 'tiketi-router',
    expiresIn: seconds,
  });

describe('the router’s assertion signer', () => {
  it('reuses one header per caller and signs a new one for another user, role, address or anonymous', () => {
    const sign = createAssertionSigner(SECRET);
    const first = sign(buyer);
    expect(sign({ ...buyer })).toBe(first);
    const others = [
      sign({ ...buyer, identity: { userId: 'u-2', role: 'USER' } }),
      sign({ ...buyer, identity: { userId: 'u-1', role: 'ADMIN' } }),
      sign({ ...buyer, clientIp: '10.0.0.2' }),
      sign({ identity: null, clientIp: '10.0.0.1' }),
    ];
    expect(new Set([first, ...others]).size).toBe(5);
    // Each says exactly who it was signed for.
    expect(verifyRouterAssertion(SECRET, first)).toEqual(buyer);
    expect(verifyRouterAssertion(SECRET, others[1])).toEqual({
      identity: { userId: 'u-1', role: 'ADMIN' },
      clientIp: '10.0.0.1',
    });
    expect(verifyRouterAssertion(SECRET, others[3])).toEqual({ identity: null, clientIp: '10.0.0.1' });
  });
});

describe('a subgraph’s assertion verifier', () => {
  it('accepts a valid header again from its cache, and still refuses an edited or foreign one', () => {
    const verify = createAssertionVerifier(SECRET);
    const header = signRouterAssertion(SECRET, buyer);
    expect(verify(header)).toEqual(buyer);
    expect(verify(header)).toEqual(buyer);
    const [head, payload, signature] = header.split('.') as [string, string, string];
    const admin = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'ADMIN' }),
    ).toString('base64url');
    expect(() => verify(`${head}.${admin}.${signature}`)).toThrow(RouterAssertionError);
    expect(() => verify(signRouterAssertion('another secret of the same good length', buyer))).toThrow(
      RouterAssertionError,
    );
    expect(() => verify(undefined)).toThrow(RouterAssertionError);
  });

  it('stops accepting a cached header once it has expired', async () => {
    const verify = createAssertionVerifier(SECRET);
    const header = signFor(1);
    expect(verify(header)).toEqual(buyer);
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(() => verify(header)).toThrow(/expired/);
  });
});
