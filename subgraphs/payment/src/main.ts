import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('payment', () => bootstrap(loadConfig(process.env)));
