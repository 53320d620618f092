/**
 * `node --import tsx --import ./parent-watch.ts supervise.ts <command> [args…]`: runs a program that is not
 * Node (the private `redis-server` of `npm start`) so that it, too, stops when the launcher is gone:
 * parent-watch.ts turns the launcher's disappearance into a SIGTERM here, which is passed on to the program.
 * Exits with the program's code.
 */
import { spawn } from 'node:child_process';

const [command, ...args] = process.argv.slice(2);
if (!command) {
  process.stderr.write('usage: supervise.ts <command> [args…]\n');
  process.exit(2);
}
const child = spawn(command, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => child.kill(signal));
}
child.once('error', (err) => {
  process.stderr.write(`supervise: ${command}: ${err.message}\n`);
  process.exit(1);
});
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
