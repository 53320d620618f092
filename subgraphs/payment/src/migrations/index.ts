import { Migration20251127100000_payment } from './Migration20251127100000_payment.ts';

export const migrations = [
  { name: 'Migration20251127100000_payment', class: Migration20251127100000_payment },
];
