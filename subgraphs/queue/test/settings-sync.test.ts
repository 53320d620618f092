import { randomUUID } from 'node:crypto';
import { createRedis, projectCatalogEvent } from '@tiketi/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iso, type QueueHarness, sleep, startQueue } from './helpers.ts';

/**
 * Redis' copy of an event's room is written by two paths: the consumer of `catalog.event.changed` (the
 * projection) and an admin's `configureQueue`, each inside its own transaction. When they overlap, the one that
 * writes Redis last must not write what it read before the other committed: an admin who configures a new event
 * the moment it is created would otherwise leave it hidden to buyers (`NOT_FOUND` on every join), or the
 * catalog's change would put back the room's old mode over the admin's (found by `bench:onsale --chaos`).
 */
let q: QueueHarness;
beforeAll(async () => {
  q = await startQueue();
});
afterAll(() => q?.dispose());

describe("the room's copy in Redis", () => {
  it('holds the projection and the admin configuration when both commit at once', async () => {
    const eventId = randomUUID();
    const em = q.service.orm.orm.em.fork();
    await em.begin();
    // The consumer's transaction: projected and synced, not yet committed…
    await projectCatalogEvent(
      em,
      'queue',
      {
        id: eventId,
        title: '동시 설정',
        status: 'SCHEDULED',
        saleStartsAt: iso(-3_600_000),
        startsAt: iso(48 * 3_600_000),
        deletedAt: null,
      },
      new Date(),
    );
    await q.service.queue.settings.sync(em, eventId);
    // …while an admin configures the room.
    const configured = q.configure(eventId, { mode: 'ON', paused: true, capacity: 1 });
    await sleep(300);
    await em.commit();
    await configured;

    const redis = createRedis({ url: q.infra.redisUrl, prefix: q.infra.redisPrefix });
    const config = await redis.hgetall(`queue:${eventId}:config`);
    redis.disconnect();
    expect({ known: config.known, mode: config.mode, paused: config.paused }).toEqual({
      known: '1',
      mode: 'ON',
      paused: '1',
    });
    const join = await q.call(
      `mutation($e: ID!) { joinQueue(eventId: $e) { state position } }`,
      { e: eventId },
      { userId: randomUUID(), role: 'USER' },
    );
    expect(join.errors).toBeUndefined();
    expect(join.data?.joinQueue).toEqual({ state: 'WAITING', position: 1 });
  });
});
