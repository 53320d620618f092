import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { jwkThumbprint } from '@tiketi/auth';
import jwt from 'jsonwebtoken';

/** An auth signing key of the bench's own: auth runs on it (`AUTH_JWT_PRIVATE_KEY`), the bench mints with it. */
export interface Keys {
  pem: string;
  privateKey: KeyObject;
  kid: string;
}

export function signingKeys(): Keys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    pem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    privateKey,
    kid: jwkThumbprint(publicKey),
  };
}

/** An access token exactly as auth issues it (access-token.ts), valid for an hour. */
export function accessToken(
  keys: Pick<Keys, 'privateKey' | 'kid'>,
  sub: string,
  role: 'USER' | 'ADMIN',
): string {
  return jwt.sign({ role }, keys.privateKey, {
    algorithm: 'RS256',
    keyid: keys.kid,
    subject: sub,
    issuer: 'tiketi-auth',
    audience: 'tiketi',
    expiresIn: 3_600,
  });
}
