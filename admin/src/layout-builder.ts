/**
 * The seat layout editor's model: blocks of seats (a section of rows × seats, one ticket type) placed side by
 * side in front of a stage, turned into the template seating stores (`SeatLayoutInput`: sections → rows →
 * seats with coordinates). Pure, so the page only holds the blocks.
 */

export interface BlockDraft {
  /** e.g. `Floor A`, `1층 B구역` */
  name: string;
  /** ticket type code, e.g. `VIP`, `R` */
  ticketType: string;
  rows: number;
  seatsPerRow: number;
  /** `letters`: rows A, B, … Z, AA …; `numbers`: rows 1, 2, … */
  rowNames: 'letters' | 'numbers';
  /** an aisle after every N seats of a row (0: none) */
  aisleEvery: number;
}

export interface LayoutTemplateInput {
  name: string;
  description: string | null;
  width: number;
  height: number;
  stage: { x: number; y: number; width: number; height: number; label: string };
  sections: {
    name: string;
    ticketType: string;
    rows: { name: string; seats: { number: number; x: number; y: number; gapBefore: boolean }[] }[];
  }[];
}

const SEAT = 24;
const ROW = 28;
const AISLE = 16;
const BLOCK_GAP = 48;
const MARGIN = 40;
const STAGE_HEIGHT = 40;
const FIRST_ROW_Y = MARGIN + STAGE_HEIGHT + 60;

/** `A`, `B`, … `Z`, `AA`, `AB`, … */
export function rowName(index: number, style: BlockDraft['rowNames']): string {
  if (style === 'numbers') return String(index + 1);
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const aisles = (block: BlockDraft) =>
  block.aisleEvery > 0 ? Math.floor((block.seatsPerRow - 1) / block.aisleEvery) : 0;
const blockWidth = (block: BlockDraft) => (block.seatsPerRow - 1) * SEAT + aisles(block) * AISLE;

export function buildLayout(
  name: string,
  description: string,
  blocks: readonly BlockDraft[],
): LayoutTemplateInput {
  let left = MARGIN;
  const sections = blocks.map((block) => {
    const x0 = left;
    left += blockWidth(block) + BLOCK_GAP;
    return {
      name: block.name.trim(),
      ticketType: block.ticketType.trim(),
      rows: Array.from({ length: block.rows }, (_, r) => {
        let x = x0;
        return {
          name: rowName(r, block.rowNames),
          seats: Array.from({ length: block.seatsPerRow }, (_, s) => {
            const gapBefore = block.aisleEvery > 0 && s > 0 && s % block.aisleEvery === 0;
            if (s > 0) x += SEAT + (gapBefore ? AISLE : 0);
            return { number: s + 1, x, y: FIRST_ROW_Y + r * ROW, gapBefore };
          }),
        };
      }),
    };
  });
  const contentWidth = Math.max(left - BLOCK_GAP - MARGIN, 0);
  const width = Math.min(10_000, Math.max(100, Math.ceil(contentWidth + 2 * MARGIN)));
  const deepest = Math.max(0, ...blocks.map((b) => b.rows));
  const height = Math.min(10_000, Math.max(100, Math.ceil(FIRST_ROW_Y + (deepest - 1) * ROW + MARGIN)));
  const stageWidth = Math.max(60, contentWidth * 0.6);
  return {
    name: name.trim(),
    description: description.trim() || null,
    width,
    height,
    stage: {
      x: (width - stageWidth) / 2,
      y: MARGIN,
      width: stageWidth,
      height: STAGE_HEIGHT,
      label: 'STAGE',
    },
    sections,
  };
}

export const seatCountOf = (blocks: readonly BlockDraft[]) =>
  blocks.reduce((total, b) => total + b.rows * b.seatsPerRow, 0);
