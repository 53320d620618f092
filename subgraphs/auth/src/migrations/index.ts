import { Migration20251125000000_users_and_sessions } from './Migration20251125000000_users_and_sessions.ts';

export const migrations = [
  { name: 'Migration20251125000000_users_and_sessions', class: Migration20251125000000_users_and_sessions },
];
