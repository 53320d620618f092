import jwt from 'jsonwebtoken';
import jwksRsa from 'jwks-rsa';

/** Both spellings appear in real Google ID tokens. */
const GOOGLE_ISSUERS: [string, string] = ['accounts.google.com', 'https://accounts.google.com'];

export interface GoogleAccount {
  /** Google's stable account id. Emails can change hands; `sub` never does. */
  subject: string;
  email: string;
  name: string | null;
}

export type GoogleVerification =
  | { outcome: 'verified'; account: GoogleAccount }
  | { outcome: 'expired' }
  | { outcome: 'email-unverified' }
  | { outcome: 'invalid'; reason: string };

export interface GoogleVerifierOptions {
  /** Our OAuth client id: the `aud` every accepted token must carry. */
  clientId: string;
  /** @default https://www.googleapis.com/oauth2/v3/certs */
  jwksUrl: string;
}

export function createGoogleVerifier(options: GoogleVerifierOptions) {
  // Google rotates keys every few days and publishes them ahead of use: a cached set is nearly always current,
  // and the rate limit keeps a flood of tokens with made-up `kid`s from hammering Google on our behalf.
  const keys = jwksRsa({
    jwksUri: options.jwksUrl,
    cache: true,
    cacheMaxAge: 60 * 60 * 1000,
    rateLimit: true,
    jwksRequestsPerMinute: 10,
    timeout: 5_000,
  });

  return async function verifyGoogleIdToken(idToken: string): Promise<GoogleVerification> {
    const decoded = jwt.decode(idToken, { complete: true });
    // Decide the algorithm before touching any key: `alg: none` and HMAC tricks never reach verification.
    if (decoded?.header.alg !== 'RS256' || !decoded.header.kid) {
      return { outcome: 'invalid', reason: 'not an RS256 token with a key id' };
    }
    let publicKey: string;
    try {
      publicKey = (await keys.getSigningKey(decoded.header.kid)).getPublicKey();
    } catch (err) {
      if ((err as Error).name === 'SigningKeyNotFoundError')
        return { outcome: 'invalid', reason: 'unknown key id' };
      // Google's key endpoint unreachable: our problem, not the user's token.
      throw err;
    }
    let claims: jwt.JwtPayload;
    try {
      claims = jwt.verify(idToken, publicKey, {
        algorithms: ['RS256'],
        audience: options.clientId,
        issuer: GOOGLE_ISSUERS,
        clockTolerance: 10,
      }) as jwt.JwtPayload;
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) return { outcome: 'expired' };
      return { outcome: 'invalid', reason: (err as Error).message };
    }
    if (typeof claims.sub !== 'string' || !claims.sub || typeof claims.email !== 'string') {
      return { outcome: 'invalid', reason: 'missing sub or email' };
    }
    if (claims.email_verified !== true) return { outcome: 'email-unverified' };
    return {
      outcome: 'verified',
      account: {
        subject: claims.sub,
        email: claims.email,
        name: typeof claims.name === 'string' ? claims.name : null,
      },
    };
  };
}

export type GoogleVerifier = ReturnType<typeof createGoogleVerifier>;
