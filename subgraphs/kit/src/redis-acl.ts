import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';
import { SEAT_CHANGED_CHANNEL_PREFIX } from './pubsub.ts';
import { WAITING_ROOM_EVENTS_KEY } from './waiting-room.ts';

/**
 * Redis users for least privilege (issue 15): one user per service with its own password, allowed only the key
 * patterns and commands the service's code uses. Every key and channel carries the deployment's `REDIS_PREFIX`
 * (ioredis' `keyPrefix`, pubsub.ts' channel prefix; the Lua scripts get their keys through KEYS, which ioredis
 * prefixes too), so the patterns below are the prefix followed by each family.
 *
 * `redisAclFile` writes them as a Redis ACL file (the k8s Secret `tiketi-redis-acl`, redis-server --aclfile);
 * `applyRedisAcl` sets them on a running Redis with ACL SETUSER (development and tests).
 *
 * What the patterns cannot confine: the waiting room's Lua scripts (kit/waiting-room.ts, queue's line scripts)
 * run on KEYS only, but they address every room by `queue:<eventId>:*`, so queue (and seating, which reads a room
 * to admit a shopper) may touch any event's room, not only one event's. The event streams are shared by design:
 * every producer may append to, and every consumer read from, any `events:*` stream (topic names are not split by
 * producer), so a service could read a topic it does not consume.
 */

/** The services that talk to Redis: the six subgraphs and the router. */
export const REDIS_SERVICES = ['auth', 'catalog', 'seating', 'queue', 'payment', 'stats', 'router'] as const;
export type RedisService = (typeof REDIS_SERVICES)[number];

/** Commands every ioredis connection sends: AUTH/HELLO on connect, INFO (ready check), PING (health). */
const CONNECTION = ['auth', 'hello', 'ping', 'info', 'quit', 'client|setname'];
/** ioredis `defineCommand` runs EVALSHA and falls back to EVAL; rate-limiter-flexible does the same. Scripts read TIME. */
const SCRIPTS = ['eval', 'evalsha', 'script|load', 'script|exists', 'time'];
const TRANSACTIONS = ['multi', 'exec', 'discard'];
/** kit/events: the outbox relay appends (and trims), consumers read through a group and acknowledge. */
const STREAMS = [
  'xadd',
  'xtrim',
  'xlen',
  'xinfo',
  'xgroup',
  'xreadgroup',
  'xack',
  'xautoclaim',
  'xclaim',
  'xpending',
  'xrange',
  'xrevrange',
];
const STRINGS = [
  'get',
  'set',
  'del',
  'exists',
  'expire',
  'pexpire',
  'persist',
  'incr',
  'incrby',
  'ttl',
  'pttl',
];
const HASHES = ['hset', 'hget', 'hgetall', 'hmget', 'hdel', 'hexists', 'hkeys', 'hlen', 'hincrby'];
const SORTED_SETS = [
  'zadd',
  'zrem',
  'zscore',
  'zrank',
  'zcard',
  'zrange',
  'zrangebyscore',
  'zpopmin',
  'zremrangebyrank',
];
const SETS = ['sadd', 'srem', 'smembers', 'sismember', 'scard'];
const PUBLISH = ['publish'];
const SUBSCRIBE = ['subscribe', 'unsubscribe', 'psubscribe', 'punsubscribe'];

interface Grant {
  /** Key families, without the prefix. */
  keys: string[];
  /** Channel families, without the prefix. */
  channels: string[];
  commands: string[];
}

const waitingRoom = WAITING_ROOM_EVENTS_KEY.split(':')[0]!;

/** What each service's code touches (found by reading it: keys in kit/, each service's modules, the router). */
export const REDIS_GRANTS: Record<RedisService, Grant> = {
  // Login throttle, sign-up rate limit, proof-of-work counters and spent challenges, the API-key cache it fills,
  // revoked sessions it records; its outbox.
  auth: {
    keys: ['login:*', 'ratelimit:*', 'pow:*', 'apikey:*', 'session:revoked:*', 'events:*'],
    channels: [],
    commands: [...STRINGS, ...HASHES, ...SETS, ...SCRIPTS, ...TRANSACTIONS, ...STREAMS],
  },
  catalog: {
    keys: ['events:*'],
    channels: [],
    commands: [...STREAMS, ...TRANSACTIONS],
  },
  // Seat history (a sorted set per event), the waiting room's admission check, seat changes published for the
  // router and its own subscriptions.
  seating: {
    keys: ['seating:*', `${waitingRoom}:*`, 'events:*'],
    channels: [`${SEAT_CHANGED_CHANNEL_PREFIX}*`],
    commands: [
      ...STRINGS,
      ...HASHES,
      ...SORTED_SETS,
      ...SETS,
      ...SCRIPTS,
      ...TRANSACTIONS,
      ...STREAMS,
      ...PUBLISH,
      ...SUBSCRIBE,
    ],
  },
  // The waiting room (Lua scripts over each room's keys), proof of work, its line's live channel.
  queue: {
    keys: [`${waitingRoom}:*`, 'pow:*', 'ratelimit:*', 'events:*'],
    channels: [`${waitingRoom}:*`],
    commands: [
      ...STRINGS,
      ...HASHES,
      ...SORTED_SETS,
      ...SETS,
      ...SCRIPTS,
      ...TRANSACTIONS,
      ...STREAMS,
      ...PUBLISH,
      ...SUBSCRIBE,
    ],
  },
  payment: {
    keys: ['events:*'],
    channels: [],
    commands: [...STREAMS, ...TRANSACTIONS],
  },
  stats: {
    keys: ['events:*'],
    channels: [],
    commands: [...STREAMS, ...TRANSACTIONS],
  },
  // Partner API keys and revoked sessions (read), rate limits, the response cache's seat-change listener.
  router: {
    keys: ['apikey:*', 'session:revoked:*', 'ratelimit:*'],
    channels: [`${SEAT_CHANGED_CHANNEL_PREFIX}*`],
    commands: [...STRINGS, ...SCRIPTS, ...TRANSACTIONS, ...SUBSCRIBE],
  },
};

export interface RedisAclUser {
  service: RedisService;
  name: string;
  password: string;
}

/** A service's ACL rules (after `reset`): on, its password, its keys and channels under `prefix`, its commands. */
export function redisAclRules(
  service: RedisService,
  prefix: string,
  password: { plain: string } | { sha256: string },
): string[] {
  const grant = REDIS_GRANTS[service];
  const commands = [...new Set([...CONNECTION, ...grant.commands])];
  return [
    'on',
    'plain' in password ? `>${password.plain}` : `#${password.sha256}`,
    ...grant.keys.map((k) => `~${prefix}${k}`),
    ...grant.channels.map((c) => `&${prefix}${c}`),
    '-@all',
    ...commands.map((c) => `+${c}`),
  ];
}

/** Logins beside the services' in a deployment's ACL file. */
export interface RedisAclOperators {
  /** The Prometheus exporter beside Redis: INFO and friends, no keys. */
  exporter: { name: string; password: string };
  /** People with a `redis-cli` (incidents, migrations of data): everything. */
  admin: { name: string; password: string };
}

/** What oliver006/redis_exporter sends to collect its metrics; it reads no keys. */
const EXPORTER = [
  'auth',
  'hello',
  'ping',
  'info',
  'select',
  'dbsize',
  'config|get',
  'client|list',
  'client|setname',
  'slowlog',
  'latency',
  'memory|stats',
  'cluster|info',
  'quit',
];

/**
 * The users as a Redis ACL file (`user <name> <rules>` a line; redis-server --aclfile). The `default` user, which
 * every connection starts as, may only PING (the pod's probes run `redis-cli ping`): every client logs in as its
 * service. Passwords are written as SHA-256 hashes unless `plain` is set (the Secret template, whose
 * placeholders an operator replaces).
 */
export function redisAclFile(
  users: RedisAclUser[],
  prefix: string,
  operators: RedisAclOperators,
  options: { plain?: boolean } = {},
): string {
  const password = (p: string) =>
    options.plain ? `>${p}` : `#${createHash('sha256').update(p).digest('hex')}`;
  const lines = [
    'user default on nopass resetkeys resetchannels -@all +ping',
    `user ${operators.exporter.name} on ${password(operators.exporter.password)} resetkeys resetchannels -@all ${EXPORTER.map((c) => `+${c}`).join(' ')}`,
    `user ${operators.admin.name} on ${password(operators.admin.password)} ~* &* +@all`,
  ];
  for (const user of users) {
    const plain = { plain: user.password };
    const rules = redisAclRules(user.service, prefix, plain).map((r) =>
      r === `>${user.password}` ? password(user.password) : r,
    );
    lines.push(`user ${user.name} ${rules.join(' ')}`);
  }
  return `${lines.join('\n')}\n`;
}

/** A copy of a `redis://` URL logging in as `user` (Redis 6+ ACL: `AUTH user password`). */
export function redisUrlAs(url: string, user: string, password: string): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(user);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/**
 * Creates or replaces the users on a running Redis (`ACL SETUSER <name> reset …`), through a connection allowed
 * to (the default user of a development or test Redis). Leaves the default user alone: other deployments and
 * test runs share the server.
 */
export async function applyRedisAcl(adminUrl: string, users: RedisAclUser[], prefix: string): Promise<void> {
  const redis = new Redis(adminUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    for (const user of users) {
      await redis.call(
        'ACL',
        'SETUSER',
        user.name,
        'reset',
        ...redisAclRules(user.service, prefix, { plain: user.password }),
      );
    }
  } finally {
    redis.disconnect();
  }
}

/** Removes users (a test suite's, when it ends); their open connections are closed by Redis. */
export async function removeRedisAcl(adminUrl: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  const redis = new Redis(adminUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    await redis.call('ACL', 'DELUSER', ...names);
  } finally {
    redis.disconnect();
  }
}
