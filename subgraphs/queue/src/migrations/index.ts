import { Migration20251127100000_queue } from './Migration20251127100000_queue.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';

export const migrations = [
  { name: 'Migration20251127100000_queue', class: Migration20251127100000_queue },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
];
