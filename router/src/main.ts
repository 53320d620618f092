import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('router', () => bootstrap(loadConfig(process.env)));
