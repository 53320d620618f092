import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import type { LayoutTemplate } from './layout-template.ts';

/** A reusable seating plan. Events get a copy of the template when it is attached (event_inventory). */
export const SeatLayout = defineEntity({
  name: 'SeatLayout',
  tableName: 'layouts',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(100),
    description: p.text().nullable(),
    template: p.json<LayoutTemplate>(),
    seatCount: p.integer(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type SeatLayout = InferEntity<typeof SeatLayout>;
