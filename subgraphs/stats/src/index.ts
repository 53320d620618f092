export { bootstrap, type StatsService } from './bootstrap.ts';
export { type Config, loadConfig } from './environment.ts';
