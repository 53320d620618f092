import { randomUUID } from 'node:crypto';
import { type EntityManager, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { badInput, type Role, recordEvent, type TopicPayload, Topics } from '@tiketi/kit';
import { User } from './user.entity.ts';

export const SCHEMA = 'auth';

/** `auth.user.registered` (stats counts accounts by day). */
export type UserRegisteredPayload = TopicPayload<typeof Topics.userRegistered>;

/** Names of the unique indexes in the migration: a violation tells which fact was taken. */
const EMAIL_UNIQUE = 'users_email_unique';
const GOOGLE_SUBJECT_UNIQUE = 'users_google_subject_unique';

export interface NewUser {
  /** already normalized (see credentials.ts) */
  email: string;
  name: string;
  role: Role;
  passwordHash: string | null;
  googleSubject: string | null;
}

export type CreateUserResult =
  | { outcome: 'created'; user: User }
  | { outcome: 'taken'; what: 'email' | 'googleSubject' };

/** Domain verbs on users, over the request's EntityManager. */
export function userRepository(em: EntityManager) {
  return {
    findById: (id: string) => em.findOne(User, { id }),
    findByEmail: (email: string) => em.findOne(User, { email }),
    findByGoogleSubject: (googleSubject: string) => em.findOne(User, { googleSubject }),

    /**
     * Admin look-up by part of an email or name, by email. A scan of the users table: admins only, a handful
     * of calls a day, at most 20 rows.
     */
    search(query: string, first: number): Promise<User[]> {
      const text = query.normalize('NFKC').trim().toLowerCase();
      if ([...text].length < 2) return Promise.resolve([]);
      if (text.length > 254) throw badInput('The search text can be at most 254 characters.', 'query');
      const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return em.find(
        User,
        { $or: [{ email: { $like: pattern } }, { name: { $ilike: pattern } }] },
        { orderBy: { email: 'asc' }, limit: Math.min(Math.max(first, 1), 20) },
      );
    },

    /**
     * Inserts a user. Two concurrent sign-ups with one email both pass any "does it exist?" check; the unique
     * index decides, and the loser gets `taken` instead of an error.
     */
    async create(input: NewUser): Promise<CreateUserResult> {
      const user = em.create(User, { id: randomUUID(), createdAt: new Date(), ...input });
      try {
        // The account and its `auth.user.registered` commit together (transactional outbox).
        await em.transactional(async (tx) => {
          await tx.persist(user).flush();
          await recordEvent(tx, SCHEMA, {
            topic: Topics.userRegistered,
            key: user.id,
            payload: {
              userId: user.id,
              method: input.googleSubject ? 'google' : 'password',
              registeredAt: user.createdAt.toISOString(),
            } satisfies UserRegisteredPayload,
          });
        });
        return { outcome: 'created', user };
      } catch (err) {
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        // The failed insert must not be retried by a later flush of this request.
        em.clear();
        const constraint = (err as { constraint?: string }).constraint;
        if (constraint === EMAIL_UNIQUE) return { outcome: 'taken', what: 'email' };
        if (constraint === GOOGLE_SUBJECT_UNIQUE) return { outcome: 'taken', what: 'googleSubject' };
        throw err;
      }
    },

    async linkGoogle(user: User, googleSubject: string): Promise<void> {
      user.googleSubject = googleSubject;
      await em.flush();
    },
  };
}

export type UserRepository = ReturnType<typeof userRepository>;
