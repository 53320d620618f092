import type { Redis } from 'ioredis';
import { queuePassRequired, verifyAdmissionPass } from './admission-pass.ts';

/**
 * The waiting room's Redis contract between the queue subgraph (which owns and writes all of it) and seating
 * (which reads whether a room is on and renews its buyers' slots). Every key lives under the deployment's
 * `REDIS_PREFIX` (ioredis `keyPrefix`); scripts receive them through KEYS so the prefix applies. The queue's
 * README documents each key; this is the one place their names are built.
 */
export function waitingRoomKeys(eventId: string) {
  const key = (name: string) => `queue:${eventId}:${name}`;
  return {
    /** ZSET buyer → join sequence number: the line, strictly in join order. */
    line: key('line'),
    /** ZSET buyer → slot end (epoch ms): the active shoppers. */
    active: key('active'),
    /** SET of buyers who joined before the sale opened (placed at random into the line when it opens). */
    pre: key('pre'),
    /** STRING, set (to the opening time) by the one step that placed the pre-queue: it happens once. */
    opened: key('opened'),
    /** STRING counter: join sequence numbers (INCR). */
    seq: key('seq'),
    /** HASH: mode, paused, capacity, idleMs, passTtlMs and what queue knows of the event's sale window. */
    config: key('config'),
    /** STRING `on` | `off`: whether holds need an admission pass (missing = off). */
    state: key('state'),
    /** HASH buyer → `<admitNo>:<admittedAtMs>:<joinSeq>:<via>` for every buyer holding a slot it was admitted to. */
    admitted: key('admitted'),
    /** HASH buyer → `LEFT` | `EXPIRED`: how a buyer's last ticket ended. */
    gone: key('gone'),
    /** ZSET buyer → join time (epoch ms) while waiting (line or pre-queue): oldest wait. */
    joined: key('joined'),
    /** HASH epoch second → buyers admitted in it: the measured admission rate. */
    admits: key('admits'),
    /** STRING counter: admission numbers (INCR), for pass ids and the audit log. */
    admitSeq: key('admitseq'),
  };
}

/** SET of event ids whose rooms have anything that may change with time: the admission drivers visit them. */
export const WAITING_ROOM_EVENTS_KEY = 'queue:events';

/** `true` while the event's waiting room is on: then seat holds need a valid admission pass. */
export async function isWaitingRoomOn(redis: Redis, eventId: string): Promise<boolean> {
  return (await redis.get(waitingRoomKeys(eventId).state)) === 'on';
}

/**
 * - `renewed`: the buyer holds an active slot; it now lasts another idle period (never past the pass's expiry).
 * - `registered`: the room is off and the buyer had no slot; they now count as an active shopper (so a room
 *   in AUTO mode turns on when shoppers reach capacity, whichever way they came in).
 * - `refused`: the buyer holds no live slot (never admitted, left, or idle too long) and is not registered:
 *   the room is on, or a slot of theirs has ended and waits for queue's next step to collect it.
 */
export type ShopperTouch = 'renewed' | 'registered' | 'refused';

/**
 * What the gate script answers: how it touched the buyer (`unchecked`: not at all), the room's state, and for
 * `registered` the end of the slot it registered.
 */
type GateAnswer = [touch: ShopperTouch | 'unchecked', state: 'on' | 'off', registeredUntil?: number];

// One script for seating's whole check, so a seat hold costs one Redis round trip: the room's state, then the
// buyer's slot. While the room is on, a request without a valid pass (ARGV[3] ~= '1', verified by the caller:
// the pass is a JWT, checked locally) touches nothing.
// KEYS: active, state, config, admitted, events. ARGV: buyer, event id, pass valid ('1' | '0').
const GATE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local user = ARGV[1]
local state = redis.call('GET', KEYS[2]) == 'on' and 'on' or 'off'
if state == 'on' and ARGV[3] ~= '1' then return { 'unchecked', state } end
local idle = tonumber(redis.call('HGET', KEYS[3], 'idleMs') or '') or 120000
local score = redis.call('ZSCORE', KEYS[1], user)
if score then
  if tonumber(score) <= now then return { 'refused', state } end
  local slot_end = now + idle
  local admitted = redis.call('HGET', KEYS[4], user)
  if admitted then
    local ttl = tonumber(redis.call('HGET', KEYS[3], 'passTtlMs') or '') or 600000
    local at = tonumber(string.match(admitted, '^[^:]*:([^:]*)'))
    -- the pass's expiry, in whole seconds as in the JWT
    local pass_end = at and math.floor((at + ttl) / 1000) * 1000
    if pass_end and pass_end < slot_end then slot_end = pass_end end
  end
  if slot_end > tonumber(score) then redis.call('ZADD', KEYS[1], 'XX', slot_end, user) end
  return { 'renewed', state }
end
if state == 'on' then return { 'refused', state } end
redis.call('ZADD', KEYS[1], now + idle, user)
redis.call('SADD', KEYS[5], ARGV[2])
return { 'registered', state, now + idle }
`;

// Gives back a slot the gate registered, unless something renewed it since (then it is in use).
// KEYS: active. ARGV: buyer, the slot end the gate registered.
const GIVE_BACK = `
local score = redis.call('ZSCORE', KEYS[1], ARGV[1])
if score and tonumber(score) == tonumber(ARGV[2]) then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return 1
end
return 0
`;

type WithGate = Redis & {
  waitingRoomGate(...args: string[]): Promise<GateAnswer>;
  waitingRoomGiveBack(...args: string[]): Promise<number>;
};
const prepared = new WeakSet<Redis>();

function gate(redis: Redis, eventId: string, userId: string, passValid: boolean): Promise<GateAnswer> {
  if (!prepared.has(redis)) {
    redis.defineCommand('waitingRoomGate', { numberOfKeys: 5, lua: GATE });
    redis.defineCommand('waitingRoomGiveBack', { numberOfKeys: 1, lua: GIVE_BACK });
    prepared.add(redis);
  }
  const keys = waitingRoomKeys(eventId);
  return (redis as WithGate).waitingRoomGate(
    keys.active,
    keys.state,
    keys.config,
    keys.admitted,
    WAITING_ROOM_EVENTS_KEY,
    userId,
    eventId,
    passValid ? '1' : '0',
  );
}

/**
 * Activity of a buyer in an event (a seat hold, the pass being used): keeps their active slot from expiring
 * for another idle period (`QUEUE_IDLE_SECONDS`). Atomic (one Lua script, Redis' clock). Seating's holds go
 * through `requireAdmission`, which does this in the same round trip as reading the room's state.
 */
export async function touchActiveShopper(
  redis: Redis,
  eventId: string,
  userId: string,
): Promise<ShopperTouch> {
  const [touch] = await gate(redis, eventId, userId, true);
  return touch === 'unchecked' ? 'refused' : touch;
}

/**
 * Seating's gate for a seat hold. While the event's room is on the buyer needs a valid pass for this event
 * AND a live slot; the slot is renewed by the hold. While it is off anyone may hold, and is counted as an
 * active shopper. Throws QUEUE_PASS_REQUIRED (`extensions.reason`: `missing`, `invalid`, `expired`,
 * `other-buyer`, `other-event` or `slot-lost`) otherwise; answers the room's state when it lets the buyer in.
 *
 * One Redis round trip: the pass (an HS256 JWT) is verified here before the script runs, and the script reads
 * the state and touches the slot atomically, so a room turning on between the two can never let anyone in.
 */
export async function requireAdmission(
  redis: Redis,
  passSecret: string,
  request: { eventId: string; userId: string; admissionPass?: string | null },
): Promise<'on' | 'off'> {
  return (await admitShopper(redis, passSecret, request)).state;
}

/** A buyer let in by the gate: the room's state, and what to call when their hold fails. */
export interface Admission {
  state: 'on' | 'off';
  /**
   * Gives back the active-shopper slot this admission registered, if it did (a room that is off counts every
   * holder as a shopper): a failed hold must not keep a slot for the idle period, or a few accounts failing on
   * purpose fill an AUTO room's capacity and push real buyers into the line (issue 16). A slot the buyer had
   * before, or one renewed since by another request, is kept.
   */
  giveBack(): Promise<void>;
}

const NOTHING_TO_GIVE_BACK = async () => {};

/** `requireAdmission` with the slot's give-back: seating's hold path. */
export async function admitShopper(
  redis: Redis,
  passSecret: string,
  request: { eventId: string; userId: string; admissionPass?: string | null },
): Promise<Admission> {
  const { eventId, userId, admissionPass } = request;
  const check = verifyAdmissionPass(passSecret, admissionPass, { userId, eventId });
  const [touch, state, registeredUntil] = await gate(redis, eventId, userId, check.ok);
  const giveBack =
    touch === 'registered' && registeredUntil !== undefined
      ? async () => {
          await (redis as WithGate).waitingRoomGiveBack(
            waitingRoomKeys(eventId).active,
            userId,
            String(registeredUntil),
          );
        }
      : NOTHING_TO_GIVE_BACK;
  if (state === 'off') return { state, giveBack };
  if (!check.ok) throw queuePassRequired(check.reason);
  if (touch === 'refused') throw queuePassRequired('slot-lost');
  return { state, giveBack };
}
