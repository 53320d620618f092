import type { EntityManager } from '@mikro-orm/postgresql';
import {
  badInput,
  decodeCursor,
  encodeCursor,
  notFound,
  pageSize,
  recordAudit,
  runPrepared,
  sql,
  toConnection,
} from '@tiketi/kit';
import type { PublishNewsInput } from '../../__generated__/resolvers.ts';
import { Event } from '../event/event.entity.ts';
import { rowMapper } from '../rows.ts';
import { isUuid, optionalText, requiredText } from '../validation.ts';
import { NewsArticle } from './news.entity.ts';

/** Sort key of the last article of a page: publication time as Postgres printed it (µs, UTC) and id. */
type NewsCursor = { publishedAt: string; id: string };

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function decodeNewsCursor(after: string): NewsCursor {
  return decodeCursor(after, (decoded) => {
    if (typeof decoded !== 'object' || decoded === null) return undefined;
    const { n, p, i } = decoded as { n?: unknown; p?: unknown; i?: unknown };
    if (n !== 1 || typeof p !== 'string' || !TIMESTAMP.test(p) || Number.isNaN(Date.parse(p)))
      return undefined;
    if (typeof i !== 'string' || !isUuid(i)) return undefined;
    return { publishedAt: p, id: i };
  });
}

const encodeNewsCursor = (cursor: NewsCursor) => encodeCursor({ n: 1, p: cursor.publishedAt, i: cursor.id });

type Row = Record<string, unknown> & { sort_at: string };

export class NewsRepository {
  constructor(
    private readonly em: EntityManager,
    private readonly now: Date,
  ) {}

  /** Published articles, newest first. */
  async published(args: { first?: number | null; after?: string | null }) {
    const first = pageSize(args.first);
    const after = args.after != null ? decodeNewsCursor(args.after) : null;
    const rows = await runPrepared<Row>(
      this.em,
      sql`select n.*, to_char(n.published_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as sort_at
          from catalog.news n
          where n.published_at is not null
            and ${after ? sql`(n.published_at, n.id) < (${after.publishedAt}::timestamptz, ${after.id}::uuid)` : sql`true`}
          order by n.published_at desc, n.id desc
          limit ${first + 1}`,
    );
    const toArticle = rowMapper(this.em, NewsArticle);
    return toConnection(rows, first, ({ sort_at, ...columns }) => {
      const article = toArticle(columns);
      return { cursor: encodeNewsCursor({ publishedAt: sort_at, id: article.id }), node: article };
    });
  }

  async publish(actorId: string, input: PublishNewsInput): Promise<NewsArticle> {
    const title = requiredText(input.title, 'title', 200);
    const body = requiredText(input.body, 'body', 20_000);
    const eventId = optionalText(input.eventId, 'eventId', 36) ?? null;
    return this.em.transactional(async (em) => {
      if (eventId !== null) {
        const event = isUuid(eventId) ? await em.findOne(Event, { id: eventId, deletedAt: null }) : null;
        if (!event)
          throw badInput('No such event; leave eventId out or choose an existing event.', 'eventId');
      }
      const article = em.create(NewsArticle, { title, body, eventId, publishedAt: this.now });
      // The row gets its id on flush; the audit record names it.
      await em.flush();
      await recordAudit(em, 'catalog', actorId, {
        action: 'news.publish',
        target: { type: 'news', id: article.id },
        details: { title, eventId },
      });
      return article;
    });
  }

  /** Takes an article out of `news`. Idempotent: unpublishing twice is not an error. */
  async unpublish(actorId: string, id: string): Promise<void> {
    await this.em.transactional(async (em) => {
      const article = isUuid(id) ? await em.findOne(NewsArticle, { id }) : null;
      if (!article) throw notFound('News article');
      await recordAudit(em, 'catalog', actorId, {
        action: 'news.unpublish',
        target: { type: 'news', id },
        details: { title: article.title, wasPublishedAt: article.publishedAt?.toISOString() ?? null },
      });
      article.publishedAt = null;
    });
  }
}
