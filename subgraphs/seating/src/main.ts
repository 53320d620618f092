import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('seating', () => bootstrap(loadConfig(process.env)));
