import { Migration20251126100000_seating } from './Migration20251126100000_seating.ts';
import { Migration20251127100000_hold_function } from './Migration20251127100000_hold_function.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';
import { Migration20261205000000_one_active_hold } from './Migration20261205000000_one_active_hold.ts';
import { Migration20261205100000_tickets } from './Migration20261205100000_tickets.ts';
import { Migration20261205110000_hold_retention } from './Migration20261205110000_hold_retention.ts';
import { Migration20261205130000_resale } from './Migration20261205130000_resale.ts';
import { Migration20261205140000_sale_window } from './Migration20261205140000_sale_window.ts';

export const migrations = [
  { name: 'Migration20251126100000_seating', class: Migration20251126100000_seating },
  { name: 'Migration20251127100000_hold_function', class: Migration20251127100000_hold_function },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
  { name: 'Migration20261205000000_one_active_hold', class: Migration20261205000000_one_active_hold },
  { name: 'Migration20261205100000_tickets', class: Migration20261205100000_tickets },
  { name: 'Migration20261205110000_hold_retention', class: Migration20261205110000_hold_retention },
  { name: 'Migration20261205130000_resale', class: Migration20261205130000_resale },
  { name: 'Migration20261205140000_sale_window', class: Migration20261205140000_sale_window },
];
