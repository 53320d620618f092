import { runService } from '@tiketi/kit/run';
import { bootstrap, loadConfig } from './index.ts';

runService('router', () => bootstrap(loadConfig(process.env)));
