import { Migration20251127100000_payment } from './Migration20251127100000_payment.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';

export const migrations = [
  { name: 'Migration20251127100000_payment', class: Migration20251127100000_payment },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
];
