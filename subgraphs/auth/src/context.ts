import type { EntityManager } from '@mikro-orm/postgresql';
import { type BaseContext, byIdLoader, type ProofOfWork } from '@tiketi/kit';
import type { Accounts } from './modules/account/accounts.ts';
import type { ApiKeys } from './modules/api-key/api-keys.ts';
import { User } from './modules/user/user.entity.ts';

export type Loaders = ReturnType<typeof createLoaders>;

export type Context = BaseContext<Loaders> & {
  accounts: Accounts;
  apiKeys: ApiKeys;
  /** The challenge a sign-up solves first (issue 16). */
  proofOfWork: ProofOfWork;
};

export function createLoaders(em: EntityManager) {
  return { user: byIdLoader<User>(em, User) };
}
