import { WAITING_ROOM_EVENTS_KEY, waitingRoomKeys } from '@tiketi/kit';
import type { Redis } from 'ioredis';

/**
 * Every change to an event's waiting room is one Lua script: Redis runs a script to the end before anything
 * else, so a step can neither interleave with another (two replicas never admit the same buyer, nor skip one)
 * nor be cut in half (a client that dies mid-call leaves the script running to completion). The clock is
 * Redis' own (`TIME`), one clock for every replica.
 *
 * All scripts take the same keys (below) and start with the same arguments:
 * `eventId, seed, instance, defaultCapacity, idleMs, passTtlMs`, then their own.
 */
export const STREAM_KEY = 'events:queue.admitted';

/** Keys of one event's room, in the order the scripts read them as KEYS[1..14]. */
export function scriptKeys(eventId: string): string[] {
  const k = waitingRoomKeys(eventId);
  return [
    k.line,
    k.active,
    k.pre,
    k.opened,
    k.seq,
    k.config,
    k.state,
    k.admitted,
    k.gone,
    k.joined,
    k.admits,
    k.admitSeq,
    WAITING_ROOM_EVENTS_KEY,
    // The domain-event stream (kit/events): the admission and its event are written by one script.
    STREAM_KEY,
  ];
}
const KEY_COUNT = 14;

/** Admissions per script run: bounds how long one step keeps Redis busy; the driver loops while it is full. */
export const BATCH = 500;

const PRELUDE = `
local K_LINE, K_ACTIVE, K_PRE, K_OPENED, K_SEQ, K_CONFIG, K_STATE = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local K_ADMITTED, K_GONE, K_JOINED, K_ADMITS, K_ADMITSEQ, K_EVENTS, K_STREAM = KEYS[8], KEYS[9], KEYS[10], KEYS[11], KEYS[12], KEYS[13], KEYS[14]
local EVENT_ID, SEED, INSTANCE = ARGV[1], ARGV[2], ARGV[3]
local DEFAULT_CAPACITY, IDLE_MS, PASS_TTL_MS = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local BATCH = ${BATCH}
local clock = redis.call('TIME')
local NOW = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)

local function num(v)
  if v then return tonumber(v) end
  return nil
end

-- What queue knows of the event (written by settings sync): known '1' visible, '0' unknown/draft/deleted,
-- missing when never synced; opensAt/closesAt in epoch ms (0 = already open / already closed).
local function config(write)
  local v = redis.call('HMGET', K_CONFIG, 'known', 'mode', 'paused', 'capacity', 'opensAt', 'closesAt', 'idleMs', 'passTtlMs')
  local c = {
    known = v[1],
    mode = v[2] or 'AUTO',
    paused = v[3] == '1',
    capacity = num(v[4]) or DEFAULT_CAPACITY,
    opensAt = num(v[5]),
    closesAt = num(v[6]),
  }
  -- seating's touch (kit/waiting-room.ts) reads the slot lengths from here
  if write and c.known and (num(v[7]) ~= IDLE_MS or num(v[8]) ~= PASS_TTL_MS) then
    redis.call('HSET', K_CONFIG, 'idleMs', IDLE_MS, 'passTtlMs', PASS_TTL_MS)
  end
  return c
end

local function standing(c)
  if not c.known then return 'missing' end
  if c.known ~= '1' then return 'hidden' end
  if c.closesAt and NOW >= c.closesAt then return 'closed' end
  return 'open'
end

-- Civil date from epoch ms (H. Hinnant's days_from_civil, inverted): occurredAt of domain events.
local function iso(ms)
  local s = math.floor(ms / 1000)
  local days, secs = math.floor(s / 86400), s % 86400
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%03dZ', y, m, d,
    math.floor(secs / 3600), math.floor(secs % 3600 / 60), secs % 60, ms % 1000)
end

-- The pre-queue goes into the line once, when the sale opens, in a uniformly random order: Fisher-Yates whose
-- j comes from SHA1(seed:i) (52 bits; the caller's seed is 32 random bytes, so no one can predict or replay
-- it). Every script calls this first, so no join accepted after the opening is placed before the pre-queue.
local function open_if_due(c)
  if c.opensAt == nil or NOW < c.opensAt then return 0 end
  if redis.call('EXISTS', K_OPENED) == 1 then return 0 end
  redis.call('SET', K_OPENED, NOW)
  local members = redis.call('SMEMBERS', K_PRE)
  local n = #members
  if n == 0 then return 0 end
  for i = n, 2, -1 do
    local h = redis.sha1hex(SEED .. ':' .. i)
    local j = math.floor(tonumber(string.sub(h, 1, 13), 16) / 4503599627370496 * i) + 1
    members[i], members[j] = members[j], members[i]
  end
  local first = redis.call('INCRBY', K_SEQ, n) - n + 1
  local args = {}
  for i = 1, n do
    args[#args + 1] = first + i - 1
    args[#args + 1] = members[i]
    if #args >= 1000 then
      redis.call('ZADD', K_LINE, unpack(args))
      args = {}
    end
  end
  if #args > 0 then redis.call('ZADD', K_LINE, unpack(args)) end
  redis.call('DEL', K_PRE)
  return n
end

-- Slots whose end has passed (no heartbeat, no hold, or the pass ran out) free up.
local function expire_idle()
  local ended = redis.call('ZRANGEBYSCORE', K_ACTIVE, '-inf', NOW, 'LIMIT', 0, BATCH)
  if #ended == 0 then return 0 end
  redis.call('ZREM', K_ACTIVE, unpack(ended))
  for _, user in ipairs(ended) do
    if redis.call('HDEL', K_ADMITTED, user) == 1 then redis.call('HSET', K_GONE, user, 'EXPIRED') end
  end
  return #ended
end

-- Seconds older than the rate's 60 s window are dropped once a quarter-minute of them has piled up: every waiting
-- join reads the whole hash (admission_rate).
local function count_admissions(n)
  local sec = math.floor(NOW / 1000)
  redis.call('HINCRBY', K_ADMITS, sec, n)
  if redis.call('HLEN', K_ADMITS) > 75 then
    for _, f in ipairs(redis.call('HKEYS', K_ADMITS)) do
      if tonumber(f) <= sec - 60 then redis.call('HDEL', K_ADMITS, f) end
    end
  end
end

-- The admission pass's expiry (whole seconds, as in the JWT): no slot outlives its pass.
local function pass_end(admitted_at)
  return math.floor((admitted_at + PASS_TTL_MS) / 1000) * 1000
end

local function admit_user(user, seq, via)
  local no = redis.call('INCR', K_ADMITSEQ)
  redis.call('ZADD', K_ACTIVE, math.min(NOW + IDLE_MS, pass_end(NOW)), user)
  redis.call('HSET', K_ADMITTED, user, no .. ':' .. NOW .. ':' .. (seq or '') .. ':' .. via)
  redis.call('HDEL', K_GONE, user)
  redis.call('ZREM', K_JOINED, user)
  local at = iso(NOW)
  local payload = { eventId = EVENT_ID, userId = user, admitNo = no, via = via, admittedAt = at, by = INSTANCE,
    joinSeq = seq and tonumber(seq) or cjson.null }
  redis.call('XADD', K_STREAM, 'MAXLEN', '~', '100000', '*', 'event', cjson.encode({
    id = 'queue:' .. EVENT_ID .. ':' .. no, topic = 'queue.admitted', key = EVENT_ID, payload = payload,
    occurredAt = at }))
  return no
end

-- Admits from the head of the line, lowest join number first, while there is room (OFF: no limit).
local function admit_from_line(c)
  if c.paused then return 0 end
  local room = BATCH
  if c.mode ~= 'OFF' then room = math.min(BATCH, c.capacity - redis.call('ZCARD', K_ACTIVE)) end
  if room <= 0 then return 0 end
  local popped = redis.call('ZPOPMIN', K_LINE, room)
  local n = #popped / 2
  for i = 1, #popped, 2 do admit_user(popped[i], popped[i + 1], 'line') end
  if n > 0 then count_admissions(n) end
  return n
end

-- ON/OFF as forced; AUTO: on while anyone waits or active shoppers fill the capacity. Also keeps the event in
-- the drivers' set while anything in it can still change with time (slots ending, the sale opening).
local function recompute_state(c)
  local waiting = redis.call('ZCARD', K_LINE) + redis.call('SCARD', K_PRE)
  local active = redis.call('ZCARD', K_ACTIVE)
  local on
  if c.mode == 'ON' then on = true
  elseif c.mode == 'OFF' then on = false
  else on = waiting > 0 or active >= c.capacity end
  local state = on and 'on' or 'off'
  if redis.call('GET', K_STATE) ~= state then redis.call('SET', K_STATE, state) end
  if waiting + active > 0 then redis.call('SADD', K_EVENTS, EVENT_ID) else redis.call('SREM', K_EVENTS, EVENT_ID) end
  return state
end

-- A buyer's ticket: { state, joinSeq, position, opensAt, admitNo, admittedAt, slotEnd } (false = null).
local function ticket(user, opensAt)
  local slot = redis.call('ZSCORE', K_ACTIVE, user)
  if slot then
    local a = redis.call('HGET', K_ADMITTED, user)
    if a then
      local no, at, seq = string.match(a, '^([^:]*):([^:]*):([^:]*)')
      if tonumber(slot) <= NOW then return { 'EXPIRED', num(seq) or false, false, false, false, false, false } end
      return { 'ADMITTED', num(seq) or false, false, false, tonumber(no), tonumber(at), tonumber(slot) }
    end
  end
  local seq = redis.call('ZSCORE', K_LINE, user)
  if seq then
    return { 'WAITING', tonumber(seq), redis.call('ZRANK', K_LINE, user) + 1, false, false, false, false }
  end
  if redis.call('SISMEMBER', K_PRE, user) == 1 then
    return { 'WAITING', false, false, opensAt or false, false, false, false }
  end
  local g = redis.call('HGET', K_GONE, user)
  if g then return { g, false, false, false, false, false, false } end
  return { 'NONE', false, false, false, false, false, false }
end

-- Admissions in the last 60 s and the span they were measured over (ms): the rate ETAs use. The whole hash is
-- read (at most 76 seconds, see count_admissions): an HMGET of the window's 60 fields cost Redis about twice
-- as much, and every waiting join pays it.
local function admission_rate()
  local sec = math.floor(NOW / 1000)
  local counts = redis.call('HGETALL', K_ADMITS)
  local total, oldest = 0, nil
  for i = 1, #counts, 2 do
    local s = tonumber(counts[i])
    if s > sec - 60 and s <= sec then
      total = total + tonumber(counts[i + 1])
      if not oldest or s < oldest then oldest = s end
    end
  end
  if not oldest then return { 0, 0 } end
  return { total, NOW - oldest * 1000 }
end
`;

/** ARGV[7] = buyer → { standing } | { 'open', outcome, moved, state, paused, admittedLastMinute, rateSpanMs, ...ticket } */
const JOIN = `
local c = config(true)
local s = standing(c)
if s ~= 'open' then return { s } end
local moved = open_if_due(c) + expire_idle()
local user = ARGV[7]
local outcome = 'kept'
if redis.call('ZSCORE', K_ACTIVE, user) then
  -- counted as a shopper while the room was off (seating's touch): admitted as they are
  if redis.call('HEXISTS', K_ADMITTED, user) == 0 then admit_user(user, nil, 'direct') end
elseif not (redis.call('ZSCORE', K_LINE, user) or redis.call('SISMEMBER', K_PRE, user) == 1) then
  outcome = 'joined'
  redis.call('HDEL', K_GONE, user)
  redis.call('ZADD', K_JOINED, NOW, user)
  if redis.call('EXISTS', K_OPENED) == 0 and c.opensAt and NOW < c.opensAt then
    redis.call('SADD', K_PRE, user)
  else
    redis.call('ZADD', K_LINE, redis.call('INCR', K_SEQ), user)
  end
end
moved = moved + admit_from_line(c)
local state = recompute_state(c)
local t = ticket(user, c.opensAt)
local rate = t[3] and admission_rate() or { 0, 0 }
return { 'open', outcome, moved, state, c.paused and 1 or 0, rate[1], rate[2], t[1], t[2], t[3], t[4], t[5], t[6], t[7] }
`;

/** ARGV[7] = buyer → { where the buyer was ('line' | 'pre' | 'active') or null, moved } */
const LEAVE = `
local c = config(true)
local moved = open_if_due(c) + expire_idle()
local user = ARGV[7]
local was = false
if redis.call('ZREM', K_LINE, user) == 1 then was = 'line'
elseif redis.call('SREM', K_PRE, user) == 1 then was = 'pre'
elseif redis.call('ZREM', K_ACTIVE, user) == 1 then was = 'active' end
if was then
  local had_ticket = was ~= 'active' or redis.call('HDEL', K_ADMITTED, user) == 1
  if had_ticket then redis.call('HSET', K_GONE, user, 'LEFT') end
  redis.call('ZREM', K_JOINED, user)
  moved = moved + 1
end
moved = moved + admit_from_line(c)
recompute_state(c)
return { was, moved }
`;

/** The admission step the drivers run → { opened, expired, admitted, state } */
const STEP = `
local c = config(true)
local opened = open_if_due(c)
local expired = expire_idle()
local admitted = admit_from_line(c)
return { opened, expired, admitted, recompute_state(c) }
`;

/** ARGV[7] = buyer: renews a live slot (never past the pass's expiry) → { paused, admittedLastMinute, rateSpanMs, ...ticket } */
const HEARTBEAT = `
local c = config(true)
local user = ARGV[7]
local slot = redis.call('ZSCORE', K_ACTIVE, user)
local a = redis.call('HGET', K_ADMITTED, user)
if slot and a and tonumber(slot) > NOW then
  local at = tonumber(string.match(a, '^[^:]*:([^:]*)'))
  local slot_end = math.min(NOW + IDLE_MS, pass_end(at))
  if slot_end > tonumber(slot) then redis.call('ZADD', K_ACTIVE, 'XX', slot_end, user) end
end
local t = ticket(user, c.opensAt)
local rate = t[3] and admission_rate() or { 0, 0 }
return { c.paused and 1 or 0, rate[1], rate[2], t[1], t[2], t[3], t[4], t[5], t[6], t[7] }
`;

/** ARGV[7] = buyer: admits now, ahead of the line, beyond capacity → { forced, moved, ...ticket } */
const FORCE = `
local c = config(true)
local moved = open_if_due(c) + expire_idle()
local user = ARGV[7]
local forced = 0
if not (redis.call('ZSCORE', K_ACTIVE, user) and redis.call('HEXISTS', K_ADMITTED, user) == 1) then
  local seq = redis.call('ZSCORE', K_LINE, user)
  redis.call('ZREM', K_LINE, user)
  redis.call('SREM', K_PRE, user)
  admit_user(user, seq, 'forced')
  forced = 1
end
moved = moved + forced
recompute_state(c)
local t = ticket(user, c.opensAt)
return { forced, moved, t[1], t[2], t[3], t[4], t[5], t[6], t[7] }
`;

/** Read only. ARGV[7..] = buyers → { paused, admittedLastMinute, rateSpanMs, ticket, ticket, … } */
const TICKETS = `
local opensAt = num(redis.call('HGET', K_CONFIG, 'opensAt'))
local paused = redis.call('HGET', K_CONFIG, 'paused') == '1'
local rate = admission_rate()
local out = { paused and 1 or 0, rate[1], rate[2] }
for i = 7, #ARGV do out[#out + 1] = ticket(ARGV[i], opensAt) end
return out
`;

/**
 * Read only, one snapshot → { mode, paused, capacity, state, inLine, preQueue, active, oldestJoinMs,
 * saleStartsAt, admittedLastMinute, rateSpanMs, now }
 */
const STATUS = `
local v = redis.call('HMGET', K_CONFIG, 'mode', 'paused', 'capacity', 'saleStartsAt')
local oldest = redis.call('ZRANGE', K_JOINED, 0, 0, 'WITHSCORES')
local rate = admission_rate()
return { v[1] or false, v[2] == '1' and 1 or 0, num(v[3]) or false, redis.call('GET', K_STATE) or false,
  redis.call('ZCARD', K_LINE), redis.call('SCARD', K_PRE), redis.call('ZCARD', K_ACTIVE),
  oldest[2] and tonumber(oldest[2]) or false, num(v[4]) or false, rate[1], rate[2], NOW }
`;

const SCRIPTS = {
  queueJoin: JOIN,
  queueLeave: LEAVE,
  queueStep: STEP,
  queueHeartbeat: HEARTBEAT,
  queueForceAdmit: FORCE,
  queueTickets: TICKETS,
  queueStatus: STATUS,
} as const;
export type ScriptName = keyof typeof SCRIPTS;

type Reply = (string | number | null | Reply)[];
export type LineRedis = Redis & { [K in ScriptName]: (...args: (string | number)[]) => Promise<Reply> };

/** Registers the scripts on a connection (ioredis runs them with EVALSHA and applies its key prefix to KEYS). */
export function defineLineScripts(redis: Redis): LineRedis {
  for (const [name, body] of Object.entries(SCRIPTS)) {
    if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: KEY_COUNT, lua: PRELUDE + body });
  }
  return redis as LineRedis;
}

export type { Reply };
