import { Migration20251125100000_catalog } from './Migration20251125100000_catalog.ts';

export const migrations = [
  { name: 'Migration20251125100000_catalog', class: Migration20251125100000_catalog },
];
