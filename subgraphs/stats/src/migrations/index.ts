import { Migration20261126100000_stats } from './Migration20261126100000_stats.ts';

export const migrations = [{ name: 'Migration20261126100000_stats', class: Migration20261126100000_stats }];
