import { randomUUID } from 'node:crypto';
import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const NewsArticle = defineEntity({
  name: 'NewsArticle',
  tableName: 'news',
  properties: (p) => ({
    id: p
      .uuid()
      .primary()
      .onCreate(() => randomUUID()),
    title: p.string().length(200),
    body: p.text(),
    eventId: p.uuid().nullable(),
    /** null while unpublished; only published articles are listed. */
    publishedAt: p.datetime().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});

export type NewsArticle = InferEntity<typeof NewsArticle>;
