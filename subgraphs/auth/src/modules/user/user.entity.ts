import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.uuid().primary(),
    /** Stored trimmed and lowercased (a check constraint insists), so the unique index is case-insensitive. */
    email: p.string().length(254),
    name: p.string().length(100),
    /** argon2id PHC string; null for an account that only ever signed in with Google. */
    passwordHash: p.text().nullable(),
    /** Google's stable account id (`sub` of its ID tokens); null until the user signs in with Google. */
    googleSubject: p.string().length(255).nullable(),
    role: p.enum(['USER', 'ADMIN']),
    createdAt: p.datetime(),
  }),
});

export type User = InferEntity<typeof User>;
