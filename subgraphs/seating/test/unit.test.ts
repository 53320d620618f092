import { DEV_SECRETS } from '@tiketi/kit';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LAYOUTS,
  defaultLayoutFor,
  loadConfig,
  pickBestAvailable,
  validateLayout,
} from '../src/index.ts';
import type { CandidateSeat } from '../src/modules/hold/best-available.ts';
import { rowsLayout } from './helpers.ts';

/** Seats of one row: `spec` has one character per position, `.` available, `x` taken, `|` an aisle. */
function row(name: string, spec: string, distance: (position: number) => number = () => 1): CandidateSeat[] {
  const seats: CandidateSeat[] = [];
  let run = 0;
  let position = 0;
  for (const ch of spec) {
    if (ch === '|') {
      run++;
      continue;
    }
    if (ch === '.') {
      seats.push({
        id: `${name}${position + 1}`,
        section: 'A',
        row: name,
        run,
        position,
        seq: name.charCodeAt(0) * 1000 + position,
        stageDistance: distance(position),
      });
    }
    position++;
  }
  return seats;
}

describe('best available', () => {
  it('picks side by side in one row, from the row start when everything is equal', () => {
    expect(pickBestAvailable(row('A', '..........'), 2)).toEqual({ adjacent: true, seatIds: ['A1', 'A2'] });
  });

  it('prefers the row nearest the stage', () => {
    const seats = [...row('B', '......', () => 20), ...row('A', '......', () => 10)];
    expect(pickBestAvailable(seats, 3)?.seatIds).toEqual(['A1', 'A2', 'A3']);
  });

  it('prefers the middle of a row when the middle is nearer the stage', () => {
    const seats = row('A', '........', (p) => 10 + Math.abs(p - 3.5));
    expect(pickBestAvailable(seats, 2)?.seatIds).toEqual(['A4', 'A5']);
  });

  it('never strands a single seat when another choice avoids it, even farther away', () => {
    // Row A (near) has 5 free seats: any 4 of them leave one alone. Row B (far) has exactly 4.
    const seats = [...row('A', '.....', () => 1), ...row('B', 'x....x', () => 50)];
    expect(pickBestAvailable(seats, 4)?.seatIds).toEqual(['B2', 'B3', 'B4', 'B5']);
  });

  it('does not strand a seat next to a taken one', () => {
    // [A1 A2] x [A4 A5 A6]: A4-A5 or A5-A6 would leave one seat alone; A1-A2 leaves none.
    const seats = row('A', '..x...', (p) => 10 - p);
    expect(pickBestAvailable(seats, 2)?.seatIds).toEqual(['A1', 'A2']);
  });

  it('strands a seat when nothing else is possible', () => {
    expect(pickBestAvailable(row('A', '.....'), 4)?.seatIds).toEqual(['A1', 'A2', 'A3', 'A4']);
  });

  it('treats an aisle as a break: seats across it are not adjacent', () => {
    const pick = pickBestAvailable(
      row('A', '...|...', (p) => p),
      4,
    );
    expect(pick?.adjacent).toBe(false);
    expect(pick?.seatIds).toEqual(['A1', 'A2', 'A3', 'A4']);
    expect(pickBestAvailable(row('A', '...|...'), 3)).toEqual({
      adjacent: true,
      seatIds: ['A1', 'A2', 'A3'],
    });
  });

  it('after a lost race, spreads over the best candidates but still never strands a seat', () => {
    const seats = [...row('A', '......', () => 1), ...row('B', '......', () => 2)];
    const picks = new Set<string>();
    for (let i = 0; i < 40; i++) {
      const pick = pickBestAvailable(seats, 2, { spread: 16, random: () => (i % 8) / 8 });
      picks.add(pick!.seatIds.join(','));
    }
    // Non-stranding pairs in a row of 6: 1-2, 3-4 and 5-6; 2-3 and 4-5 would strand one.
    expect([...picks].sort()).toEqual(['A1,A2', 'A3,A4', 'A5,A6', 'B1,B2', 'B3,B4', 'B5,B6']);
    expect(pickBestAvailable(seats, 2, { spread: 1, random: () => 0.99 })?.seatIds).toEqual(['A1', 'A2']);
  });

  it('gives nothing when there are not enough seats', () => {
    expect(pickBestAvailable(row('A', '..x'), 3)).toBeNull();
    expect(pickBestAvailable([], 1)).toBeNull();
  });
});

describe('layout templates', () => {
  it('the development layouts are valid, drawable and about the promised sizes', () => {
    const sizes = DEFAULT_LAYOUTS.map((layout) => {
      const { seats, codes, template } = validateLayout(layout.template);
      for (const seat of seats) {
        expect(seat.x).toBeLessThanOrEqual(template.width);
        expect(seat.y).toBeLessThanOrEqual(template.height);
      }
      // No two seats drawn on top of each other.
      expect(new Set(seats.map((s) => `${s.x},${s.y}`)).size).toBe(seats.length);
      expect(codes.sort()).toEqual(layout.ticketTypes.map((t) => t.code).sort());
      return seats.length;
    });
    expect(sizes[0]).toBeGreaterThan(4_800);
    expect(sizes[0]).toBeLessThan(5_200);
    expect(sizes[1]).toBeGreaterThan(1_000);
    expect(sizes[1]).toBeLessThan(1_300);
    expect(sizes[2]).toBe(300);
  });

  it('picks the same development layout for an id every time', () => {
    const id = 'e0000000-0000-4000-8000-000000000001';
    expect(defaultLayoutFor(id)).toBe(defaultLayoutFor(id));
    const picked = new Set(
      Array.from(
        { length: 25 },
        (_, i) => defaultLayoutFor(`e0000000-0000-4000-8000-${String(i).padStart(12, '0')}`).id,
      ),
    );
    // The three hashed layouts, and the stadium of the seeded K League match (id …17).
    expect(picked.size).toBe(DEFAULT_LAYOUTS.length);
  });

  it('expands runs, positions and stage distances', () => {
    const { seats } = validateLayout(rowsLayout([{ name: '1', seats: 4, gapsBefore: [3] }]));
    expect(seats.map((s) => [s.number, s.run, s.position])).toEqual([
      [1, 0, 0],
      [2, 0, 1],
      [3, 1, 2],
      [4, 1, 3],
    ]);
    expect(seats[0]?.stageDistance).toBe(30); // (400, 50) to the stage's bottom edge at y = 20
  });

  it.each([
    [
      'a duplicated seat number',
      (t: ReturnType<typeof rowsLayout>) =>
        t.sections[0]!.rows[0]!.seats.push({ ...t.sections[0]!.rows[0]!.seats[0]! }),
      /appears twice/,
    ],
    [
      'a duplicated row',
      (t: ReturnType<typeof rowsLayout>) => t.sections[0]!.rows.push(t.sections[0]!.rows[0]!),
      /appears twice/,
    ],
    [
      'a seat outside the space',
      (t: ReturnType<typeof rowsLayout>) => {
        t.sections[0]!.rows[0]!.seats[0]!.x = 1001;
      },
      /outside/,
    ],
    [
      'a seat without ticket type',
      (t: ReturnType<typeof rowsLayout>) => {
        (t.sections[0] as { ticketType: string | null }).ticketType = null;
      },
      /no ticket type/,
    ],
    [
      'an empty row',
      (t: ReturnType<typeof rowsLayout>) => {
        t.sections[0]!.rows[0]!.seats.length = 0;
      },
      /seats/,
    ],
  ])('refuses %s', (_name, mutate, message) => {
    const template = rowsLayout([{ name: '1', seats: 3 }]);
    mutate(template);
    expect(() => validateLayout(template)).toThrow(message);
  });
});

describe('tickets and configuration', () => {
  // Ticket credentials (issue 17) are tested in ticket-credential.test.ts.
  // Production logs in as the service's own Postgres role and Redis user (issue 15).
  const base = {
    DATABASE_URL: 'postgres://tiketi_seating:pw@localhost/x',
    REDIS_URL: 'redis://tiketi-seating:pw@localhost:6379',
  };
  it('defaults: hold 300 s, checkout extension 300 s, 4 seats per buyer, port 4003', () => {
    const config = loadConfig(base);
    expect(config.holds).toEqual({ seconds: 300, checkoutExtensionSeconds: 300, limitPerBuyer: 4 });
    expect(config.http.port).toBe(4003);
    expect(config.tickets.signingSecret).toBe(DEV_SECRETS.TICKET_SIGNING_SECRET);
  });

  it('production refuses the development ticket secret (and says which variable)', () => {
    expect(() => loadConfig({ ...base, TIKETI_ENV: 'production', ROUTER_SECRET: 'r'.repeat(40) })).toThrow(
      /TICKET_SIGNING_SECRET/,
    );
    expect(() =>
      loadConfig({
        ...base,
        TIKETI_ENV: 'production',
        ROUTER_SECRET: 'r'.repeat(40),
        TICKET_SIGNING_SECRET: 't'.repeat(40),
        QUEUE_PASS_SECRET: 'q'.repeat(40),
      }),
    ).toThrow(/CHECKOUT_TOKEN_SECRET/);
    expect(() =>
      loadConfig({
        ...base,
        TIKETI_ENV: 'production',
        ROUTER_SECRET: 'r'.repeat(40),
        TICKET_SIGNING_SECRET: 't'.repeat(40),
        QUEUE_PASS_SECRET: 'q'.repeat(40),
        CHECKOUT_TOKEN_SECRET: 'c'.repeat(40),
      }),
    ).not.toThrow();
  });

  it('reports every bad variable at once', () => {
    expect(() => loadConfig({ ...base, SEAT_HOLD_SECONDS: '0', SEAT_LIMIT_PER_BUYER: 'many' })).toThrow(
      /SEAT_HOLD_SECONDS[\s\S]*SEAT_LIMIT_PER_BUYER/,
    );
  });
});
