import { type Logger, WAITING_ROOM_EVENTS_KEY } from '@tiketi/kit';
import type { WaitingLine } from '../line/waiting-line.ts';

export interface AdmissionDriverOptions {
  line: WaitingLine;
  log: Logger;
  /** Told about every event whose line moved, so subscribed buyers hear of it. */
  onMoved?(eventId: string): void;
  /**
   * How often every event with anything time-dependent (slots ending, the sale opening) gets an admission step.
   * Leaves and purchases admit within their own script; this bounds the delay after an idle slot ends.
   * @default 200
   */
  tickMs?: number;
}

export interface AdmissionDriver {
  /** One round over every event now (tests). */
  tick(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The loop every replica runs. Replicas do not coordinate: each step is one atomic script, so two replicas
 * stepping the same event at once admit each buyer once, in order, and a replica killed mid-step leaves either
 * the whole step done or none of it.
 */
export function startAdmissionDriver(options: AdmissionDriverOptions): AdmissionDriver {
  const { line, log } = options;
  const tickMs = options.tickMs ?? 200;
  let state: { phase: 'running'; timer?: NodeJS.Timeout } | { phase: 'stopped' } = { phase: 'running' };
  let round: Promise<void> = Promise.resolve();

  const tick = () => {
    round = round.then(async () => {
      const eventIds = await line.redis.smembers(WAITING_ROOM_EVENTS_KEY);
      await Promise.all(
        eventIds.map(async (eventId) => {
          const r = await line.stepAll(eventId);
          if (r.opened + r.expired + r.admitted > 0) options.onMoved?.(eventId);
        }),
      );
    });
    return round;
  };

  const loop = async () => {
    if (state.phase !== 'running') return;
    try {
      await tick();
    } catch (err) {
      // Redis unreachable: nothing was half-done (scripts are atomic); the next round retries.
      log.warn({ err: (err as Error).message }, 'admission round failed; will retry');
      round = Promise.resolve();
    }
    if (state.phase === 'running') state.timer = setTimeout(loop, tickMs);
  };
  state.timer = setTimeout(loop, 0);

  return {
    tick,
    async stop() {
      if (state.phase === 'running' && state.timer) clearTimeout(state.timer);
      state = { phase: 'stopped' };
      await round.catch(() => undefined);
    },
  };
}
