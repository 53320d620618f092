import {
  type Admission,
  AppError,
  admitShopper,
  isUuid,
  type Logger,
  notFound,
  queuePassRequired,
  verifyAdmissionPass,
} from '@tiketi/kit';
import type { Redis } from 'ioredis';

/**
 * The waiting room's door on the hold path (queue README, "What seating does with it"). While an event's room
 * is on, a hold needs the buyer's admission pass for that event and a live slot; while it is off anyone may
 * hold. One Redis round trip per hold (`requireAdmission`: the pass is a JWT checked here, the room's state and
 * the buyer's slot are read and renewed by one script), before the hold's own statement.
 *
 * When Redis cannot answer, the room's state is unknown. Holds must not stop for every event because of it
 * (seating's promise: holds keep working while Redis is down), and a room that was on must not open to
 * everyone: a valid pass still lets its buyer in (its signature proves the admission), and events this
 * replica last saw with the room on refuse anyone without one. Rooms never seen on let everyone in.
 */
export class AdmissionGate {
  /** Events whose room was on at this replica's last look; a room seen off leaves it. */
  private readonly roomsOn = new Set<string>();
  private redisAnswering = true;

  constructor(
    private readonly redis: Redis,
    private readonly passSecret: string,
    private readonly log: Logger,
  ) {}

  /**
   * Throws QUEUE_PASS_REQUIRED (or NOT_FOUND for an event id that cannot exist) unless the buyer may hold. The
   * answer's `giveBack` returns a shopper slot this admission registered: call it when the hold fails.
   */
  async admit(
    userId: string,
    eventId: string,
    admissionPass: string | null | undefined,
  ): Promise<Pick<Admission, 'giveBack'>> {
    // The same refusal the hold would give; an id that is not a uuid never reaches the room's keys.
    if (!isUuid(eventId)) throw notFound('Event');
    const key = eventId.toLowerCase();
    const request = { eventId: key, userId, admissionPass };
    // ioredis would queue the command until Redis is back; a hold should not wait for that.
    if (this.redis.status !== 'ready') return this.admitWithoutRedis(request);
    let admission: Admission;
    try {
      admission = await admitShopper(this.redis, this.passSecret, request);
    } catch (err) {
      if (!(err instanceof AppError)) return this.admitWithoutRedis(request, err);
      this.roomsOn.add(key);
      throw err;
    }
    const { state } = admission;
    if (!this.redisAnswering) this.log.info('waiting rooms readable again');
    this.redisAnswering = true;
    if (state === 'on') this.roomsOn.add(key);
    else this.roomsOn.delete(key);
    return { giveBack: () => admission.giveBack().catch(() => undefined) };
  }

  private admitWithoutRedis(
    request: { eventId: string; userId: string; admissionPass: string | null | undefined },
    cause?: unknown,
  ): Pick<Admission, 'giveBack'> {
    if (this.redisAnswering) {
      const reason = cause instanceof Error ? cause.message : `redis ${this.redis.status}`;
      this.log.warn({ reason }, 'waiting rooms unreadable: passes needed only where a room was last seen on');
    }
    this.redisAnswering = false;
    const nothing = { giveBack: async () => {} };
    if (!this.roomsOn.has(request.eventId)) return nothing;
    const check = verifyAdmissionPass(this.passSecret, request.admissionPass, request);
    if (!check.ok) throw queuePassRequired(check.reason);
    return nothing;
  }
}
