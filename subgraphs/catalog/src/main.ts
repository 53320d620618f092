import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('catalog', () => bootstrap(loadConfig(process.env)));
