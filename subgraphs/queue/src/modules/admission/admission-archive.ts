import {
  type Consumer,
  type DomainEvent,
  type Logger,
  type Orm,
  Topics,
  topicPayloads,
  whenConnected,
} from '@tiketi/kit';
import type { Redis } from 'ioredis';
import { STREAM_KEY } from '../line/scripts.ts';
import { type QueueAdmitted, recordAdmissions } from './admission-log.ts';

export interface AdmissionArchiveOptions {
  orm: Orm;
  /** A command connection; the archive duplicates it for its blocking reads. */
  redis: Redis;
  log: Logger;
  /** Admissions per read and per insert. @default 500 */
  batchSize?: number;
  /** Re-read admissions left unacknowledged this long (their reader died). @default 15000 */
  claimIdleMs?: number;
  /** Longest blocking read; bounds how long `stop()` waits. @default 1000 */
  blockMs?: number;
}

const GROUP = 'queue-audit';

/**
 * Copies `queue.admitted` from its stream into the Postgres audit log (`queue.admissions`), a batch per
 * statement. The kit's event consumer handles one event per transaction (and inbox row), ≈ 2–3 ms each here:
 * a big sale admits faster than that. The audit table's key makes each insert idempotent, so no inbox is needed;
 * delivery is at least once like every stream consumer (consumer group, ack after the insert, unacknowledged
 * entries of a dead replica are claimed after `claimIdleMs`). Other services consume the same stream with their
 * own groups.
 */
export function startAdmissionArchive(options: AdmissionArchiveOptions): Consumer {
  const { orm, log } = options;
  const batchSize = options.batchSize ?? 500;
  const claimIdleMs = options.claimIdleMs ?? 15_000;
  const reader = options.redis.duplicate({ enableOfflineQueue: false });
  reader.on('error', (err) => log.warn({ err: err.message }, 'admission archive redis error'));
  const name = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  let state: { phase: 'running' } | { phase: 'stopping' } = { phase: 'running' };

  const archive = async (entries: [string, string[] | null][]) => {
    const admissions: QueueAdmitted[] = [];
    for (const [id, fields] of entries) {
      try {
        const event = JSON.parse(fields?.[fields.indexOf('event') + 1] ?? '') as DomainEvent;
        admissions.push(topicPayloads[Topics.queueAdmitted].parse(event.payload));
      } catch {
        log.error({ id }, 'unreadable queue.admitted dropped from the audit log');
      }
    }
    await recordAdmissions(orm.orm.em.fork(), admissions);
    if (entries.length > 0) await reader.xack(STREAM_KEY, GROUP, ...entries.map(([id]) => id));
  };

  const loop = (async () => {
    let lastClaim = 0;
    let grouped = false;
    while (state.phase === 'running') {
      try {
        await whenConnected(reader);
        if (!grouped) {
          await reader.xgroup('CREATE', STREAM_KEY, GROUP, '0', 'MKSTREAM').catch((err: Error) => {
            if (!err.message.includes('BUSYGROUP')) throw err;
          });
          grouped = true;
        }
        if (Date.now() - lastClaim > claimIdleMs / 3) {
          lastClaim = Date.now();
          const [, claimed] = (await reader.xautoclaim(
            STREAM_KEY,
            GROUP,
            name,
            claimIdleMs,
            '0',
            'COUNT',
            batchSize,
          )) as [string, [string, string[] | null][]];
          await archive(claimed);
        }
        const res = (await reader.xreadgroup(
          'GROUP',
          GROUP,
          name,
          'COUNT',
          batchSize,
          'BLOCK',
          options.blockMs ?? 1_000,
          'STREAMS',
          STREAM_KEY,
          '>',
        )) as [string, [string, string[]][]][] | null;
        for (const [, entries] of res ?? []) await archive(entries);
      } catch (err) {
        if (state.phase !== 'running') break;
        // Not acknowledged: the entries stay pending and are claimed again.
        log.warn({ err: (err as Error).message }, 'admission archive round failed; retrying');
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  })();

  return {
    async drain(timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const groups = (await options.redis.xinfo('GROUPS', STREAM_KEY).catch(() => [])) as unknown[][];
        const mine = groups
          .map((g) =>
            Object.fromEntries(Array.from({ length: g.length / 2 }, (_, i) => [g[2 * i], g[2 * i + 1]])),
          )
          .find((g) => g.name === GROUP) as { pending: number; lag: number | null } | undefined;
        if (mine && Number(mine.pending) + Number(mine.lag ?? 0) === 0) return;
        if (Date.now() > deadline) throw new Error('admission archive did not drain');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      state = { phase: 'stopping' };
      reader.disconnect();
      await Promise.race([loop, new Promise((r) => setTimeout(r, 5_000).unref())]);
    },
  };
}
