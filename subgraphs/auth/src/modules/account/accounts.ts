import type { EntityManager } from '@mikro-orm/postgresql';
import { AppError, ErrorCode, type Logger, type ProofOfWork, unauthenticated } from '@tiketi/kit';
import type { GoogleVerifier } from '../google/google-id-token.ts';
import { refreshTokenRepository } from '../session/refresh-token.repository.ts';
import type { AccessTokenSigner } from '../token/access-token.ts';
import {
  checkPasswordPolicy,
  hashPassword,
  NAME_MAX,
  normalizeEmail,
  type PasswordVerifier,
  validEmail,
  validName,
} from '../user/credentials.ts';
import type { User } from '../user/user.entity.ts';
import { userRepository } from '../user/user.repository.ts';
import type { LoginThrottle } from './login-throttle.ts';

/** The shape of `AuthPayload`. */
export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  user: User;
}

export interface AccountsDeps {
  accessTokens: AccessTokenSigner;
  verifyPassword: PasswordVerifier;
  verifyGoogleIdToken: GoogleVerifier;
  loginThrottle: LoginThrottle;
  /** Tells the routers that a session's access tokens are no longer good (a deny entry in Redis). */
  endSession(sessionId: string): Promise<void>;
  /** Sign-ups per client address (kit rate limit, shared through Redis). */
  signUpLimit: { consume(key: string): Promise<void> };
  /** The challenge a sign-up solves first (issue 16). */
  proofOfWork: ProofOfWork;
  refreshTokenTtlSeconds: number;
  log: Logger;
}

// One message for a wrong password and for an unknown email: the answer must not reveal who has an account.
const BAD_CREDENTIALS = 'Email or password is incorrect.';
const SESSION_ENDED = 'This session was ended. Log in again.';
const SESSION_EXPIRED = 'Your session has expired. Log in again.';

/** The sign-up, log-in and session flows. Built once; every call runs on the request's EntityManager. */
export function createAccounts(deps: AccountsDeps) {
  const { accessTokens, verifyPassword, loginThrottle, log } = deps;
  const sessions = (em: EntityManager) => refreshTokenRepository(em, deps.refreshTokenTtlSeconds);

  const payload = (user: User, refreshToken: { token: string; familyId: string }): AuthPayload => ({
    accessToken: accessTokens.sign(user, refreshToken.familyId),
    refreshToken: refreshToken.token,
    expiresIn: accessTokens.ttlSeconds,
    user,
  });

  const startSession = async (em: EntityManager, user: User) =>
    payload(user, await sessions(em).start(user.id));

  return {
    async signUp(
      em: EntityManager,
      input: { email: string; password: string; name: string; proof?: string | null },
      clientIp: string,
    ) {
      // Before anything else: a script making accounts in bulk is stopped whatever it sends (issue 16), and
      // each account costs it a solved challenge.
      await deps.signUpLimit.consume(clientIp);
      if (deps.proofOfWork.enabled) await deps.proofOfWork.redeem(input.proof, 'sign-up', '*');
      const email = validEmail(input.email);
      const name = validName(input.name);
      checkPasswordPolicy(input.password, email);
      const created = await userRepository(em).create({
        email,
        name,
        role: 'USER',
        passwordHash: await hashPassword(input.password),
        googleSubject: null,
      });
      if (created.outcome === 'taken') {
        throw new AppError(ErrorCode.CONFLICT, 'An account with this email already exists. Log in instead.', {
          field: 'email',
        });
      }
      log.info({ user: created.user.id }, 'account created');
      return startSession(em, created.user);
    },

    async logIn(em: EntityManager, input: { email: string; password: string }, clientIp: string) {
      // Capped: the email doubles as a Redis key, and no account has a longer one.
      const email = normalizeEmail(input.email).slice(0, 254);
      // Slowed, never locked: see login-throttle.ts. Unknown emails are slowed like accounts, so the answers
      // tell nothing about who has one.
      await loginThrottle.check(email, clientIp);
      const user = await userRepository(em).findByEmail(email);
      // Always one full argon2 verification, account or not, so timing tells nothing either.
      const ok = await verifyPassword(user?.passwordHash, input.password);
      if (!user || !ok) {
        await loginThrottle.failed(email, clientIp);
        throw unauthenticated(BAD_CREDENTIALS);
      }
      await loginThrottle.succeeded(email, clientIp);
      return startSession(em, user);
    },

    async logInWithGoogle(em: EntityManager, idToken: string) {
      const verification = await deps.verifyGoogleIdToken(idToken);
      switch (verification.outcome) {
        case 'expired':
          throw unauthenticated('Your Google sign-in has expired. Sign in with Google again.');
        case 'email-unverified':
          throw unauthenticated(
            'Your Google account email is not verified. Verify it with Google, then try again.',
          );
        case 'invalid':
          log.info({ reason: verification.reason }, 'google id token refused');
          throw unauthenticated('Google sign-in could not be verified. Sign in with Google again.');
        case 'verified':
          break;
      }
      const user = await findOrCreateGoogleUser(em, verification.account);
      return startSession(em, user);
    },

    async refreshSession(em: EntityManager, refreshToken: string) {
      const result = await sessions(em).rotate(refreshToken);
      switch (result.outcome) {
        case 'unknown':
        case 'expired':
          throw unauthenticated(SESSION_EXPIRED);
        case 'revoked':
          throw unauthenticated(SESSION_ENDED);
        case 'reused':
          log.warn({ family: result.familyId }, 'rotated refresh token presented again: session revoked');
          await deps.endSession(result.familyId);
          throw unauthenticated(SESSION_ENDED);
        case 'rotated': {
          const user = await userRepository(em).findById(result.userId);
          if (!user) throw unauthenticated(SESSION_ENDED);
          return payload(user, result.next);
        }
      }
    },

    /**
     * Idempotent: ending an unknown or already ended session is not an error. The session's access tokens stop
     * working too (at every router, within its revocation cache time), not only its refresh tokens.
     */
    async logOut(em: EntityManager, refreshToken: string): Promise<boolean> {
      const sessionId = await sessions(em).revokeFamilyOf(refreshToken);
      if (sessionId) await deps.endSession(sessionId);
      return true;
    },
  };

  async function findOrCreateGoogleUser(
    em: EntityManager,
    account: { subject: string; email: string; name: string | null },
  ): Promise<User> {
    const users = userRepository(em);
    const email = normalizeEmail(account.email);
    // Two first sign-ins racing: the loser's insert hits a unique index; one more look finds the winner's row.
    for (let attempt = 0; attempt < 2; attempt++) {
      const bySubject = await users.findByGoogleSubject(account.subject);
      if (bySubject) return bySubject;
      const byEmail = await users.findByEmail(email);
      if (byEmail) {
        if (byEmail.googleSubject && byEmail.googleSubject !== account.subject) {
          throw new AppError(
            ErrorCode.CONFLICT,
            'This email belongs to an account linked to a different Google account. Log in with that one or with your password.',
          );
        }
        // Google vouched for the address (email_verified), so it is safe to attach this Google login to it.
        await users.linkGoogle(byEmail, account.subject);
        return byEmail;
      }
      const created = await users.create({
        email,
        name: googleName(account.name, email),
        role: 'USER',
        passwordHash: null,
        googleSubject: account.subject,
      });
      if (created.outcome === 'created') {
        log.info({ user: created.user.id }, 'account created with google');
        return created.user;
      }
    }
    throw new AppError(
      ErrorCode.CONFLICT,
      'Signing in with Google collided with another sign-in. Try again.',
    );
  }
}

/** Google's display name when it fits our rules, else the email's local part. */
function googleName(name: string | null, email: string): string {
  const trimmed = name?.trim() ?? '';
  if (trimmed) return trimmed.slice(0, NAME_MAX);
  return email.split('@')[0]!.slice(0, NAME_MAX) || 'TIKETI user';
}

export type Accounts = ReturnType<typeof createAccounts>;
