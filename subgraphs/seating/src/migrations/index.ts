import { Migration20251126100000_seating } from './Migration20251126100000_seating.ts';

export const migrations = [
  { name: 'Migration20251126100000_seating', class: Migration20251126100000_seating },
];
