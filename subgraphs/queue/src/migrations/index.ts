import { Migration20251127100000_queue } from './Migration20251127100000_queue.ts';

export const migrations = [{ name: 'Migration20251127100000_queue', class: Migration20251127100000_queue }];
