import { createHash, createPublicKey, generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { Logger } from '@tiketi/kit';
import type { SigningKeySource } from '../../environment.ts';

/** A public key as `/.well-known/jwks.json` serves it. */
export interface PublicJwk {
  kty: 'RSA';
  n: string;
  e: string;
  kid: string;
  alg: 'RS256';
  use: 'sig';
}

export interface KeyRing {
  /** The key new access tokens are signed with, and its `kid`. */
  signing: { privateKey: KeyObject; kid: string };
  /** Current key first, then previous keys still accepted until the tokens they signed expire. */
  jwks(): { keys: PublicJwk[] };
}

/** RFC 7638 thumbprint: SHA-256 over the required members in lexicographic order, base64url. */
export function jwkThumbprint(publicKey: KeyObject): string {
  const { e, n } = publicKey.export({ format: 'jwk' });
  return createHash('sha256')
    .update(JSON.stringify({ e, kty: 'RSA', n }))
    .digest('base64url');
}

export function toPublicJwk(publicKey: KeyObject): PublicJwk {
  const { e, n } = publicKey.export({ format: 'jwk' });
  if (!e || !n) throw new Error('not an RSA public key');
  return { kty: 'RSA', n, e, kid: jwkThumbprint(publicKey), alg: 'RS256', use: 'sig' };
}

export async function createKeyRing(
  source: SigningKeySource,
  previousPublicKeys: KeyObject[],
  log: Logger,
): Promise<KeyRing> {
  let privateKey: KeyObject;
  if (source.source === 'configured') {
    privateKey = source.privateKey;
  } else {
    // Only development and test get here (environment.ts requires the key in production). Tokens die with
    // the process and differ between replicas: fine locally, useless anywhere else.
    log.warn(
      'AUTH_JWT_PRIVATE_KEY is not set: signing access tokens with a key generated for this process only',
    );
    ({ privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 }));
  }
  const current = toPublicJwk(createPublicKey(privateKey));
  const keys = [current];
  for (const key of previousPublicKeys) {
    const jwk = toPublicJwk(key);
    if (!keys.some((k) => k.kid === jwk.kid)) keys.push(jwk);
  }
  return { signing: { privateKey, kid: current.kid }, jwks: () => ({ keys }) };
}
