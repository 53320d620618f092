/**
 * `npm run bench:queue`: an on-sale's crowd joins the waiting room. 100,000 buyers join one event's line through
 * the router (`joinQueue` over HTTP, keep-alive connections, a fixed number of requests in flight), the sale
 * already open, the room forced ON with a small capacity and its slots taken (by `capacity` other buyers who
 * joined just before), so every buyer of the crowd waits in line. Meanwhile the line moves: admitted shoppers do
 * nothing, so their slots end after QUEUE_IDLE_SECONDS and the next in line are admitted (by whichever script
 * runs next: a join, or the queue's admission driver). Prints joins/s, p50/p99 join latency, admissions/s, how
 * long a freed slot stayed empty, the largest position error, and each process's CPU per join.
 *
 * Each service runs as its own process, as deployed; the load generator, Postgres and Redis share the 2 cores
 * with them. Access tokens are signed up front with auth's key (in worker threads, and cached in the temp
 * directory for the next runs within a day: 100,000 RS256 signatures took two minutes here), so signing in is
 * not part of the figure. A warm-up crowd (the first BENCH_WARMUP buyers) joins another event first. A run takes
 * about 3.5 minutes on the 2-core development machine when nothing else runs (6–9 minutes when other work takes
 * half of it); BENCH_BUYERS=30000 is a quicker look.
 *
 * Position error, precisely. Every accepted join gets the next join number `s` (QueueTicket.number, one INCR per
 * event) and, while waiting, a position `p`, both computed in the one Lua script that accepted the join. Nobody
 * leaves the line in this bench except by admission, and admission only ever takes someone who joined earlier,
 * so the position a join must be told is `s − A`, where A is the number of this event's admissions that Redis ran
 * before that join's script. The bench learns when each join ran from the room's `joined` sorted set (buyer →
 * Redis' clock in ms at the join; read every 100 ms during the run, since admission removes the entry) and when
 * each admission ran from the `queue.admitted` stream (`admittedAt`, the same clock). Admissions stamped before
 * the join's millisecond certainly ran before it, those after it certainly after; those in the same millisecond
 * may have run on either side (or inside the join's own script), so A lies in [lo, hi] = [admissions stamped
 * before the join's ms, admissions stamped at or before it]. A join the bench never saw in `joined` (admitted
 * within 100 ms) is bracketed by the nearest joins it saw (Redis runs joins one at a time, in number order) and
 * by its own admission, which widens [lo, hi]. A join's position error is how far `p` lies outside
 * [s − hi, s − lo] (0 inside). The largest over all waiting joins must be 0. Also checked, exactly: the join
 * numbers follow the room's first `capacity` joins, each once, and admission order equals join order (the k-th
 * admission took join number k).
 *
 * Options (env): BENCH_BUYERS (100000), BENCH_CONCURRENCY (128), BENCH_WARMUP (2000 joins to a warm-up event),
 * BENCH_CAPACITY (100 active shoppers), BENCH_IDLE_SECONDS (1: an admitted shopper's slot length, so about
 * capacity / idle admissions per second; keep that well under the join rate, or the line runs empty and joins
 * are admitted at once), BENCH_CPU_PROFILE (a directory: router and queue run with --cpu-prof and write their
 * profiles there), BENCH_POW (1: the waiting room asks for proof of work, issue 16 — each join is then a
 * `joinChallenge` request, a solve in the load generator, and the join with its proof; the difficulty is the
 * lowest, 2, so the load generator's solving stays small, at the production cost of 1,000 PBKDF2 iterations:
 * what the services spend per challenge does not depend on the difficulty).
 */

import { type ChildProcess, spawn } from 'node:child_process';
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomUUID,
} from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { jwkThumbprint } from '@tiketi/auth';
import { SEED_IDS } from '@tiketi/catalog';
import { Redis } from 'ioredis';
import jwt from 'jsonwebtoken';
import { DEV_SECRETS } from '../subgraphs/kit/src/config.ts';
import { solveProofOfWork } from '../subgraphs/kit/src/proof-of-work.ts';
import { createTestInfra } from '../subgraphs/kit/src/testing/index.ts';
import { waitingRoomKeys } from '../subgraphs/kit/src/waiting-room.ts';
import { STREAM_KEY } from '../subgraphs/queue/src/modules/line/scripts.ts';
import { graphqlClient } from './support/http.ts';
import { cpuMs, freePort, machineBusyMs, numberEnv, pidsOf, sleep, waitReady } from './support/machine.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BUYERS = numberEnv('BENCH_BUYERS', 100_000);
const CONCURRENCY = numberEnv('BENCH_CONCURRENCY', 128);
const WARMUP = Math.min(numberEnv('BENCH_WARMUP', 2_000), BUYERS);
const CAPACITY = numberEnv('BENCH_CAPACITY', 100);
const IDLE_SECONDS = numberEnv('BENCH_IDLE_SECONDS', 1);
const CPU_PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
const POW = process.env.BENCH_POW === '1';
const ROUTER_SECRET = DEV_SECRETS.ROUTER_SECRET;
const WORK_DIR = `${tmpdir()}/tiketi-bench-queue`;
/** How often the bench reads new entries of the room's `joined` set (join times on Redis' clock). */
const JOIN_TIME_POLL_MS = 100;

const fmt = (n: number, digits = 0) => Number(n.toFixed(digits));

// ---------------------------------------------------------------------------------------------------------
// Processes and their CPU

function spawnService(dir: string, env: Record<string, string>): ChildProcess {
  const name = dir.replace('subgraphs/', '');
  const profile = CPU_PROFILE_DIR && (name === 'router' || name === 'queue');
  // One directory per service: Node writes a profile per thread (tsx's loader runs in a worker).
  const args = profile ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROFILE_DIR}/${name}`] : [];
  return spawn(process.execPath, [...args, '--import', 'tsx', 'src/main.ts'], {
    cwd: `${root}${dir}`,
    // NODE_ENV as in the image (k8s/docker/Dockerfile): graphql-js skips its development-only checks.
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', ROUTER_SECRET, ...env },
    // Services log (pino, warn and up) to stdout: kept in a file per service for when something goes wrong.
    stdio: ['ignore', openSync(`${WORK_DIR}/${name}.log`, 'w'), 'inherit'],
  });
}

// ---------------------------------------------------------------------------------------------------------
// HTTP

const { postBody, call, close: closeHttp } = graphqlClient(CONCURRENCY);

// ---------------------------------------------------------------------------------------------------------
// Buyers and their access tokens

interface SigningKey {
  pem: string;
  privateKey: KeyObject;
  kid: string;
}

interface Buyer {
  userId: string;
  token: string;
}

interface Crowd {
  key: SigningKey;
  /** Resolves once every buyer's token is signed (read from the cache, or minted while the services start). */
  buyers: Promise<{ buyers: Buyer[]; minted: number; ms: number }>;
}

/** Tokens are reused from the cache while they have at least this long to live: a run never outlives them. */
const TOKEN_LIFETIME_S = 24 * 3_600;
const TOKEN_MIN_LEFT_S = 3_600;
const CACHE_FILE = `${WORK_DIR}/buyers.txt`;

interface CacheHeader {
  pem: string;
  expiresAt: number;
}

function keyFromPem(pem: string): SigningKey {
  const privateKey = createPrivateKey(pem);
  return { pem, privateKey, kid: jwkThumbprint(createPublicKey(privateKey)) };
}

/**
 * `count` buyers with access tokens exactly as auth issues them (access-token.ts: RS256, kid, role, iss, aud,
 * sub, exp), signed with one key that auth is then started with. The cache file holds the key and the tokens
 * (first line: key and expiry; then `userId token` per line).
 */
function crowd(count: number): Crowd {
  const cached = readCache();
  if (cached && cached.buyers.length >= count) {
    const buyers = cached.buyers.slice(0, count);
    return { key: cached.key, buyers: Promise.resolve({ buyers, minted: 0, ms: 0 }) };
  }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = keyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const started = performance.now();
  const expiresAt = Math.floor(Date.now() / 1000) + TOKEN_LIFETIME_S;
  const buyers = mintInWorkers(key, count, expiresAt).then((buyers) => {
    writeCache({ pem: key.pem, expiresAt }, buyers);
    return { buyers, minted: count, ms: performance.now() - started };
  });
  return { key, buyers };
}

function readCache(): { key: SigningKey; buyers: Buyer[] } | null {
  if (!existsSync(CACHE_FILE)) return null;
  const lines = readFileSync(CACHE_FILE, 'utf8').split('\n');
  const header = JSON.parse(lines[0] ?? 'null') as CacheHeader | null;
  if (!header || header.expiresAt - Date.now() / 1000 < TOKEN_MIN_LEFT_S) return null;
  return { key: keyFromPem(header.pem), buyers: parseBuyers(lines.slice(1)) };
}

/** `userId token` lines, as the cache and the minting workers write them. */
function parseBuyers(lines: string[]): Buyer[] {
  return lines.flatMap((line) => {
    const [userId, token] = line.split(' ');
    return userId && token ? [{ userId, token }] : [];
  });
}

function writeCache(header: CacheHeader, buyers: Buyer[]) {
  const text = [JSON.stringify(header), ...buyers.map((b) => `${b.userId} ${b.token}`)].join('\n');
  // Written aside, then renamed: an interrupted write never leaves a truncated cache behind.
  writeFileSync(`${CACHE_FILE}.tmp`, text, { mode: 0o600 });
  renameSync(`${CACHE_FILE}.tmp`, CACHE_FILE);
}

/**
 * RS256 signing costs 1–2.5 ms here: the work is split over one worker thread per core. The workers build the
 * JWT by hand (node:crypto only; the claims are those jsonwebtoken writes for auth's `signAccessToken`).
 */
const MINT_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createPrivateKey, randomUUID, sign } = require('node:crypto');
const { pem, kid, count, expiresAt } = workerData;
const key = createPrivateKey(pem);
const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const header = b64({ alg: 'RS256', typ: 'JWT', kid });
const iat = Math.floor(Date.now() / 1000);
const lines = [];
for (let i = 0; i < count; i++) {
  const sub = randomUUID();
  const body = header + '.' + b64({ role: 'USER', iat, exp: expiresAt, aud: 'tiketi', iss: 'tiketi-auth', sub });
  lines.push(sub + ' ' + body + '.' + sign('sha256', Buffer.from(body), key).toString('base64url'));
}
parentPort.postMessage(lines.join('\\n'));
`;

async function mintInWorkers(key: SigningKey, count: number, expiresAt: number): Promise<Buyer[]> {
  const workers = Math.max(1, availableParallelism());
  const shares = Array.from(
    { length: workers },
    (_, i) => Math.floor(count / workers) + (i < count % workers ? 1 : 0),
  );
  const texts = await Promise.all(
    shares.map(
      (share) =>
        new Promise<string>((resolve, reject) => {
          const worker = new Worker(MINT_WORKER, {
            eval: true,
            workerData: { pem: key.pem, kid: key.kid, count: share, expiresAt },
          });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  return texts.flatMap((text) => parseBuyers(text.split('\n')));
}

function adminToken(key: SigningKey): string {
  return jwt.sign({ role: 'ADMIN' }, key.privateKey, {
    algorithm: 'RS256',
    keyid: key.kid,
    subject: randomUUID(),
    issuer: 'tiketi-auth',
    audience: 'tiketi',
    expiresIn: 3_600,
  });
}

// ---------------------------------------------------------------------------------------------------------
// The event and its room

interface Stack {
  routerUrl: URL;
  admin: Record<string, string>;
  redis: Redis;
  pids: Record<string, number>;
  databaseName: string;
  redisPids: number[];
}

/** A new event on sale since a minute ago, its waiting room forced ON with a small capacity. */
async function openRoom(stack: Stack, title: string): Promise<string> {
  const created = await call(
    stack.routerUrl,
    'mutation($input: CreateEventInput!) { createEvent(input: $input) { id } }',
    {
      input: {
        title,
        category: 'concert',
        venueId: SEED_IDS.venues.kspoDome,
        startsAt: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString(),
        saleStartsAt: new Date(Date.now() - 60_000).toISOString(),
        status: 'SCHEDULED',
      },
    },
    stack.admin,
  );
  const eventId = created.createEvent.id as string;
  // Queue learns the event from catalog's `catalog.event.changed` (outbox relay, Redis stream): until its
  // consumer has written the room's config, a join is NOT_FOUND.
  const config = waitingRoomKeys(eventId).config;
  for (let i = 0; (await stack.redis.hget(config, 'known')) !== '1'; i++) {
    if (i > 300) throw new Error(`queue never learnt event ${eventId}`);
    await sleep(100);
  }
  const status = await call(
    stack.routerUrl,
    `mutation($e: ID!, $i: QueueConfigInput!) {
      configureQueue(eventId: $e, input: $i) { enabled mode capacity }
    }`,
    { e: eventId, i: { mode: 'ON', capacity: CAPACITY } },
    stack.admin,
  );
  if (!status.configureQueue.enabled) throw new Error(`room of ${eventId} is not on`);
  return eventId;
}

const JOIN =
  'mutation Join($e: ID!, $p: String) { joinQueue(eventId: $e, proof: $p) { state number position etaSeconds } }';
const CHALLENGE = 'query JoinChallenge($e: ID!) { joinChallenge(eventId: $e) { challenge } }';
/** A registered document's id: `sha256:` and the SHA-256 of its text, as the apps' manifests have them. */
const documentIdOf = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

/**
 * With BENCH_POW, each buyer comes from an address of their own (X-Forwarded-For, which the router trusts from
 * the loopback proxy in that mode): from one address, the 31st challenge on would double in difficulty.
 */
const buyerAddress = (i: number): Record<string, string> =>
  POW ? { 'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` } : {};

/** The apps' manifests and one of the bench's operations, for the router's TRUSTED_DOCUMENTS. */
function trustedDocuments(): string {
  const manifest = `${tmpdir()}/bench-queue-documents-${process.pid}.json`;
  writeFileSync(
    manifest,
    JSON.stringify(Object.fromEntries([JOIN, CHALLENGE].map((q) => [documentIdOf(q), q]))),
  );
  return ['web', 'admin']
    .map((app) => `${root}${app}/src/__generated__/persisted-documents.json`)
    .concat(manifest)
    .join(',');
}

/** With BENCH_POW, the challenge solved for this buyer (another request, and a solve here, before the join). */
async function proofFor(stack: Stack, eventId: string, token: string, i: number): Promise<string | null> {
  if (!POW) return null;
  const res = await postBody(
    stack.routerUrl,
    JSON.stringify({ documentId: documentIdOf(CHALLENGE), variables: { e: eventId } }),
    { authorization: `Bearer ${token}`, ...buyerAddress(i) },
  );
  const challenge = res.data?.joinChallenge?.challenge;
  if (!challenge) throw new Error(`no challenge: ${JSON.stringify(res.errors ?? res.data)}`);
  return solveProofOfWork(challenge);
}

/** What each buyer was told, by buyer index (typed arrays: 100,000 entries, no objects per join). */
interface Answers {
  /** 0: no answer (error), 1: WAITING, 2: ADMITTED at once, 3: anything else. */
  state: Uint8Array;
  number: Int32Array;
  position: Int32Array;
  latencyMs: Float64Array;
  errors: Map<string, number>;
}

/** Every buyer joins once, CONCURRENCY requests in flight; returns the answers and the wall time. */
async function joinAll(stack: Stack, eventId: string, buyers: Buyer[]) {
  // By the ids of registered documents, as the web app sends its operations.
  const body = POW ? null : JSON.stringify({ documentId: documentIdOf(JOIN), variables: { e: eventId } });
  const answers: Answers = {
    state: new Uint8Array(buyers.length),
    number: new Int32Array(buyers.length),
    position: new Int32Array(buyers.length),
    latencyMs: new Float64Array(buyers.length),
    errors: new Map(),
  };
  const fail = (code: string) => answers.errors.set(code, (answers.errors.get(code) ?? 0) + 1);
  const joinOne = async (i: number) => {
    const sent = performance.now();
    try {
      const token = buyers[i]!.token;
      const proof = await proofFor(stack, eventId, token, i);
      const res = await postBody(
        stack.routerUrl,
        body ?? JSON.stringify({ documentId: documentIdOf(JOIN), variables: { e: eventId, p: proof } }),
        { authorization: `Bearer ${token}`, ...buyerAddress(i) },
      );
      answers.latencyMs[i] = performance.now() - sent;
      const ticket = res.data?.joinQueue;
      if (res.errors?.length || !ticket) return fail(res.errors?.[0]?.extensions?.code ?? 'NO_DATA');
      answers.state[i] = ticket.state === 'WAITING' ? 1 : ticket.state === 'ADMITTED' ? 2 : 3;
      answers.number[i] = ticket.number ?? 0;
      answers.position[i] = ticket.position ?? 0;
    } catch (err) {
      answers.latencyMs[i] = performance.now() - sent;
      fail((err as NodeJS.ErrnoException).code ?? 'NETWORK');
    }
  };
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < buyers.length) await joinOne(next++);
    }),
  );
  return { answers, wallMs: performance.now() - started };
}

/**
 * Reads the room's `joined` set (buyer → join time on Redis' clock) as it grows: admission removes a buyer from
 * it, so it is read while the crowd joins. Each read takes what joined since the last one (same ms included).
 */
function watchJoinTimes(redis: Redis, eventId: string) {
  const key = waitingRoomKeys(eventId).joined;
  const times = new Map<string, number>();
  let since = 0;
  let running = true;
  const read = async () => {
    const flat = await redis.zrangebyscore(key, since, '+inf', 'WITHSCORES');
    for (let i = 0; i < flat.length; i += 2) {
      const at = Number(flat[i + 1]);
      times.set(flat[i]!, at);
      if (at > since) since = at;
    }
  };
  const loop = (async () => {
    while (running) {
      await read();
      await sleep(JOIN_TIME_POLL_MS);
    }
  })();
  return {
    times,
    async stop() {
      running = false;
      await loop;
      await read();
    },
  };
}

interface Admission {
  admitNo: number;
  joinSeq: number | null;
  at: number;
  via: string;
}

/** This event's admissions from the `queue.admitted` stream, by admission number. */
async function admissionsOf(redis: Redis, eventId: string): Promise<Admission[]> {
  const out: Admission[] = [];
  let start = '-';
  for (;;) {
    const entries = await redis.xrange(STREAM_KEY, start, '+', 'COUNT', 10_000);
    for (const [, fields] of entries) {
      const { payload } = JSON.parse(fields[1] ?? '{}') as {
        payload?: {
          eventId: string;
          admitNo: number;
          joinSeq: number | null;
          admittedAt: string;
          via: string;
        };
      };
      if (payload?.eventId !== eventId) continue;
      const { admitNo, joinSeq, via } = payload;
      out.push({ admitNo, joinSeq, via, at: Date.parse(payload.admittedAt) });
    }
    if (entries.length < 10_000) break;
    start = `(${entries.at(-1)![0]}`;
  }
  return out.sort((a, b) => a.admitNo - b.admitNo);
}

// ---------------------------------------------------------------------------------------------------------
// Checks

interface Verdict {
  /** Largest distance of a told position from the positions the join could rightly have been told. */
  maxPositionError: number;
  positionErrors: number;
  /** Joins that may have run before or after an admission (same ms): checked against the range that allows. */
  ambiguous: number;
  /** The most admissions any one join could have run either side of. */
  widest: number;
  /** Join numbers outside first…first + N − 1 or given twice. */
  numberingErrors: number;
  /** Admissions whose join number is not their admission number (the k-th admission must take join k). */
  orderErrors: number;
  problems: string[];
}

/** `first`: the join number the crowd's first join must get (the room's earlier joins come before it). */
function verify(
  buyers: Buyer[],
  answers: Answers,
  first: number,
  joinTimes: Map<string, number>,
  admissions: Admission[],
): Verdict {
  const problems: string[] = [];
  const seen = new Uint8Array(buyers.length);
  let numberingErrors = 0;
  for (let i = 0; i < buyers.length; i++) {
    if (answers.state[i] === 0) continue;
    const n = answers.number[i]! - first;
    if (n < 0 || n >= buyers.length || seen[n]) numberingErrors++;
    else seen[n] = 1;
  }
  const orderErrors = admissions.filter((a, k) => a.via !== 'line' || a.joinSeq !== k + 1).length;
  if (admissions.some((a, k) => a.admitNo !== k + 1)) problems.push('admission numbers are not 1…M');

  // Admission times, sorted: how many ran before (and at) a given millisecond.
  const times = Float64Array.from(admissions.map((a) => a.at)).sort();
  const countBelow = (t: number) => {
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const bracket = joinTimeBrackets(buyers, answers, first, joinTimes, admissions);
  let maxPositionError = 0;
  let positionErrors = 0;
  let ambiguous = 0;
  let widest = 0;
  for (let i = 0; i < buyers.length; i++) {
    if (answers.state[i] !== 1) continue;
    const s = answers.number[i]!;
    const p = answers.position[i]!;
    const { earliest, latest } = bracket(s);
    const before = countBelow(earliest);
    const upTo = countBelow(latest + 1);
    if (upTo > before) ambiguous++;
    widest = Math.max(widest, upTo - before);
    const error = Math.max(s - upTo - p, p - (s - before), 0);
    if (error > 0) positionErrors++;
    maxPositionError = Math.max(maxPositionError, error);
  }
  if (numberingErrors) problems.push(`${numberingErrors} join numbers out of range or given twice`);
  if (orderErrors) problems.push(`${orderErrors} admissions out of join order`);
  if (positionErrors) problems.push(`${positionErrors} joins told a wrong position`);
  return { maxPositionError, positionErrors, ambiguous, widest, numberingErrors, orderErrors, problems };
}

/**
 * When each join of the crowd ran, on Redis' clock, by join number: the time read from `joined` when the bench
 * saw it; otherwise (admitted before a read came by) between the nearest earlier and later joins it saw, since
 * Redis runs joins one after the other in number order, and no later than the join's own admission.
 */
function joinTimeBrackets(
  buyers: Buyer[],
  answers: Answers,
  first: number,
  joinTimes: Map<string, number>,
  admissions: Admission[],
): (joinNumber: number) => { earliest: number; latest: number } {
  const seenAt = new Float64Array(buyers.length).fill(Number.NaN);
  for (let i = 0; i < buyers.length; i++) {
    const n = answers.number[i]! - first;
    const at = joinTimes.get(buyers[i]!.userId);
    if (answers.state[i] !== 0 && n >= 0 && n < buyers.length && at !== undefined) seenAt[n] = at;
  }
  const earliest = new Float64Array(buyers.length);
  const latest = new Float64Array(buyers.length);
  for (let n = 0, last = 0; n < buyers.length; n++) {
    if (!Number.isNaN(seenAt[n]!)) last = seenAt[n]!;
    earliest[n] = last;
  }
  for (let n = buyers.length - 1, next = Number.POSITIVE_INFINITY; n >= 0; n--) {
    if (!Number.isNaN(seenAt[n]!)) next = seenAt[n]!;
    latest[n] = next;
  }
  const admittedAt = new Map(admissions.map((a) => [a.joinSeq, a.at]));
  return (joinNumber) => {
    const n = joinNumber - first;
    return {
      earliest: earliest[n] ?? 0,
      latest: Math.min(
        latest[n] ?? Number.POSITIVE_INFINITY,
        admittedAt.get(joinNumber) ?? Number.POSITIVE_INFINITY,
      ),
    };
  };
}

function percentile(values: Float64Array, p: number): number {
  if (values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/**
 * How long each freed slot stayed empty: slots all last IDLE_SECONDS and nobody renews one, so they end in
 * admission order, and admission k + capacity takes the room slot k left (while someone waits).
 */
function refillDelays(admissions: Admission[], from: number, to: number): Float64Array {
  const delays: number[] = [];
  for (let k = CAPACITY; k < admissions.length; k++) {
    const admitted = admissions[k]!.at;
    if (admitted < from || admitted > to) continue;
    delays.push(admitted - (admissions[k - CAPACITY]!.at + IDLE_SECONDS * 1_000));
  }
  return Float64Array.from(delays);
}

// ---------------------------------------------------------------------------------------------------------

async function measure(stack: Stack, eventId: string, buyers: Buyer[]) {
  const joinTimes = watchJoinTimes(stack.redis, eventId);
  const pgPids = () => pidsOf('postgres:', ` ${stack.databaseName} `);
  const cpuBefore = Object.fromEntries(Object.entries(stack.pids).map(([n, pid]) => [n, cpuMs(pid)]));
  const pgBefore = new Map(pgPids().map((pid) => [pid, cpuMs(pid)]));
  const redisBefore = stack.redisPids.reduce((sum, pid) => sum + cpuMs(pid), 0);
  const machineBefore = machineBusyMs();
  const benchBefore = process.cpuUsage();
  const startedAt = Date.now();

  const { answers, wallMs } = await joinAll(stack, eventId, buyers);

  const endedAt = Date.now();
  const benchCpu = process.cpuUsage(benchBefore);
  const machineBusy = machineBusyMs() - machineBefore;
  const cpu: Record<string, number> = {};
  for (const [name, pid] of Object.entries(stack.pids)) cpu[name] = cpuMs(pid) - (cpuBefore[name] ?? 0);
  cpu.postgres = pgPids().reduce((sum, pid) => sum + cpuMs(pid) - (pgBefore.get(pid) ?? 0), 0);
  cpu.redis = stack.redisPids.reduce((sum, pid) => sum + cpuMs(pid), 0) - redisBefore;
  cpu.bench = (benchCpu.user + benchCpu.system) / 1000;
  await joinTimes.stop();
  const admissions = await admissionsOf(stack.redis, eventId);
  const ours = Object.values(cpu).reduce((a, b) => a + b, 0);
  return {
    answers,
    wallMs,
    cpu,
    admissions,
    joinTimes: joinTimes.times,
    startedAt,
    endedAt,
    // Busy CPU time on the machine that was not this run's: other work competing for the cores. Redis is the
    // machine's shared server, so other work's Redis calls count as ours here.
    otherLoad: machineBusy > 0 ? Math.max(0, (machineBusy - ours) / machineBusy) : 0,
  };
}

function report(buyers: Buyer[], run: Awaited<ReturnType<typeof measure>>, verdict: Verdict) {
  const { answers, wallMs, cpu, admissions, startedAt, endedAt } = run;
  const answered = answers.state.reduce((n, s) => n + (s === 0 ? 0 : 1), 0);
  const waiting = answers.state.reduce((n, s) => n + (s === 1 ? 1 : 0), 0);
  const admittedAtOnce = answers.state.reduce((n, s) => n + (s === 2 ? 1 : 0), 0);
  const during = admissions.filter((a) => a.at >= startedAt && a.at <= endedAt);
  const seconds = wallMs / 1000;
  const delays = refillDelays(admissions, startedAt, endedAt);
  const perJoin = (ms: number) => fmt(ms / Math.max(answered, 1), 3);
  const all = Object.values(cpu).reduce((a, b) => a + b, 0);
  console.table([
    {
      'joins/s': fmt(answered / seconds),
      joins: answered,
      waiting,
      'admitted at once': admittedAtOnce,
      errors: [...answers.errors.values()].reduce((a, b) => a + b, 0),
      'p50 ms': fmt(percentile(answers.latencyMs, 50), 1),
      'p99 ms': fmt(percentile(answers.latencyMs, 99), 1),
      'admissions/s': fmt(during.length / seconds),
      'max position error': verdict.maxPositionError,
      'other load': `${fmt(run.otherLoad * 100)}%`,
    },
  ]);
  console.log(
    `  admissions while the crowd joined: ${during.length} in ${fmt(seconds, 1)} s (capacity ${CAPACITY} / ` +
      `${IDLE_SECONDS} s slots allow ≈ ${fmt(CAPACITY / IDLE_SECONDS)}/s); a freed slot stayed empty p50 ${fmt(percentile(delays, 50))} ms, ` +
      `p99 ${fmt(percentile(delays, 99))} ms, max ${fmt(Math.max(0, ...delays))} ms (${delays.length} refills)`,
  );
  if (admittedAtOnce > 0) {
    console.log(
      `  ! ${admittedAtOnce} joins found the line empty and were admitted at once: admissions outpaced joins ` +
        '(lower BENCH_CAPACITY); their positions are not checked',
    );
  }
  console.log(
    `  checks: join numbers ${CAPACITY + 1}…${CAPACITY + answered} each once: ${verdict.numberingErrors === 0 ? 'yes' : 'NO'}; ` +
      `admission order = join order for all ${admissions.length} admissions: ${verdict.orderErrors === 0 ? 'yes' : 'NO'}; ` +
      `positions checked ${waiting} (${verdict.ambiguous} could have run either side of up to ${verdict.widest} ` +
      'admissions), ' +
      `wrong ${verdict.positionErrors}, largest error ${verdict.maxPositionError}`,
  );
  console.log('  CPU ms per join:');
  console.table([
    {
      router: perJoin(cpu.router ?? 0),
      queue: perJoin(cpu.queue ?? 0),
      'redis (shared)': perJoin(cpu.redis ?? 0),
      postgres: perJoin(cpu.postgres ?? 0),
      auth: perJoin(cpu.auth ?? 0),
      catalog: perJoin(cpu.catalog ?? 0),
      'load generator': perJoin(cpu.bench ?? 0),
      all: perJoin(all),
      'joins/s on 2 idle cores': fmt((2 * 1000 * answered) / all),
    },
  ]);
  for (const problem of verdict.problems) console.log(`  ! ${problem}`);
  if (answers.errors.size) console.log('  errors:', Object.fromEntries(answers.errors));
  if (buyers.length !== answered) console.log(`  ! ${buyers.length - answered} joins got no ticket`);
}

async function main() {
  mkdirSync(WORK_DIR, { recursive: true });
  const started = performance.now();
  // The crowd, then `capacity` more who take the room's slots just before the crowd comes.
  const { key, buyers: minting } = crowd(BUYERS + CAPACITY);
  const infra = await createTestInfra();
  const [authPort, catalogPort, queuePort, routerPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const common = {
    DATABASE_URL: infra.databaseUrl,
    REDIS_URL: infra.redisUrl,
    REDIS_PREFIX: infra.redisPrefix,
  };
  const children: Record<string, ChildProcess> = {
    auth: spawnService('subgraphs/auth', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(authPort),
      AUTH_JWT_PRIVATE_KEY: key.pem,
    }),
    // development: catalog seeds its venues (the events are created through the router).
    catalog: spawnService('subgraphs/catalog', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(catalogPort),
    }),
    queue: spawnService('subgraphs/queue', {
      ...common,
      TIKETI_ENV: 'test',
      PORT: String(queuePort),
      QUEUE_IDLE_SECONDS: String(IDLE_SECONDS),
      ...(POW ? { POW_ENABLED: 'true', POW_DIFFICULTY: '2', POW_COST: '1000' } : {}),
    }),
  };
  const redis = new Redis(infra.redisUrl, { keyPrefix: infra.redisPrefix });
  let failed = false;
  try {
    await Promise.all(
      [authPort, catalogPort, queuePort].map((port) => waitReady(`http://127.0.0.1:${port}/ready`)),
    );
    children.router = spawnService('router', {
      ...common,
      TIKETI_ENV: 'development',
      PORT: String(routerPort),
      AUTH_SUBGRAPH_URL: `http://127.0.0.1:${authPort}/graphql`,
      CATALOG_SUBGRAPH_URL: `http://127.0.0.1:${catalogPort}/graphql`,
      QUEUE_SUBGRAPH_URL: `http://127.0.0.1:${queuePort}/graphql`,
      AUTH_JWKS_URL: `http://127.0.0.1:${authPort}/.well-known/jwks.json`,
      SUPERGRAPH_PATH: `${root}schema/supergraph.graphql`,
      TRUSTED_DOCUMENTS: trustedDocuments(),
      ...(POW ? { TRUST_PROXY: 'loopback' } : {}),
    });
    await waitReady(`http://127.0.0.1:${routerPort}/ready`);
    const redisPort = new URL(infra.redisUrl).port || '6379';
    const stack: Stack = {
      routerUrl: new URL(`http://127.0.0.1:${routerPort}/graphql`),
      admin: { authorization: `Bearer ${adminToken(key)}` },
      redis,
      pids: Object.fromEntries(Object.entries(children).map(([name, child]) => [name, child.pid ?? 0])),
      databaseName: new URL(infra.databaseUrl).pathname.slice(1),
      redisPids: pidsOf('redis-server', `:${redisPort}`),
    };
    const warmupEvent = await openRoom(stack, 'Waiting room warm-up');
    const eventId = await openRoom(stack, 'Waiting room on-sale');
    console.error('services ready, rooms open; waiting for the access tokens');
    const { buyers: everyone, minted, ms } = await minting;
    const buyers = everyone.slice(0, BUYERS);
    const shoppers = everyone.slice(BUYERS);

    console.log(
      `\nbench:queue — ${buyers.length} buyers join one event's line through the router, ${CONCURRENCY} in flight; ` +
        `room ON, capacity ${CAPACITY}, slots end after ${IDLE_SECONDS} s idle; warm-up ${WARMUP} joins to another event; ` +
        `tokens ${minted ? `minted in ${fmt(ms / 1000, 1)} s` : 'from the cache'} (not measured); ` +
        `proof of work ${POW ? 'ON (joinChallenge + solve + join with proof; difficulty 2, cost 1000)' : 'off'}; ` +
        `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    );
    console.log(
      'joins/s: answered joins over the wall time; p50/p99: every join request; admissions/s: admissions that ran ' +
        'while the crowd joined; max position error: see the header of bench/queue.ts (must be 0); CPU ms per ' +
        "join: each process's CPU over the joins (Postgres: this database's backends; Redis: the machine's " +
        "server, shared); other load: busy CPU that was not this run's",
    );
    // Warm-up: JIT, connection pools, the router's query plan, the scripts loaded into Redis.
    const warmup = await joinAll(stack, warmupEvent, buyers.slice(0, WARMUP));
    if (warmup.answers.errors.size) {
      throw new Error(`warm-up joins failed: ${JSON.stringify(Object.fromEntries(warmup.answers.errors))}`);
    }
    const fill = await joinAll(stack, eventId, shoppers);
    if (fill.answers.state.some((s) => s !== 2)) throw new Error('the first joins were not all admitted');
    const run = await measure(stack, eventId, buyers);
    const verdict = verify(buyers, run.answers, CAPACITY + 1, run.joinTimes, run.admissions);
    report(buyers, run, verdict);
    console.log(`  whole run ${fmt((performance.now() - started) / 1000)} s`);
    failed = verdict.problems.length > 0 || run.answers.errors.size > 0 || verdict.maxPositionError > 0;
  } finally {
    closeHttp();
    await redis.quit();
    for (const child of Object.values(children)) child.kill('SIGTERM');
    await Promise.all(
      Object.values(children).map(
        (c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r))),
      ),
    );
    await infra.dispose();
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  console.error(`service logs: ${WORK_DIR}`);
  process.exit(1);
});
