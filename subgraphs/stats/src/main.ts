import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('stats', () => bootstrap(loadConfig(process.env)));
