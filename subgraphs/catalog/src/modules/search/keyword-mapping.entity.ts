import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

/** A Korean and an English spelling that search treats as the same word (`아이유` ↔ `IU`). */
export const KeywordMapping = defineEntity({
  name: 'KeywordMapping',
  tableName: 'keyword_mappings',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    korean: p.string().length(100),
    english: p.string().length(100),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});

export type KeywordMapping = InferEntity<typeof KeywordMapping>;
