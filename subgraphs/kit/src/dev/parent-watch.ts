/**
 * Loaded with `node --import` into every process the development launcher starts, and into the launcher
 * itself. When the parent process is gone (the launcher killed with SIGKILL, or the shell that ran `npm start`
 * terminated), the process is re-parented and its `ppid` changes: it then sends itself SIGTERM and so stops
 * the way Ctrl-C stops it (a service drains and exits through the kit's runService). Without this, services
 * live on in their own process groups and hold the ports the next `npm start` needs.
 *
 * Polling `process.ppid` works for every Node child alike (services, Vite, the embedded Postgres) without an
 * IPC channel, which would change how some of them behave.
 */
const parent = process.ppid;
const POLL_MS = 500;
/** A process that ignores SIGTERM (or hangs in its handler) still goes. */
const EXIT_AFTER_MS = 20_000;

const timer = setInterval(() => {
  if (process.ppid === parent) return;
  clearInterval(timer);
  process.stderr.write(`pid ${process.pid}: parent process ${parent} is gone; stopping\n`);
  setTimeout(() => process.exit(1), EXIT_AFTER_MS).unref();
  process.kill(process.pid, 'SIGTERM');
}, POLL_MS);
// Never what keeps a process alive.
timer.unref();
