/**
 * Best-available picking, pure so it can be tested on small rows.
 *
 * 1. Seats next to each other: same section, row and run (aisles and gaps split runs) at consecutive
 *    positions. Each maximal stretch of available seats is a segment.
 * 2. Every window of `quantity` consecutive seats inside a segment is a candidate. A candidate that leaves
 *    exactly one available seat between itself and the end of its segment strands that seat (nobody buys a
 *    single seat wedged between strangers and an aisle as readily), so it loses to any candidate that strands
 *    fewer, however far.
 * 3. Among equals, the one nearest the stage (mean distance of its seats) wins; then layout order, so the
 *    result is deterministic.
 * 4. When no segment is long enough, the `quantity` available seats nearest the stage are picked, not
 *    side by side (`adjacent: false`).
 */
export interface CandidateSeat {
  id: string;
  section: string;
  row: string;
  run: number;
  position: number;
  /** Layout order, for deterministic ties. */
  seq: number;
  stageDistance: number;
  /** `section`, `row` and `run` as one key, when the caller keeps seats across calls (saves building it). */
  runKey?: string;
}

export type Pick = { adjacent: boolean; seatIds: string[] } | null;

export interface PickOptions {
  /**
   * Choose at random among the best `spread` side-by-side candidates instead of the very best. Buyers who
   * lost a race retry with a spread, so they stop colliding on the same seats; the first try of every buyer
   * is the best pick. Candidates that strand a seat stay out while others exist. @default 1
   */
  spread?: number;
  /** @default Math.random */
  random?: () => number;
}

/** A window of `quantity` seats: `segment[offset …]`. Built without copying seats (thousands per call). */
interface Candidate {
  strands: number;
  distance: number;
  seq: number;
  segment: CandidateSeat[];
  offset: number;
}

const better = (a: Candidate, b: Candidate) => a.distance - b.distance || a.seq - b.seq;

export function pickBestAvailable(
  available: readonly CandidateSeat[],
  quantity: number,
  options: PickOptions = {},
): Pick {
  if (quantity < 1 || available.length < quantity) return null;
  const runs = new Map<string, CandidateSeat[]>();
  for (const seat of available) {
    const key = runKey(seat);
    const run = runs.get(key);
    if (run) run.push(seat);
    else runs.set(key, [seat]);
  }

  // Only the candidates that strand the fewest seats matter (rule 2), so the others are never kept.
  let pool: Candidate[] = [];
  let fewestStrands = Number.POSITIVE_INFINITY;
  for (const run of runs.values()) {
    run.sort((a, b) => a.position - b.position);
    for (const segment of segments(run)) {
      for (let offset = 0; offset + quantity <= segment.length; offset++) {
        const left = offset;
        const right = segment.length - quantity - offset;
        const strands = (left === 1 ? 1 : 0) + (right === 1 ? 1 : 0);
        if (strands > fewestStrands) continue;
        if (strands < fewestStrands) {
          fewestStrands = strands;
          pool = [];
        }
        let sum = 0;
        for (let k = offset; k < offset + quantity; k++) sum += segment[k]!.stageDistance;
        pool.push({ strands, distance: sum / quantity, seq: segment[offset]!.seq, segment, offset });
      }
    }
  }
  if (pool.length > 0) {
    const spread = Math.max(1, Math.min(options.spread ?? 1, pool.length));
    let chosen: Candidate;
    if (spread === 1) {
      chosen = pool[0]!;
      for (const candidate of pool) if (better(candidate, chosen) < 0) chosen = candidate;
    } else {
      pool.sort(better);
      chosen = pool[Math.floor((options.random ?? Math.random)() * spread)] ?? pool[0]!;
    }
    return {
      adjacent: true,
      seatIds: chosen.segment.slice(chosen.offset, chosen.offset + quantity).map((s) => s.id),
    };
  }

  const nearest = [...available].sort((a, b) => a.stageDistance - b.stageDistance || a.seq - b.seq);
  return { adjacent: false, seatIds: nearest.slice(0, quantity).map((s) => s.id) };
}

/** Seats of one run share this key; `CandidateSeat.runKey` when the caller keeps one (seat-geometry.ts). */
const runKey = (seat: CandidateSeat): string =>
  seat.runKey ?? `${seat.section}\u0000${seat.row}\u0000${seat.run}`;

/** Splits a run (sorted by position) into stretches of consecutive positions. */
function segments(run: readonly CandidateSeat[]): CandidateSeat[][] {
  const out: CandidateSeat[][] = [];
  let current: CandidateSeat[] = [];
  for (const seat of run) {
    const last = current.at(-1);
    if (last && seat.position !== last.position + 1) {
      out.push(current);
      current = [];
    }
    current.push(seat);
  }
  if (current.length > 0) out.push(current);
  return out;
}
