import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const Venue = defineEntity({
  name: 'Venue',
  tableName: 'venues',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    name: p.string().length(200),
    nameEn: p.string().length(200).nullable(),
    city: p.string().length(50),
    address: p.string().length(300).nullable(),
    capacity: p.integer().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type Venue = InferEntity<typeof Venue>;
