import { defineEntity, type InferEntity } from '@mikro-orm/postgresql';

export const QUEUE_MODES = ['AUTO', 'ON', 'OFF'] as const;

/** An event's waiting-room settings as an admin set them (the record; Redis holds the live copy). */
export const QueueSettings = defineEntity({
  name: 'QueueSettings',
  tableName: 'settings',
  properties: (p) => ({
    eventId: p.uuid().primary(),
    mode: p.enum([...QUEUE_MODES]),
    paused: p.boolean(),
    capacity: p.integer(),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    updatedBy: p.uuid(),
  }),
});

export type QueueSettings = InferEntity<typeof QueueSettings>;
