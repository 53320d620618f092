import { createHash } from 'node:crypto';
import type { LayoutTemplate } from './layout-template.ts';

/**
 * Realistic plans for development: an arena (≈5,000 seats), a theater (≈1,100), a small hall (300) — in a
 * 1000-wide space, the stage at the top — and a football stadium (20,000) around a pitch. Rows are numbered
 * from the stage (pitch) outwards.
 */
type Section = LayoutTemplate['sections'][number];
type Row = Section['rows'][number];

const SEAT = 8;
const ROW = 9;

/** A rectangular block: `rows` rows of `seats` seats; `at(row, seat)` places a seat (both 0-based). */
function block(
  name: string,
  rows: number,
  seats: number,
  at: (row: number, seat: number) => { x: number; y: number },
  ticketType: (row: number) => string,
  options: { aisleAfter?: number; rowName?: (row: number) => string } = {},
): Section {
  const rowList: Row[] = [];
  for (let r = 0; r < rows; r++) {
    rowList.push({
      name: options.rowName ? options.rowName(r) : String(r + 1),
      ticketType: ticketType(r),
      seats: Array.from({ length: seats }, (_, s) => ({
        number: s + 1,
        ...at(r, s),
        gapBefore: options.aisleAfter !== undefined && s === options.aisleAfter ? true : undefined,
      })),
    });
  }
  return { name, rows: rowList };
}

const round = (n: number) => Math.round(n * 10) / 10;

function arena(): LayoutTemplate {
  const sections: Section[] = [];
  // Floor: VIP blocks in front, R behind, three across with aisles between.
  const floorX = [230, 410, 590];
  floorX.forEach((x0, i) => {
    sections.push(
      block(
        `FLOOR V${i + 1}`,
        8,
        20,
        (r, s) => ({ x: x0 + s * SEAT, y: 170 + r * ROW }),
        () => 'VIP',
      ),
    );
    sections.push(
      block(
        `FLOOR R${i + 1}`,
        10,
        20,
        (r, s) => ({ x: x0 + s * SEAT, y: 265 + r * ROW }),
        () => 'R',
      ),
    );
  });
  // Lower stands (S): four sections on each side and four at the back, row 1 nearest the floor.
  for (let i = 0; i < 4; i++) {
    const y0 = 170 + i * 152;
    sections.push(
      block(
        `${101 + i}`,
        12,
        18,
        (r, s) => ({ x: 210 - r * ROW, y: y0 + s * SEAT }),
        () => 'S',
      ),
    );
    sections.push(
      block(
        `${105 + i}`,
        12,
        18,
        (r, s) => ({ x: 790 + r * ROW, y: y0 + s * SEAT }),
        () => 'S',
      ),
    );
    const x0 = 197 + i * 152;
    sections.push(
      block(
        `${109 + i}`,
        12,
        18,
        (r, s) => ({ x: x0 + s * SEAT, y: 800 + r * ROW }),
        () => 'S',
      ),
    );
  }
  // Upper stands (A).
  for (let i = 0; i < 2; i++) {
    const y0 = 170 + i * 186;
    sections.push(
      block(
        `${201 + i}`,
        10,
        22,
        (r, s) => ({ x: 100 - r * ROW, y: y0 + s * SEAT }),
        () => 'A',
      ),
    );
    sections.push(
      block(
        `${203 + i}`,
        10,
        22,
        (r, s) => ({ x: 900 + r * ROW, y: y0 + s * SEAT }),
        () => 'A',
      ),
    );
    const x0 = 300 + i * 210;
    sections.push(
      block(
        `${205 + i}`,
        10,
        22,
        (r, s) => ({ x: x0 + s * SEAT, y: 910 + r * ROW }),
        () => 'A',
      ),
    );
  }
  return {
    width: 1000,
    height: 1000,
    stage: { x: 350, y: 40, width: 300, height: 90, label: 'STAGE' },
    sections,
  };
}

function theater(): LayoutTemplate {
  const firstFloor = (name: string, x0: number, seats: number, center: boolean) =>
    block(
      `1층 ${name}`,
      20,
      seats,
      (r, s) => ({ x: x0 + s * SEAT, y: 130 + r * 10 }),
      (r) => (center ? (r < 8 ? 'VIP' : 'R') : r < 10 ? 'R' : 'S'),
    );
  const secondFloor = (name: string, x0: number, seats: number, center: boolean) =>
    block(
      `2층 ${name}`,
      10,
      seats,
      (r, s) => ({ x: x0 + s * SEAT, y: 380 + r * 10 }),
      (r) => (center && r < 5 ? 'S' : 'A'),
    );
  return {
    width: 1000,
    height: 520,
    stage: { x: 300, y: 30, width: 400, height: 60, label: '무대 STAGE' },
    sections: [
      firstFloor('A', 300, 10, false),
      firstFloor('B', 436, 16, true),
      firstFloor('C', 620, 10, false),
      secondFloor('A', 260, 12, false),
      secondFloor('B', 428, 18, true),
      secondFloor('C', 644, 12, false),
    ],
  };
}

function hall(): LayoutTemplate {
  // One block with a centre aisle after seat 10.
  const section = block(
    'HALL',
    15,
    20,
    (r, s) => ({ x: round(410 + s * 9 + (s >= 10 ? 20 : 0)), y: 110 + r * 11 }),
    (r) => (r < 7 ? 'R' : 'S'),
    { aisleAfter: 10, rowName: (r) => String.fromCharCode(65 + r) },
  );
  return {
    width: 1000,
    height: 300,
    stage: { x: 400, y: 20, width: 220, height: 50, label: 'STAGE' },
    sections: [section],
  };
}

/**
 * A football stadium of exactly 20,000 seats: a lower and an upper tier on all four sides of the pitch, 40
 * blocks of 20 rows × 25 seats (six along each touchline, four behind each goal), numbered clockwise from the
 * north-west — 101–120 below, 201–220 above. The buyer app's stress case: seats are drawn on a phone only once
 * a section is zoomed into.
 */
function stadium(): LayoutTemplate {
  const rows = 20;
  const seats = 25;
  const depth = rows * ROW; // of a tier
  const run = seats * SEAT + 16; // a block and the aisle after it
  const gap = 30; // between the pitch and the lower tier, and between the tiers
  const margin = 40;
  const innerLeft = margin + 2 * (depth + gap);
  const innerTop = innerLeft;
  const innerWidth = 6 * run - 16;
  const innerHeight = 880;
  const innerRight = innerLeft + innerWidth;
  const innerBottom = innerTop + innerHeight;
  const sections: Section[] = [];
  const tierCode = (upper: boolean, long: boolean, b: number) =>
    upper ? (long ? 'SECOND' : 'GOAL') : long && b > 0 && b < 5 ? 'PREMIUM' : 'FIRST';
  for (const [tier, upper] of [
    [100, false],
    [200, true],
  ] as const) {
    const out = upper ? depth + gap : 0; // how far the tier starts from the lower one
    let n = tier + 1;
    const add = (b: number, long: boolean, at: (r: number, s: number) => { x: number; y: number }) =>
      sections.push(block(`${n++}`, rows, seats, at, () => tierCode(upper, long, b)));
    // North, west to east; rows go up from the pitch.
    for (let b = 0; b < 6; b++) {
      add(b, true, (r, s) => ({ x: innerLeft + b * run + s * SEAT + 4, y: innerTop - gap - out - r * ROW }));
    }
    // East, north to south; rows go right.
    for (let b = 0; b < 4; b++) {
      add(b, false, (r, s) => ({
        x: innerRight + gap + out + r * ROW,
        y: innerTop + 16 + b * run + s * SEAT + 4,
      }));
    }
    // South, east to west; rows go down.
    for (let b = 0; b < 6; b++) {
      add(b, true, (r, s) => ({
        x: innerRight - b * run - s * SEAT - 4,
        y: innerBottom + gap + out + r * ROW,
      }));
    }
    // West, south to north; rows go left.
    for (let b = 0; b < 4; b++) {
      add(b, false, (r, s) => ({
        x: innerLeft - gap - out - r * ROW,
        y: innerBottom - 16 - b * run - s * SEAT - 4,
      }));
    }
  }
  return {
    width: innerRight + 2 * (depth + gap) + margin,
    height: innerBottom + 2 * (depth + gap) + margin,
    stage: {
      x: innerLeft + 120,
      y: innerTop + 60,
      width: innerWidth - 240,
      height: innerHeight - 120,
      label: 'PITCH',
    },
    sections,
  };
}

export interface DefaultLayout {
  id: string;
  name: string;
  description: string;
  template: LayoutTemplate;
  ticketTypes: { code: string; name: string; price: number; color: string }[];
}

const layoutId = (n: number) => `f0000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;

export const DEFAULT_LAYOUTS: readonly DefaultLayout[] = [
  {
    id: layoutId(1),
    name: 'Arena (5,000)',
    description: 'Floor VIP/R blocks in front of the stage, lower stands S, upper stands A.',
    template: arena(),
    ticketTypes: [
      { code: 'VIP', name: 'VIP석', price: 198_000, color: '#8e44ad' },
      { code: 'R', name: 'R석', price: 176_000, color: '#c0392b' },
      { code: 'S', name: 'S석', price: 154_000, color: '#2980b9' },
      { code: 'A', name: 'A석', price: 132_000, color: '#27ae60' },
    ],
  },
  {
    id: layoutId(2),
    name: 'Theater (1,100)',
    description: '1st floor VIP/R/S, 2nd floor S/A, three blocks per floor.',
    template: theater(),
    ticketTypes: [
      { code: 'VIP', name: 'VIP석', price: 170_000, color: '#8e44ad' },
      { code: 'R', name: 'R석', price: 140_000, color: '#c0392b' },
      { code: 'S', name: 'S석', price: 110_000, color: '#2980b9' },
      { code: 'A', name: 'A석', price: 80_000, color: '#27ae60' },
    ],
  },
  {
    id: layoutId(3),
    name: 'Small hall (300)',
    description: 'One block with a centre aisle; R in front, S behind.',
    template: hall(),
    ticketTypes: [
      { code: 'R', name: 'R석', price: 99_000, color: '#c0392b' },
      { code: 'S', name: 'S석', price: 77_000, color: '#2980b9' },
    ],
  },
  {
    id: layoutId(4),
    name: 'Stadium (20,000)',
    description: 'Football stadium: lower and upper tiers on four sides of the pitch, 40 blocks of 500.',
    template: stadium(),
    ticketTypes: [
      { code: 'PREMIUM', name: '프리미엄석', price: 88_000, color: '#8e44ad' },
      { code: 'FIRST', name: '1등석', price: 55_000, color: '#c0392b' },
      { code: 'SECOND', name: '2등석', price: 33_000, color: '#2980b9' },
      { code: 'GOAL', name: '골대 뒤 응원석', price: 22_000, color: '#27ae60' },
    ],
  },
];

/** The layouts an event's id is hashed over: the stadium is too big to be anyone's accident. */
const HASHED = DEFAULT_LAYOUTS.slice(0, 3);

/**
 * Development events that get the stadium instead: catalog's seeded K League match at Seoul World Cup Stadium
 * (`SEED_IDS.events.kLeagueSeoulUlsan`; seating does not depend on catalog, so the id is written out).
 */
const STADIUM_EVENTS: ReadonlySet<string> = new Set(['e0000000-0000-4000-8000-000000000017']);

/** The development layout of an event: the same for an id on every machine and every run. */
export function defaultLayoutFor(eventId: string): DefaultLayout {
  if (STADIUM_EVENTS.has(eventId)) return DEFAULT_LAYOUTS[3] as DefaultLayout;
  const n = createHash('sha256').update(eventId).digest().readUInt32BE(0);
  return HASHED[n % HASHED.length] as DefaultLayout;
}
