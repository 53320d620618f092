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

interface Candidate {
  strands: number;
  distance: number;
  seq: number;
  seats: CandidateSeat[];
}

export function pickBestAvailable(
  available: readonly CandidateSeat[],
  quantity: number,
  options: PickOptions = {},
): Pick {
  if (quantity < 1 || available.length < quantity) return null;
  const runs = new Map<string, CandidateSeat[]>();
  for (const seat of available) {
    const key = `${seat.section}\u0000${seat.row}\u0000${seat.run}`;
    const run = runs.get(key);
    if (run) run.push(seat);
    else runs.set(key, [seat]);
  }

  const candidates: Candidate[] = [];
  for (const run of runs.values()) {
    run.sort((a, b) => a.position - b.position);
    for (const segment of segments(run)) {
      for (let offset = 0; offset + quantity <= segment.length; offset++) {
        const window = segment.slice(offset, offset + quantity);
        const left = offset;
        const right = segment.length - quantity - offset;
        candidates.push({
          strands: (left === 1 ? 1 : 0) + (right === 1 ? 1 : 0),
          distance: window.reduce((sum, s) => sum + s.stageDistance, 0) / quantity,
          seq: window[0]?.seq ?? 0,
          seats: window,
        });
      }
    }
  }
  if (candidates.length > 0) {
    candidates.sort((a, b) => a.strands - b.strands || a.distance - b.distance || a.seq - b.seq);
    const fewestStrands = candidates[0]?.strands;
    const pool = candidates.filter((c) => c.strands === fewestStrands);
    const spread = Math.max(1, Math.min(options.spread ?? 1, pool.length));
    const index = spread === 1 ? 0 : Math.floor((options.random ?? Math.random)() * spread);
    return { adjacent: true, seatIds: (pool[index] ?? pool[0])!.seats.map((s) => s.id) };
  }

  const nearest = [...available].sort((a, b) => a.stageDistance - b.stageDistance || a.seq - b.seq);
  return { adjacent: false, seatIds: nearest.slice(0, quantity).map((s) => s.id) };
}

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
