import { Migration20251125000000_users_and_sessions } from './Migration20251125000000_users_and_sessions.ts';
import { Migration20261126000000_outbox } from './Migration20261126000000_outbox.ts';
import { Migration20261126200000_api_keys } from './Migration20261126200000_api_keys.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';

export const migrations = [
  { name: 'Migration20251125000000_users_and_sessions', class: Migration20251125000000_users_and_sessions },
  { name: 'Migration20261126000000_outbox', class: Migration20261126000000_outbox },
  { name: 'Migration20261126200000_api_keys', class: Migration20261126200000_api_keys },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
];
