import { randomBytes } from 'node:crypto';
import { waitingRoomKeys } from '@tiketi/kit';
import type { Redis } from 'ioredis';
import {
  BATCH,
  defineLineScripts,
  type LineRedis,
  type Reply,
  type ScriptName,
  scriptKeys,
} from './scripts.ts';
import {
  admissionRate,
  type PassIssuer,
  type QueueMode,
  type QueueStatusView,
  type QueueTicketView,
  toStatus,
  toTicket,
} from './views.ts';

export interface LineOptions {
  /** Active shoppers allowed at once for an event without settings. */
  defaultCapacity: number;
  /** A slot ends this long after the buyer's last sign of activity. */
  idleMs: number;
  passes: PassIssuer;
  /** Names this process in admission records (`by`), so a test can tell which replica admitted whom. */
  instance: string;
}

/** What queue knows of an event, as the scripts read it from the config hash. */
export interface EventConfig {
  /** Buyers may see it: in catalog's announcements, not a draft, not deleted. */
  visible: boolean;
  mode: QueueMode;
  paused: boolean;
  capacity: number;
  /** When the pre-queue is placed into the line (epoch ms; 0: open now); null when the sale window is unknown. */
  opensAt: number | null;
  /** When joining ends (epoch ms; 0: closed); null when unknown. */
  closesAt: number | null;
  saleStartsAt: number | null;
}

export type JoinResult =
  | { outcome: 'missing' | 'hidden' | 'closed' }
  | { outcome: 'joined' | 'kept'; moved: number; ticket: QueueTicketView };

export interface StepResult {
  opened: number;
  expired: number;
  admitted: number;
  state: 'on' | 'off';
}

/**
 * One event's waiting room at a time, through the Lua scripts (scripts.ts). Stateless on this side: any
 * number of instances in any number of processes can share a Redis.
 */
export class WaitingLine {
  readonly redis: LineRedis;
  private readonly seeds = new SeedPool();

  constructor(
    redis: Redis,
    readonly options: LineOptions,
  ) {
    this.redis = defineLineScripts(redis);
  }

  private args(eventId: string, ...extra: string[]): string[] {
    const { options } = this;
    return [
      ...scriptKeys(eventId),
      eventId,
      // Used only by the call that opens the sale: 256 bits nobody can predict (the pre-queue shuffle).
      this.seeds.next(),
      options.instance,
      String(options.defaultCapacity),
      String(options.idleMs),
      String(options.passes.ttlMs),
      ...extra,
    ];
  }

  private run(name: ScriptName, eventId: string, ...extra: string[]): Promise<Reply> {
    return this.redis[name](...this.args(eventId, ...extra));
  }

  /** Idempotent per buyer: a rejoin keeps the place in line (or the slot). */
  async join(eventId: string, userId: string): Promise<JoinResult> {
    const reply = await this.run('queueJoin', eventId, userId);
    const [standing, outcome, moved] = reply;
    if (standing !== 'open') return { outcome: standing as 'missing' | 'hidden' | 'closed' };
    const ticket = toTicket(
      eventId,
      userId,
      reply.slice(7),
      this.options.passes,
      rateFrom(reply.slice(4, 7)),
    );
    if (!ticket) throw new Error(`join of ${userId} to ${eventId} left no ticket`);
    return { outcome: outcome as 'joined' | 'kept', moved: Number(moved), ticket };
  }

  /** Leaves the line, the pre-queue or the slot (a purchase completes the same way). Everyone behind moves up. */
  async leave(
    eventId: string,
    userId: string,
  ): Promise<{ was: 'line' | 'pre' | 'active' | null; moved: number }> {
    const [was, moved] = await this.run('queueLeave', eventId, userId);
    return { was: (was as 'line' | 'pre' | 'active' | null) ?? null, moved: Number(moved) };
  }

  /** One admission step: opens the sale if due, ends idle slots, admits from the head while there is room. */
  async step(eventId: string): Promise<StepResult> {
    const [opened, expired, admitted, state] = await this.run('queueStep', eventId);
    return {
      opened: Number(opened),
      expired: Number(expired),
      admitted: Number(admitted),
      state: state as 'on' | 'off',
    };
  }

  /** Steps until a step admits and expires less than a full batch (a long line fills the room in one go). */
  async stepAll(eventId: string): Promise<StepResult> {
    const total: StepResult = { opened: 0, expired: 0, admitted: 0, state: 'off' };
    for (;;) {
      const r = await this.step(eventId);
      total.opened += r.opened;
      total.expired += r.expired;
      total.admitted += r.admitted;
      total.state = r.state;
      if (r.admitted < BATCH && r.expired < BATCH) return total;
    }
  }

  async heartbeat(eventId: string, userId: string): Promise<QueueTicketView | null> {
    const reply = await this.run('queueHeartbeat', eventId, userId);
    return toTicket(eventId, userId, reply.slice(3), this.options.passes, rateFrom(reply.slice(0, 3)));
  }

  async forceAdmit(
    eventId: string,
    userId: string,
  ): Promise<{ forced: boolean; moved: number; ticket: QueueTicketView }> {
    const reply = await this.run('queueForceAdmit', eventId, userId);
    const ticket = toTicket(eventId, userId, reply.slice(2), this.options.passes, {
      value: null,
      paused: false,
    });
    if (!ticket) throw new Error(`force-admit of ${userId} to ${eventId} left no ticket`);
    return { forced: Number(reply[0]) === 1, moved: Number(reply[1]), ticket };
  }

  async ticket(eventId: string, userId: string): Promise<QueueTicketView | null> {
    return (await this.tickets(eventId, [userId]))[0] ?? null;
  }

  /** Many buyers' tickets of one event, a few hundred per script call. */
  async tickets(eventId: string, userIds: readonly string[]): Promise<(QueueTicketView | null)[]> {
    const out: (QueueTicketView | null)[] = [];
    for (let i = 0; i < userIds.length; i += BATCH) {
      const chunk = userIds.slice(i, i + BATCH);
      const reply = await this.run('queueTickets', eventId, ...chunk);
      const rate = rateFrom(reply.slice(0, 3));
      const tickets = reply.slice(3);
      chunk.forEach((userId, j) => {
        out.push(toTicket(eventId, userId, tickets[j] as Reply, this.options.passes, rate));
      });
    }
    return out;
  }

  /** Live statuses of many events, one pipelined round trip. */
  async statuses(eventIds: readonly string[]): Promise<QueueStatusView[]> {
    const pipeline = this.redis.pipeline() as unknown as Record<ScriptName, (...a: string[]) => void> & {
      exec(): Promise<[Error | null, unknown][] | null>;
    };
    for (const id of eventIds) pipeline.queueStatus(...this.args(id));
    const results = (await pipeline.exec()) ?? [];
    return eventIds.map((id, i) => {
      const [err, reply] = results[i] ?? [new Error('no reply'), null];
      if (err) throw err;
      return toStatus(id, reply as Reply, this.options.defaultCapacity);
    });
  }

  /**
   * Writes what queue knows of an event into the config hash the scripts read. An event queue has never heard
   * of is remembered as such only briefly (`expireSeconds`), so requests for random ids cannot fill Redis.
   */
  async writeConfig(
    eventId: string,
    config: EventConfig,
    expireSeconds: number | null = null,
  ): Promise<void> {
    const key = waitingRoomKeys(eventId).config;
    const fields: Record<string, string> = {
      known: config.visible ? '1' : '0',
      mode: config.mode,
      paused: config.paused ? '1' : '0',
      capacity: String(config.capacity),
      idleMs: String(this.options.idleMs),
      passTtlMs: String(this.options.passes.ttlMs),
    };
    const cleared: string[] = [];
    for (const name of ['opensAt', 'closesAt', 'saleStartsAt'] as const) {
      const value = config[name];
      if (value === null) cleared.push(name);
      else fields[name] = String(value);
    }
    const tx = this.redis.multi().hset(key, fields);
    if (cleared.length) tx.hdel(key, ...cleared);
    if (expireSeconds === null) tx.persist(key);
    else tx.expire(key, expireSeconds);
    await tx.exec();
  }
}

const SEED_BYTES = 32;

/**
 * Fresh 256-bit seeds, one per script call, read from the CSPRNG 128 at a time: every call must carry a seed
 * (the script, not the caller, knows whether this call opens the sale), and one `randomBytes` per call cost more
 * of a join's CPU than the rest of building its arguments. Each seed is still used once and never reused.
 */
class SeedPool {
  private pool = Buffer.alloc(0);
  private offset = 0;

  next(): string {
    if (this.offset >= this.pool.length) {
      this.pool = randomBytes(SEED_BYTES * 128);
      this.offset = 0;
    }
    const seed = this.pool.toString('hex', this.offset, this.offset + SEED_BYTES);
    this.offset += SEED_BYTES;
    return seed;
  }
}

/** `[paused, admittedLastMinute, rateSpanMs]` of a script reply. */
function rateFrom([paused, admitted, spanMs]: Reply): { value: number | null; paused: boolean } {
  return { value: admissionRate(Number(admitted), Number(spanMs)), paused: Number(paused) === 1 };
}
