import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';
import { STORED_STATUSES } from './event-status.ts';

export const Event = defineEntity({
  name: 'Event',
  tableName: 'events',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    title: p.string().length(200),
    titleEn: p.string().length(200).nullable(),
    description: p.text().nullable(),
    /** Lowercase slug (`concert`, `musical`, …); filters compare case-insensitively. */
    category: p.string().length(40),
    // Plain foreign keys, not ORM relations: Event.venue and Event.artists resolve through per-request
    // DataLoaders, so the ORM never lazy-loads one row per event.
    venueId: p.uuid(),
    startsAt: p.datetime(),
    saleStartsAt: p.datetime(),
    posterUrl: p.text().nullable(),
    /** What an admin set; what clients see is `effectiveStatus` (event-status.ts). */
    status: p.enum([...STORED_STATUSES]),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    deletedAt: p.datetime().nullable(),
  }),
});

export type Event = InferEntity<typeof Event>;
