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
