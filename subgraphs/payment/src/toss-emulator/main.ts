import { runService } from '@tiketi/kit';
import { loadEmulatorConfig, startTossEmulator } from './index.ts';

runService('toss-emulator', async () => {
  const emulator = await startTossEmulator(loadEmulatorConfig(process.env));
  process.stdout.write(
    `Toss emulator on ${emulator.url} (checkout page ${emulator.url}/checkout, client key ${emulator.clientKey})\n`,
  );
  return emulator;
});
