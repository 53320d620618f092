/**
 * `npm run bench:bots`: a bot farm against an on-sale's waiting room (issue 16), with proof of work off and on,
 * in one run. The platform runs in this process (auth, catalog, seating, queue and the router, on the real
 * Postgres and Redis, `tests/support/stack.ts`); the farm runs in a process of its own (bench/bots-farm.ts), so
 * its CPU-seconds are its own.
 *
 * Each phase: the event's room is ON with BENCH_CAPACITY active shoppers (whose slots end after 1 s idle, so
 * about BENCH_CAPACITY admissions a second). The farm starts first, as a macro does: BENCH_BOTS ready-made
 * accounts behind BENCH_BOT_ADDRESSES addresses (sent as X-Forwarded-For; the router trusts the loopback proxy
 * here) join the line as fast as it can, while it also hammers sign-up (more accounts) and holds without a pass.
 * BENCH_BOT_LEAD_MS later, BENCH_BUYERS real buyers arrive over BENCH_ARRIVAL_MS, each from an address of their
 * own, each with the challenge their browser solved while they read the event page (solved here before the
 * phase, not counted). The phase ends when every real buyer is admitted (or after BENCH_TIMEOUT_S).
 *
 * Printed per phase: the share of admissions that went to real buyers (every admission from the farm's start
 * to the last real buyer's admission: a place a bot took is one a buyer waited for), the real buyers' p50/p99 wait (join → admission, from the `queue.admitted`
 * stream), the farm's joins, sign-ups and holds, and its CPU-seconds (per 1,000 joins, too). The
 * bench's challenges are smaller than production's so that a thousand real solves fit on two cores
 * (BENCH_POW_DIFFICULTY 500 × BENCH_POW_COST 20 PBKDF2 iterations, against 2,000 × 1,000): the farm's
 * PBKDF2 iterations are printed too, and scale its CPU to production's cost.
 *
 * Options (env): BENCH_BUYERS (1000), BENCH_BOTS (2000), BENCH_BOT_ADDRESSES (10), BENCH_BOT_CONCURRENCY (16),
 * BENCH_BOT_MAX_DIFFICULTY (a challenge harder than this × the base is given up by the farm: 64),
 * BENCH_CAPACITY (100), BENCH_BOT_LEAD_MS (3000), BENCH_ARRIVAL_MS (5000), BENCH_POW_DIFFICULTY (500),
 * BENCH_POW_COST (20), BENCH_TIMEOUT_S (240), BENCH_PHASES (`off,on`).
 */
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { SEED_IDS, seedCatalog } from '@tiketi/catalog';
import { Redis } from 'ioredis';
import { solveProofOfWork } from '../subgraphs/kit/src/proof-of-work.ts';
import { STREAM_KEY } from '../subgraphs/queue/src/modules/line/scripts.ts';
import { queueKnows, seatEvent } from '../tests/support/live.ts';
import { type Stack, startStack } from '../tests/support/stack.ts';
import type { FarmOrders, FarmReport } from './bots-farm.ts';
import { graphqlClient } from './support/http.ts';
import { numberEnv, sleep } from './support/machine.ts';
import { accessToken, signingKeys } from './support/tokens.ts';

const BUYERS = numberEnv('BENCH_BUYERS', 1_000);
const BOTS = numberEnv('BENCH_BOTS', 2_000);
const BOT_ADDRESSES = numberEnv('BENCH_BOT_ADDRESSES', 10);
const BOT_CONCURRENCY = numberEnv('BENCH_BOT_CONCURRENCY', 16);
const BOT_MAX_FACTOR = numberEnv('BENCH_BOT_MAX_DIFFICULTY', 64);
const CAPACITY = numberEnv('BENCH_CAPACITY', 100);
const BOT_LEAD_MS = numberEnv('BENCH_BOT_LEAD_MS', 3_000);
const ARRIVAL_MS = numberEnv('BENCH_ARRIVAL_MS', 5_000);
const POW_DIFFICULTY = numberEnv('BENCH_POW_DIFFICULTY', 500);
const POW_COST = numberEnv('BENCH_POW_COST', 20);
const TIMEOUT_S = numberEnv('BENCH_TIMEOUT_S', 240);
const PHASES = (process.env.BENCH_PHASES ?? 'off,on').split(',').map((p) => p.trim()) as ('off' | 'on')[];
const EVENT = SEED_IDS.events.iuFanMeeting;

const fmt = (n: number, digits = 0) => Number(n.toFixed(digits));
const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : Number.NaN;
const buyerAddress = (i: number) => `203.0.${(i >> 8) & 255}.${i & 255}`;

const JOIN = 'mutation($e: ID!, $p: String) { joinQueue(eventId: $e, proof: $p) { state } }';
const CHALLENGE = 'query($e: ID!) { joinChallenge(eventId: $e) { challenge } }';

interface PhaseResult {
  phase: 'off' | 'on';
  realAdmitted: number;
  share: number;
  waitP50: number;
  waitP99: number;
  botsAdmittedBeforeLastReal: number;
  farm: FarmReport;
  farmIterations: number;
  timedOut: boolean;
}

/** Admissions of the event from the `queue.admitted` stream: user → admission time (Redis' clock, ms). */
async function admissions(redis: Redis): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let start = '-';
  for (;;) {
    const entries = await redis.xrange(STREAM_KEY, start, '+', 'COUNT', 10_000);
    for (const [, fields] of entries) {
      const { payload } = JSON.parse(fields[1] ?? '{}') as {
        payload?: { eventId: string; userId: string; admittedAt: string };
      };
      if (payload?.eventId === EVENT) out.set(payload.userId, Date.parse(payload.admittedAt));
    }
    if (entries.length < 10_000) break;
    start = `(${entries.at(-1)![0]}`;
  }
  return out;
}

function startFarm(orders: FarmOrders) {
  const child = fork(fileURLToPath(new URL('./bots-farm.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const report = new Promise<FarmReport>((resolve, reject) => {
    child.on('message', (message: { ready?: boolean; report?: FarmReport }) => {
      if (message.ready) child.send({ orders });
      if (message.report) resolve(message.report);
    });
    child.once('exit', (code) => reject(new Error(`bot farm exited (${code}) without a report`)));
  });
  return { report, stop: () => child.send({ stop: true }) };
}

async function phase(mode: 'off' | 'on'): Promise<PhaseResult> {
  const keys = signingKeys();
  const pow = {
    POW_ENABLED: mode === 'on' ? 'true' : 'false',
    POW_DIFFICULTY: String(POW_DIFFICULTY),
    POW_COST: String(POW_COST),
  };
  const stack: Stack = await startStack({
    seating: 1,
    queue: 1,
    env: {
      auth: { AUTH_JWT_PRIVATE_KEY: keys.pem, ...pow },
      queue: { ...pow, QUEUE_IDLE_SECONDS: '1', QUEUE_ADMISSION_TICK_MS: '100' },
      router: { TRUST_PROXY: 'loopback' },
    },
  });
  const redis = new Redis(stack.infra.redisUrl, { keyPrefix: stack.infra.redisPrefix });
  const { post, close } = graphqlClient(64);
  try {
    await seedCatalog(stack.catalog.orm);
    const admin = accessToken(keys, randomUUID(), 'ADMIN');
    const seats = await seatEvent(stack, EVENT, admin, 80);
    await queueKnows(stack, EVENT);
    const configured = await post(
      stack.routerUrl,
      'mutation($e: ID!, $i: QueueConfigInput!) { configureQueue(eventId: $e, input: $i) { enabled } }',
      { e: EVENT, i: { mode: 'ON', capacity: CAPACITY } },
      { authorization: `Bearer ${admin}` },
    );
    if (!configured.data?.configureQueue.enabled) throw new Error(JSON.stringify(configured.errors));

    const real = Array.from({ length: BUYERS }, () => {
      const userId = randomUUID();
      return { userId, token: accessToken(keys, userId, 'USER'), proof: null as string | null, at: 0 };
    });
    const bots = Array.from({ length: BOTS }, () => accessToken(keys, randomUUID(), 'USER'));
    if (mode === 'on') {
      // Solved in the buyers' browsers while they read the event page: before the sale, not counted.
      let next = 0;
      await Promise.all(
        Array.from({ length: 8 }, async () => {
          while (next < real.length) {
            const i = next++;
            const buyer = real[i]!;
            const res = await post(
              stack.routerUrl,
              CHALLENGE,
              { e: EVENT },
              { authorization: `Bearer ${buyer.token}`, 'x-forwarded-for': buyerAddress(i) },
            );
            buyer.proof = await solveProofOfWork(res.data!.joinChallenge.challenge);
          }
        }),
      );
    }

    const farmStart = Date.now();
    const farm = startFarm({
      routerUrl: stack.routerUrl,
      eventId: EVENT,
      tokens: bots,
      addresses: BOT_ADDRESSES,
      pow: mode === 'on',
      maxDifficulty: POW_DIFFICULTY * BOT_MAX_FACTOR,
      concurrency: BOT_CONCURRENCY,
      seatIds: seats.map((s) => s.id),
    });
    await sleep(BOT_LEAD_MS);

    // The real buyers arrive, each from an address of their own.
    const arrivals = real.map(async (buyer, i) => {
      await sleep((i * ARRIVAL_MS) / real.length);
      buyer.at = Date.now();
      const res = await post(
        stack.routerUrl,
        JOIN,
        { e: EVENT, p: buyer.proof },
        { authorization: `Bearer ${buyer.token}`, 'x-forwarded-for': buyerAddress(i) },
      );
      if (!res.data?.joinQueue) throw new Error(`a real buyer was refused: ${JSON.stringify(res.errors)}`);
    });
    await Promise.all(arrivals);

    const deadline = Date.now() + TIMEOUT_S * 1000;
    let admitted = await admissions(redis);
    while (real.some((b) => !admitted.has(b.userId)) && Date.now() < deadline) {
      await sleep(500);
      admitted = await admissions(redis);
    }
    farm.stop();
    const report = await farm.report;
    const timedOut = real.some((b) => !admitted.has(b.userId));

    const realIds = new Set<string>(real.map((b) => b.userId));
    const waits = real
      .filter((b) => admitted.has(b.userId))
      .map((b) => admitted.get(b.userId)! - b.at)
      .sort((a, b) => a - b);
    const lastReal = Math.max(...real.map((b) => admitted.get(b.userId) ?? 0));
    const window = [...admitted].filter(([, at]) => at >= farmStart && at <= lastReal);
    const realInWindow = window.filter(([user]) => realIds.has(user)).length;
    const botsBefore = window.length - realInWindow;
    return {
      phase: mode,
      realAdmitted: waits.length,
      share: window.length ? realInWindow / window.length : 0,
      waitP50: percentile(waits, 50),
      waitP99: percentile(waits, 99),
      botsAdmittedBeforeLastReal: botsBefore,
      farm: report,
      farmIterations: report.iterations,
      timedOut,
    };
  } finally {
    close();
    await redis.quit();
    await stack.stop();
  }
}

async function main() {
  console.log(
    `\nbench:bots — ${BUYERS} real buyers (one address each, challenges solved before the sale) against a farm of ` +
      `${BOTS} accounts behind ${BOT_ADDRESSES} addresses (${BOT_CONCURRENCY} requests in flight, gives up ` +
      `challenges over ${BOT_MAX_FACTOR}× the base, starts ${BOT_LEAD_MS} ms before the buyers, who arrive over ` +
      `${ARRIVAL_MS} ms); room ON, capacity ${CAPACITY}, 1 s slots; proof of work difficulty ${POW_DIFFICULTY} × ` +
      `cost ${POW_COST} (production: 2,000 × 1,000); ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  );
  const results: PhaseResult[] = [];
  for (const mode of PHASES) results.push(await phase(mode));
  console.table(
    results.map((r) => ({
      'proof of work': r.phase,
      'real buyers admitted': `${r.realAdmitted}/${BUYERS}${r.timedOut ? ' (timed out)' : ''}`,
      'share of admissions to real buyers': `${fmt(r.share * 100, 1)}%`,
      'real wait p50 s': fmt(r.waitP50 / 1000, 1),
      'real wait p99 s': fmt(r.waitP99 / 1000, 1),
      'bots admitted first': r.botsAdmittedBeforeLastReal,
      'bot joins': r.farm.joins,
      'bot challenges given up': r.farm.abandoned,
      'bot sign-ups': r.farm.signUps,
      'bot holds': r.farm.holds,
      'bot CPU s': fmt(r.farm.cpuMs / 1000, 1),
      'bot CPU s per 1,000 joins': r.farm.joins ? fmt(r.farm.cpuMs / r.farm.joins, 1) : '–',
      'bot PBKDF2 iterations (M)': fmt(r.farmIterations / 1e6, 1),
    })),
  );
  for (const r of results) {
    console.log(
      `  ${r.phase}: join refusals ${JSON.stringify(r.farm.joinRefusals)}; sign-up refusals ` +
        `${JSON.stringify(r.farm.signUpRefusals)}; hold refusals ${JSON.stringify(r.farm.holdRefusals)}`,
    );
  }
  const on = results.find((r) => r.phase === 'on');
  if (on?.farmIterations) {
    // One PBKDF2-SHA-256 iteration costs about 0.26 µs of a core here (1,000 iterations in 0.26 ms).
    const scale = (1_000 / POW_COST) * (2_000 / POW_DIFFICULTY);
    const productionSeconds = on.farmIterations * scale * 0.26e-6;
    console.log(
      `  at production settings (cost 1,000, base 2,000: ×${fmt(scale)} the work) the farm's ${on.farm.joins} ` +
        `joins would take about ${fmt(productionSeconds / 60, 1)} CPU-minutes of solving, ` +
        `${fmt((productionSeconds / on.farm.joins) * 1000)} CPU-seconds per 1,000 joins`,
    );
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
