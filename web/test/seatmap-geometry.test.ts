import { DEFAULT_LAYOUTS } from '@tiketi/seating';
import { describe, expect, it } from 'vitest';
import {
  buildGeometry,
  clampView,
  fitView,
  neighbour,
  type SeatInput,
  seatAt,
  seatsIn,
  sectionAt,
  zoomAround,
} from '../src/seatmap/geometry.ts';
import { inkOn, TIER_COLORS, tierColors } from '../src/seatmap/palette.ts';

/** The development stadium as the seat map receives it (20,000 seats in 40 sections). */
function stadium() {
  const layout = DEFAULT_LAYOUTS.find((l) => l.name.startsWith('Stadium'))!;
  const seats: SeatInput[] = [];
  for (const section of layout.template.sections) {
    for (const row of section.rows) {
      for (const seat of row.seats) {
        seats.push({
          id: `${section.name}/${row.name}/${seat.number}`,
          section: section.name,
          row: row.name,
          number: seat.number,
          label: `${section.name} ${row.name}-${seat.number}`,
          x: seat.x,
          y: seat.y,
          ticketTypeId: 'T',
        });
      }
    }
  }
  return buildGeometry(seats, layout.template.stage);
}

describe('seat map geometry', () => {
  const g = stadium();

  it('indexes 20,000 seats in 40 sections with their pitch', () => {
    expect(g.seats.length).toBe(20_000);
    expect(g.sections.length).toBe(40);
    expect(g.pitch).toBe(8);
    for (const section of g.sections) expect(section.seats.length).toBe(500);
  });

  it('finds the seat under a point and every seat inside a box', () => {
    const i = g.indexOf.get('101/1/1')!;
    expect(seatAt(g, g.xs[i]! + 3, g.ys[i]! - 3)).toBe(i);
    expect(seatAt(g, 0, 0)).toBe(-1);
    const box = g.sections[sectionAt(g, g.xs[i]!, g.ys[i]!)]!.box;
    const inside: number[] = [];
    seatsIn(g, box, (k) => inside.push(k));
    expect(inside.length).toBe(500);
  });

  it('walks a row with the arrow keys and steps to the next row', () => {
    const from = g.indexOf.get('101/1/1')!;
    expect(g.seats[neighbour(g, from, 'ArrowRight')]!.id).toBe('101/1/2');
    // Rows of the north stand grow upwards, away from the pitch.
    expect(g.seats[neighbour(g, from, 'ArrowUp')]!.id).toBe('101/2/1');
  });

  it('fits the venue, and zooms around a point without moving it', () => {
    const size = { width: 390, height: 520 };
    const fit = fitView(g.bounds, size);
    const left = g.bounds.x * fit.scale + fit.tx;
    const right = (g.bounds.x + g.bounds.width) * fit.scale + fit.tx;
    expect(left).toBeGreaterThanOrEqual(0);
    expect(right).toBeLessThanOrEqual(size.width);
    const point = { x: 120, y: 300 };
    const before = { x: (point.x - fit.tx) / fit.scale, y: (point.y - fit.ty) / fit.scale };
    const zoomed = zoomAround(fit, 3, point.x, point.y, 0, 100);
    expect(zoomed.scale).toBeCloseTo(fit.scale * 3);
    expect((point.x - zoomed.tx) / zoomed.scale).toBeCloseTo(before.x);
    expect((point.y - zoomed.ty) / zoomed.scale).toBeCloseTo(before.y);
    // Limits hold, and the map cannot be dragged away entirely.
    expect(zoomAround(fit, 1_000, 0, 0, 0, 5).scale).toBe(5);
    const away = clampView({ ...zoomed, tx: 1e6 }, g.bounds, size);
    expect(g.bounds.x * away.scale + away.tx).toBeLessThan(size.width);
  });
});

describe('seat map colours', () => {
  it('gives tiers Okabe–Ito colours by price, highest first, whatever the server’s colours', () => {
    const colors = tierColors([
      { id: 'a', price: 33_000 },
      { id: 'b', price: 88_000 },
      { id: 'c', price: 55_000 },
    ]);
    expect(colors.get('b')).toBe(TIER_COLORS[0]);
    expect(colors.get('c')).toBe(TIER_COLORS[1]);
    expect(colors.get('a')).toBe(TIER_COLORS[2]);
    expect(inkOn('#000000')).toBe('#FFFFFF');
    expect(inkOn('#F0E442')).toBe('#000000');
  });
});
