import { hash, verify } from '@node-rs/argon2';
import { badInput } from '@tiketi/kit';

/**
 * Input rules for accounts. They live in one place so signUp, Google sign-in and the seed agree on what an
 * email or a name is.
 */

export const PASSWORD_MIN = 8;
/** Beyond this a "password" is a denial-of-service payload for the hash, not a secret. */
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
const EMAIL_MAX = 254;

const PASSWORD_RULE = `Use ${PASSWORD_MIN} to ${PASSWORD_MAX} characters with at least one letter and one digit, and not your email address.`;

// Deliberately loose: the only real test of an address is mail arriving there. This catches typos such as a
// missing "@" or domain, and whitespace.
const EMAIL_SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/;

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Returns the normalized email, or throws BAD_USER_INPUT for field `email`. */
export function validEmail(email: string): string {
  const normalized = normalizeEmail(email);
  if (normalized.length > EMAIL_MAX || !EMAIL_SHAPE.test(normalized)) {
    throw badInput('Enter a valid email address, like name@example.com.', 'email');
  }
  return normalized;
}

/** Returns the trimmed name, or throws BAD_USER_INPUT for field `name`. */
export function validName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length < 1 || trimmed.length > NAME_MAX) {
    throw badInput(`Enter a name of 1 to ${NAME_MAX} characters.`, 'name');
  }
  return trimmed;
}

/** Throws BAD_USER_INPUT for field `password` naming what is wrong and what is required. */
export function checkPasswordPolicy(password: string, normalizedEmail: string): void {
  const problem =
    password.length < PASSWORD_MIN
      ? 'This password is too short.'
      : password.length > PASSWORD_MAX
        ? 'This password is too long.'
        : !/\p{L}/u.test(password) || !/\p{Nd}/u.test(password)
          ? 'This password needs at least one letter and one digit.'
          : normalizeEmail(password) === normalizedEmail
            ? 'This password is your email address.'
            : null;
  if (problem) throw badInput(`${problem} ${PASSWORD_RULE}`, 'password');
}

/** argon2id (the library default) with its default cost: 19 MiB, 2 passes — the OWASP recommendation. */
export const hashPassword = (password: string): Promise<string> => hash(password);

/**
 * Verifies passwords. When the account does not exist (or has no password) it still runs one full
 * verification against a throw-away hash, so the response time does not tell an attacker which emails have
 * accounts.
 */
export async function createPasswordVerifier() {
  const dummyHash = await hash(`no-such-account-${Math.random()}`);
  return async (storedHash: string | null | undefined, password: string): Promise<boolean> => {
    try {
      const ok = await verify(storedHash ?? dummyHash, password);
      return ok && storedHash != null;
    } catch {
      // A malformed stored hash is a data problem, never a reason to let someone in.
      return false;
    }
  };
}

export type PasswordVerifier = Awaited<ReturnType<typeof createPasswordVerifier>>;
