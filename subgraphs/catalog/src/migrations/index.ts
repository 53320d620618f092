import { Migration20251125100000_catalog } from './Migration20251125100000_catalog.ts';
import { Migration20251125170000_outbox } from './Migration20251125170000_outbox.ts';
import { Migration20251125180000_audit_id_default } from './Migration20251125180000_audit_id_default.ts';
import { Migration20261204100000_outbox_notify } from './Migration20261204100000_outbox_notify.ts';

export const migrations = [
  { name: 'Migration20251125100000_catalog', class: Migration20251125100000_catalog },
  { name: 'Migration20251125170000_outbox', class: Migration20251125170000_outbox },
  { name: 'Migration20251125180000_audit_id_default', class: Migration20251125180000_audit_id_default },
  { name: 'Migration20261204100000_outbox_notify', class: Migration20261204100000_outbox_notify },
];
