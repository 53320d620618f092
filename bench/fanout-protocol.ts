import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Messages between bench/fanout.ts and its client processes (bench/fanout-clients.ts). */
export type ToClients =
  | { type: 'connect'; url: string; count: number; query: string; variables: Record<string, unknown> }
  | { type: 'seats'; seatIds: string[] }
  | { type: 'sent'; seat: number; at: number }
  | { type: 'finish'; held: number[] };

export type FromClients =
  | { type: 'connected'; handshakesMs: number[]; failed: number }
  | {
      type: 'result';
      histogram: number[];
      delivered: number;
      missed: number;
      messages: number;
      closed: number;
    }
  | { type: 'error'; message: string };

/** Latency histogram: 1 ms buckets up to a minute, the last bucket catches everything later. */
export const HISTOGRAM_BUCKETS = 60_001;

/** A forked bench/fanout-clients.ts process, as bench/fanout.ts and bench/fanout-floor.ts drive it. */
export interface ClientProcess {
  child: ChildProcess;
  next<T extends FromClients['type']>(type: T): Promise<Extract<FromClients, { type: T }>>;
  tell(message: ToClients): void;
}

export function forkClients(): ClientProcess {
  const child = fork(fileURLToPath(new URL('./fanout-clients.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const inbox: FromClients[] = [];
  const waiting: (() => void)[] = [];
  child.once('exit', (code, signal) => {
    inbox.push({ type: 'error', message: `client process exited (${code ?? signal})` });
    for (const wake of waiting.splice(0)) wake();
  });
  child.on('message', (message: FromClients) => {
    if (message.type === 'error') console.error(`client process: ${message.message}`);
    inbox.push(message);
    for (const wake of waiting.splice(0)) wake();
  });
  return {
    child,
    async next(type) {
      for (;;) {
        const index = inbox.findIndex((m) => m.type === type);
        if (index >= 0) return inbox.splice(index, 1)[0] as never;
        const failure = inbox.find((m) => m.type === 'error');
        if (failure?.type === 'error') throw new Error(failure.message);
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    tell: (message) => child.send(message),
  };
}

/** Each client process's share of `clients`. */
export function shareOf(clients: number, processes: number, i: number): number {
  return Math.floor(clients / processes) + (i < clients % processes ? 1 : 0);
}

/** The latency under which a share `p` of the `total` receipts in a 1 ms histogram fell. */
export function percentile(histogram: Uint32Array | number[], total: number, p: number): number {
  const target = Math.ceil(total * p);
  let seen = 0;
  for (let ms = 0; ms < histogram.length; ms++) {
    seen += histogram[ms]!;
    if (seen >= target) return ms;
  }
  return histogram.length - 1;
}

/** Adds up the client processes' histograms. */
export function mergeHistograms(histograms: number[][]): Uint32Array {
  const merged = new Uint32Array(HISTOGRAM_BUCKETS);
  for (const histogram of histograms) {
    histogram.forEach((count, ms) => {
      merged[ms]! += count;
    });
  }
  return merged;
}
