import type { Orm, Role } from '@tiketi/kit';
import { hashPassword, validEmail, validName } from './modules/user/credentials.ts';
import type { User } from './modules/user/user.entity.ts';
import { userRepository } from './modules/user/user.repository.ts';

export interface SeedUserInput {
  email: string;
  password: string;
  /** @default 'USER' */
  role?: Role;
  /** @default the email's local part */
  name?: string;
}

/**
 * Creates a user with a password, unless one with that email exists (then returns it unchanged). Skips the
 * sign-up password policy on purpose: seeds and tests need fixed, simple credentials such as the documented
 * development admin. Tests use it to make admins, which sign-up never does.
 */
export async function seedUser(orm: Orm, input: SeedUserInput): Promise<User> {
  const email = validEmail(input.email);
  const users = userRepository(orm.orm.em.fork());
  const existing = await users.findByEmail(email);
  if (existing) return existing;
  const created = await users.create({
    email,
    name: validName(input.name ?? email.split('@')[0]!),
    role: input.role ?? 'USER',
    passwordHash: await hashPassword(input.password),
    googleSubject: null,
  });
  if (created.outcome === 'created') return created.user;
  // Created concurrently by someone else (two replicas seeding at once).
  const winner = await userRepository(orm.orm.em.fork()).findByEmail(email);
  if (!winner) throw new Error(`seedUser: ${email} was taken but cannot be found`);
  return winner;
}

/** The development accounts (SPEC.md). bootstrap runs this in development mode only, never in production. */
export async function seedDevelopment(orm: Orm): Promise<void> {
  await seedUser(orm, {
    email: 'admin@tiketi.gg',
    password: 'admin123',
    role: 'ADMIN',
    name: 'TIKETI Admin',
  });
  await seedUser(orm, {
    email: 'buyer@tiketi.gg',
    password: 'buyer1234',
    role: 'USER',
    name: 'TIKETI Buyer',
  });
}
