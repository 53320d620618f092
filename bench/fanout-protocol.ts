import { type Child, forkChild } from './support/child.ts';

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
export type ClientProcess = Child<ToClients, FromClients>;

export const forkClients = (): ClientProcess => forkChild(new URL('./fanout-clients.ts', import.meta.url));

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
