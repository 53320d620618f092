import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('queue', () => bootstrap(loadConfig(process.env)));
