export { bootstrap, type CatalogService } from './bootstrap.ts';
export { type Config, loadConfig } from './environment.ts';
export type { EventStatus } from './modules/event/event-status.ts';
export { SEED_IDS, type SeededCatalog, seedCatalog } from './seed.ts';
