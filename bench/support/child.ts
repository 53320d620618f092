import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A bench's share of load in a process of its own (the bench's clients or pages), driven over IPC: the parent
 * `tell`s it messages of type `To` and awaits the next message of a given type from it. An `error` message, or
 * the child's exit, fails every wait.
 */
export interface Child<To, From extends { type: string }> {
  child: ChildProcess;
  next<T extends From['type']>(type: T): Promise<Extract<From, { type: T }>>;
  tell(message: To): void;
}

/** Forks `module` (a URL beside the caller, e.g. `new URL('./fanout-clients.ts', import.meta.url)`) under tsx. */
export function forkChild<To, From extends { type: string }>(
  module: URL,
  execArgv: string[] = [],
  env: Record<string, string> = {},
): Child<To, From> {
  const child = fork(fileURLToPath(module), [], {
    execArgv: ['--import', 'tsx', ...execArgv],
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const name = module.pathname.split('/').pop();
  const inbox: (From | { type: 'error'; message: string })[] = [];
  const waiting: (() => void)[] = [];
  const wake = () => {
    for (const w of waiting.splice(0)) w();
  };
  child.once('exit', (code, signal) => {
    inbox.push({ type: 'error', message: `${name} exited (${code ?? signal})` });
    wake();
  });
  child.on('message', (message: From) => {
    if (message.type === 'error') console.error(`${name}: ${(message as { message?: string }).message}`);
    inbox.push(message);
    wake();
  });
  return {
    child,
    async next(type) {
      for (;;) {
        const index = inbox.findIndex((m) => m.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0] as never;
        const failure = inbox.find((m) => m.type === 'error') as { message: string } | undefined;
        if (failure) throw new Error(failure.message);
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    tell: (message) => child.send(message as object),
  };
}
