/**
 * The bot farm of `bench:bots`, in a process of its own so that its CPU is its own: forked by bench/bots.ts,
 * it gets its accounts and orders over IPC, hammers the router (sign-up, join, hold) until told to stop, and
 * reports what it got and the CPU it spent. It plays a scalper's macro program: as many places in line as its
 * accounts and addresses allow, every challenge solved as soon as it is issued, easy ones first.
 */
import { solveProofOfWork } from '../subgraphs/kit/src/proof-of-work.ts';
import { graphqlClient } from './support/http.ts';

export interface FarmOrders {
  routerUrl: string;
  eventId: string;
  /** Access tokens of the farm's ready-made accounts. */
  tokens: string[];
  /** The addresses (X-Forwarded-For) the farm sends from: account i uses address i % addresses. */
  addresses: number;
  /** Whether the platform asks for proof of work (the farm then fetches and solves challenges). */
  pow: boolean;
  /** A challenge harder than this is given up (the farm moves on to its next account). */
  maxDifficulty: number;
  /** Requests in flight. */
  concurrency: number;
  /** The event's seats, for holds. */
  seatIds: string[];
}

export interface FarmReport {
  joins: number;
  joinRefusals: Record<string, number>;
  challenges: number;
  /** Challenges too hard to be worth it, given up. */
  abandoned: number;
  signUps: number;
  signUpRefusals: Record<string, number>;
  holds: number;
  holdRefusals: Record<string, number>;
  cpuMs: number;
  /** PBKDF2 iterations the solving took (attempts × cost). */
  iterations: number;
}

const JOIN = 'mutation($e: ID!, $p: String) { joinQueue(eventId: $e, proof: $p) { state } }';
const CHALLENGE = 'query($e: ID!) { joinChallenge(eventId: $e) { challenge difficulty } }';
const SIGN_UP_CHALLENGE = '{ signUpChallenge { challenge difficulty } }';
const SIGN_UP = 'mutation($i: SignUpInput!) { signUp(input: $i) { accessToken } }';
const HOLD = 'mutation($i: HoldSeatsInput!) { holdSeats(input: $i) { id } }';

const address = (i: number) => `198.18.${(i >> 8) & 255}.${i & 255}`;

async function run(orders: FarmOrders, stopped: () => boolean): Promise<FarmReport> {
  const { post, close } = graphqlClient(orders.concurrency);
  const report: FarmReport = {
    joins: 0,
    joinRefusals: {},
    challenges: 0,
    abandoned: 0,
    signUps: 0,
    signUpRefusals: {},
    holds: 0,
    holdRefusals: {},
    cpuMs: 0,
    iterations: 0,
  };
  const count = (into: Record<string, number>, code: string) => {
    into[code] = (into[code] ?? 0) + 1;
  };
  const cpuBefore = process.cpuUsage();
  const solve = async (challenge: string) => {
    const proof = await solveProofOfWork(challenge);
    const { challenge: solved, solution } = JSON.parse(Buffer.from(proof, 'base64').toString('utf8'));
    report.iterations += (solution.counter + 1) * solved.parameters.cost;
    return proof;
  };
  const headers = (i: number, token?: string) => ({
    'x-forwarded-for': address(i % orders.addresses),
    ...(token ? { authorization: `Bearer ${token}` } : {}),
  });

  // Every account into the line, as fast as the challenges allow.
  let next = 0;
  const joiner = async () => {
    while (!stopped() && next < orders.tokens.length) {
      const i = next++;
      const token = orders.tokens[i]!;
      let proof: string | null = null;
      if (orders.pow) {
        const issued = await post(orders.routerUrl, CHALLENGE, { e: orders.eventId }, headers(i, token));
        const challenge = issued.data?.joinChallenge;
        if (!challenge) {
          count(report.joinRefusals, issued.errors?.[0]?.extensions?.code ?? `HTTP_${issued.status}`);
          continue;
        }
        report.challenges++;
        if (challenge.difficulty > orders.maxDifficulty) {
          report.abandoned++;
          continue;
        }
        proof = await solve(challenge.challenge);
      }
      const res = await post(orders.routerUrl, JOIN, { e: orders.eventId, p: proof }, headers(i, token));
      if (res.data?.joinQueue) report.joins++;
      else count(report.joinRefusals, res.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`);
    }
  };

  // More accounts: sign-ups from every address in turn.
  let signUpNo = 0;
  const signer = async () => {
    while (!stopped()) {
      const i = signUpNo++;
      let proof: string | null = null;
      if (orders.pow) {
        const issued = await post(orders.routerUrl, SIGN_UP_CHALLENGE, {}, headers(i));
        const challenge = issued.data?.signUpChallenge;
        if (challenge && challenge.difficulty <= orders.maxDifficulty)
          proof = await solve(challenge.challenge);
      }
      const email = `bot-${process.pid}-${i}@bots.example`;
      const res = await post(
        orders.routerUrl,
        SIGN_UP,
        { i: { email, password: 'b0t-password-123', name: `bot ${i}`, proof } },
        headers(i),
      );
      if (res.data?.signUp) report.signUps++;
      else count(report.signUpRefusals, res.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`);
    }
  };

  // Holds without going through the line: a macro that skips the waiting room.
  let holdNo = 0;
  const holder = async () => {
    while (!stopped()) {
      const i = holdNo++ % orders.tokens.length;
      const from = Math.floor(Math.random() * Math.max(1, orders.seatIds.length - 4));
      const res = await post(
        orders.routerUrl,
        HOLD,
        { i: { eventId: orders.eventId, seatIds: orders.seatIds.slice(from, from + 4) } },
        headers(i, orders.tokens[i]),
      );
      if (res.data?.holdSeats) report.holds++;
      else count(report.holdRefusals, res.errors?.[0]?.extensions?.code ?? `HTTP_${res.status}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };

  await Promise.all([
    ...Array.from({ length: Math.max(1, orders.concurrency - 2) }, joiner),
    signer(),
    holder(),
  ]);
  close();
  const used = process.cpuUsage(cpuBefore);
  report.cpuMs = (used.user + used.system) / 1000;
  return report;
}

let stop = false;
process.on('message', (message: { orders?: FarmOrders; stop?: boolean }) => {
  if (message.stop) stop = true;
  if (message.orders) {
    run(message.orders, () => stop).then(
      (report) => process.send?.({ report }, () => process.exit(0)),
      (err) => {
        console.error(err);
        process.exit(1);
      },
    );
  }
});
process.send?.({ ready: true });
