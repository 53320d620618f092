import { Migration20261126100000_stats } from './Migration20261126100000_stats.ts';
import { Migration20261126200000_admin_actions } from './Migration20261126200000_admin_actions.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';
import { Migration20261205120000_check_ins } from './Migration20261205120000_check_ins.ts';

export const migrations = [
  { name: 'Migration20261126100000_stats', class: Migration20261126100000_stats },
  { name: 'Migration20261126200000_admin_actions', class: Migration20261126200000_admin_actions },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
  { name: 'Migration20261205120000_check_ins', class: Migration20261205120000_check_ins },
];
