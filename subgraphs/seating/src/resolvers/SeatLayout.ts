import type { SeatLayoutResolvers } from '../__generated__/resolvers.ts';

export const SeatLayout: SeatLayoutResolvers = {
  width: (layout) => layout.template.width,
  height: (layout) => layout.template.height,
  stage: (layout) => ({ ...layout.template.stage, label: layout.template.stage.label ?? 'STAGE' }),
  sections: (layout) =>
    layout.template.sections.map((section) => ({
      name: section.name,
      ticketType: section.ticketType ?? null,
      rows: section.rows.map((row) => ({
        name: row.name,
        ticketType: row.ticketType ?? null,
        seats: row.seats.map((seat) => ({
          number: seat.number,
          x: seat.x,
          y: seat.y,
          label: seat.label ?? null,
          ticketType: seat.ticketType ?? null,
          gapBefore: seat.gapBefore ?? false,
        })),
      })),
    })),
  ticketTypeCodes: (layout) => {
    const codes = new Set<string>();
    for (const section of layout.template.sections) {
      for (const row of section.rows) {
        for (const seat of row.seats) {
          const code = seat.ticketType ?? row.ticketType ?? section.ticketType;
          if (code) codes.add(code);
        }
      }
    }
    return [...codes];
  },
};
