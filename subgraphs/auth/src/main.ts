import { runService } from '@tiketi/kit';
import { bootstrap, loadConfig } from './index.ts';

runService('auth', () => bootstrap(loadConfig(process.env)));
