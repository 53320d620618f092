import { Migration20251127100000_payment } from './Migration20251127100000_payment.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';
import { Migration20261215100000_refund_idempotency_key } from './Migration20261215100000_refund_idempotency_key.ts';
import { Migration20261216100000_refund_seats } from './Migration20261216100000_refund_seats.ts';
import { Migration20261217100000_resale_refunds } from './Migration20261217100000_resale_refunds.ts';

export const migrations = [
  { name: 'Migration20251127100000_payment', class: Migration20251127100000_payment },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
  {
    name: 'Migration20261215100000_refund_idempotency_key',
    class: Migration20261215100000_refund_idempotency_key,
  },
  { name: 'Migration20261216100000_refund_seats', class: Migration20261216100000_refund_seats },
  { name: 'Migration20261217100000_resale_refunds', class: Migration20261217100000_resale_refunds },
];
