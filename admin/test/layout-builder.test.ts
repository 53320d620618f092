import { describe, expect, it } from 'vitest';
import { buildLayout, rowName, seatCountOf } from '../src/layout-builder.ts';

describe('the seat layout editor', () => {
  it('names rows A…Z, AA… or 1, 2, …', () => {
    expect([0, 1, 25, 26, 27, 51, 52].map((i) => rowName(i, 'letters'))).toEqual([
      'A',
      'B',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
    ]);
    expect(rowName(9, 'numbers')).toBe('10');
  });

  it('lays blocks side by side in front of the stage, with aisles, inside the drawing space', () => {
    const blocks = [
      {
        name: 'VIP',
        ticketType: 'VIP',
        rows: 2,
        seatsPerRow: 4,
        rowNames: 'letters' as const,
        aisleEvery: 2,
      },
      { name: 'R', ticketType: 'R', rows: 3, seatsPerRow: 3, rowNames: 'numbers' as const, aisleEvery: 0 },
    ];
    const layout = buildLayout(' 소극장 ', '', blocks);
    expect(layout.name).toBe('소극장');
    expect(layout.description).toBeNull();
    expect(seatCountOf(blocks)).toBe(17);
    const [vip, r] = layout.sections;
    expect(vip!.rows.map((row) => row.name)).toEqual(['A', 'B']);
    expect(r!.rows.map((row) => row.name)).toEqual(['1', '2', '3']);
    // An aisle before seat 3: it is further from seat 2 than seat 2 is from seat 1, and marked as a gap.
    const [s1, s2, s3] = vip!.rows[0]!.seats;
    expect(s3!.gapBefore).toBe(true);
    expect(s3!.x - s2!.x).toBeGreaterThan(s2!.x - s1!.x);
    // The second block starts right of the first; every seat is inside the drawing and below the stage.
    expect(r!.rows[0]!.seats[0]!.x).toBeGreaterThan(vip!.rows[0]!.seats.at(-1)!.x);
    for (const section of layout.sections) {
      for (const row of section.rows) {
        for (const seat of row.seats) {
          expect(seat.x).toBeGreaterThan(0);
          expect(seat.x).toBeLessThan(layout.width);
          expect(seat.y).toBeGreaterThan(layout.stage.y + layout.stage.height);
          expect(seat.y).toBeLessThan(layout.height);
        }
      }
    }
    expect(layout.stage.x + layout.stage.width).toBeLessThanOrEqual(layout.width);
  });
});
