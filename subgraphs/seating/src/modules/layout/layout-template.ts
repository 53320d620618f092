import { badInput } from '@tiketi/kit';
import { z } from 'zod';

/**
 * A layout template, as stored in `seating.layouts.template` (JSONB) and attached to events: sections → rows →
 * seats with coordinates in a `width × height` drawing space, and the stage's rectangle in the same space.
 * Ticket types are named by code (VIP, R, S, A …) per section (a block), row or seat; prices come when the
 * layout is attached to an event. Seats are listed in order along their row; `gapBefore` marks an aisle or
 * gap, so two seats are side by side only when consecutive in a row with no gap between them.
 */
const code = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,20}$/, 'a ticket type code is 1–20 letters, digits, - or _');
const name = (max: number) => z.string().trim().min(1).max(max);
const coordinate = z.number().finite().min(0).max(10_000);

const seatSchema = z.object({
  number: z.number().int().min(1).max(9999),
  x: coordinate,
  y: coordinate,
  label: name(80).nullish(),
  ticketType: code.nullish(),
  gapBefore: z.boolean().nullish(),
});
const rowSchema = z.object({
  name: name(20),
  ticketType: code.nullish(),
  seats: z.array(seatSchema).min(1).max(500),
});
const sectionSchema = z.object({
  name: name(40),
  ticketType: code.nullish(),
  rows: z.array(rowSchema).min(1).max(500),
});
export const layoutTemplateSchema = z.object({
  width: z.number().int().min(100).max(10_000),
  height: z.number().int().min(100).max(10_000),
  stage: z.object({
    x: coordinate,
    y: coordinate,
    width: z.number().finite().positive().max(10_000),
    height: z.number().finite().positive().max(10_000),
    label: name(40).nullish(),
  }),
  sections: z.array(sectionSchema).min(1).max(200),
});

export type LayoutTemplate = z.infer<typeof layoutTemplateSchema>;

/** At most this many seats per layout: the biggest stadium concerts, with room to spare. */
export const MAX_SEATS = 100_000;

/** One seat of a template, resolved: its ticket type code and its place for adjacency and distance. */
export interface ExpandedSeat {
  section: string;
  row: string;
  number: number;
  label: string;
  x: number;
  y: number;
  code: string;
  /** Side-by-side block within the row (a gap starts the next one). */
  run: number;
  /** Order along the row. */
  position: number;
  /** Layout order over the whole template. */
  seq: number;
  stageDistance: number;
}

export interface ValidLayout {
  template: LayoutTemplate;
  seats: ExpandedSeat[];
  codes: string[];
}

/** A seat's label when its layout gives none: `Floor A 3-12`. The packed seat map sends only the others. */
export const defaultSeatLabel = (section: string, row: string, number: number) =>
  `${section} ${row}-${number}`;

/**
 * Checks a template beyond its shape (unique names and numbers, every seat has a ticket type, seats inside
 * the drawing space) and expands it into seats. Every problem is BAD_USER_INPUT naming where it is.
 */
export function validateLayout(input: unknown, field = 'input'): ValidLayout {
  const parsed = layoutTemplateSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = [field, ...(issue?.path ?? [])].join('.');
    throw badInput(`${path}: ${issue?.message ?? 'invalid layout'}`, path);
  }
  const template = parsed.data;
  const seats: ExpandedSeat[] = [];
  const codes: string[] = [];
  const sectionNames = new Set<string>();
  const { stage } = template;

  template.sections.forEach((section, si) => {
    const at = `${field}.sections.${si}`;
    if (sectionNames.has(section.name)) throw badInput(`${at}.name: "${section.name}" appears twice`, at);
    sectionNames.add(section.name);
    const rowNames = new Set<string>();
    section.rows.forEach((row, ri) => {
      const rowAt = `${at}.rows.${ri}`;
      if (rowNames.has(row.name)) throw badInput(`${rowAt}.name: row "${row.name}" appears twice`, rowAt);
      rowNames.add(row.name);
      const numbers = new Set<number>();
      let run = 0;
      row.seats.forEach((seat, position) => {
        const seatAt = `${rowAt}.seats.${position}`;
        if (numbers.has(seat.number))
          throw badInput(`${seatAt}.number: ${seat.number} appears twice`, seatAt);
        numbers.add(seat.number);
        if (seat.x > template.width || seat.y > template.height) {
          throw badInput(
            `${seatAt}: the seat lies outside the ${template.width}×${template.height} space`,
            seatAt,
          );
        }
        const ticketType = seat.ticketType ?? row.ticketType ?? section.ticketType;
        if (!ticketType) {
          throw badInput(`${seatAt}: no ticket type (set one on the section, row or seat)`, seatAt);
        }
        if (!codes.includes(ticketType)) codes.push(ticketType);
        if (seat.gapBefore && position > 0) run++;
        seats.push({
          section: section.name,
          row: row.name,
          number: seat.number,
          label: seat.label ?? defaultSeatLabel(section.name, row.name, seat.number),
          x: seat.x,
          y: seat.y,
          code: ticketType,
          run,
          position,
          seq: seats.length,
          stageDistance: distanceToRect(seat.x, seat.y, stage),
        });
      });
    });
  });
  if (seats.length > MAX_SEATS) throw badInput(`A layout has at most ${MAX_SEATS} seats.`, field);
  return { template, seats, codes };
}

/** From a point to the nearest point of a rectangle (0 inside it). */
function distanceToRect(x: number, y: number, r: { x: number; y: number; width: number; height: number }) {
  const dx = Math.max(r.x - x, 0, x - (r.x + r.width));
  const dy = Math.max(r.y - y, 0, y - (r.y + r.height));
  return Math.round(Math.hypot(dx, dy) * 100) / 100;
}
