import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const Artist = defineEntity({
  name: 'Artist',
  tableName: 'artists',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    /** Display name, usually Korean (`아이유`). */
    name: p.string().length(100),
    /** Latin-script name (`IU`); searched like `name`. */
    nameEn: p.string().length(100).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type Artist = InferEntity<typeof Artist>;
